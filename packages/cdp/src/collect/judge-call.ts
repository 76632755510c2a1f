// One Segment call judged alone: kith's event to write (with the call kept as
// its raw form), or the refusal to keep. Shared by `collect` and by the replay
// of kept refusals, so a replay judges exactly as the first attempt did.
import { fromSegment, type InputIssue, withRawCall, type WorkspaceSettings } from "@kith/core"
import { checkStorableEvents, type DecodedEvent, type RejectionInput } from "@kith/storage"
import { Result } from "effect"

/** What judging a call needs: the workspace's reading of time and money, when it arrived, from where, and the limits. */
export interface JudgeContext {
  readonly settings: Pick<WorkspaceSettings, "currency" | "timezone">
  readonly receivedAt: Date
  readonly sentAt?: unknown
  readonly ip?: string | undefined
  /** The way in, kept with a refusal (`collect`, `http`, ...). */
  readonly source: string
  /** The store's limit on one event's JSON (the kith event with its raw call). */
  readonly maxEventBytes: number
  /** The limit on one call's JSON as sent, when the way in has one (Segment's 32 KB). */
  readonly maxCallBytes?: number | undefined
}

/** A call kith takes: the checked event to write, and its messageId. */
export interface AcceptedCall {
  readonly ok: true
  readonly messageId: string
  readonly checked: DecodedEvent
}

/** A call kith refuses, as the rejected-events store keeps it. */
export interface RefusedCall {
  readonly ok: false
  readonly refusal: RejectionInput
}

const encoder = new TextEncoder()

// The call's JSON text, for the refusal: whatever an in-process caller passed (a BigInt, a cycle) gives some text.
const textOf = (call: unknown): string => {
  try {
    return JSON.stringify(call) ?? String(call)
  } catch {
    return String(call)
  }
}

// UTF-8 takes at most 3 bytes per UTF-16 unit, so most calls skip the encode.
const byteLengthOver = (text: string, limit: number): number | undefined => {
  if (text.length * 3 <= limit) return undefined
  const bytes = encoder.encode(text).length
  return bytes > limit ? bytes : undefined
}

const stringOrNull = (value: unknown): string | null => (typeof value === "string" ? value : null)

const refused = (call: unknown, text: string | undefined, context: JudgeContext, known: { readonly messageId: string | null; readonly type: string | null; readonly event: string | null }, issues: ReadonlyArray<InputIssue>): RefusedCall => ({
  ok: false,
  refusal: {
    payload: text ?? textOf(call),
    receivedAt: context.receivedAt,
    ...known,
    issues,
    source: context.source,
    ...(context.ip === undefined ? {} : { ip: context.ip })
  }
})

// A path of the stored event (`raw.properties.x`) as a path of the call (`properties.x`).
const callPath = (path: string): string => (path === "raw" ? "" : path.startsWith("raw.") ? path.slice(4) : path.startsWith("raw[") ? path.slice(3) : path)

/**
 * Judges one Segment call: mapped (and decoded) by `@kith/core`'s
 * `fromSegment`, the call itself kept under `raw` (`withRawCall`: the same
 * storable rules over the whole event) so what kith does not model is stored
 * and read back, then sized as the store sizes every event
 * (`checkStorableEvents`, which does not decode it again). A call over `maxCallBytes`, refused by the mapping, or not storable
 * is a refusal with every problem and its path in the call.
 */
export const judgeCall = (call: unknown, context: JudgeContext): AcceptedCall | RefusedCall => {
  const judged = judgeWithinStore(call, context)
  if (context.maxCallBytes === undefined) return judged
  // An accepted call's JSON is inside its stored payload (under `raw`), so a payload within the limit answers for the
  // call without serializing it again; only a longer one, or a refused call, is measured on its own text.
  if (judged.ok && byteLengthOver(judged.checked.payload, context.maxCallBytes) === undefined) return judged
  const text = judged.ok ? textOf(call) : judged.refusal.payload
  const over = byteLengthOver(text, context.maxCallBytes)
  if (over === undefined) return judged
  // Over the limit is the one problem told, whatever else is wrong with the call.
  const record = typeof call === "object" && call !== null ? (call as Readonly<Record<string, unknown>>) : {}
  return refused(call, text, context, { messageId: stringOrNull(record["messageId"]), type: stringOrNull(record["type"]), event: stringOrNull(record["event"]) }, [
    { path: "", message: `a call is at most ${context.maxCallBytes} bytes of JSON, this one is ${over}` }
  ])
}

// The call judged by the mapping and the store's rules alone (not maxCallBytes).
const judgeWithinStore = (call: unknown, context: JudgeContext): AcceptedCall | RefusedCall => {
  const mapped = fromSegment(call, {
    settings: context.settings,
    receivedAt: context.receivedAt,
    ...(context.sentAt === undefined ? {} : { sentAt: context.sentAt }),
    ...(context.ip === undefined ? {} : { ip: context.ip })
  })
  if (Result.isFailure(mapped)) {
    const { messageId, type, event, issues } = mapped.failure
    return refused(call, undefined, context, { messageId, type, event }, issues)
  }
  const { storable, event } = mapped.success
  const known = { messageId: event.messageId as string, type: event.type, event: event.type === "track" ? event.event : null }
  const kept = withRawCall(storable, call)
  if (Result.isFailure(kept)) return refused(call, undefined, context, known, kept.failure.issues.map((issue) => ({ path: callPath(issue.path), message: issue.message })))
  const checked = checkStorableEvents([kept.success], context.maxEventBytes)
  if (Result.isFailure(checked)) {
    const failure = checked.failure
    const issues =
      failure._tag === "EventTooLarge"
        ? [{ path: "", message: `the event with its raw call is ${failure.bytes} bytes of JSON, over the store's limit of ${failure.limit}` }]
        : failure.issues.map((issue) => ({ path: callPath(issue.path), message: issue.message }))
    return refused(call, undefined, context, known, issues)
  }
  return { ok: true, messageId: known.messageId, checked: checked.success[0]! }
}
