import { TZDate } from "@date-fns/tz"
import { format } from "date-fns"

/**
 * The calendar date (`yyyy-MM-dd`) of an instant in a timezone.
 *
 * @example
 * ```ts
 * localDateOf(new Date("2025-02-28T17:30:00Z"), "Asia/Ho_Chi_Minh") // => "2025-03-01"
 * localDateOf(new Date("2025-02-28T17:30:00Z"), "UTC") // => "2025-02-28"
 * ```
 */
export const localDateOf = (instant: Date, timeZone: string): string => format(new TZDate(instant.getTime(), timeZone), "yyyy-MM-dd")

/**
 * The calendar month (`yyyy-MM`) of an instant in a timezone: an order at
 * 00:30 on 1 March in Hồ Chí Minh City belongs to March although it is still
 * February in UTC.
 *
 * @example
 * ```ts
 * localMonthOf(new Date("2025-02-28T17:30:00Z"), "Asia/Ho_Chi_Minh") // => "2025-03"
 * ```
 */
export const localMonthOf = (instant: Date, timeZone: string): string => format(new TZDate(instant.getTime(), timeZone), "yyyy-MM")

/**
 * The instant at which the local day containing `instant` starts in `timeZone`.
 *
 * @example
 * ```ts
 * startOfLocalDay(new Date("2025-02-28T17:30:00Z"), "Asia/Ho_Chi_Minh") // => new Date("2025-02-28T17:00:00.000Z")
 * ```
 */
export const startOfLocalDay = (instant: Date, timeZone: string): Date => {
  const local = new TZDate(instant.getTime(), timeZone)
  return new Date(new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), timeZone).getTime())
}
