import { TZDate } from "@date-fns/tz"
import { addDays } from "date-fns"
import { ruleActor } from "../actor.js"
import { lastChangeAt } from "../item.js"
import { applyOpportunityMove, isOpportunityOpen } from "../opportunity/opportunity-machine.js"
import type { Opportunity } from "../opportunity/opportunity.js"
import type { CustomerPipeline, Happening, RuleOutcome } from "./customer-pipeline.js"
import { defaultPipelineRules, type PipelineRules } from "./pipeline-rules.js"

/**
 * Is a checkout pending on the opportunity: one was started and no order was
 * placed (or completed) at or after it?
 *
 * @example
 * ```ts
 * isCheckoutPending({ checkoutStartedAt: new Date("2025-03-01T02:00:00Z"), orderPlacedAt: null }) // => true
 * isCheckoutPending({ checkoutStartedAt: new Date("2025-03-01T02:00:00Z"), orderPlacedAt: new Date("2025-03-01T02:05:00Z") }) // => false
 * ```
 */
export const isCheckoutPending = (opportunity: Pick<Opportunity, "checkoutStartedAt" | "orderPlacedAt">): boolean =>
  opportunity.checkoutStartedAt !== null && (opportunity.orderPlacedAt === null || opportunity.orderPlacedAt.getTime() < opportunity.checkoutStartedAt.getTime())

/**
 * The instant an open opportunity's pending checkout counts as abandoned:
 * the same local time, `abandonedCheckoutDays` calendar days after the
 * checkout started, in the rules' timezone. `undefined` when nothing is
 * pending, the opportunity is closed, or the rule is off.
 *
 * @example
 * ```ts
 * import { abandonDeadline, createOpportunity, defaultPipelineRules } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const opportunity = { ...Result.getOrThrow(createOpportunity({ id: "o-1", profileId: "p-1", originRecordId: "m-1", at: "2025-03-01T09:00:00+07:00", actor: { kind: "rule", id: "checkout_opens_opportunity" } })), checkoutStartedAt: new Date("2025-03-01T09:00:00+07:00") }
 * abandonDeadline(opportunity, defaultPipelineRules)?.toISOString() // => "2025-03-04T02:00:00.000Z"
 * ```
 */
export const abandonDeadline = (opportunity: Opportunity, rules: PipelineRules): Date | undefined => {
  const days = rules.opportunities.abandonedCheckoutDays
  if (days === null || !isOpportunityOpen(opportunity.status) || !isCheckoutPending(opportunity)) return undefined
  return new Date(addDays(new TZDate(opportunity.checkoutStartedAt!.getTime(), rules.timeZone), days).getTime())
}

/**
 * Loses, as `abandoned_checkout`, every open opportunity whose checkout was
 * not completed by its deadline ({@link abandonDeadline}) at or before
 * `asOf`. The loss is dated at the deadline (or the opportunity's last
 * change, if later) with the `checkout_abandoned_loses` rule as actor.
 * {@link applyEvent} runs this up to each event's instant first, so the
 * outcome does not depend on when a sweep ran.
 *
 * @param pipeline - the customer's items
 * @param options - `asOf`, and the rules (defaults when absent)
 * @returns the pipeline and the losses
 *
 * @example
 * ```ts
 * import { applyEvent, emptyPipeline, expireCheckouts } from "@kith/pipeline"
 *
 * const checkout = { type: "track" as const, event: "Checkout Started" as const, messageId: "m-1" as EventId, timestamp: new Date("2025-03-01T09:00:00+07:00"), userId: "u-1",
 *   properties: { currency: "VND", total: 450000, products: [{ productId: "p-ao", quantity: 2, price: 225000 }] } }
 * const { pipeline } = applyEvent(emptyPipeline("p-1"), checkout)
 * expireCheckouts(pipeline, { asOf: new Date("2025-03-04T09:00:00+07:00") }).happened.map((h) => h.kind) // => ["opportunity_lost"]
 * expireCheckouts(pipeline, { asOf: new Date("2025-03-04T08:59:59+07:00") }).happened // => []
 * ```
 */
export const expireCheckouts = (pipeline: CustomerPipeline, options: { readonly asOf: Date; readonly rules?: PipelineRules }): RuleOutcome => {
  const rules = options.rules ?? defaultPipelineRules
  const happened: Array<Happening> = []
  const opportunities = pipeline.opportunities.map((opportunity) => {
    const deadline = abandonDeadline(opportunity, rules)
    if (deadline === undefined || deadline.getTime() > options.asOf.getTime()) return opportunity
    const last = lastChangeAt(opportunity)
    const at = deadline.getTime() >= last.getTime() ? deadline : last
    const days = rules.opportunities.abandonedCheckoutDays
    happened.push({ kind: "opportunity_lost", opportunityId: opportunity.id, lostReason: "abandoned_checkout", at, eventId: null })
    return applyOpportunityMove(
      opportunity,
      { action: "lose", lostReason: "abandoned_checkout" },
      {
        at,
        actor: ruleActor("checkout_abandoned_loses"),
        reason: `no order within ${days} ${days === 1 ? "day" : "days"} of the checkout started at ${opportunity.checkoutStartedAt!.toISOString()}`,
        eventId: null
      }
    )
  })
  return happened.length === 0 ? { pipeline, happened } : { pipeline: { ...pipeline, opportunities }, happened }
}

/**
 * The next instant after which {@link expireCheckouts} would change the
 * customer's pipeline by time alone, or `undefined`: what a store schedules
 * its next sweep for, instead of sweeping every customer daily.
 *
 * @example
 * ```ts
 * import { applyEvent, emptyPipeline, nextDeadline } from "@kith/pipeline"
 *
 * const checkout = { type: "track" as const, event: "Checkout Started" as const, messageId: "m-1" as EventId, timestamp: new Date("2025-03-01T09:00:00+07:00"), userId: "u-1",
 *   properties: { currency: "VND", total: 450000, products: [{ productId: "p-ao", quantity: 2, price: 225000 }] } }
 * nextDeadline(applyEvent(emptyPipeline("p-1"), checkout).pipeline)?.toISOString() // => "2025-03-04T02:00:00.000Z"
 * ```
 */
export const nextDeadline = (pipeline: CustomerPipeline, rules: PipelineRules = defaultPipelineRules): Date | undefined => {
  let next: Date | undefined
  for (const opportunity of pipeline.opportunities) {
    const deadline = abandonDeadline(opportunity, rules)
    if (deadline !== undefined && (next === undefined || deadline.getTime() < next.getTime())) next = deadline
  }
  return next
}
