/**
 * Local calendar arithmetic in one IANA timezone, fast enough for a fold over
 * millions of events. Days and months are plain integers so summaries can key
 * buckets by them without building strings.
 */

const MS_PER_DAY = 86_400_000
// Offsets are sampled per 15-minute UTC slot in months whose offset changes: every real-world transition of
// the tz database since 1970 falls on a quarter hour in UTC, and a slot whose two ends disagree is never cached
// (it is computed exactly every time).
const SLOT_MS = 900_000

// What a clock keeps is bounded by the calendar, never by how many events it sees: one entry per UTC month
// touched (whether its offset is steady, and which), one per local month (its span), and a fixed-size table
// of slots for the months whose offset changes. A host that runs for years over data spanning decades keeps a
// few thousand numbers per timezone; past these sizes a table starts afresh.
const MAX_MONTHS = 4_096
const SLOT_TABLE_SIZE = 2_048
// How many timezones keep a clock (workspaces rarely use more than a few).
const MAX_CLOCKS = 64

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
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  const asUtc = new Date(0)
  asUtc.setUTCFullYear(fields["year"] ?? 1970, (fields["month"] ?? 1) - 1, fields["day"] ?? 1)
  asUtc.setUTCHours(fields["hour"] ?? 0, fields["minute"] ?? 0, fields["second"] ?? 0, 0)
  return asUtc.getTime() - (ms - (((ms % 1000) + 1000) % 1000))
}

/**
 * The calendar month of a day number (days since 1970-01-01), as
 * `year * 12 + monthIndex`: integer arithmetic (Howard Hinnant's
 * `civil_from_days`), no `Date`, for every day of the proleptic Gregorian
 * calendar.
 *
 * @example
 * ```ts
 * monthOfDay(0) // => 23640 (January 1970: 1970 * 12 + 0)
 * ```
 */
export const monthOfDay = (day: LocalDay): LocalMonth => {
  const z = day + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1_460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const month = mp < 10 ? mp + 2 : mp - 10
  const year = yoe + era * 400 + (month <= 1 ? 1 : 0)
  return year * 12 + month
}

// The clock handed out last: already the most recently used, so asking for it again (once per profile on hot
// paths) reorders nothing.
let lastClock: ZonedClock | undefined

// A clock to hand out again, most recently used last; the least recently used one goes past MAX_CLOCKS.
const remember = (timeZone: string, clock: ZonedClock): ZonedClock => {
  clocks.delete(timeZone)
  clocks.set(timeZone, clock)
  if (clocks.size > MAX_CLOCKS) clocks.delete(clocks.keys().next().value as string)
  lastClock = clock
  return clock
}

/**
 * The (cached) clock of a timezone. Correct for zones with daylight saving
 * time and for offsets that are not whole hours (Asia/Kathmandu +05:45).
 * What it keeps is bounded by the calendar span of the instants it is asked
 * about, never by their number (see the module's sizes).
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
  if (lastClock !== undefined && lastClock.timeZone === timeZone) return lastClock
  const known = clocks.get(timeZone)
  if (known !== undefined) return remember(timeZone, known)
  const formatter = formatterFor(timeZone)

  // Per UTC month: its offset when the offset is the same from a day before it to a day after it (sampled at
  // every UTC midnight: no zone has ever changed its offset and changed it back within one day), else NaN.
  const monthOffsets = new Map<number, number>()
  const steadyOffsetOf = (utcMonth: number): number => {
    const known = monthOffsets.get(utcMonth)
    if (known !== undefined) return known
    const year = Math.floor(utcMonth / 12)
    const index = utcMonth - year * 12
    const from = utcMonthStart(year, index) - MS_PER_DAY
    const until = utcMonthStart(year, index + 1) + MS_PER_DAY
    const offset = exactOffset(formatter, from)
    let steady = true
    for (let t = from + MS_PER_DAY; steady && t <= until; t += MS_PER_DAY) steady = exactOffset(formatter, t) === offset
    const value = steady ? offset : Number.NaN
    if (monthOffsets.size >= MAX_MONTHS) monthOffsets.clear()
    monthOffsets.set(utcMonth, value)
    return value
  }

  // Slots of the months whose offset changes, in a fixed table (a slot's entry is replaced by the next slot that
  // falls on the same place): bounded, and those months are few.
  const slotKeys = new Float64Array(SLOT_TABLE_SIZE).fill(Number.NaN)
  const slotValues = new Float64Array(SLOT_TABLE_SIZE)
  const slotOffsetAt = (ms: number): number => {
    const slot = Math.floor(ms / SLOT_MS)
    const place = ((slot % SLOT_TABLE_SIZE) + SLOT_TABLE_SIZE) % SLOT_TABLE_SIZE
    if (slotKeys[place] === slot) return slotValues[place]!
    const start = exactOffset(formatter, slot * SLOT_MS)
    const end = exactOffset(formatter, slot * SLOT_MS + SLOT_MS - 1)
    if (start !== end) return exactOffset(formatter, ms)
    slotKeys[place] = slot
    slotValues[place] = start
    return start
  }

  const offsetAt = (ms: number): number => {
    const steady = steadyOffsetOf(monthOfDay(Math.floor(ms / MS_PER_DAY)))
    return Number.isNaN(steady) ? slotOffsetAt(ms) : steady
  }
  const dayOf = (ms: number): LocalDay => Math.floor((ms + offsetAt(ms)) / MS_PER_DAY)
  const monthOf = (ms: number): LocalMonth => monthOfDay(dayOf(ms))
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
    const firstDay = utcMonthStart(year, index) / MS_PER_DAY
    const nextFirstDay = utcMonthStart(year, index + 1) / MS_PER_DAY
    const from = startOfDay(firstDay)
    const until = startOfDay(nextFirstDay)
    const offset = offsetAt(from)
    let steady = offsetAt(until - 1) === offset && monthOf(from) === month && monthOf(until - 1) === month
    for (let day = firstDay + 1; steady && day < nextFirstDay; day++) steady = offsetAt(day * MS_PER_DAY - offset) === offset
    const span = steady ? { from, until } : null
    if (monthSpans.size >= MAX_MONTHS) monthSpans.clear()
    monthSpans.set(month, span)
    return span ?? undefined
  }
  return remember(timeZone, { timeZone, offsetAt, dayOf, monthOf, startOfDay, steadyMonthSpan })
}

// The first instant of a UTC month (month index may run past 11), for any year: Date.UTC reads years 0–99 as
// 1900–1999, setUTCFullYear does not.
const utcMonthStart = (year: number, monthIndex: number): number => {
  const date = new Date(0)
  date.setUTCFullYear(year, monthIndex, 1)
  return date.getTime()
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
