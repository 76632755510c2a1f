// The storableJsonOf of commit 2f07539 (path kept on every walk), verbatim but for its imports, as the reference
// the quick-pass implementation is proven equal to. Test-only.
import { Result } from "effect"
import { formatPath, type InputIssue, InvalidInput } from "../src/errors.js"
import type { JsonValue } from "../src/profile-fields.js"

// What kith stores is JSON text in SQLite and Postgres, and some of its strings
// (message ids, event names, identifier values, search text) in their own
// columns. This file defines the values that survive that trip unchanged, so
// validation accepts exactly what every engine keeps and reads back.

/**
 * Bounds on a storable value, so that no input can exhaust the stack or the
 * CPU before it is refused with a typed error.
 *
 * @example
 * ```ts
 * const limits: StorableLimits = { maxDepth: 64, maxKeys: 1_000, maxValues: 100_000 }
 * ```
 */
export interface StorableLimits {
  /** Deepest nesting of objects and arrays; the event itself is level 1. */
  readonly maxDepth: number
  /** Most keys in one object. */
  readonly maxKeys: number
  /** Most values in the whole input, counting each visit of a value shared twice. */
  readonly maxValues: number
}

/**
 * The limits kith applies to every event: nesting up to 64 levels, at most
 * 1,000 keys per object and 100,000 values in all. The storage's byte limit
 * (64 KiB of JSON by default) usually binds first.
 *
 * @example
 * ```ts
 * import { DefaultStorableLimits } from "@kith/core"
 * DefaultStorableLimits.maxDepth // => 64
 * ```
 */
export const DefaultStorableLimits: StorableLimits = { maxDepth: 64, maxKeys: 1_000, maxValues: 100_000 }

/**
 * The earliest storable instant, `0001-01-01T00:00:00.000Z` (epoch ms):
 * ISO 8601 without an expanded year starts there.
 *
 * @example
 * ```ts
 * new Date(EARLIEST_STORABLE_INSTANT).toISOString() // => "0001-01-01T00:00:00.000Z"
 * ```
 */
export const EARLIEST_STORABLE_INSTANT = -62_135_596_800_000

/**
 * The latest storable instant, `9999-12-31T23:59:59.999Z` (epoch ms): later
 * ones need a six-digit year (`+010000-...`), which ISO instants with a
 * four-digit year, and so kith's stored events, cannot hold.
 *
 * @example
 * ```ts
 * new Date(LATEST_STORABLE_INSTANT).toISOString() // => "9999-12-31T23:59:59.999Z"
 * ```
 */
export const LATEST_STORABLE_INSTANT = 253_402_300_799_999

/**
 * Whether an instant (epoch ms) lies within years 0001–9999 in UTC, the
 * instants whose ISO form kith reads back. `NaN` is not.
 *
 * @example
 * ```ts
 * isStorableInstant(Date.parse("2025-03-01T00:00:00Z")) // => true
 * isStorableInstant(8.64e15) // => false (year 275760)
 * ```
 */
export const isStorableInstant = (ms: number): boolean => ms >= EARLIEST_STORABLE_INSTANT && ms <= LATEST_STORABLE_INSTANT

/** Why an instant is refused: it is outside {@link isStorableInstant}. */
export const INSTANT_RANGE_MESSAGE = "Expected an instant within years 0001–9999 (UTC)"

// A NUL, or a UTF-16 surrogate that is not half of a pair: with the `u` flag a
// well-formed pair is one code point, so `\p{Cs}` matches only lone halves.
const UNSTORABLE_TEXT = /[\u0000\p{Cs}]/u
// The same test without the `u` flag, much cheaper: a NUL or any surrogate. Most text has neither.
const MAYBE_UNSTORABLE = /[\u0000\uD800-\uDFFF]/

/**
 * Why a string cannot be stored as it is, or `undefined` when it can. A NUL
 * character (`\u0000`) is refused: Postgres text cannot hold it, and SQLite's
 * text functions stop at it. A lone UTF-16 surrogate is refused: it has no
 * UTF-8 form, so both drivers would store U+FFFD instead and the value read
 * back would differ from the one written.
 *
 * @example
 * ```ts
 * storableTextProblem("Nguyễn Thị Lan 😀") // => undefined
 * storableTextProblem("a\u0000b") // => "contains a NUL character (\\u0000), which cannot be stored"
 * storableTextProblem("m-\uD800") // => "is not well-formed Unicode: a lone surrogate \\uD800 at position 2"
 * ```
 */
export const storableTextProblem = (text: string): string | undefined => {
  if (!MAYBE_UNSTORABLE.test(text)) return undefined
  const found = UNSTORABLE_TEXT.exec(text)
  if (found === null) return undefined
  if (found[0] === "\u0000") return "contains a NUL character (\\u0000), which cannot be stored"
  const unit = found[0].charCodeAt(0).toString(16).toUpperCase()
  return `is not well-formed Unicode: a lone surrogate \\u${unit} at position ${found.index}`
}

// Issues past this many are not listed: one is enough to refuse, and an input
// full of problems must not cost a list as long as itself.
const MAX_ISSUES = 50

