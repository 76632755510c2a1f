import { TZDate } from "@date-fns/tz"

/**
 * The rights a data subject exercises (Law 91/2025/QH15 on Personal Data
 * Protection): see their data, correct it, erase it, withdraw a consent,
 * object to a processing.
 *
 * @example
 * ```ts
 * const kind: RequestKind = "withdrawal"
 * ```
 */
export type RequestKind = "access" | "correction" | "erasure" | "withdrawal" | "objection"

/**
 * Every {@link RequestKind}.
 *
 * @example
 * ```ts
 * import { REQUEST_KINDS } from "@kith/privacy"
 * REQUEST_KINDS.length // => 5
 * ```
 */
export const REQUEST_KINDS: ReadonlyArray<RequestKind> = ["access", "correction", "erasure", "withdrawal", "objection"]

/**
 * The deadlines Decree 356/2025 gives a request: answer within 2 working days
 * of receiving it; after a withdrawal of consent, stop processing within 15
 * days.
 *
 * @example
 * ```ts
 * const deadlines: RequestDeadlines = { answerBy: new Date("2026-01-07T17:00:00Z"), stopBy: new Date("2026-01-20T17:00:00Z") }
 * ```
 */
export interface RequestDeadlines {
  /** End of the second working day after the day it was received. */
  readonly answerBy: Date
  /** Withdrawals only: end of the fifteenth day after the day it was received. */
  readonly stopBy?: Date | undefined
}

/**
 * Options of {@link requestDeadlines}: the workspace's timezone (days are
 * its days) and its public holidays, which are not working days.
 *
 * @example
 * ```ts
 * const options: DeadlineOptions = { timeZone: "Asia/Ho_Chi_Minh", holidays: ["2026-04-30", "2026-05-01"] }
 * ```
 */
export interface DeadlineOptions {
  readonly timeZone: string
  /** Local dates (`yyyy-MM-dd`) that are not working days besides Saturdays and Sundays. */
  readonly holidays?: ReadonlyArray<string> | undefined
}

const pad = (n: number): string => String(n).padStart(2, "0")

// The local calendar date `days` after (y, m, d), computed on the calendar alone.
const plusDays = (y: number, m: number, d: number, days: number): readonly [number, number, number] => {
  const t = new Date(Date.UTC(y, m, d + days))
  return [t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()]
}

const startOf = (timeZone: string, [y, m, d]: readonly [number, number, number]): Date => new Date(new TZDate(y, m, d, timeZone).getTime())

/**
 * When a request received at `receivedAt` must be answered (end of the second
 * working day after the day it arrived: Saturdays, Sundays and the given
 * holidays do not count) and, for a withdrawal, when processing must have
 * stopped (end of the fifteenth calendar day after it arrived). Days are the
 * workspace's local days.
 *
 * @param kind - the request's kind
 * @param receivedAt - when it was received
 * @param options - timezone and holidays
 * @returns the deadlines
 *
 * @example
 * ```ts
 * import { requestDeadlines } from "@kith/privacy"
 * // Received on Friday 2 January 2026, 10:00 in Hà Nội: answer by the end of Tuesday 6 January.
 * requestDeadlines("access", new Date("2026-01-02T03:00:00Z"), { timeZone: "Asia/Ho_Chi_Minh" }).answerBy.toISOString() // => "2026-01-06T17:00:00.000Z"
 * requestDeadlines("withdrawal", new Date("2026-01-02T03:00:00Z"), { timeZone: "Asia/Ho_Chi_Minh" }).stopBy?.toISOString() // => "2026-01-17T17:00:00.000Z"
 * ```
 */
export const requestDeadlines = (kind: RequestKind, receivedAt: Date, options: DeadlineOptions): RequestDeadlines => {
  const local = new TZDate(receivedAt.getTime(), options.timeZone)
  const day: readonly [number, number, number] = [local.getFullYear(), local.getMonth(), local.getDate()]
  const holidays = new Set(options.holidays ?? [])
  let working = 0
  let offset = 0
  while (working < 2) {
    offset++
    const date = plusDays(...day, offset)
    const weekday = new Date(Date.UTC(...date)).getUTCDay()
    if (weekday !== 0 && weekday !== 6 && !holidays.has(`${date[0]}-${pad(date[1] + 1)}-${pad(date[2])}`)) working++
  }
  const answerBy = startOf(options.timeZone, plusDays(...day, offset + 1))
  return kind === "withdrawal" ? { answerBy, stopBy: startOf(options.timeZone, plusDays(...day, 16)) } : { answerBy }
}

/**
 * Where a request stands: `open` until answered, then `completed` or
 * `rejected` (with the reason).
 *
 * @example
 * ```ts
 * const status: RequestStatus = "open"
 * ```
 */
export type RequestStatus = "open" | "completed" | "rejected"

/**
 * A data subject's request as kept (PRIV-7): its kind, who asked (an
 * identifier or a profile id, as given), when it was received, its
 * deadlines, and how it ended.
 *
 * @example
 * ```ts
 * const request: DataSubjectRequest = {
 *   id: "r-1", kind: "erasure", subject: { type: "phone", value: "+84912345678" }, receivedAt: new Date("2026-01-02T03:00:00Z"),
 *   answerBy: new Date("2026-01-06T17:00:00Z"), status: "open", actor: "staff-lan"
 * }
 * ```
 */
export interface DataSubjectRequest {
  readonly id: string
  readonly kind: RequestKind
  /** Who asked: an identifier as given, or a profile id. */
  readonly subject: { readonly type: string; readonly value: string } | { readonly profileId: string }
  readonly receivedAt: Date
  readonly answerBy: Date
  readonly stopBy?: Date | undefined
  readonly status: RequestStatus
  readonly closedAt?: Date | undefined
  readonly note?: string | undefined
  /** Who recorded it. */
  readonly actor: string
}

/**
 * Whether a request is late at `asOf`: still open past a deadline (to answer,
 * or to stop processing after a withdrawal).
 *
 * @param request - the request
 * @param asOf - the instant to judge at
 * @returns `true` when open and past `answerBy` (or `stopBy`)
 *
 * @example
 * ```ts
 * import { isOverdue } from "@kith/privacy"
 * const request = { id: "r-1", kind: "access" as const, subject: { profileId: "p-1" }, receivedAt: new Date("2026-01-02T03:00:00Z"),
 *   answerBy: new Date("2026-01-06T17:00:00Z"), status: "open" as const, actor: "staff-lan" }
 * isOverdue(request, new Date("2026-01-06T16:59:59Z")) // => false
 * isOverdue(request, new Date("2026-01-06T17:00:00Z")) // => true
 * isOverdue({ ...request, status: "completed" as const }, new Date("2026-02-01T00:00:00Z")) // => false
 * ```
 */
export const isOverdue = (request: DataSubjectRequest, asOf: Date): boolean =>
  request.status === "open" &&
  (asOf.getTime() >= request.answerBy.getTime() || (request.stopBy !== undefined && asOf.getTime() >= request.stopBy.getTime()))
