import { CalendarDate } from "@kith/core"
import { Schema } from "effect"
import { RuleLimits } from "./limits.js"

/**
 * A whole number of days from 1 to {@link RuleLimits.maxDays}.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(Days)(30) // => 30
 * ```
 */
export const Days = Schema.Int.check(
  Schema.isBetween({ minimum: 1, maximum: RuleLimits.maxDays }, { message: `must be a positive integer (at most ${RuleLimits.maxDays})` })
)

/**
 * When something happened, relative to the evaluation's `asOf` or between
 * calendar dates, with day boundaries in the workspace timezone. Every given
 * bound applies (they intersect); an empty range means "ever". Whatever the
 * range, nothing after `asOf` counts.
 *
 * - `withinLastDays: N` — in the last N local calendar days, today included:
 *   from local midnight at the start of the day N − 1 days before `asOf`'s
 *   local day. `1` is "today"; a 30-day window at 10:00 on 31 March starts at
 *   00:00 on 2 March. Something at local day `d` leaves the window at local
 *   midnight starting day `d + N`.
 * - `notWithinLastDays: M` — before the last M days: before local midnight
 *   at the start of the day M − 1 days before `asOf`'s local day.
 * - `fromDate`, `toDate` — local calendar dates, both included
 *   (`yyyy-mm-dd`, `dd/mm/yyyy` accepted).
 *
 * `{ withinLastDays: 365, notWithinLastDays: 90 }` is "in the last 365 days,
 * but not in the last 90".
 *
 * @example
 * ```ts
 * const lastMonth: TimeRange = { withinLastDays: 30 }
 * const tet: TimeRange = { fromDate: "2025-01-20", toDate: "2025-02-05" }
 * ```
 */
export const TimeRange = Schema.Struct({
  withinLastDays: Schema.optionalKey(Days),
  notWithinLastDays: Schema.optionalKey(Days),
  fromDate: Schema.optionalKey(CalendarDate),
  toDate: Schema.optionalKey(CalendarDate)
}).check(
  Schema.makeFilter((range) => {
    const issues: Array<Schema.FilterIssue> = []
    if (range.withinLastDays !== undefined && range.notWithinLastDays !== undefined && range.notWithinLastDays >= range.withinLastDays) {
      issues.push({ path: ["notWithinLastDays"], issue: "must be less than withinLastDays, or nothing can match" })
    }
    if (range.fromDate !== undefined && range.toDate !== undefined && range.toDate < range.fromDate) {
      issues.push({ path: ["toDate"], issue: "must not be before fromDate" })
    }
    return issues
  })
)
/** A {@link TimeRange} after decoding (dates as `yyyy-mm-dd`). */
export type TimeRange = typeof TimeRange.Type
