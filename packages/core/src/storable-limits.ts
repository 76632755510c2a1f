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
// The cheap test, run on every string and key: native `isWellFormed` (a
// one-byte string is well-formed without a look) and `indexOf`, chosen once
// (Node 20 has both) so that each string costs one call of this function. Only
// a string that fails it is searched for the reason.
const isStorableText: (text: string) => boolean =
  typeof (String.prototype as { readonly isWellFormed?: unknown }).isWellFormed === "function"
    ? (text) => (text as unknown as { isWellFormed(): boolean }).isWellFormed() && text.indexOf("\u0000") === -1
    : (text) => !/\p{Cs}/u.test(text) && text.indexOf("\u0000") === -1

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
  if (isStorableText(text)) return undefined
  const found = UNSTORABLE_TEXT.exec(text)
  if (found === null) return undefined
  if (found[0] === "\u0000") return "contains a NUL character (\\u0000), which cannot be stored"
  const unit = found[0].charCodeAt(0).toString(16).toUpperCase()
  return `is not well-formed Unicode: a lone surrogate \\u${unit} at position ${found.index}`
}
