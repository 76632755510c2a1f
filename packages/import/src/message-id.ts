import { sha256 } from "@noble/hashes/sha2.js"
import { utf8ToBytes } from "@noble/hashes/utils.js"

/**
 * JSON with object keys sorted at every level, so two equal values always
 * give the same text whatever order their keys were set in.
 *
 * @example
 * ```ts
 * import { canonicalJson } from "@kith/import"
 * canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }) // => '{"a":[{"c":3,"d":2}],"b":1}'
 * ```
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null"
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`
}

const alphabet = [..."abcdefghijklmnopqrstuvwxyz234567"].map((c) => c.charCodeAt(0))

// RFC 4648 base32, lower-case, without padding. Built from char codes in one call: a string grown by `+=` would
// be a chain of 26 pieces (about 1 KB) for every id an import holds.
const base32 = (bytes: Uint8Array): string => {
  const codes: Array<number> = []
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff
    bits += 8
    while (bits >= 5) {
      codes.push(alphabet[(buffer >>> (bits - 5)) & 31]!)
      bits -= 5
    }
  }
  if (bits > 0) codes.push(alphabet[(buffer << (5 - bits)) & 31]!)
  return String.fromCharCode(...codes)
}

/**
 * A deterministic event id for an imported row: `imp_` and 128 bits of the
 * SHA-256 of the canonical JSON of `parts` (26 base32 characters). The same
 * parts — the same file identity, natural key and row content — always give
 * the same id, so kith's idempotent ingestion (ING-3) turns a re-import into
 * a no-op; any change in the content gives a new id. Collisions are as
 * unlikely as for a random 128-bit id.
 *
 * @param parts - what identifies the event
 * @returns the message id
 *
 * @example
 * ```ts
 * import { importMessageId } from "@kith/import"
 * const a = importMessageId(["khach-hang.csv", "phone", "+84912345678", { fullName: "Lan" }])
 * const b = importMessageId(["khach-hang.csv", "phone", "+84912345678", { fullName: "Lan" }])
 * a === b // => true
 * a.length // => 30
 * ```
 */
export const importMessageId = (parts: ReadonlyArray<unknown>): string => `imp_${base32(sha256(utf8ToBytes(canonicalJson(parts))).subarray(0, 16))}`
