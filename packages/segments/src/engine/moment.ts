import { type LocalDay, type ZonedClock, dayKey, zonedClock } from "@kith/profile"
import type { TimeRange } from "../rule/time-range.js"

const MS_PER_DAY = 86_400_000

/**
 * One evaluation instant with its local day: what every window is measured
 * from. Built once per `asOf`, shared by every condition.
 */
export interface Moment {
  /** The instant (epoch ms); nothing after it counts. */
  readonly asOf: number
  /** `asOf`'s local day in the workspace timezone. */
  readonly today: LocalDay
  readonly clock: ZonedClock
}

/** The moment of `asOf` on `clock`. */
export const momentOf = (asOf: number, clock: ZonedClock): Moment => ({ asOf, today: clock.dayOf(asOf), clock })

/** The local day of a `yyyy-mm-dd` calendar date. */
export const dayOfDate = (date: string): LocalDay =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY

/** `yyyy-mm-dd` of a local day. */
export const dateOfDay = (day: LocalDay): string => dayKey(day)

/**
 * The instants a {@link TimeRange} admits at a moment, both ends included:
 * a row counts when `lo <= at && at <= hi`. `hi` never exceeds `asOf`.
 */
export interface Bounds {
  readonly lo: number
  readonly hi: number
}

/** The bounds of a range (of "ever" when absent) at a moment. */
export const boundsOf = (range: TimeRange | undefined, m: Moment): Bounds => {
  let lo = -Infinity
  let hi = m.asOf
  if (range === undefined) return { lo, hi }
  const { clock, today } = m
  if (range.withinLastDays !== undefined) lo = Math.max(lo, clock.startOfDay(today - range.withinLastDays + 1))
  if (range.fromDate !== undefined) lo = Math.max(lo, clock.startOfDay(dayOfDate(range.fromDate)))
  if (range.notWithinLastDays !== undefined) hi = Math.min(hi, clock.startOfDay(today - range.notWithinLastDays + 1) - 1)
  if (range.toDate !== undefined) hi = Math.min(hi, clock.startOfDay(dayOfDate(range.toDate) + 1) - 1)
  return { lo, hi }
}

/**
 * Pushes onto `out` the instants after `m.asOf` at which something that
 * happened at `at` enters or leaves `range`: `at` itself (it has not happened
 * yet), the local midnight it leaves the last `withinLastDays`, and the one it
 * enters "before the last `notWithinLastDays`". Calendar-date bounds never move.
 */
export const rangeChanges = (at: number, range: TimeRange | undefined, m: Moment, out: Array<number>): void => {
  if (at > m.asOf) out.push(at)
  if (range === undefined) return
  if (range.withinLastDays !== undefined) {
    const leaves = m.clock.startOfDay(m.clock.dayOf(at) + range.withinLastDays)
    if (leaves > m.asOf) out.push(leaves)
  }
  if (range.notWithinLastDays !== undefined) {
    const enters = m.clock.startOfDay(m.clock.dayOf(at) + range.notWithinLastDays)
    if (enters > m.asOf) out.push(enters)
  }
}

/** Describes a range in words, for explanations: "in the last 30 days", "ever". */
export const describeRange = (range: TimeRange | undefined): string => {
  if (range === undefined) return "ever"
  const parts: Array<string> = []
  if (range.withinLastDays !== undefined) parts.push(range.withinLastDays === 1 ? "today" : `in the last ${range.withinLastDays} days`)
  if (range.notWithinLastDays !== undefined) parts.push(`before the last ${range.notWithinLastDays} days`)
  if (range.fromDate !== undefined) parts.push(`from ${range.fromDate}`)
  if (range.toDate !== undefined) parts.push(`to ${range.toDate}`)
  return parts.length === 0 ? "ever" : parts.join(", ")
}

/** Describes an inclusive range of numbers: "≥ 2", "≤ 5", "2–5", "exactly 0". */
export const describeBounds = (range: { readonly min?: number; readonly max?: number }): string => {
  if (range.min !== undefined && range.max !== undefined) return range.min === range.max ? `exactly ${range.min}` : `${range.min}–${range.max}`
  if (range.min !== undefined) return `≥ ${range.min}`
  return `≤ ${range.max ?? 0}`
}

/** Is `value` in the inclusive range (an absent bound is open)? */
export const inRange = (value: number, range: { readonly min?: number; readonly max?: number }): boolean =>
  (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max)

/**
 * The instants a {@link TimeRange} admits at `asOf` in `timeZone`, both ends
 * included (`-Infinity` when unbounded below): what a SQL engine binds as
 * `lo <= at AND at <= hi` to mean exactly what this engine means.
 *
 * @param range - the range (`undefined`: ever)
 * @param asOf - the evaluation instant; `hi` never exceeds it
 * @param timeZone - the workspace timezone
 * @returns the inclusive bounds, epoch ms
 *
 * @example
 * ```ts
 * const bounds = timeRangeBounds({ withinLastDays: 30 }, new Date("2025-03-31T10:00:00+07:00"), "Asia/Ho_Chi_Minh")
 * new Date(bounds.lo).toISOString() // => "2025-03-01T17:00:00.000Z"
 * new Date(bounds.hi).toISOString() // => "2025-03-31T03:00:00.000Z"
 * ```
 */
export const timeRangeBounds = (range: TimeRange | undefined, asOf: Date, timeZone: string): Bounds =>
  boundsOf(range, momentOf(asOf.getTime(), zonedClock(timeZone)))
