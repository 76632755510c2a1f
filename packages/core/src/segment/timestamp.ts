import { TZDate } from "@date-fns/tz"
import { type IssueList, shown } from "./issues.js"

/** Which of the call's fields the event's instant was taken from. */
export type TimestampSource = "timestamp" | "originalTimestamp" | "receivedAt"

const WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/

/**
 * Reads an instant as Segment clients write it: ISO 8601 with a zone (`Z` or
 * an offset) as it says; without a zone (`2025-03-01T09:30:00`, or a bare
 * date for midnight) as a wall-clock time in the workspace timezone; a `Date`
 * as it is. `undefined` for anything else.
 *
 * @example
 * ```ts
 * instantOf("2025-03-01T09:30:00+07:00", "UTC")?.toISOString() // => "2025-03-01T02:30:00.000Z"
 * instantOf("2025-03-01T09:30:00", "Asia/Ho_Chi_Minh")?.toISOString() // => "2025-03-01T02:30:00.000Z"
 * ```
 */
export const instantOf = (value: unknown, timeZone: string): Date | undefined => {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value
  if (typeof value !== "string") return undefined
  const written = value.trim()
  if (WITH_ZONE.test(written)) {
    const date = new Date(written)
    return Number.isNaN(date.getTime()) || !sameDay(written, date) ? undefined : date
  }
  const local = LOCAL.exec(written)
  if (local === null) return undefined
  const part = (i: number): number => (local[i] === undefined ? 0 : Number(local[i]))
  const [y, mo, d, h, mi, s] = [part(1), part(2), part(3), part(4), part(5), part(6)]
  const ms = local[7] === undefined ? 0 : Number(local[7].slice(0, 3).padEnd(3, "0"))
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined
  const zoned = new TZDate(y, mo - 1, d, h, mi, s, ms, timeZone)
  // A day that does not exist (31 February) rolls over; refuse it rather than move it.
  if (zoned.getDate() !== d || zoned.getMonth() !== mo - 1) return undefined
  return new Date(zoned.getTime())
}

// `new Date` rolls 2025-02-30 over to 2 March; the written day must exist.
const sameDay = (written: string, date: Date): boolean => {
  const [y, m, d] = [Number(written.slice(0, 4)), Number(written.slice(5, 7)), Number(written.slice(8, 10))]
  const probe = new Date(Date.UTC(y, m - 1, d))
  return y >= 1 && probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d && !Number.isNaN(date.getTime())
}

/** The instants a call carries and the one the server adds. */
export interface CallClock {
  readonly timestamp: unknown
  readonly originalTimestamp: unknown
  readonly sentAt: unknown
  readonly receivedAt: Date
  readonly timeZone: string
}

/**
 * When the event happened, as Segment decides it: the call's `timestamp` as
 * given; else its `originalTimestamp` (the device clock when the call was
 * made) corrected for the device's clock skew, `receivedAt − (sentAt −
 * originalTimestamp)`, when `sentAt` (the device clock when it was sent) is
 * known; else `originalTimestamp` as given; else `receivedAt`.
 */
export const eventInstantOf = (clock: CallClock, issues: IssueList): { readonly at: Date; readonly from: TimestampSource } | undefined => {
  const read = (field: "timestamp" | "originalTimestamp" | "sentAt", value: unknown): Date | undefined => {
    if (value === undefined || value === null) return undefined
    const at = instantOf(value, clock.timeZone)
    if (at === undefined) issues.add(field, `${shown(value)} is not an ISO 8601 date and time such as 2025-03-01T09:30:00+07:00`)
    return at
  }
  if (clock.timestamp !== undefined && clock.timestamp !== null) {
    const at = read("timestamp", clock.timestamp)
    return at === undefined ? undefined : { at, from: "timestamp" }
  }
  if (clock.originalTimestamp !== undefined && clock.originalTimestamp !== null) {
    const original = read("originalTimestamp", clock.originalTimestamp)
    const sentAt = read("sentAt", clock.sentAt)
    if (original === undefined || (sentAt === undefined && clock.sentAt !== undefined && clock.sentAt !== null)) return undefined
    const at = sentAt === undefined ? original : new Date(clock.receivedAt.getTime() - (sentAt.getTime() - original.getTime()))
    return { at, from: "originalTimestamp" }
  }
  return { at: clock.receivedAt, from: "receivedAt" }
}
