import type { ProfileId, StaffId } from "@kith/core"
import type { LeadStatus } from "@kith/core"
import type { Lead, LeadSource } from "../lead/lead.js"
import type { Opportunity, OpportunityStatus } from "../opportunity/opportunity.js"
import { assigneeBefore, statusBefore } from "./as-of.js"

/** Amounts by currency code, in each currency's smallest unit: `{ VND: 1250000 }`. */
export type MoneyTotals = Readonly<Record<string, number>>

/** A period `[from, to)`. */
export interface Period {
  readonly from: Date
  readonly to: Date
}

/** How one assignee did on the period's leads and opportunities (see {@link pipelineMetrics}). */
export interface AssigneePerformance {
  /** The staff member, or `null` for the work nobody was assigned. */
  readonly staffId: StaffId | null
  /** Distinct customers among their leads and opportunities. */
  readonly customers: number
  readonly leads: number
  /** Of their leads, how many were `closed` at the end of the period. */
  readonly leadsClosed: number
  readonly opportunities: number
  readonly won: number
  readonly lost: number
  /** `won / opportunities`, `null` without opportunities. */
  readonly closeRate: number | null
  readonly wonValue: MoneyTotals
}

/** The pipeline metrics of a period (PIPE-5); every figure is defined in {@link pipelineMetrics}. */
export interface PipelineMetrics {
  readonly period: Period
  readonly leads: {
    readonly total: number
    readonly byStatus: Readonly<Record<LeadStatus, number>>
    readonly bySource: Readonly<Record<LeadSource, number>>
  }
  readonly opportunities: {
    readonly total: number
    readonly open: number
    readonly inProgress: number
    readonly won: number
    readonly lost: number
    /** `won / total`, `null` when there are none. */
    readonly closeRate: number | null
    readonly value: Readonly<Record<OpportunityStatus, MoneyTotals>>
  }
  /** One row per assignee, by staff id; the unassigned row (`null`) last, when there is unassigned work. */
  readonly assignees: ReadonlyArray<AssigneePerformance>
}

const LEAD_STATUSES: ReadonlyArray<LeadStatus> = ["draft", "new", "received", "processed", "closed", "spam"]
const LEAD_SOURCES: ReadonlyArray<LeadSource> = ["chatbot_form", "website_form", "review", "crm_import", "file_import", "manual"]

const inPeriod = (at: Date, period: Period): boolean => at.getTime() >= period.from.getTime() && at.getTime() < period.to.getTime()

const addMoney = (totals: Record<string, number>, currency: string, amount: number): void => {
  totals[currency] = (totals[currency] ?? 0) + amount
}

/** The value an opportunity stands for in its status at the end of the period. */
const valueOf = (opportunity: Opportunity, status: OpportunityStatus): number => (status === "won" ? (opportunity.wonValue ?? opportunity.cartValue) : opportunity.cartValue)

/**
 * The pipeline metrics of a period `[from, to)` (PIPE-5).
 *
 * **Cohorts.** The period's leads are those *created* in it; its
 * opportunities likewise. Each is counted in the status it had just before
 * `to` (from its history), and attributed to the assignee it had then — so
 * the figures for a past period do not move when work goes on.
 *
 * - `leads.total`: leads created in the period; `byStatus` splits them by
 *   status at `to` (drafts and spam included), `bySource` by source.
 * - `opportunities.total = open + inProgress + won + lost`, by status at
 *   `to`. The spec's "in progress" is `open + inProgress` (not yet won or
 *   lost).
 * - `opportunities.closeRate = won / total`.
 * - `opportunities.value[status]`: per currency, the sum over the cohort's
 *   opportunities in that status of their value — the won value for `won`
 *   (the winning order's total), else the cart value (frozen when the
 *   opportunity closed; for one still open, its cart as it stands now).
 * - per assignee: `customers` = distinct profiles among their leads and
 *   opportunities of the period; `leads`, `leadsClosed`, `opportunities`,
 *   `won`, `lost`; `closeRate = won / opportunities`; `wonValue` per
 *   currency.
 *
 * @param items - the workspace's leads and opportunities (items created outside the period are ignored)
 * @param period - `from` inclusive, `to` exclusive
 * @returns the metrics
 *
 * @example
 * ```ts
 * import { createOpportunity, moveOpportunity, pipelineMetrics } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const staff = { kind: "staff", id: "s-lan" } as const
 * const open = (id: string) => Result.getOrThrow(createOpportunity({ id, profileId: `p-${id}`, originRecordId: id, at: "2025-03-03T09:00:00+07:00", actor: staff, assignee: "s-lan", cartValue: 300000 }))
 * const won = Result.getOrThrow(moveOpportunity(open("o-1"), { action: "win", orderId: "SO-1", value: 280000 }, { at: "2025-03-05T09:00:00+07:00", actor: staff }))
 * const metrics = pipelineMetrics({ leads: [], opportunities: [won, open("o-2")] }, { from: new Date("2025-03-01T00:00:00+07:00"), to: new Date("2025-04-01T00:00:00+07:00") })
 * ;[metrics.opportunities.total, metrics.opportunities.won, metrics.opportunities.closeRate] // => [2, 1, 0.5]
 * metrics.opportunities.value.won // => { VND: 280000 }
 * metrics.assignees[0]?.customers // => 2
 * ```
 */
