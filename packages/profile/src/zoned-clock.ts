/**
 * Local calendar arithmetic in one IANA timezone, fast enough for a fold over
 * millions of events. Days and months are plain integers so summaries can key
 * buckets by them without building strings.
 */

const MS_PER_DAY = 86_400_000
// Offsets are sampled per 15-minute UTC slot: every real-world transition of
// the tz database since 1970 falls on a quarter hour in UTC, and a slot whose
// two ends disagree is never cached (it is computed exactly every time).
const SLOT_MS = 900_000

/** A local day as a whole number of days since 1970-01-01 (local calendar). */
export type LocalDay = number

/** A local month as `year * 12 + monthIndex` (January = 0). */
export type LocalMonth = number

/**
 * The instants `[from, until)` of one local month (epoch ms): every instant
 * in it, and no other, falls in that month.
 *
 * @example
 * ```ts
 * zonedClock("Asia/Ho_Chi_Minh").steadyMonthSpan(2025 * 12 + 2)
 * // => { from: 1740762000000, until: 1743440400000 } (2025-03-01 and 2025-04-01 at 00:00 in Hà Nội)
 * ```
 */
export interface MonthSpan {
  readonly from: number
  readonly until: number
}

/**
 * Converts instants to local days and months in one timezone.
 *
 * @example
 * ```ts
 * const clock = zonedClock("Asia/Ho_Chi_Minh")
 * monthKey(clock.monthOf(Date.parse("2025-02-28T17:30:00Z"))) // => "2025-03"
 * ```
 */
export interface ZonedClock {
  /** The IANA timezone name. */
  readonly timeZone: string
  /** The offset of local time from UTC at `ms`, in milliseconds. */
  readonly offsetAt: (ms: number) => number
  /** The local day of the instant `ms`. */
  readonly dayOf: (ms: number) => LocalDay
  /** The local month of the instant `ms`. */
  readonly monthOf: (ms: number) => LocalMonth
  /** The instant at which local day `day` starts. */
  readonly startOfDay: (day: LocalDay) => number
  /**
   * The instants of local month `month` when the offset from UTC is the same
   * all through it, else `undefined` (a month with a DST change). Within such
   * a span the month of an instant is known by comparing numbers, which is
   * what a fold over many events of one month wants.
   */
  readonly steadyMonthSpan: (month: LocalMonth) => MonthSpan | undefined
}

const clocks = new Map<string, ZonedClock>()

const formatterFor = (timeZone: string) =>
  new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric"
  })

const exactOffset = (formatter: Intl.DateTimeFormat, ms: number): number => {
  const fields: Record<string, number> = {}
  for (const part of formatter.formatToParts(ms)) if (part.type !== "literal") fields[part.type] = Number(part.value)
  const asUtc = Date.UTC(fields["year"] ?? 1970, (fields["month"] ?? 1) - 1, fields["day"] ?? 1, fields["hour"] ?? 0, fields["minute"] ?? 0, fields["second"] ?? 0)
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000))
}

/**
 * The (cached) clock of a timezone. Correct for zones with daylight saving
 * time and for offsets that are not whole hours (Asia/Kathmandu +05:45).
 *
 * @param timeZone - an IANA timezone name such as `Asia/Ho_Chi_Minh`
 * @returns the clock; throws a `RangeError` for an unknown timezone
 *
 * @example
 * ```ts
 * const clock = zonedClock("Asia/Ho_Chi_Minh")
 * dayKey(clock.dayOf(Date.parse("2025-02-28T17:30:00Z"))) // => "2025-03-01"
 * ```
 */
