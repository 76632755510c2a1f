import { decodeEventResult, type KithEvent } from "@kith/core"
import { Result } from "effect"
import { type EventRow, UndecodableEvent } from "./port/events.js"

/**
 * The event a stored row holds, decoded from its payload (the JSON the event
 * was validated as when it was appended), or an {@link UndecodableEvent}
 * when it no longer decodes: an earlier version stored it under looser
 * rules, or it was edited by hand. Callers skip and report such a row; a
 * customer's reads and rebuilds never fail on it. Never throws.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 *
 * const payload = '{"type":"alias","messageId":"m-1","timestamp":"2025-03-01T00:00:00Z","userId":"u-1","previousId":"c-1"}'
 * const decoded = decodeStoredEvent("shop-1", { messageId: "m-1", profileId: "p_m-1", type: "alias", name: null, timestamp: 1740787200000, payload })
 * Result.isSuccess(decoded) && decoded.success.timestamp // => new Date("2025-03-01T00:00:00Z")
 * const damaged = decodeStoredEvent("shop-1", { messageId: "m-2", profileId: "p_m-1", type: "alias", name: null, timestamp: 0, payload: "{not json" })
 * Result.isFailure(damaged) && damaged.failure._tag // => "UndecodableEvent"
 * ```
 */
export const decodeStoredEvent = (workspaceId: string, row: EventRow): Result.Result<KithEvent, UndecodableEvent> => {
  const undecodable = (reason: string) => Result.fail(new UndecodableEvent({ workspaceId, messageId: row.messageId, profileId: row.profileId, reason }))
  let json: unknown
  try {
    json = JSON.parse(row.payload)
  } catch (e) {
    return undecodable(`the payload is not JSON: ${e instanceof Error ? e.message : String(e)}`)
  }
  const decoded = decodeEventResult(json)
  if (Result.isFailure(decoded)) return undecodable(decoded.failure.issues.map((i) => (i.path === "" ? i.message : `${i.path}: ${i.message}`)).join("; "))
  // A row is found by its messageId: a payload naming another event is as damaged as one that does not decode.
  if (decoded.success.messageId !== row.messageId) return undecodable(`the payload is event ${decoded.success.messageId}, not ${row.messageId}`)
  return Result.succeed(decoded.success)
}

/**
 * Decodes stored rows, keeping those that decode and reporting the others.
 *
 * @example
 * ```ts
 * const { events, undecodable } = decodeStoredEvents("shop-1", rows)
 * ```
 */
export const decodeStoredEvents = (
  workspaceId: string,
  rows: ReadonlyArray<EventRow>
): { readonly events: Array<{ readonly row: EventRow; readonly event: KithEvent }>; readonly undecodable: Array<UndecodableEvent> } => {
  const events: Array<{ readonly row: EventRow; readonly event: KithEvent }> = []
  const undecodable: Array<UndecodableEvent> = []
  for (const row of rows) {
    const decoded = decodeStoredEvent(workspaceId, row)
    if (Result.isSuccess(decoded)) events.push({ row, event: decoded.success })
    else undecodable.push(decoded.failure)
  }
  return { events, undecodable }
}
