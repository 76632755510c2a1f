import type { InvalidInput } from "@kith/core"
import { Result, Schema } from "effect"
import { decodeWith } from "../change-options.js"
import type { PipelineItem } from "../item.js"
import { type BusinessCalendar, BusinessHours, businessCalendar } from "./business-hours.js"

const MINUTE = 60_000

/** A maximum time in a status: hours and minutes (whole, not negative, together more than zero, at most a year). */
export const SlaLimit = Schema.Struct({
  hours: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 8784 }))),
  minutes: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 527_040 })))
}).check(
  Schema.makeFilter((limit: { readonly hours?: number; readonly minutes?: number }) => {
    const total = (limit.hours ?? 0) * 60 + (limit.minutes ?? 0)
    if (total <= 0) return "a limit must be more than zero"
    return total > 527_040 ? "a limit is at most a year" : undefined
  })
)
/** The input shape of an {@link SlaLimit}. */
export type SlaLimit = typeof SlaLimit.Encoded

/**
 * An SLA policy (PIPE-8): the maximum time an item may stay in each status,
 * and the clock it is counted on — `"calendar"` (every hour counts) or the
 * workspace's business hours. Only statuses someone must act on take a
 * limit: a lead in `draft`, `new`, `received` or `processed`, an opportunity
 * in `open` or `in_progress`.
 *
 * @example
 * ```ts
 * const policy: SlaPolicyInput = {
 *   clock: { businessHours: { timeZone: "Asia/Ho_Chi_Minh", weekly: { mon: [{ from: "08:00", to: "17:30" }] } } },
 *   lead: { new: { hours: 2 }, received: { hours: 24 } },
 *   opportunity: { open: { hours: 4 } }
 * }
 * ```
 */
export const SlaPolicyInput = Schema.Struct({
  clock: Schema.Union([Schema.Literal("calendar"), Schema.Struct({ businessHours: BusinessHours })]),
  lead: Schema.optionalKey(
    Schema.Struct({
      draft: Schema.optionalKey(SlaLimit),
      new: Schema.optionalKey(SlaLimit),
      received: Schema.optionalKey(SlaLimit),
      processed: Schema.optionalKey(SlaLimit)
    })
  ),
  opportunity: Schema.optionalKey(Schema.Struct({ open: Schema.optionalKey(SlaLimit), in_progress: Schema.optionalKey(SlaLimit) }))
})
/** The input shape of an SLA policy. */
export type SlaPolicyInput = typeof SlaPolicyInput.Encoded

/** A clock SLA time is counted on. */
export interface SlaClock {
  readonly kind: "calendar" | "business"
  /** The clock time in `[from, to)`, in milliseconds. */
  readonly elapsed: (from: Date, to: Date) => number
  /** The instant `ms` of clock time after `from`. */
  readonly add: (from: Date, ms: number) => Date
}

/** A compiled SLA policy, from {@link slaPolicy}. */
export interface SlaPolicy {
  readonly clock: SlaClock
  /** The limit in milliseconds of clock time, per machine and status. */
  readonly limits: { readonly lead: Readonly<Record<string, number>>; readonly opportunity: Readonly<Record<string, number>> }
}

const calendarClock: SlaClock = {
  kind: "calendar",
  elapsed: (from, to) => Math.max(0, to.getTime() - from.getTime()),
  add: (from, ms) => new Date(from.getTime() + ms)
}

const businessClock = (calendar: BusinessCalendar): SlaClock => ({ kind: "business", elapsed: calendar.openTimeBetween, add: calendar.addOpenTime })

const decodePolicy = decodeWith("SLA policy", SlaPolicyInput)

const limitsOf = (limits: Readonly<Record<string, { readonly hours?: number; readonly minutes?: number } | undefined>> | undefined): Record<string, number> => {
  const out: Record<string, number> = {}
  for (const [status, limit] of Object.entries(limits ?? {})) if (limit !== undefined) out[status] = ((limit.hours ?? 0) * 60 + (limit.minutes ?? 0)) * MINUTE
  return out
}

