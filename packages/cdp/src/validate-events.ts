import { decodeEventResult } from "@kith/core"
import { EventTooLarge, InvalidEventBatch } from "@kith/storage"
import { Result } from "effect"

const encoder = new TextEncoder()

const messageIdOf = (input: unknown): { readonly messageId?: string } =>
  typeof input === "object" && input !== null && typeof (input as { messageId?: unknown }).messageId === "string"
    ? { messageId: (input as { messageId: string }).messageId }
    : {}

/**
 * Checks every event of a call before anything is written: each must decode
 * with `@kith/core` and its JSON must fit in `maxEventBytes`. The first bad
 * one fails the whole call with its position in the call, its messageId and
 * the fields at fault, so a bad event anywhere in a large batch writes
 * nothing (ING-5) even though the batch is then written in several
 * transactions.
 *
 * @param events - the raw events of one call
 * @param maxEventBytes - the largest accepted event, in bytes of JSON
 * @returns success, or the storage port's {@link InvalidEventBatch} / {@link EventTooLarge}
 *
 * @example
 * ```ts
 * validateEvents([{ type: "track", messageId: "m-1", timestamp: "yesterday", anonymousId: "c-1", event: "Product Viewed", properties: {} }], 65_536)
 * // => Result.fail(InvalidEventBatch { index: 0, messageId: "m-1", issues: [{ path: "timestamp", message: "Expected an ISO 8601 instant ..." }] })
 * ```
 */
export const validateEvents = (
  events: ReadonlyArray<unknown>,
  maxEventBytes: number
): Result.Result<void, InvalidEventBatch | EventTooLarge> => {
  for (let index = 0; index < events.length; index++) {
    const input = events[index]
    const json = JSON.stringify(input) ?? ""
    // UTF-8 takes at most 3 bytes per UTF-16 unit, so short events skip the encode.
    if (json.length * 3 > maxEventBytes) {
      const bytes = encoder.encode(json).length
      if (bytes > maxEventBytes) return Result.fail(new EventTooLarge({ index, ...messageIdOf(input), bytes, limit: maxEventBytes }))
    }
    const decoded = decodeEventResult(input)
    if (Result.isFailure(decoded)) return Result.fail(new InvalidEventBatch({ index, ...messageIdOf(input), issues: decoded.failure.issues }))
  }
  return Result.succeed(undefined)
}
