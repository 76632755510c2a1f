import type { EventId, LeadId, OpportunityId, OrderId, ProfileId } from "@kith/core"
import type { Lead } from "../lead/lead.js"
import type { LostReason, Opportunity } from "../opportunity/opportunity.js"

/**
 * One customer's leads and opportunities: what the event rules read and
 * return. Pass every open item and at least the closed opportunities linked
 * to the event's order and the latest closed one (the rules read no others).
 *
 * @example
 * ```ts
 * import { emptyPipeline } from "@kith/pipeline"
 * emptyPipeline("p-1") // => { profileId: "p-1", leads: [], opportunities: [] }
 * ```
 */
export interface CustomerPipeline {
  readonly profileId: ProfileId
  readonly leads: ReadonlyArray<Lead>
  readonly opportunities: ReadonlyArray<Opportunity>
}

/**
 * A customer with no leads and no opportunities.
 *
 * @example
 * ```ts
 * emptyPipeline("p-1").leads // => []
 * ```
 */
export const emptyPipeline = (profileId: string): CustomerPipeline => ({ profileId: profileId as ProfileId, leads: [], opportunities: [] })

/**
 * What a rule did, in the order it happened: the facade turns these into
 * timeline entries (PRF-6) and the storage writes the items they name.
 * `eventId` is the event that caused it (`null` for a deadline passing).
 */
export type Happening =
  | { readonly kind: "lead_opened"; readonly leadId: LeadId; readonly at: Date; readonly eventId: EventId }
  | { readonly kind: "lead_resubmitted"; readonly leadId: LeadId; readonly at: Date; readonly eventId: EventId }
  | { readonly kind: "opportunity_opened"; readonly opportunityId: OpportunityId; readonly at: Date; readonly eventId: EventId }
  | { readonly kind: "opportunity_updated"; readonly opportunityId: OpportunityId; readonly at: Date; readonly eventId: EventId }
  | { readonly kind: "opportunity_reopened"; readonly opportunityId: OpportunityId; readonly at: Date; readonly eventId: EventId }
  | { readonly kind: "opportunity_won"; readonly opportunityId: OpportunityId; readonly orderId: OrderId; readonly at: Date; readonly eventId: EventId }
  | {
      readonly kind: "opportunity_lost"
      readonly opportunityId: OpportunityId
      readonly lostReason: LostReason
      readonly at: Date
      readonly eventId: EventId | null
    }

/** The customer's pipeline after a rule ran, and what happened. */
export interface RuleOutcome {
  readonly pipeline: CustomerPipeline
  readonly happened: ReadonlyArray<Happening>
}
