import { tzOffset } from "@date-fns/tz"
import { type InvalidInput, TimeZone } from "@kith/core"
import { Result, Schema } from "effect"
import { decodeWith } from "../change-options.js"

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const MAX_ADD = 3653 * DAY

/** The days of the week, Monday first. */
export const Weekday = Schema.Literals(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
/** A {@link Weekday} after decoding. */
export type Weekday = typeof Weekday.Type

// Index by Date#getUTCDay (0 = Sunday).
const WEEKDAY_BY_UTC_DAY: ReadonlyArray<Weekday> = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

const WallTime = Schema.String.check(Schema.isPattern(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { message: "a local time is HH:mm, 00:00 to 24:00" }))

/** Open hours within one local day, `from` inclusive, `to` exclusive (`24:00` is the end of the day). */
export const OpenInterval = Schema.Struct({ from: WallTime, to: WallTime }).check(
  Schema.makeFilter((i: { readonly from: string; readonly to: string }) =>
    minutesOf(i.from) < minutesOf(i.to) ? undefined : { path: ["to"], issue: `must be after from (${i.from})` }
  )
)
/** An {@link OpenInterval} after decoding. */
export type OpenInterval = typeof OpenInterval.Type

const DayHours = Schema.Array(OpenInterval).check(
  Schema.isMaxLength(24),
  Schema.makeFilter((intervals: ReadonlyArray<OpenInterval>) => {
    for (let i = 1; i < intervals.length; i++) {
      if (minutesOf(intervals[i]!.from) < minutesOf(intervals[i - 1]!.to)) return `intervals must be in order and not overlap (${intervals[i - 1]!.from}–${intervals[i - 1]!.to} then ${intervals[i]!.from}–${intervals[i]!.to})`
    }
    return undefined
  })
)

const LocalDate = Schema.String.check(
  Schema.makeFilter((s: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return "a closed date is yyyy-MM-dd"
    const d = new Date(`${s}T00:00:00Z`)
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s ? undefined : "not a real date"
  })
)

/**
 * A workspace's business hours (PIPE-8): open intervals per weekday in local
 * time of `timeZone`, and closed dates (public holidays, Tết) as local
 * `yyyy-MM-dd`. A weekday left out is closed all day. The week must have some
 * open time.
 *
 * An instant is *open* when its local wall-clock time in `timeZone` falls in
 * one of its weekday's intervals and its local date is not closed. On a day
 * the clocks change, that is still the rule: an hour skipped by the clocks is
 * not open time, an hour lived twice is open twice.
 *
 * @example
 * ```ts
 * const monToSat: BusinessHours = {
 *   timeZone: "Asia/Ho_Chi_Minh",
 *   weekly: Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat"].map((d) => [d, [{ from: "08:00", to: "17:30" }]])),
 *   closedDates: ["2025-04-30", "2025-05-01"]
 * }
 * ```
 */
export const BusinessHours = Schema.Struct({
  timeZone: TimeZone,
  weekly: Schema.Struct({
    mon: Schema.optionalKey(DayHours),
    tue: Schema.optionalKey(DayHours),
    wed: Schema.optionalKey(DayHours),
    thu: Schema.optionalKey(DayHours),
    fri: Schema.optionalKey(DayHours),
    sat: Schema.optionalKey(DayHours),
    sun: Schema.optionalKey(DayHours)
  }).check(
    Schema.makeFilter((weekly: Readonly<Partial<Record<Weekday, ReadonlyArray<unknown>>>>) =>
      Object.values(weekly).some((day) => day !== undefined && day.length > 0) ? undefined : "the week must have some open time"
    )
  ),
  closedDates: Schema.optionalKey(Schema.Array(LocalDate).check(Schema.isMaxLength(10_000)))
})
/** The input shape of {@link BusinessHours}. */
export type BusinessHours = typeof BusinessHours.Encoded

/** An interval of instants `[start, end)` in epoch milliseconds. */
export interface InstantSpan {
  readonly start: number
  readonly end: number
}

/**
 * A business-hours clock: which instants are open, how much open time lies
 * between two instants, and the instant a given amount of open time after
 * another ends. Built by {@link businessCalendar}.
 */
export interface BusinessCalendar {
  readonly timeZone: string
  /** Is the instant within open hours? */
  readonly isOpenAt: (instant: Date) => boolean
  /** The open time in `[from, to)`, in milliseconds (0 when `to ≤ from`). */
  readonly openTimeBetween: (from: Date, to: Date) => number
  /**
   * The instant at which `ms` of open time, counted from `from`, have passed.
   * Counting starts at the first open instant at or after `from`; for `ms > 0`
   * the result is always inside open hours or at the very end of an open
   * interval (closing time), never strictly inside closed time; `ms = 0`
   * gives that first open instant. `ms` above ten years (or negative, or not
   * a number) throws a `RangeError`: SLA limits are checked to a year.
   */
  readonly addOpenTime: (from: Date, ms: number) => Date
  /** The open intervals overlapping `[from, to)`, clipped to it, in time order. */
  readonly openIntervals: (from: Date, to: Date) => ReadonlyArray<InstantSpan>
}

const decodeHours = decodeWith("business hours", BusinessHours)

/**
 * Compiles business hours into a {@link BusinessCalendar}. Day boundaries and
 * open hours are local times of the calendar's timezone, computed with
 * `@date-fns/tz` (correct across daylight-saving changes); nothing reads the
 * machine's timezone.
 *
 * @param hours - the weekly hours, timezone and closed dates
 * @returns the calendar, or an `InvalidInput` naming every bad field
 *
 * @example
 * ```ts
 * import { businessCalendar } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const weekdays = Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ from: "08:00", to: "17:30" }]]))
 * const calendar = Result.getOrThrow(businessCalendar({ timeZone: "Asia/Ho_Chi_Minh", weekly: weekdays }))
 * // A lead created Friday 16:30 with two hours to go, Saturday off: due Monday 09:00.
 * calendar.addOpenTime(new Date("2025-03-07T16:30:00+07:00"), 2 * 3_600_000).toISOString() // => "2025-03-10T02:00:00.000Z"
 * calendar.openTimeBetween(new Date("2025-03-07T16:30:00+07:00"), new Date("2025-03-10T09:00:00+07:00")) // => 7200000
 * ```
 */
export const businessCalendar = (hours: BusinessHours): Result.Result<BusinessCalendar, InvalidInput> =>
  Result.map(decodeHours(hours), (decoded) => makeCalendar(decoded.timeZone, decoded.weekly, new Set(decoded.closedDates ?? [])))

const makeCalendar = (
  timeZone: string,
  weekly: Readonly<Partial<Record<Weekday, ReadonlyArray<OpenInterval>>>>,
  closedDates: ReadonlySet<string>
): BusinessCalendar => {
  const wallIntervals = new Map<Weekday, ReadonlyArray<readonly [number, number]>>(
    Weekday.literals.map((day) => [day, (weekly[day] ?? []).map((i) => [minutesOf(i.from) * MINUTE, minutesOf(i.to) * MINUTE] as const)])
  )
  const offsetAt = (ms: number): number => tzOffset(timeZone, new Date(ms)) * MINUTE
  // The local calendar day of an instant, as days since 1970-01-01.
  const localDayOf = (ms: number): number => Math.floor((ms + offsetAt(ms)) / DAY)

  const cache = new Map<number, ReadonlyArray<InstantSpan>>()
  const intervalsOfDay = (day: number): ReadonlyArray<InstantSpan> => {
    const known = cache.get(day)
    if (known !== undefined) return known
    const computed = computeDay(day)
    if (cache.size >= 4096) cache.clear()
    cache.set(day, computed)
    return computed
  }

  const computeDay = (day: number): ReadonlyArray<InstantSpan> => {
    const wallMidnight = day * DAY
    const date = new Date(wallMidnight)
    if (closedDates.has(date.toISOString().slice(0, 10))) return []
    const intervals = wallIntervals.get(WEEKDAY_BY_UTC_DAY[date.getUTCDay()]!) ?? []
    if (intervals.length === 0) return []
    // Every instant whose wall-clock time falls on this day lies in this window
    // (offsets run from −12:00 to +14:00); within it the offset is piecewise constant.
    const spans: Array<InstantSpan> = []
    for (const segment of offsetSegments(wallMidnight - 14 * HOUR, wallMidnight + DAY + 12 * HOUR)) {
      for (const [from, to] of intervals) {
        const start = Math.max(segment.start, wallMidnight + from - segment.offset)
        const end = Math.min(segment.end, wallMidnight + to - segment.offset)
        if (start < end) spans.push({ start, end })
      }
    }
    spans.sort((a, b) => a.start - b.start)
    const merged: Array<InstantSpan> = []
    for (const span of spans) {
      const last = merged.at(-1)
      if (last !== undefined && span.start <= last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, span.end) }
      else merged.push(span)
    }
    return merged
  }

  // Splits [start, end) where the zone's offset changes. No zone has changed its
  // offset twice within two days, so one change at most is looked for, to the millisecond.
  const offsetSegments = (start: number, end: number): ReadonlyArray<{ readonly start: number; readonly end: number; readonly offset: number }> => {
    const first = offsetAt(start)
    const last = offsetAt(end - 1)
    if (first === last) return [{ start, end, offset: first }]
    let low = start
    let high = end - 1
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2)
      if (offsetAt(mid) === first) low = mid
      else high = mid
    }
    return [
      { start, end: high, offset: first },
      { start: high, end, offset: last }
    ]
  }

  const isOpenAt = (instant: Date): boolean => {
    const ms = instant.getTime()
    return intervalsOfDay(localDayOf(ms)).some((span) => span.start <= ms && ms < span.end)
  }

  const openIntervals = (from: Date, to: Date): ReadonlyArray<InstantSpan> => {
    const start = from.getTime()
    const end = to.getTime()
    if (end <= start) return []
    const out: Array<InstantSpan> = []
    // One day either side: a day's open instants can stray past its wall-clock bounds when clocks change.
    for (let day = localDayOf(start) - 1; day <= localDayOf(end) + 1; day++) {
      for (const span of intervalsOfDay(day)) {
        const s = Math.max(span.start, start)
        const e = Math.min(span.end, end)
        if (s < e) out.push({ start: s, end: e })
      }
    }
    return out.sort((a, b) => a.start - b.start)
  }

  const openTimeBetween = (from: Date, to: Date): number => openIntervals(from, to).reduce((sum, span) => sum + span.end - span.start, 0)

  const addOpenTime = (from: Date, ms: number): Date => {
    if (!(ms >= 0 && ms <= MAX_ADD)) throw new RangeError(`addOpenTime takes 0 to ten years of milliseconds, got ${ms}`)
    const start = from.getTime()
    let remaining = ms
    // The week has open time and closed dates are finite, so this ends.
    for (let day = localDayOf(start) - 1; ; day++) {
      for (const span of intervalsOfDay(day)) {
        if (span.end <= start) continue
        const begin = Math.max(span.start, start)
        const available = span.end - begin
        if (remaining <= available) return new Date(begin + remaining)
        remaining -= available
      }
    }
  }

  return { timeZone, isOpenAt, openTimeBetween, addOpenTime, openIntervals }
}