/**
 * Compiles an SLA policy: checks every limit and the business hours, and
 * builds the clock.
 *
 * @param input - the clock and the limits per status
 * @returns the policy, or an `InvalidInput` naming every bad field (a limit on `closed`, a zero limit, a bad time)
 *
 * @example
 * ```ts
 * import { slaPolicy } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * Result.getOrThrow(slaPolicy({ clock: "calendar", lead: { new: { hours: 2 } } })).limits.lead // => { new: 7200000 }
 * Result.isFailure(slaPolicy({ clock: "calendar", lead: { closed: { hours: 2 } } })) // => true (a closed lead has no limit)
 * ```
 */
export const slaPolicy = (input: SlaPolicyInput): Result.Result<SlaPolicy, InvalidInput> =>
  Result.gen(function* () {
    const decoded = yield* decodePolicy(input)
    const clock = decoded.clock === "calendar" ? calendarClock : businessClock(yield* businessCalendar(decoded.clock.businessHours as BusinessHours))
    return { clock, limits: { lead: limitsOf(decoded.lead), opportunity: limitsOf(decoded.opportunity) } }
  })

/**
 * Where an item stands against its SLA in its current status.
 *
 * - `since`: when it entered the status — the clock starts there;
 * - `dueAt`: the instant the limit of clock time is used up;
 * - `elapsedMs`: clock time spent in the status until `asOf`;
 * - `overdue`: `asOf` is past `dueAt`; `overdueByMs`: clock time since `dueAt` (0 if not overdue).
 */
export interface SlaStanding {
  readonly item: PipelineItem
  readonly status: string
  readonly since: Date
  readonly limitMs: number
  readonly dueAt: Date
  readonly elapsedMs: number
  readonly overdue: boolean
  readonly overdueByMs: number
}

/**
 * The instant an item's current status is due under a policy: its limit of
 * clock time counted from when it entered the status. `undefined` when the
 * status has no limit (closed, spam, won, lost, or none set).
 *
 * @example
 * ```ts
 * import { createLead, dueAt, slaPolicy } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const policy = Result.getOrThrow(slaPolicy({
 *   clock: { businessHours: { timeZone: "Asia/Ho_Chi_Minh", weekly: Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ from: "08:00", to: "17:30" }]])) } },
 *   lead: { new: { hours: 2 } }
 * }))
 * const lead = Result.getOrThrow(createLead({ id: "l-1", profileId: "p-1", originRecordId: "m-1", source: "website_form", at: "2025-03-07T16:30:00+07:00", actor: { kind: "rule", id: "form_opens_lead" } }))
 * dueAt(lead, policy)?.toISOString() // => "2025-03-10T02:00:00.000Z" (Monday 09:00 local)
 * ```
 */
export const dueAt = (item: PipelineItem, policy: SlaPolicy): Date | undefined => {
  const limit = policy.limits[item.kind][item.status]
  return limit === undefined ? undefined : policy.clock.add(item.statusSince, limit)
}

/**
 * Where an item stands against the policy at `asOf` in its current status,
 * or `undefined` when that status has no limit. Leaving the status stops its
 * clock: the next status has its own (a lead moved on before its due instant
 * is never overdue for the status it left).
 *
 * @example
 * ```ts
 * import { createLead, slaPolicy, slaStanding } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const policy = Result.getOrThrow(slaPolicy({ clock: "calendar", lead: { new: { hours: 2 } } }))
 * const lead = Result.getOrThrow(createLead({ id: "l-1", profileId: "p-1", originRecordId: "m-1", source: "manual", at: "2025-03-07T09:00:00+07:00", actor: { kind: "staff", id: "s-lan" } }))
 * const standing = slaStanding(lead, policy, { asOf: new Date("2025-03-07T12:00:00+07:00") })
 * ;[standing?.overdue, standing?.overdueByMs] // => [true, 3600000]
 * ```
 */
export const slaStanding = (item: PipelineItem, policy: SlaPolicy, options: { readonly asOf: Date }): SlaStanding | undefined => {
  const limitMs = policy.limits[item.kind][item.status]
  if (limitMs === undefined) return undefined
  const due = policy.clock.add(item.statusSince, limitMs)
  const overdue = options.asOf.getTime() > due.getTime()
  return {
    item,
    status: item.status,
    since: item.statusSince,
    limitMs,
    dueAt: due,
    elapsedMs: policy.clock.elapsed(item.statusSince, options.asOf),
    overdue,
    overdueByMs: overdue ? policy.clock.elapsed(due, options.asOf) : 0
  }
}

