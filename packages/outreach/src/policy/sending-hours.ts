import { addCalendarDays, instantAtLocal, localClockOf, minutesOfTimeOfDay } from "../local-time.js"
import type { SendingHours } from "./contact-policy.js"
import { localPeriodOf } from "./local-periods.js"

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

const isOpenAt = (minute: number, from: number, to: number): boolean => (from <= to ? minute >= from && minute < to : minute >= from || minute < to)

/**
 * When the sending hours next open, or `undefined` when they are open at
 * `now`. Times are read on the recipient's local clock; the opening is the
 * first local `from` after `now`.
 *
 * @example
 * ```ts
 * const hours = { channel: "sms", purposes: ["promotion"], from: "07:00", to: "22:00", source: "" } as const
 * nextOpening(hours, new Date("2025-03-07T23:30:00+07:00"), "Asia/Ho_Chi_Minh") // => new Date("2025-03-08T07:00:00+07:00")
 * nextOpening(hours, new Date("2025-03-07T12:00:00+07:00"), "Asia/Ho_Chi_Minh") // => undefined
 * ```
 */
export const nextOpening = (hours: SendingHours, now: Date, timeZone: string): Date | undefined => {
  const from = minutesOfTimeOfDay(hours.from)
  const to = minutesOfTimeOfDay(hours.to)
  if (from === to) return undefined
  // On a local day of 24 hours, the wall clock is the time since its midnight; a day with a
  // daylight-saving change takes the timezone arithmetic.
  const day = localPeriodOf("day", now.getTime(), timeZone)
  if (day.end - day.start === DAY && isOpenAt((now.getTime() - day.start) / MINUTE, from, to)) return undefined
  const clock = localClockOf(now, timeZone)
  if (isOpenAt(clock.minute, from, to)) return undefined
  const today = instantAtLocal(clock.date, hours.from, timeZone)
  return today.getTime() > now.getTime() ? today : instantAtLocal(addCalendarDays(clock.date, 1), hours.from, timeZone)
}
