import { TZDate } from "@date-fns/tz"
import { addDays, addMonths, startOfDay, startOfMonth, startOfWeek } from "date-fns"

/** A local calendar period in a timezone, as `[start, end)` in epoch ms. */
export interface LocalPeriod {
  readonly start: number
  readonly end: number
}

const compute = (per: "day" | "week" | "month", t: number, timeZone: string): LocalPeriod => {
  const local = new TZDate(t, timeZone)
  const start = per === "day" ? startOfDay(local) : per === "week" ? startOfWeek(local, { weekStartsOn: 1 }) : startOfMonth(local)
  const end = per === "day" ? addDays(start, 1) : per === "week" ? addDays(start, 7) : addMonths(start, 1)
  return { start: start.getTime(), end: end.getTime() }
}

// The last period computed per timezone and kind. A period holds for every
// instant inside it, so a reuse is exact; it saves the timezone arithmetic
// (Intl) when many decisions fall in the same local day, as a batch does.
const lastPeriods = new Map<string, LocalPeriod>()
const MAX_CACHED = 256

/**
 * The local day, week (Monday first) or month containing instant `t` in `timeZone`.
 *
 * @example
 * ```ts
 * const day = localPeriodOf("day", Date.parse("2025-03-07T23:30:00+07:00"), "Asia/Ho_Chi_Minh")
 * new Date(day.start) // => new Date("2025-03-07T00:00:00+07:00")
 * ```
 */
export const localPeriodOf = (per: "day" | "week" | "month", t: number, timeZone: string): LocalPeriod => {
  const key = `${per}\u0000${timeZone}`
  const last = lastPeriods.get(key)
  if (last !== undefined && last.start <= t && t < last.end) return last
  const period = compute(per, t, timeZone)
  if (lastPeriods.size >= MAX_CACHED && last === undefined) lastPeriods.clear()
  lastPeriods.set(key, period)
  return period
}