const isPlainPrototype = (proto: unknown): boolean =>
  proto === null ||
  proto === Object.prototype ||
  // A plain object made in another realm (a vm context, an iframe).
  (Object.getPrototypeOf(proto) === null && (proto as { readonly constructor?: { readonly name?: unknown } }).constructor?.name === "Object")

const kindOf = (value: object): string => {
  const name = (Object.getPrototypeOf(value) as { readonly constructor?: { readonly name?: unknown } } | null)?.constructor?.name
  return typeof name === "string" && name !== "" ? `a ${name}` : "an object that is not plain"
}

const isDate = (value: object): value is Date => value instanceof Date || Object.prototype.toString.call(value) === "[object Date]"

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
export const referenceStorableJsonOf = (input: unknown, subject = "value", limits: StorableLimits = DefaultStorableLimits): Result.Result<JsonValue, InvalidInput> => {
  const issues: Array<InputIssue> = []
  const path: Array<string | number> = []
  // The objects being copied, outermost first: meeting one again inside itself is a cycle. At most
  // maxDepth long, and events are shallow, so a scan is cheaper than a Set.
  const ancestors: Array<object> = []
  let values = 0
  let stopped = false
  const refuse = (message: string): undefined => {
    if (issues.length < MAX_ISSUES) issues.push({ path: formatPath(path), message })
    else stopped = true
    return undefined
  }

  const copyObject = (object: object, depth: number): JsonValue | undefined => {
    if (ancestors.includes(object)) return refuse("a circular reference: the value contains itself")
    const proto: unknown = Object.getPrototypeOf(object)
    const array = Array.isArray(object)
    if (!array && !isPlainPrototype(proto)) {
      if (!isDate(object)) return refuse(`${kindOf(object)} is not a JSON value: use a plain object, an array or a primitive`)
      const ms = object.getTime()
      if (Number.isNaN(ms)) return refuse("an invalid Date")
      if (!isStorableInstant(ms)) return refuse(`a Date outside years 0001–9999 (UTC): ${new Date(ms).toISOString()}`)
      return new Date(ms).toISOString()
    }
    if (depth >= limits.maxDepth) return refuse(`nested more than ${limits.maxDepth} levels deep`)
    if (array) {
      const items = object as ReadonlyArray<unknown>
      const length = items.length
      if (length > limits.maxValues) return refuse(`an array of ${length} items, more than ${limits.maxValues}`)
      if (typeof (items as { readonly toJSON?: unknown }).toJSON === "function") return refuse("has a toJSON method: kith stores the value itself, so pass the value it stands for")
      ancestors.push(object)
      const out: Array<JsonValue> = []
      for (let i = 0; i < length && !stopped; i++) {
        path.push(i)
        const item = copy(items[i], depth + 1)
        path.pop()
        if (item !== undefined) out.push(item)
      }
      ancestors.pop()
      return out
    }
    const record = object as Record<string, unknown>
    const keys = Object.keys(record)
    if (keys.length > limits.maxKeys) return refuse(`an object with ${keys.length} keys, more than ${limits.maxKeys}`)
    ancestors.push(object)
    const out: Record<string, JsonValue> = {}
    for (const key of keys) {
      if (stopped) break
      path.push(key)
      const problem = storableTextProblem(key)
      if (problem !== undefined) refuse(`its name ${problem}`)
      else {
        const value = record[key]
        if (key === "toJSON" && typeof value === "function") refuse("a toJSON method: kith stores the value itself, so pass the value it stands for")
        else {
          const item = copy(value, depth + 1)
          // `__proto__` is a key like any other here, never the prototype.
          if (item !== undefined && key === "__proto__") Object.defineProperty(out, key, { value: item, writable: true, enumerable: true, configurable: true })
          else if (item !== undefined) out[key] = item
        }
      }
      path.pop()
    }
    ancestors.pop()
    return out
  }

  const copy = (value: unknown, depth: number): JsonValue | undefined => {
    if (++values > limits.maxValues) {
      if (!stopped) issues.push({ path: "", message: `holds more than ${limits.maxValues} values` })
      stopped = true
      return undefined
    }
    switch (typeof value) {
      case "string": {
        const problem = storableTextProblem(value)
        return problem === undefined ? value : refuse(problem)
      }
      case "number":
        if (!Number.isFinite(value)) return refuse(`${String(value)} is not a JSON number`)
        return value === 0 ? 0 : value
      case "boolean":
        return value
      case "bigint":
        return refuse("a BigInt is not a JSON value: pass a number or a string")
      case "undefined":
        return refuse("undefined is not a JSON value: leave the key out")
      case "symbol":
        return refuse("a symbol is not a JSON value")
      case "function":
        return refuse("a function is not a JSON value")
    }
    if (value === null) return null
    // A value at a path of length k has exactly its k enclosing objects as ancestors.
    const mark = path.length
    try {
      return copyObject(value as object, depth)
    } catch (e) {
      // A getter or a proxy trap that throws: the value cannot be read, so it cannot be stored.
      path.length = mark
      ancestors.length = mark
      return refuse(`could not be read: ${e instanceof Error ? e.message : String(e)}`)
    }
  }

  const json = copy(input, 0)
  return issues.length === 0 && json !== undefined ? Result.succeed(json) : Result.fail(new InvalidInput({ subject, issues }))
}
