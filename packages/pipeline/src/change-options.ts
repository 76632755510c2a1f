import { EventId, type InputIssue, InvalidInput, Instant } from "@kith/core"
import { Result, Schema, SchemaIssue } from "effect"
import { Actor } from "./actor.js"

/**
 * Text a person typed: not blank, at most `max` characters.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * Schema.is(TypedText(10))("gọi lại") // => true
 * Schema.is(TypedText(10))("   ") // => false
 * ```
 */
export const TypedText = (max: number) =>
  Schema.String.check(
    Schema.makeFilter((s: string) => (s.trim() === "" ? "must not be blank" : undefined)),
    Schema.isMaxLength(max)
  )

/** A reason given for a change: not blank, at most 1,000 characters. */
export const Reason = TypedText(1000)

/**
 * What every change carries (PIPE-2, PRIV-5): when it took effect, who made
 * it, an optional reason, and the event that caused it when a rule made it.
 * `at` is an ISO 8601 instant with a zone or a `Date`.
 *
 * @example
 * ```ts
 * const options: ChangeOptions = { at: "2025-03-07T09:00:00+07:00", actor: { kind: "staff", id: "s-lan" }, reason: "gọi lại sau" }
 * ```
 */
export const ChangeOptions = Schema.Struct({
  at: Instant,
  actor: Actor,
  reason: Schema.optionalKey(Reason),
  eventId: Schema.optionalKey(EventId)
})
/** The input shape of {@link ChangeOptions}: plain strings, instants as ISO strings or dates. */
export type ChangeOptions = typeof ChangeOptions.Encoded
/** {@link ChangeOptions} after decoding. */
export type DecodedChange = typeof ChangeOptions.Type

/** The validated change written into history: absent reason and event become `null` (typed columns). */
export interface ChangeStamp {
  readonly at: Date
  readonly actor: Actor
  readonly reason: string | null
  readonly eventId: EventId | null
}

/**
 * Builds a decoder for `schema` reporting every problem as an
 * {@link InvalidInput} naming `subject`; each message also quotes the value
 * found, so an error says which field, what was there and why it is wrong.
 */
export const decodeWith = <A, I>(subject: string, schema: Schema.Codec<A, I, never, never>) => {
  const decode = Schema.decodeUnknownResult(schema)
  return (input: unknown): Result.Result<A, InvalidInput> => {
    // Unknown keys are refused, so a misspelt option ("reasno") is an error rather than silently ignored.
    const result = decode(input, { errors: "all", onExcessProperty: "error" })
    if (Result.isSuccess(result)) return Result.succeed(result.success)
    return Result.fail(new InvalidInput({ subject, issues: issuesWithValues(result.failure.issue, input) }))
  }
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

// Effect's messages say what was expected; kith's also say what was found.
const issuesWithValues = (issue: SchemaIssue.Issue, input: unknown): ReadonlyArray<InputIssue> =>
  formatter(issue).issues.map((i) => {
    const path = (i.path ?? []).map((p) => (typeof p === "object" && p !== null ? (p as { readonly key: PropertyKey }).key : p))
    return { path: formatPathOf(path), message: `${i.message} (found ${describe(valueAt(input, path))})` }
  })

const formatPathOf = (path: ReadonlyArray<PropertyKey>): string => {
  let out = ""
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`
  return out
}

const valueAt = (input: unknown, path: ReadonlyArray<PropertyKey>): unknown => {
  let value = input
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return value
}

/** A short rendering of a value for an error message. */
export const describe = (value: unknown): string => {
  if (value === undefined) return "nothing"
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "an invalid date" : value.toISOString()
  const json = JSON.stringify(value)
  if (json === undefined) return String(value)
  return json.length > 80 ? `${json.slice(0, 77)}...` : json
}

/** A one-issue {@link InvalidInput}: the field, and a message that names the value found. */
export const invalid = (subject: string, path: string, message: string): InvalidInput =>
  new InvalidInput({ subject, issues: [{ path, message }] })

/**
 * Checks that a change does not go back in time: its `at` must not be before
 * the item's last change, so history stays in time order and every status
 * stay has a non-negative length.
 */
export const notBefore = (subject: string, at: Date, last: Date): Result.Result<void, InvalidInput> =>
  at.getTime() < last.getTime()
    ? Result.fail(invalid(subject, "at", `a change cannot be dated before the item's last change at ${last.toISOString()} (found ${at.toISOString()})`))
    : Result.void

/** The stamp written into history from decoded options. */
export const stampOf = (options: DecodedChange): ChangeStamp => ({
  at: options.at,
  actor: options.actor,
  reason: options.reason ?? null,
  eventId: options.eventId ?? null
})