export const pipelineMetrics = (
  items: { readonly leads: ReadonlyArray<Lead>; readonly opportunities: ReadonlyArray<Opportunity> },
  period: Period
): PipelineMetrics => {
  const byStatus = Object.fromEntries(LEAD_STATUSES.map((s) => [s, 0])) as Record<LeadStatus, number>
  const bySource = Object.fromEntries(LEAD_SOURCES.map((s) => [s, 0])) as Record<LeadSource, number>
  const counts: Record<OpportunityStatus, number> = { open: 0, in_progress: 0, won: 0, lost: 0 }
  const value: Record<OpportunityStatus, Record<string, number>> = { open: {}, in_progress: {}, won: {}, lost: {} }
  const people = new Map<StaffId | null, { customers: Set<ProfileId>; leads: number; leadsClosed: number; opportunities: number; won: number; lost: number; wonValue: Record<string, number> }>()
  const row = (staffId: StaffId | null) => {
    let known = people.get(staffId)
    if (known === undefined) {
      known = { customers: new Set(), leads: 0, leadsClosed: 0, opportunities: 0, won: 0, lost: 0, wonValue: {} }
      people.set(staffId, known)
    }
    return known
  }
  let leadTotal = 0
  for (const lead of items.leads) {
    if (!inPeriod(lead.createdAt, period)) continue
    const status = statusBefore(lead, period.to) ?? lead.status
    leadTotal++
    byStatus[status]++
    bySource[lead.source]++
    const person = row(assigneeBefore(lead, period.to))
    person.customers.add(lead.profileId)
    person.leads++
    if (status === "closed") person.leadsClosed++
  }
  let opportunityTotal = 0
  for (const opportunity of items.opportunities) {
    if (!inPeriod(opportunity.createdAt, period)) continue
    const status = statusBefore(opportunity, period.to) ?? opportunity.status
    opportunityTotal++
    counts[status]++
    addMoney(value[status], opportunity.currency, valueOf(opportunity, status))
    const person = row(assigneeBefore(opportunity, period.to))
    person.customers.add(opportunity.profileId)
    person.opportunities++
    if (status === "won") {
      person.won++
      addMoney(person.wonValue, opportunity.currency, valueOf(opportunity, status))
    }
    if (status === "lost") person.lost++
  }
  const assignees = [...people]
    .sort(([a], [b]) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1))
    .map(([staffId, p]) => ({
      staffId,
      customers: p.customers.size,
      leads: p.leads,
      leadsClosed: p.leadsClosed,
      opportunities: p.opportunities,
      won: p.won,
      lost: p.lost,
      closeRate: p.opportunities === 0 ? null : p.won / p.opportunities,
      wonValue: p.wonValue
    }))
  return {
    period,
    leads: { total: leadTotal, byStatus, bySource },
    opportunities: {
      total: opportunityTotal,
      open: counts.open,
      inProgress: counts.in_progress,
      won: counts.won,
      lost: counts.lost,
      closeRate: opportunityTotal === 0 ? null : counts.won / opportunityTotal,
      value
    },
    assignees
  }
}
