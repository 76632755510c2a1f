import type { InputIssue } from "@kith/core"
import { checkEventBatch, EventTooLarge, InvalidEventBatch } from "@kith/storage"
import { Result } from "effect"

const messageIdOf = (input: unknown): { readonly messageId?: string } =>
  typeof input === "object" && input !== null && typeof (input as { messageId?: unknown }).messageId === "string"
    ? { messageId: (input as { messageId: string }).messageId }
    : {}

/** What is wrong with one event, if anything: its size, or the fields that do not decode. */
export type EventProblem =
  | { readonly kind: "too_large"; readonly bytes: number }
  | { readonly kind: "invalid"; readonly issues: ReadonlyArray<InputIssue> }

const PATH_STEP = /([^.[\]]+)|\[(\d+)\]/g

// The value at a path written as `a.b[0].c` (`@kith/core`'s formatPath), if the input has it.
const valueAt = (input: unknown, path: string): { readonly found: unknown } | undefined => {
  let current = input
  for (const step of path.matchAll(PATH_STEP)) {
    const key = step[1] ?? Number(step[2])
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, key)) return undefined
    current = (current as Record<PropertyKey, unknown>)[key]
  }
  return { found: current }
}

const MAX_SHOWN = 80

const shown = (value: unknown): string => {
  let json: string
  try {
    json = JSON.stringify(value) ?? String(value)
  } catch {
    // A BigInt or a cycle: what the value is, not its JSON.
    json = typeof value === "bigint" ? `${value}n` : Object.prototype.toString.call(value)
  }
  return json.length > MAX_SHOWN ? `${json.slice(0, MAX_SHOWN - 1)}…` : json
}

/**
 * The issues of a decode, each told the value it found (`Expected number,
 * got "450000"`), so a caller sees what they sent. A missing field, or a
 * message that already says what it got, is left as it is.
 */
const withFoundValues = (input: unknown, issues: ReadonlyArray<InputIssue>): ReadonlyArray<InputIssue> =>
  issues.map((issue) => {
    if (issue.path === "" || issue.message.includes(", got ")) return issue
    const at = valueAt(input, issue.path)
    return at === undefined ? issue : { path: issue.path, message: `${issue.message}, got ${shown(at.found)}` }
  })

/**
 * Checks one event before anything is written: its JSON must fit in
 * `maxEventBytes` and it must decode with `@kith/core`; each issue names the
 * field, the reason and the value found.
 *
 * @param input - one raw event, with its `type`
 * @param maxEventBytes - the largest accepted event, in bytes of JSON
 * @returns `undefined` for a good event, or what is wrong with it
 *
 * @example
 * ```ts
 * checkEvent({ type: "track", messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "c-1", event: "Review Submitted", properties: { rating: "5" } }, 65_536)
 * // => { kind: "invalid", issues: [{ path: "properties.rating", message: "Expected number, got \"5\"" }] }
 * ```
 */
export const checkEvent = (input: unknown, maxEventBytes: number): EventProblem | undefined => {
  // The store's own check, so the facade accepts exactly what the store writes.
  const checked = checkEventBatch([input], maxEventBytes)
  if (Result.isSuccess(checked)) return undefined
  const refused = checked.failure
  return refused._tag === "EventTooLarge" ? { kind: "too_large", bytes: refused.bytes } : { kind: "invalid", issues: withFoundValues(input, refused.issues) }
}

/**
 * Checks every event of a batch before anything is written: each must decode
 * with `@kith/core` and its JSON must fit in `maxEventBytes`. The first bad
 * one fails the whole call with its position in the call, its messageId and
 * the fields at fault (with the values found), so a bad event anywhere in a
 * large batch writes nothing (ING-5) even though the batch is then written in
 * several transactions.
 *
 * @param events - the raw events of one call
 * @param maxEventBytes - the largest accepted event, in bytes of JSON
 * @returns success, or the storage port's {@link InvalidEventBatch} / {@link EventTooLarge}
 *
 * @example
 * ```ts
 * validateEvents([{ type: "track", messageId: "m-1", timestamp: "yesterday", anonymousId: "c-1", event: "Product Viewed", properties: {} }], 65_536)
 * // => Result.fail(InvalidEventBatch { index: 0, messageId: "m-1", issues: [{ path: "timestamp", message: "Expected ..." }, ...] })
 * ```
 */
export const validateEvents = (
  events: ReadonlyArray<unknown>,
  maxEventBytes: number
): Result.Result<void, InvalidEventBatch | EventTooLarge> => {
  for (let index = 0; index < events.length; index++) {
    const input = events[index]
    const problem = checkEvent(input, maxEventBytes)
    if (problem?.kind === "too_large") return Result.fail(new EventTooLarge({ index, ...messageIdOf(input), bytes: problem.bytes, limit: maxEventBytes }))
    if (problem?.kind === "invalid") return Result.fail(new InvalidEventBatch({ index, ...messageIdOf(input), issues: problem.issues }))
  }
  return Result.succeed(undefined)
}
