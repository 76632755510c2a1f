import { TZDate } from "@date-fns/tz"
import { localDateOf } from "@kith/core"
import { Schema } from "effect"

/**
 * A time of day, `HH:mm` on a 24-hour clock (`07:00`, `22:00`); `24:00` is
 * the end of the day.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * Schema.is(TimeOfDay)("07:00") // => true
 * Schema.is(TimeOfDay)("7h") // => false
 * ```
 */
export const TimeOfDay = Schema.String.check(
  Schema.isPattern(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { message: "a time of day is HH:mm on a 24-hour clock, e.g. 07:00 or 22:00" })
)
/** A {@link TimeOfDay} after decoding. */
export type TimeOfDay = typeof TimeOfDay.Type

/**
 * Minutes since local midnight of a {@link TimeOfDay}.
 *
 * @example
 * ```ts
 * minutesOfTimeOfDay("07:30") // => 450
 * ```
 */
export const minutesOfTimeOfDay = (time: TimeOfDay): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))

/**
 * The instant a local wall-clock time falls on in a timezone. A time that a
 * daylight-saving jump skips is read as the first instant after the gap.
 *
 * @example
 * ```ts
 * instantAtLocal("2025-03-08", "09:00", "Asia/Ho_Chi_Minh") // => new Date("2025-03-08T02:00:00.000Z")
 * ```
 */
export const instantAtLocal = (date: string, time: TimeOfDay, timeZone: string): Date => {
  const minutes = minutesOfTimeOfDay(time)
  const local = new TZDate(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), Math.floor(minutes / 60), minutes % 60, timeZone)
  return new Date(local.getTime())
}

/** The local calendar date and the minute (with fraction) of the day of an instant in a timezone. */
export const localClockOf = (instant: Date, timeZone: string): { readonly date: string; readonly minute: number } => {
  const local = new TZDate(instant.getTime(), timeZone)
  return {
    date: localDateOf(instant, timeZone),
    minute: local.getHours() * 60 + local.getMinutes() + (local.getSeconds() * 1000 + local.getMilliseconds()) / 60_000
  }
}

/** The local calendar date `days` days after `date` (`yyyy-MM-dd`). */
export const addCalendarDays = (date: string, days: number): string => {
  const d = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) + days))
  return d.toISOString().slice(0, 10)
}