export const zonedClock = (timeZone: string): ZonedClock => {
  const known = clocks.get(timeZone)
  if (known !== undefined) return known
  const formatter = formatterFor(timeZone)
  const slotOffsets = new Map<number, number>()
  const offsetAt = (ms: number): number => {
    const slot = Math.floor(ms / SLOT_MS)
    const cached = slotOffsets.get(slot)
    if (cached !== undefined) return cached
    const start = exactOffset(formatter, slot * SLOT_MS)
    const end = exactOffset(formatter, slot * SLOT_MS + SLOT_MS - 1)
    if (start === end) {
      slotOffsets.set(slot, start)
      return start
    }
    return exactOffset(formatter, ms)
  }
  const dayOf = (ms: number): LocalDay => Math.floor((ms + offsetAt(ms)) / MS_PER_DAY)
  const exactMonthOf = (ms: number): LocalMonth => {
    const local = new Date(ms + offsetAt(ms))
    return local.getUTCFullYear() * 12 + local.getUTCMonth()
  }
  // Months are cached per slot too (a slot whose ends fall in different local
  // months is computed exactly), sparing a Date per event on hot paths.
  const slotMonths = new Map<number, LocalMonth>()
  const monthOf = (ms: number): LocalMonth => {
    const slot = Math.floor(ms / SLOT_MS)
    const cached = slotMonths.get(slot)
    if (cached !== undefined) return cached
    const start = exactMonthOf(slot * SLOT_MS)
    if (start === exactMonthOf(slot * SLOT_MS + SLOT_MS - 1)) {
      slotMonths.set(slot, start)
      return start
    }
    return exactMonthOf(ms)
  }
  const startOfDay = (day: LocalDay): number => {
    // Local midnight is UTC midnight minus the offset in force then; try the
    // offsets just before and after, as a DST change can move midnight.
    const utcMidnight = day * MS_PER_DAY
    const guess = utcMidnight - offsetAt(utcMidnight)
    const refined = utcMidnight - offsetAt(guess)
    return dayOf(refined) === day ? refined : guess
  }
  // Checked once per month and remembered (null: not steady). The offset is
  // sampled at every local midnight and at the last instant: no zone has ever
  // changed its offset and changed it back within one day, so equal samples
  // mean one offset all month, local time runs steadily, and the month's
  // instants are exactly those between its first and its next month's first.
  const monthSpans = new Map<LocalMonth, MonthSpan | null>()
  const steadyMonthSpan = (month: LocalMonth): MonthSpan | undefined => {
    const known = monthSpans.get(month)
    if (known !== undefined) return known ?? undefined
    const year = Math.floor(month / 12)
    const index = month - year * 12
    const firstDay = Date.UTC(year, index, 1) / MS_PER_DAY
    const nextFirstDay = Date.UTC(year, index + 1, 1) / MS_PER_DAY
    const from = startOfDay(firstDay)
    const until = startOfDay(nextFirstDay)
    const offset = offsetAt(from)
    let steady = offsetAt(until - 1) === offset && monthOf(from) === month && monthOf(until - 1) === month
    for (let day = firstDay + 1; steady && day < nextFirstDay; day++) steady = offsetAt(day * MS_PER_DAY - offset) === offset
    const span = steady ? { from, until } : null
    monthSpans.set(month, span)
    return span ?? undefined
  }
  const clock: ZonedClock = { timeZone, offsetAt, dayOf, monthOf, startOfDay, steadyMonthSpan }
  clocks.set(timeZone, clock)
  return clock
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n))

/**
 * A local day as `yyyy-MM-dd`.
 *
 * @example
 * ```ts
 * dayKey(0) // => "1970-01-01"
 * ```
 */
export const dayKey = (day: LocalDay): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10)

/**
 * A local month as `yyyy-MM`.
 *
 * @example
 * ```ts
 * monthKey(2025 * 12 + 2) // => "2025-03"
 * ```
 */
export const monthKey = (month: LocalMonth): string => `${String(Math.floor(month / 12)).padStart(4, "0")}-${pad2((month % 12) + 1)}`

/**
 * The local month a local day falls in.
 *
 * @example
 * ```ts
 * monthOfDay(0) // => 23640 (1970 * 12 + 0: January 1970)
 * ```
 */
export const monthOfDay = (day: LocalDay): LocalMonth => {
  const date = new Date(day * MS_PER_DAY)
  return date.getUTCFullYear() * 12 + date.getUTCMonth()
}

/**
 * The local day `months` calendar months before `day`, clamped to the end of
 * a shorter month (31 May minus 3 months is 28 or 29 February).
 *
 * @example
 * ```ts
 * dayKey(monthsBefore(Date.UTC(2024, 4, 31) / 86_400_000, 3)) // => "2024-02-29"
 * ```
 */
export const monthsBefore = (day: LocalDay, months: number): LocalDay => {
  const date = new Date(day * MS_PER_DAY)
  const target = date.getUTCFullYear() * 12 + date.getUTCMonth() - months
  const year = Math.floor(target / 12)
  const month = target - year * 12
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay)) / MS_PER_DAY
}
