import { decodeEventResult, type KithEvent } from "@kith/core"
import { Result } from "effect"
import type { EventRow } from "./port/events.js"

/**
 * The event a stored row holds, decoded from its payload (the JSON the event
 * arrived as, validated when it was appended). A row that no longer decodes
 * is a storage fault, so it throws naming the message id.
 *
 * @example
 * ```ts
 * const row = { messageId: "m-1", profileId: "p_m-1", type: "identify", name: null, timestamp: 1740794400000,
 *   payload: JSON.stringify({ type: "identify", messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "c-1" }) }
 * decodeStoredEvent(row).timestamp // => new Date("2025-03-01T02:00:00Z")
 * ```
 */
export const decodeStoredEvent = (row: EventRow): KithEvent => {
  const decoded = decodeEventResult(JSON.parse(row.payload))
  if (Result.isFailure(decoded)) throw new Error(`Stored event ${row.messageId} does not decode: ${decoded.failure.message}`)
  return decoded.success
}
