import { hmac } from "@noble/hashes/hmac.js"
import { sha256 } from "@noble/hashes/sha2.js"
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js"

/**
 * The key a suppression list stores for an identifier: HMAC-SHA-256 of
 * `workspaceId`, the identifier's type and its normalized value under the
 * workspace's secret, in hex. The list never holds the value in clear, and
 * without the secret a key cannot be matched against guessed phone numbers.
 * Normalize the value first (`+84912345678`, not `0912 345 678`), so every
 * written form of the phone gives the same key.
 *
 * @param secret - the workspace's suppression secret (at least 16 bytes of text)
 * @param workspaceId - the workspace
 * @param identifier - type and normalized value
 * @returns 64 hex characters
 *
 * @example
 * ```ts
 * import { suppressionKey } from "@kith/privacy"
 * const key = suppressionKey("a-long-random-workspace-secret", "shop-1", { type: "phone", value: "+84912345678" })
 * key.length // => 64
 * key === suppressionKey("a-long-random-workspace-secret", "shop-2", { type: "phone", value: "+84912345678" }) // => false
 * ```
 */
export const suppressionKey = (secret: string, workspaceId: string, identifier: { readonly type: string; readonly value: string }): string =>
  bytesToHex(hmac(sha256, utf8ToBytes(secret), utf8ToBytes(`${workspaceId}\u0000${identifier.type}\u0000${identifier.value}`)))

/**
 * {@link suppressionKey} for many identifiers of one workspace: the keyed
 * hash is prepared once and each identifier's key computed once, however
 * often it repeats (a batch carries each cookie and phone many times).
 *
 * @param secret - the workspace's suppression secret
 * @param workspaceId - the workspace
 * @returns a function giving each identifier's key
 *
 * @example
 * ```ts
 * import { suppressionKey, suppressionKeyer } from "@kith/privacy"
 * const keyOf = suppressionKeyer("a-long-random-workspace-secret", "shop-1")
 * const phone = { type: "phone", value: "+84912345678" }
 * keyOf(phone) === suppressionKey("a-long-random-workspace-secret", "shop-1", phone) // => true
 * ```
 */
export const suppressionKeyer = (secret: string, workspaceId: string): ((identifier: { readonly type: string; readonly value: string }) => string) => {
  const keyed = hmac.create(sha256, utf8ToBytes(secret))
  const known = new Map<string, string>()
  return (identifier) => {
    const message = `${workspaceId}\u0000${identifier.type}\u0000${identifier.value}`
    let key = known.get(message)
    if (key === undefined) known.set(message, (key = bytesToHex(keyed.clone().update(utf8ToBytes(message)).digest())))
    return key
  }
}