/**
 * The items left in a status longer than the policy allows at `asOf`
 * (PIPE-8), most overdue first (earliest `dueAt`, then kind and id).
 *
 * @param items - leads and opportunities
 * @param options - `asOf` and the compiled policy
 * @returns the overdue items with their standing
 *
 * @example
 * ```ts
 * import { createLead, moveLead, overdue, slaPolicy } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const policy = Result.getOrThrow(slaPolicy({ clock: "calendar", lead: { new: { hours: 2 }, received: { hours: 24 } } }))
 * const staff = { kind: "staff", id: "s-lan" } as const
 * const late = Result.getOrThrow(createLead({ id: "l-1", profileId: "p-1", originRecordId: "m-1", source: "manual", at: "2025-03-07T08:00:00+07:00", actor: staff }))
 * const handled = Result.getOrThrow(moveLead(Result.getOrThrow(createLead({ id: "l-2", profileId: "p-2", originRecordId: "m-2", source: "manual", at: "2025-03-07T08:00:00+07:00", actor: staff })), "receive", { at: "2025-03-07T09:00:00+07:00", actor: staff }))
 * overdue([late, handled], { asOf: new Date("2025-03-07T12:00:00+07:00"), policy }).map((s) => s.item.id) // => ["l-1"]
 * ```
 */
export const overdue = (items: ReadonlyArray<PipelineItem>, options: { readonly asOf: Date; readonly policy: SlaPolicy }): ReadonlyArray<SlaStanding> => {
  const out: Array<SlaStanding> = []
  for (const item of items) {
    const standing = slaStanding(item, options.policy, options)
    if (standing?.overdue === true) out.push(standing)
  }
  return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.item.kind < b.item.kind ? -1 : a.item.kind > b.item.kind ? 1 : a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0))
}

/**
 * One stay of an item in a status, from its history: when it entered and
 * left (`null` while still there), clock time spent (up to `asOf` while
 * still there), the limit and due instant if the status has one, and
 * whether the limit was exceeded — for past stays, whether it left after its
 * due instant.
 */
export interface StatusStay {
  readonly status: string
  readonly from: Date
  readonly to: Date | null
  readonly elapsedMs: number
  readonly limitMs: number | null
  readonly dueAt: Date | null
  readonly breached: boolean
}

/**
 * Every stay of an item in a status, in order, each timed on the policy's
 * clock: the record behind SLA reports over past work. The clock of a stay
 * stops when the item leaves the status.
 *
 * @example
 * ```ts
 * import { createLead, moveLead, slaPolicy, statusStays } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const policy = Result.getOrThrow(slaPolicy({ clock: "calendar", lead: { new: { hours: 2 } } }))
 * const staff = { kind: "staff", id: "s-lan" } as const
 * const lead = Result.getOrThrow(createLead({ id: "l-1", profileId: "p-1", originRecordId: "m-1", source: "manual", at: "2025-03-07T08:00:00+07:00", actor: staff }))
 * const received = Result.getOrThrow(moveLead(lead, "receive", { at: "2025-03-07T11:00:00+07:00", actor: staff }))
 * statusStays(received, policy, { asOf: new Date("2025-03-08T00:00:00+07:00") }).map((s) => [s.status, s.elapsedMs, s.breached])
 * // => [["new", 10800000, true], ["received", 46800000, false]]
 * ```
 */
export const statusStays = (item: PipelineItem, policy: SlaPolicy, options: { readonly asOf: Date }): ReadonlyArray<StatusStay> => {
  const entries: Array<{ readonly status: string; readonly at: Date }> = []
  for (const change of item.history) if (change.kind === "status") entries.push({ status: change.to, at: change.at })
  return entries.map((entry, i) => {
    const next = entries[i + 1]
    const to = next?.at ?? null
    const end = to ?? options.asOf
    const limitMs = policy.limits[item.kind][entry.status] ?? null
    const due = limitMs === null ? null : policy.clock.add(entry.at, limitMs)
    return {
      status: entry.status,
      from: entry.at,
      to,
      elapsedMs: policy.clock.elapsed(entry.at, end),
      limitMs,
      dueAt: due,
      breached: due !== null && end.getTime() > due.getTime()
    }
  })
}
