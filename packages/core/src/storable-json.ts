import { Result } from "effect"
import { type InputIssue, InvalidInput } from "./errors.js"
import type { JsonValue } from "./profile-fields.js"
import { DefaultStorableLimits, type StorableLimits } from "./storable-limits.js"
import { copyValue, quickCopy, startWalk } from "./storable-walk.js"

export * from "./storable-limits.js"

/**
 * The JSON value kith stores for `input`, or an {@link InvalidInput} naming
 * every place (up to 50) that cannot be stored unchanged. Storable means:
 * plain objects, arrays, strings, finite numbers, booleans and `null`;
 * strings and keys well-formed Unicode without NUL (see
 * {@link storableTextProblem}); nesting, keys and values within `limits`. A
 * `Date` becomes its ISO string (it must lie within years 0001–9999); `-0`
 * becomes `0`, as in JSON. Refused: `undefined`, `NaN`, `Infinity`, BigInt,
 * symbols, functions, circular values, class instances (`Map`, `Set`, typed
 * arrays, boxed primitives, ...), and objects with a `toJSON` method (what
 * JSON would store is not the value that was checked).
 *
 * The result is a fresh copy, read once: the value a decoder validates is
 * then exactly the value written, whatever getters or later mutation of the
 * input do. Never throws.
 *
 * @param input - anything
 * @param subject - what is being checked, for the error (`"event"`)
 * @param limits - bounds on nesting, keys and values
 * @returns the copy, or the typed error
 *
 * @example
 * ```ts
 * import { storableJsonOf } from "@kith/core"
 * import { Result } from "effect"
 *
 * storableJsonOf({ at: new Date("2025-03-01T00:00:00Z"), n: -0 })
 * // => Result.succeed({ at: "2025-03-01T00:00:00.000Z", n: 0 })
 * const bad = storableJsonOf({ note: "a\u0000b", big: 10n }, "event")
 * Result.isFailure(bad) && bad.failure.issues.map((i) => i.path) // => ["note", "big"]
 * ```
 */
export const storableJsonOf = (input: unknown, subject = "value", limits: StorableLimits = DefaultStorableLimits): Result.Result<JsonValue, InvalidInput> => {
  // Valid input, nearly all of it, needs one quick pass: it keeps no paths and stops at the first problem. Only
  // input it refuses is walked again, by the same rules, to name every problem with its path.
  const quick = quickCopy(input, limits)
  if (quick !== undefined) return Result.succeed(quick.json)
  const issues: Array<InputIssue> = []
  const named = copyValue(startWalk(limits, issues), input, 0)
  return issues.length === 0 && named !== undefined ? Result.succeed(named) : Result.fail(new InvalidInput({ subject, issues }))
}

