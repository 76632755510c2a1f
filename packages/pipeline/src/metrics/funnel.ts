import type { Lead } from "../lead/lead.js"
import type { Opportunity } from "../opportunity/opportunity.js"
import { statusBefore } from "./as-of.js"
import type { Period } from "./pipeline-metrics.js"

/** The stages of the funnel, in order. */
export type FunnelStage = "visitor" | "lead" | "opportunity" | "buyer"

/** One stage of the funnel: how many customers reached it, and the share of the previous stage that did. */
export interface FunnelStep {
  readonly stage: FunnelStage
  readonly customers: number
  /** `customers / previous stage's customers`; `null` for the first stage or when the previous stage is empty. */
  readonly conversion: number | null
}

/** What the funnel reads besides the pipeline: two sets of profiles the store knows from events. */
export interface FunnelInput {
  /** Profiles with any activity in the period (a page view, an event of their own). */
  readonly visitors: Iterable<string>
  /** Profiles with an order completed in the period. */
  readonly buyers: Iterable<string>
  readonly leads: ReadonlyArray<Lead>
  readonly opportunities: ReadonlyArray<Opportunity>
}

/**
 * The funnel visitor → lead → opportunity → buyer over a period `[from, to)`
 * (PIPE-5), counting distinct customers. Each stage counts the customers who
 * reached it **or a later one** in the period, so every stage holds the next
 * and conversions are between 0 and 1:
 *
 * - **buyer**: an order completed in the period (`buyers`), or an
 *   opportunity won in it;
 * - **opportunity**: an opportunity created in the period, or a buyer;
 * - **lead**: a lead created in the period and, just before `to`, neither a
 *   draft nor spam — or an opportunity-stage customer;
 * - **visitor**: any activity in the period (`visitors`), or a lead-stage customer.
 *
 * @example
 * ```ts
 * import { createLead, funnel } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const lead = Result.getOrThrow(createLead({ id: "l-1", profileId: "p-2", originRecordId: "m-1", source: "website_form", at: "2025-03-03T09:00:00+07:00", actor: { kind: "rule", id: "form_opens_lead" } }))
 * const steps = funnel(
 *   { visitors: ["p-1", "p-2", "p-3", "p-4"], buyers: ["p-3"], leads: [lead], opportunities: [] },
 *   { from: new Date("2025-03-01T00:00:00+07:00"), to: new Date("2025-04-01T00:00:00+07:00") }
 * )
 * steps.map((s) => [s.stage, s.customers]) // => [["visitor", 4], ["lead", 2], ["opportunity", 1], ["buyer", 1]]
 * steps[1]?.conversion // => 0.5
 * ```
 */
export const funnel = (input: FunnelInput, period: Period): ReadonlyArray<FunnelStep> => {
  const within = (at: Date | null): boolean => at !== null && at.getTime() >= period.from.getTime() && at.getTime() < period.to.getTime()
  const buyers = new Set<string>(input.buyers)
  for (const o of input.opportunities) if (o.status === "won" && within(o.closedAt)) buyers.add(o.profileId)
  const opportunities = new Set<string>(buyers)
  for (const o of input.opportunities) if (within(o.createdAt)) opportunities.add(o.profileId)
  const leads = new Set<string>(opportunities)
  for (const l of input.leads) {
    if (!within(l.createdAt)) continue
    const status = statusBefore(l, period.to) ?? l.status
    if (status !== "draft" && status !== "spam") leads.add(l.profileId)
  }
  const visitors = new Set<string>(leads)
  for (const v of input.visitors) visitors.add(v)
  const counts: ReadonlyArray<readonly [FunnelStage, number]> = [
    ["visitor", visitors.size],
    ["lead", leads.size],
    ["opportunity", opportunities.size],
    ["buyer", buyers.size]
  ]
  return counts.map(([stage, customers], i) => {
    const previous = i === 0 ? undefined : counts[i - 1]![1]
    return { stage, customers, conversion: previous === undefined || previous === 0 ? null : customers / previous }
  })
}
