import { sha256 } from "@noble/hashes/sha2.js"
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js"
import canonicalize from "canonicalize"
import { Result } from "effect"
import { isRecord } from "./read.js"

/**
 * The fields of a call left out of its derived messageId: `messageId` itself;
 * `sentAt`, which an SDK sets again on every attempt to send, so a retry of the
 * same call differs there; `receivedAt`, set by the server; `_metadata`,
 * transport details of the SDK; and `writeKey`, a credential some SDKs put in
 * the body. Everything else the client said about the event counts.
 */
export const MessageIdExcludedFields = ["messageId", "sentAt", "receivedAt", "_metadata", "writeKey"] as const

/**
 * A messageId for a call that came without one, derived from its content: the
 * SHA-256 of the call's canonical JSON (RFC 8785: keys sorted, numbers and
 * strings in one form), without {@link MessageIdExcludedFields}, as
 * `sha256-` and the first 32 hex digits (128 bits). The same call sent twice
 * (a retry) gets the same id and is a duplicate (ING-3), whatever the order of
 * its keys; any change to what it says gives another id. It is taken from the
 * call as sent, not from kith's mapping of it, so it stays the same when the
 * mapping changes (a replay after a fix finds the same event).
 *
 * Two distinct calls that say exactly the same thing (same event, same
 * properties, no timestamp) are one event: a client that sends such calls
 * must give each its own `messageId` or `timestamp`.
 *
 * @param call - the Segment call, as parsed JSON
 * @returns the derived id, or why the call cannot be hashed (not JSON)
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 *
 * const a = deriveMessageId({ type: "track", event: "Product Viewed", userId: "u-1", properties: { product_id: "p-1" } })
 * const b = deriveMessageId({ properties: { product_id: "p-1" }, userId: "u-1", event: "Product Viewed", type: "track", sentAt: "2025-03-01T00:00:00Z" })
 * Result.getOrThrow(a) === Result.getOrThrow(b) // => true
 * ```
 */
export const deriveMessageId = (call: unknown): Result.Result<string, string> => {
  let content = call
  if (isRecord(call)) {
    content = Object.fromEntries(Object.entries(call).filter(([key]) => !(MessageIdExcludedFields as ReadonlyArray<string>).includes(key)))
  }
  let json: string | undefined
  try {
    json = canonicalize(content)
  } catch (error) {
    return Result.fail(`the call cannot be hashed into a messageId (${error instanceof Error ? error.message : String(error)}); send a messageId`)
  }
  if (json === undefined) return Result.fail("the call cannot be hashed into a messageId; send a messageId")
  return Result.succeed(`sha256-${bytesToHex(sha256(utf8ToBytes(json))).slice(0, 32)}`)
}
