import { Effect, Schema, SchemaIssue, SchemaTransformation } from "effect"
import { digitsAt, instantMsOf } from "./instant-ms.js"
import { INSTANT_RANGE_MESSAGE, isStorableInstant } from "./storable-limits.js"

// An instant must say which zone it is in (`Z` or `±hh:mm`): a bare local time
// would be read in the machine's timezone, and kith never depends on that.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/

// Within years 0001–9999 in UTC: the instants whose ISO form reads back (a stored event must decode again).
const ValidDate = Schema.Date.check(
  Schema.makeFilter((d: Date) => (Number.isNaN(d.getTime()) ? "Expected a valid date" : isStorableInstant(d.getTime()) ? undefined : INSTANT_RANGE_MESSAGE))
)

const INSTANT_MESSAGE = "Expected an ISO 8601 instant with a zone, e.g. 2025-03-01T09:30:00+07:00 or 2025-03-01T02:30:00Z"

/** Reads an ISO instant with a zone; `undefined` if malformed or not a real calendar date / time. */
const parseInstant = (s: string): Date | undefined => {
  if (!ISO_INSTANT.test(s)) return undefined
  // The pattern fixes where year, month, day, hour and minute are, all digits: they are read in place, without
  // the substrings and Number calls (every event has an instant, so this runs once per event).
  const y = digitsAt(s, 0, 4)
  if (y < 1 || !isRealDate(y, digitsAt(s, 5, 7), digitsAt(s, 8, 10))) return undefined
  if (digitsAt(s, 11, 13) > 23 || digitsAt(s, 14, 16) > 59) return undefined
  const ms = instantMsOf(s)
  const date = ms === undefined ? new Date(s) : new Date(ms)
  return Number.isNaN(date.getTime()) ? undefined : date
}

const InstantTransformation = SchemaTransformation.transformEffect<Date, string | Date>({
  decode: (input) => {
    if (input instanceof Date) return Number.isNaN(input.getTime()) ? Effect.fail(new SchemaIssue.InvalidValue({ message: "Expected a valid date" }, input)) : Effect.succeed(input)
    const date = parseInstant(input)
    if (date === undefined) return Effect.fail(new SchemaIssue.InvalidValue({ message: INSTANT_MESSAGE }, input))
    // 0001-01-01T00:00+07:00 is still year 0 in UTC, and 9999-12-31T23:00-05:00 already year 10000.
    return isStorableInstant(date.getTime()) ? Effect.succeed(date) : Effect.fail(new SchemaIssue.InvalidValue({ message: INSTANT_RANGE_MESSAGE }, input))
  },
  encode: (date) => Effect.succeed(date.toISOString())
})

/**
 * A point in time within years 0001–9999 (UTC). Decodes an ISO 8601 string
 * that carries its zone (`Z` or an offset) or a valid `Date`; encodes to an
 * ISO string in UTC.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(Instant)("2025-03-01T00:30:00+07:00") // => new Date("2025-02-28T17:30:00.000Z")
 * Schema.decodeUnknownSync(Instant)("2025-03-01 00:30") // throws: needs a zone
 * ```
 */
export const Instant = Schema.Union([Schema.String, Schema.Date]).pipe(Schema.decodeTo(ValidDate, InstantTransformation))
/** An {@link Instant} after decoding. */
export type Instant = Date

// Whether day d of month m of year y exists in the proleptic Gregorian calendar (JavaScript's), for whole numbers:
// counted, not asked of a Date, since it runs for every event's instant.
const isRealDate = (y: number, m: number, d: number): boolean => m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)

const daysInMonth = (y: number, m: number): number =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31

const pad = (n: number, width = 2) => String(n).padStart(width, "0")

/**
 * Parses a calendar date written as `yyyy-mm-dd` or the Vietnamese
 * `dd/mm/yyyy` (also `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`) into `yyyy-mm-dd`.
 * Returns `undefined` for anything that is not a real date (31/02/2000).
 *
 * @example
 * ```ts
 * parseCalendarDate("05/09/1990") // => "1990-09-05"
 * parseCalendarDate("1990-09-05") // => "1990-09-05"
 * parseCalendarDate("29/02/2023") // => undefined
 * ```
 */
export const parseCalendarDate = (input: string): string | undefined => {
  const s = input.trim()
  let y: number, m: number, d: number
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (match) {
    y = Number(match[1]); m = Number(match[2]); d = Number(match[3])
  } else {
    match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s)
    if (!match) return undefined
    d = Number(match[1]); m = Number(match[2]); y = Number(match[3])
  }
  return y >= 1 && isRealDate(y, m, d) ? `${pad(y, 4)}-${pad(m)}-${pad(d)}` : undefined
}

/**
 * A calendar date with no time or zone, such as a birthday: decoded from
 * `yyyy-mm-dd` or `dd/mm/yyyy`, always held and encoded as `yyyy-mm-dd`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(CalendarDate)("05/09/1990") // => "1990-09-05"
 * ```
 */
export const CalendarDate = Schema.String.pipe(
  Schema.decodeTo(
    Schema.String.check(
      Schema.makeFilter((s: string) =>
        /^\d{4}-/.test(s) && parseCalendarDate(s) === s ? undefined : "Expected a real date as dd/mm/yyyy or yyyy-mm-dd"
      )
    ),
    // An unparseable input passes through unchanged so the check above names it.
    SchemaTransformation.transform({ decode: (s: string) => parseCalendarDate(s) ?? s, encode: (s: string) => s })
  )
)
/** A {@link CalendarDate} after decoding: `yyyy-mm-dd`. */
export type CalendarDate = string
