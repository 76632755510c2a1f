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
 * decodeStoredEvent(row).timestamp // => a Date
 * ```
 */
export const decodeStoredEvent = (row: EventRow): KithEvent => {
  const decoded = decodeEventResult(JSON.parse(row.payload))
  if (Result.isFailure(decoded)) throw new Error(`Stored event ${row.messageId} does not decode: ${decoded.failure.message}`)
  return decoded.success
}
