import { decodeStorableEvent, isDecodedStorableEvent, type KithEvent, type StorableEvent } from "@kith/core"
import { Effect, Result } from "effect"
import { EventTooLarge, InvalidEventBatch } from "../port/events.js"
import type { DecodedEvent } from "./ingest.js"
import { consentEventProblem } from "./privacy.js"

const encoder = new TextEncoder()

// The messageId an input claims, for the error; reading it must not throw (a getter, a proxy).
const messageIdOf = (input: unknown): { readonly messageId?: string } => {
  try {
    const messageId = typeof input === "object" && input !== null ? (input as { readonly messageId?: unknown }).messageId : undefined
    return typeof messageId === "string" ? { messageId } : {}
  } catch {
    return {}
  }
}

/**
 * Checks a raw batch whole, before anything is written (ING-5): each event
 * must be storable and valid (`@kith/core`'s `decodeStorableEvent`: JSON
 * values only, well-formed Unicode without NUL, instants within years
 * 0001–9999, bounded nesting and keys) and its JSON must fit in
 * `maxEventBytes`. The first bad one fails the batch with its position, its
 * messageId and the fields at fault. Never throws. Each event comes back
 * with the JSON text to store: the copy that was validated, so what is
 * stored is exactly what was checked.
 *
 * A facade that writes a large batch in several transactions calls this on
 * the whole batch first, so a bad event anywhere writes nothing.
 *
 * @param raw - the events of one call, as received
 * @param maxEventBytes - the largest accepted event, in bytes of its JSON
 * @returns the decoded events with their JSON, or the first event's typed error
 *
 * @example
 * ```ts
 * import { checkEventBatch } from "@kith/storage"
 * import { Result } from "effect"
 *
 * const ok = checkEventBatch([{ type: "identify", messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "c-1" }], 65_536)
 * Result.isSuccess(ok) && ok.success[0]!.payload
 * // => "{\"type\":\"identify\",\"messageId\":\"m-1\",\"timestamp\":\"2025-03-01T09:00:00+07:00\",\"anonymousId\":\"c-1\"}"
 * const bad = checkEventBatch([{ type: "identify", messageId: "m-\u0000", timestamp: new Date(8.64e15), anonymousId: "c-1" }], 65_536)
 * Result.isFailure(bad) && bad.failure.message
 * // => "Event 0 (m-\u0000) is invalid: messageId: contains a NUL character (\\u0000), which cannot be stored; timestamp: a Date outside years 0001–9999 (UTC): +275760-09-13T00:00:00.000Z"
 * ```
 */
export const checkEventBatch = (raw: ReadonlyArray<unknown>, maxEventBytes: number): Result.Result<Array<DecodedEvent>, InvalidEventBatch | EventTooLarge> => {
  if (!Array.isArray(raw)) return Result.fail(new InvalidEventBatch({ index: 0, issues: [{ path: "", message: `a batch is an array of events, got ${raw === null ? "null" : typeof raw}` }] }))
  const out: Array<DecodedEvent> = []
  for (let index = 0; index < raw.length; index++) {
    const input = raw[index]
    const decoded = decodeStorableEvent(input)
    if (Result.isFailure(decoded)) return Result.fail(new InvalidEventBatch({ index, ...messageIdOf(input), issues: decoded.failure.issues }))
    const checked = serialized(decoded.success, index, maxEventBytes)
    if (Result.isFailure(checked)) return Result.fail(checked.failure)
    out.push(checked.success)
  }
  return Result.succeed(out)
}

// The results of checkEventBatch, marked by a private field (a copy has none): an ingest of them may skip the decode.
// A class rather than a WeakSet of them: entering each of a batch's thousands of events in a weak set cost more than
// making it.
class CheckedEvent implements DecodedEvent {
  readonly #checked = true
  constructor(
    readonly event: KithEvent,
    readonly payload: string
  ) {}

  // Callers without types may pass anything: what is not an object was not checked here (and `in` would throw on it).
  static is(event: DecodedEvent): boolean {
    return typeof event === "object" && event !== null && #checked in event
  }
}

// A decoded event with the JSON text to store, if it fits in maxEventBytes.
const serialized = (storable: StorableEvent, index: number, maxEventBytes: number): Result.Result<DecodedEvent, EventTooLarge | InvalidEventBatch> => {
  const consentIssues = consentEventProblem(storable.event)
  if (consentIssues !== undefined) return Result.fail(new InvalidEventBatch({ index, messageId: storable.event.messageId, issues: consentIssues }))
  // A plain JSON value (checked when decoded): stringify cannot throw.
  const payload = JSON.stringify(storable.json)
  // UTF-8 takes at most 3 bytes per UTF-16 unit, so short events skip the encode.
  if (payload.length * 3 > maxEventBytes) {
    const bytes = encoder.encode(payload).length
    if (bytes > maxEventBytes) return Result.fail(new EventTooLarge({ index, messageId: storable.event.messageId, bytes, limit: maxEventBytes }))
  }
  return Result.succeed(new CheckedEvent(storable.event, payload))
}

