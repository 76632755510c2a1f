import { decodeEventResult } from "@kith/core"
import { Effect, Result } from "effect"
import { EventTooLarge, InvalidEventBatch } from "../port/events.js"
import type { DecodedEvent } from "./ingest.js"

const encoder = new TextEncoder()

/**
 * Decodes a raw batch whole, before any transaction opens: the first event
 * over the size limit or malformed fails the batch (ING-5). The JSON text
 * measured for the size limit is also what is stored: the raw event as it
 * arrived.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * const [decoded] = Effect.runSync(decodeBatch([{ type: "identify", messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "c-1" }], 65_536))
 * decoded?.payload // => "{\"type\":\"identify\",\"messageId\":\"m-1\",\"timestamp\":\"2025-03-01T09:00:00+07:00\",\"anonymousId\":\"c-1\"}"
 * ```
 */
export const decodeBatch = (raw: ReadonlyArray<unknown>, maxEventBytes: number): Effect.Effect<Array<DecodedEvent>, InvalidEventBatch | EventTooLarge> =>
  Effect.suspend((): Effect.Effect<Array<DecodedEvent>, InvalidEventBatch | EventTooLarge> => {
    const out: Array<DecodedEvent> = []
    for (let index = 0; index < raw.length; index++) {
      const input = raw[index]
      const messageId =
        typeof input === "object" && input !== null && typeof (input as { messageId?: unknown }).messageId === "string"
          ? { messageId: (input as { messageId: string }).messageId }
          : {}
      const json = JSON.stringify(input) ?? ""
      // UTF-8 takes at most 3 bytes per UTF-16 unit, so short events skip the encode.
      if (json.length * 3 > maxEventBytes) {
        const bytes = encoder.encode(json).length
        if (bytes > maxEventBytes) return Effect.fail(new EventTooLarge({ index, ...messageId, bytes, limit: maxEventBytes }))
      }
      const decoded = decodeEventResult(input)
      if (Result.isFailure(decoded)) return Effect.fail(new InvalidEventBatch({ index, ...messageId, issues: decoded.failure.issues }))
      out.push({ event: decoded.success, payload: json })
    }
    return Effect.succeed(out)
  })