/**
 * {@link checkEventBatch} for events already decoded by `@kith/core`
 * (`decodeStorableEvent`, `withRawCall`, `fromSegment`'s `storable`): those
 * are not decoded again, only sized and serialized; anything else is decoded
 * from its `json` as `checkEventBatch` does. What a lenient way in uses after
 * judging each event alone.
 *
 * @param events - decoded storable events
 * @param maxEventBytes - the largest accepted event, in bytes of its JSON
 * @returns the events with their JSON text, ready for `EventStore.ingestChecked`, or the first event's typed error
 *
 * @example
 * ```ts
 * import { decodeStorableEvent } from "@kith/core"
 * import { Result } from "effect"
 *
 * const decoded = Result.getOrThrow(decodeStorableEvent({ type: "identify", messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "c-1" }))
 * const checked = checkStorableEvents([decoded], 65_536)
 * Result.isSuccess(checked) && checked.success[0]!.payload
 * // => "{\"type\":\"identify\",\"messageId\":\"m-1\",\"timestamp\":\"2025-03-01T09:00:00+07:00\",\"anonymousId\":\"c-1\"}"
 * ```
 */
export const checkStorableEvents = (events: ReadonlyArray<StorableEvent>, maxEventBytes: number): Result.Result<Array<DecodedEvent>, InvalidEventBatch | EventTooLarge> => {
  const out: Array<DecodedEvent> = []
  for (let index = 0; index < events.length; index++) {
    const given = events[index]!
    let storable = given
    if (!isDecodedStorableEvent(given)) {
      const decoded = decodeStorableEvent(given.json)
      if (Result.isFailure(decoded)) return Result.fail(new InvalidEventBatch({ index, ...messageIdOf(given.json), issues: decoded.failure.issues }))
      storable = decoded.success
    }
    const checked = serialized(storable, index, maxEventBytes)
    if (Result.isFailure(checked)) return Result.fail(checked.failure)
    out.push(checked.success)
  }
  return Result.succeed(out)
}

/**
 * The events of a batch ready to write: those that came from
 * {@link checkEventBatch} as they are, any other one checked again (by its
 * payload) with the same rules, so nothing unchecked is ever written.
 *
 * @example
 * ```ts
 * const checked = Result.getOrThrow(checkEventBatch([event], 65_536))
 * recheckBatch(checked, 65_536) // the same events, not decoded again
 * ```
 */
export const recheckBatch = (events: ReadonlyArray<DecodedEvent>, maxEventBytes: number): Result.Result<ReadonlyArray<DecodedEvent>, InvalidEventBatch | EventTooLarge> => {
  if (events.every(CheckedEvent.is)) return Result.succeed(events)
  const out: Array<DecodedEvent> = []
  for (let index = 0; index < events.length; index++) {
    const e = events[index]!
    if (CheckedEvent.is(e)) {
      out.push(e)
      continue
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(e.payload)
    } catch {
      return Result.fail(new InvalidEventBatch({ index, issues: [{ path: "", message: "the payload of a checked event is not JSON" }] }))
    }
    const again = checkEventBatch([parsed], maxEventBytes)
    if (Result.isFailure(again)) {
      const failure = again.failure
      const named = failure.messageId === undefined ? {} : { messageId: failure.messageId }
      return Result.fail(
        failure._tag === "EventTooLarge"
          ? new EventTooLarge({ index, ...named, bytes: failure.bytes, limit: failure.limit })
          : new InvalidEventBatch({ index, ...named, issues: failure.issues })
      )
    }
    out.push(again.success[0]!)
  }
  return Result.succeed(out)
}

/**
 * {@link checkEventBatch} as an Effect, run before the transaction that
 * ingests the batch opens.
 *
 * @example
 * ```ts
 * const checked = decodeBatch([{ type: "identify", messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "c-1" }], 65_536)
 * // an Effect succeeding with [{ event, payload }], or failing with InvalidEventBatch / EventTooLarge
 * ```
 */
export const decodeBatch = (raw: ReadonlyArray<unknown>, maxEventBytes: number): Effect.Effect<Array<DecodedEvent>, InvalidEventBatch | EventTooLarge> =>
  Effect.suspend(() => Effect.fromResult(checkEventBatch(raw, maxEventBytes)))
