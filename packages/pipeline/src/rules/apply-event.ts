import { type EventId, isTrackEventOf, type KithEvent, type LeadId, type OpportunityId, type OrderId, type ProductId, type StaffId } from "@kith/core"
import { type RuleName, ruleActor } from "../actor.js"
import type { ChangeStamp } from "../change-options.js"
import { lastChangeAt } from "../item.js"
import type { Lead, LeadSource } from "../lead/lead.js"
import { buildLead } from "../lead/lead-machine.js"
import { applyOpportunityMove, buildOpportunity, isOpportunityOpen, linesValue } from "../opportunity/opportunity-machine.js"
import type { CartLine, InterestBehaviour, LostReason, Opportunity } from "../opportunity/opportunity.js"
import type { CustomerPipeline, Happening, RuleOutcome } from "./customer-pipeline.js"
import { expireCheckouts } from "./deadlines.js"
import { derivedId } from "./derived-id.js"
import { defaultPipelineRules, type OpportunityTrigger, type PipelineRules } from "./pipeline-rules.js"

const HOUR = 3_600_000

/** What each event counts as, when it lands on an open opportunity. */
const INTEREST_OF: Readonly<Record<string, InterestBehaviour>> = {
  "Conversation Ended": "asked",
  "Message Replied": "asked",
  "Form Submitted": "asked",
  "Product Viewed": "viewed",
  "Video Product Viewed": "viewed",
  "Video Product Clicked": "viewed",
  "Live Product Clicked": "viewed",
  "Product Favorited": "favorited",
  "Video Product Liked": "favorited",
  "Product Added": "added_to_cart",
  "Checkout Started": "started_checkout",
  "Payment Failed": "payment_failed",
  "Order Placed": "placed_order",
  "Order Completed": "bought"
}

/**
 * Events the shop (or its back office) sends about the customer rather than
 * things the customer did: they are not activity.
 */
const NOT_CUSTOMER_ACTIVITY: ReadonlySet<string> = new Set([
  "Message Sent",
  "Message Delivered",
  "Points Earned",
  "Points Adjusted",
  "Order Refunded",
  "Order Returned",
  "Order Delivery Failed",
  "Order Cancelled",
  "Ticket Resolved"
])

const NEVER = Number.NEGATIVE_INFINITY

/**
 * Runs the event rules on one customer's pipeline (PIPE-1, PIPE-4): a pure
 * function of the pipeline, the event and the settings. Time comes from the
 * event; nothing reads the clock.
 *
 * First, checkouts whose deadline passed by the event's instant are lost
 * ({@link expireCheckouts}). Then:
 *
 * - `Form Submitted` / `Review Submitted` open a lead (`new`), or count on the
 *   customer's latest lead of that source that is not closed;
 * - `Product Added` / `Checkout Started` (and `Order Placed` if configured)
 *   open an opportunity when none is open;
 * - cart events keep the cart (lines, value); a checkout replaces it with
 *   its products and total; a placed order sets the value to its total;
 * - every activity of the customer updates the open opportunity's last
 *   activity and interest behaviours (`came_back` after a quiet spell);
 * - `Order Completed` wins the open opportunity (the one linked to the order,
 *   else the current one), naming the order, with its total as won value;
 * - `Order Cancelled` / `Order Delivery Failed` lose the opportunity linked
 *   to the order (or the current one, if it has no order yet);
 * - an order placed or completed *before* an abandoned-checkout loss (a late
 *   event) reopens that opportunity and then counts on it.
 *
 * Events older than the customer's latest closed opportunity's closing
 * belong to it: they change nothing (except the late-order case above).
 * Changes are dated at the event's instant, or at the item's last change
 * when the event is older, so history stays in time order. The "current"
 * open opportunity is the most recently active one (two can be open after an
 * identity merge). Items opened by an event take ids derived from its
 * messageId (`lead_…`, `opp_…`): an event applied twice opens nothing twice.
 * Counts are not idempotent — the store deduplicates by messageId first
 * (ING-3).
 *
 * @param pipeline - the customer's items (see {@link CustomerPipeline} for which)
 * @param event - a decoded event of that customer
 * @param rules - the rule settings (defaults when absent)
 * @returns the pipeline after the event and what happened
 *
 * @example
 * ```ts
 * import { applyEvent, emptyPipeline } from "@kith/pipeline"
 *
 * const at = (s: string) => new Date(s)
 * const added = { type: "track" as const, event: "Product Added" as const, messageId: "m-1" as EventId, timestamp: at("2025-03-01T09:00:00+07:00"), userId: "u-1",
 *   properties: { productId: "p-ao", quantity: 2, price: 225000 } }
 * const completed = { type: "track" as const, event: "Order Completed" as const, messageId: "m-2" as EventId, timestamp: at("2025-03-02T10:00:00+07:00"), userId: "u-1",
 *   properties: { orderId: "SO-1", currency: "VND", total: 450000, products: [{ productId: "p-ao", quantity: 2, price: 225000 }] } }
 * const opened = applyEvent(emptyPipeline("p-1"), added)
 * opened.pipeline.opportunities[0]?.cartValue // => 450000
 * const won = applyEvent(opened.pipeline, completed)
 * won.happened.map((h) => h.kind) // => ["opportunity_won"]
 * won.pipeline.opportunities[0]?.wonOrderId // => "SO-1"
 * ```
 */
export const applyEvent = (pipeline: CustomerPipeline, event: KithEvent, rules: PipelineRules = defaultPipelineRules): RuleOutcome => {
  if (event.type === "identify" || event.type === "alias" || event.type === "group") return { pipeline, happened: [] }
  if (alreadyApplied(pipeline, event.messageId)) return { pipeline, happened: [] }
  const expired = expireCheckouts(pipeline, { asOf: event.timestamp, rules })
  const work = new Work(expired.pipeline, expired.happened, event, rules)
  if (event.type === "page" || event.type === "screen") {
    work.activity(undefined)
    return work.outcome()
  }
  if (isTrackEventOf(event, "Form Submitted")) {
    const p = event.properties
    if (rules.leads.fromForms) work.submission(rules.leads.sourceOfForm[p.kind], { ...p.fields }, "form_opens_lead")
    work.activity("asked")
  } else if (isTrackEventOf(event, "Review Submitted")) {
    const p = event.properties
    const details: Record<string, string> = { rating: String(p.rating) }
    if (p.text !== undefined) details["text"] = p.text
    if (p.productId !== undefined) details["productId"] = p.productId
    if (p.orderId !== undefined) details["orderId"] = p.orderId
    if (rules.leads.fromReviews) work.submission("review", details, "review_opens_lead")
    work.activity(undefined)
  } else if (isTrackEventOf(event, "Product Added")) {
    const p = event.properties
    work.cart("cart", (o) => addLine(o, p.productId as ProductId, p.quantity ?? 1, p.price, work.at))
  } else if (isTrackEventOf(event, "Product Removed")) {
    const p = event.properties
    work.cartChange((o) => removeLine(o, p.productId as ProductId, p.quantity, work.at))
  } else if (isTrackEventOf(event, "Checkout Started")) {
    const p = event.properties
    work.cart("checkout", (o) => startCheckout(o, p.products, p.total, p.currency, p.orderId as OrderId | undefined, work.at))
  } else if (isTrackEventOf(event, "Order Placed")) {
    const p = event.properties
    work.order(p.orderId as OrderId, "placed", p.total, (o) => placeOrder(o, p.orderId as OrderId, p.total, p.currency, work.at))
  } else if (isTrackEventOf(event, "Order Completed")) {
    const p = event.properties
    work.order(p.orderId as OrderId, "completed", p.total, (o) => placeOrder(o, p.orderId as OrderId, p.total, p.currency, work.at))
  } else if (isTrackEventOf(event, "Order Cancelled")) {
    work.orderEnded(event.properties.orderId as OrderId, "cancelled", event.properties.reason, "order_cancelled_loses")
  } else if (isTrackEventOf(event, "Order Delivery Failed")) {
    work.orderEnded(event.properties.orderId as OrderId, "delivery_failed", event.properties.reason, "delivery_failed_loses")
  } else if (!NOT_CUSTOMER_ACTIVITY.has(event.event)) {
    work.activity(INTEREST_OF[event.event])
  }
  return work.outcome()
}

const alreadyApplied = (pipeline: CustomerPipeline, eventId: EventId): boolean => {
  const leadId = derivedId("lead_", eventId)
  const opportunityId = derivedId("opp_", eventId)
  return pipeline.leads.some((l) => l.id === leadId) || pipeline.opportunities.some((o) => o.id === opportunityId)
}

/** The working copy of one customer's pipeline while one event is applied. */
class Work {
  private leads: Array<Lead>
  private opportunities: Array<Opportunity>
  private readonly happened: Array<Happening>
  private readonly opened = new Set<string>()
  readonly at: Date
  private readonly eventId: EventId

  constructor(
    private readonly pipeline: CustomerPipeline,
    earlier: ReadonlyArray<Happening>,
    private readonly event: Exclude<KithEvent, { readonly type: "identify" | "alias" }>,
    private readonly rules: PipelineRules
  ) {
    this.leads = [...pipeline.leads]
    this.opportunities = [...pipeline.opportunities]
    this.happened = [...earlier]
    this.at = event.timestamp
    this.eventId = event.messageId
  }

  outcome(): RuleOutcome {
    if (this.happened.length === 0) return { pipeline: this.pipeline, happened: [] }
    return { pipeline: { ...this.pipeline, leads: this.leads, opportunities: this.opportunities }, happened: this.happened }
  }

  // ----------------------------------------------------------------- leads

  submission(source: LeadSource, details: Readonly<Record<string, string>>, rule: RuleName): void {
    if (this.rules.leads.repeatSubmission === "same_lead") {
      const latest = this.latestLeadOf(source)
      if (latest !== undefined && latest.status !== "closed") {
        const newer = latest.lastSubmittedAt === null || this.at.getTime() >= latest.lastSubmittedAt.getTime()
        this.replaceLead({
          ...latest,
          submissions: latest.submissions + 1,
          lastSubmittedAt: newer ? this.at : latest.lastSubmittedAt,
          details: newer ? { ...latest.details, ...details } : { ...details, ...latest.details },
          version: latest.version + 1
        })
        this.happened.push({ kind: "lead_resubmitted", leadId: latest.id, at: this.at, eventId: this.eventId })
        return
      }
    }
    const lead = buildLead({
      id: derivedId("lead_", this.eventId) as LeadId,
      profileId: this.pipeline.profileId,
      originRecordId: this.eventId,
      source,
      stamp: this.stamp(rule, this.at),
      status: "new",
      assignee: null,
      details,
      submitted: true
    })
    this.leads.push(lead)
    this.happened.push({ kind: "lead_opened", leadId: lead.id, at: this.at, eventId: this.eventId })
  }

  private latestLeadOf(source: LeadSource): Lead | undefined {
    let latest: Lead | undefined
    for (const lead of this.leads) {
      if (lead.source !== source) continue
      if (latest === undefined || lead.createdAt.getTime() > latest.createdAt.getTime() || (lead.createdAt.getTime() === latest.createdAt.getTime() && lead.id > latest.id)) latest = lead
    }
    return latest
  }

  private replaceLead(lead: Lead): void {
    this.leads = this.leads.map((l) => (l.id === lead.id ? lead : l))
  }

  // --------------------------------------------------------- opportunities

  /** Customer activity on the current open opportunity: last activity, came back, and the behaviour if any. */
  activity(behaviour: InterestBehaviour | undefined): void {
    if (this.at.getTime() < this.latestCloseAt()) return
    const target = this.currentOpen()
    if (target === undefined) return
    this.update(touch(target, this.at, behaviour, this.rules))
  }

  /** A cart or checkout event: opens an opportunity if none is open (and the trigger is on), then changes its cart. */
  cart(trigger: OpportunityTrigger, change: (o: Opportunity) => Opportunity): void {
    if (this.at.getTime() < this.latestCloseAt()) return
    let target = this.currentOpen()
    if (target === undefined) {
      if (!this.rules.opportunities.openOn.includes(trigger)) return
      target = this.open(trigger)
    }
    this.update(change(touch(target, this.at, trigger === "cart" ? "added_to_cart" : "started_checkout", this.rules)))
  }

  /** A cart change that opens nothing (a product removed). */
  cartChange(change: (o: Opportunity) => Opportunity): void {
    if (this.at.getTime() < this.latestCloseAt()) return
    const target = this.currentOpen()
    if (target !== undefined) this.update(change(touch(target, this.at, undefined, this.rules)))
  }

  /** An order placed or completed: finds (or reopens, or opens) its opportunity, records it, and a completion wins it. */
  order(orderId: OrderId, kind: "placed" | "completed", total: number, record: (o: Opportunity) => Opportunity): void {
    let target = this.orderTarget(orderId, true)
    if (target === undefined && kind === "placed" && this.at.getTime() >= this.latestCloseAt() && this.rules.opportunities.openOn.includes("order_placed")) {
      target = this.open("order_placed")
    }
    if (target === undefined) return
    const behaviour = kind === "placed" ? "placed_order" : "bought"
    let updated = record(touch(target, this.at, behaviour, this.rules))
    if (kind === "completed") {
      const at = this.changeAt(updated)
      updated = applyOpportunityMove(updated, { action: "win", orderId, value: total }, this.stamp("order_completed_wins", at))
      this.update(updated, { kind: "opportunity_won", opportunityId: updated.id, orderId, at, eventId: this.eventId })
      return
    }
    this.update(updated)
  }

  /** An order cancelled or not delivered: loses its opportunity. */
  orderEnded(orderId: OrderId, lostReason: LostReason, reason: string | undefined, rule: RuleName): void {
    const target = this.orderTarget(orderId, false)
    if (target === undefined) return
    const at = this.changeAt(target)
    const text = (reason === undefined || reason.trim() === "" ? `order ${orderId}` : `order ${orderId}: ${reason.trim()}`).slice(0, 1000)
    const lost = applyOpportunityMove(target, { action: "lose", lostReason }, { ...this.stamp(rule, at), reason: text })
    this.update(lost, { kind: "opportunity_lost", opportunityId: lost.id, lostReason, at, eventId: this.eventId })
  }

  /**
   * The opportunity an order event is about: the open one linked to the
   * order; else (placed / completed) one lost as an abandoned checkout that
   * the order, dated before the loss, should have saved — reopened; else,
   * unless the order belongs to a closed opportunity or the event predates
   * the latest closing, the current open one (for a cancellation, only if it
   * has no order of its own).
   */
  private orderTarget(orderId: OrderId, saves: boolean): Opportunity | undefined {
    const t = this.at.getTime()
    const linkedOpen = this.opportunities.find((o) => isOpportunityOpen(o.status) && o.orderIds.includes(orderId))
    if (linkedOpen !== undefined) return linkedOpen
    const linkedClosed = this.opportunities.filter((o) => !isOpportunityOpen(o.status) && o.orderIds.includes(orderId))
    if (saves) {
      const saved = this.opportunities
        .filter(
          (o) =>
            o.status === "lost" &&
            o.lostReason === "abandoned_checkout" &&
            o.closedAt !== null &&
            o.checkoutStartedAt !== null &&
            o.checkoutStartedAt.getTime() <= t &&
            t < o.closedAt.getTime() &&
            (linkedClosed.length === 0 || o.orderIds.includes(orderId))
        )
        .sort((a, b) => b.closedAt!.getTime() - a.closedAt!.getTime())[0]
      if (saved !== undefined) return this.reopen(saved, orderId)
    }
    if (linkedClosed.length > 0 || t < this.latestCloseAt()) return undefined
    const current = this.currentOpen()
    if (current === undefined) return undefined
    return saves || current.orderIds.length === 0 ? current : undefined
  }

  private reopen(opportunity: Opportunity, orderId: OrderId): Opportunity {
    const at = this.changeAt(opportunity)
    const reopened = applyOpportunityMove(opportunity, { action: "reopen" }, {
      ...this.stamp("late_order_reopens", at),
      reason: `order ${orderId} at ${this.at.toISOString()} came before the checkout was given up`
    })
    this.update(reopened, { kind: "opportunity_reopened", opportunityId: reopened.id, at, eventId: this.eventId })
    return reopened
  }

  private open(trigger: OpportunityTrigger): Opportunity {
    const rule: RuleName = trigger === "cart" ? "cart_opens_opportunity" : trigger === "checkout" ? "checkout_opens_opportunity" : "order_placed_opens_opportunity"
    const opportunity = buildOpportunity({
      id: derivedId("opp_", this.eventId) as OpportunityId,
      profileId: this.pipeline.profileId,
      originRecordId: this.eventId,
      stamp: this.stamp(rule, this.at),
      potential: this.rules.opportunities.potentialOnOpen[trigger],
      assignee: null as StaffId | null,
      currency: this.rules.currency,
      cartLines: [],
      cartValue: null
    })
    this.opportunities.push(opportunity)
    this.opened.add(opportunity.id)
    this.happened.push({ kind: "opportunity_opened", opportunityId: opportunity.id, at: this.at, eventId: this.eventId })
    return opportunity
  }

  /** Replaces an opportunity by its new version (unless nothing changed), noting what happened. */
  private update(changed: Opportunity, happening?: Happening): void {
    const stored = this.opportunities.find((o) => o.id === changed.id)
    if (changed === stored) return
    // Whatever changed it, a changed row has a higher version than the one stored.
    // (An opportunity this event opened is written once, as version 1.)
    const opportunity =
      stored === undefined || changed.version > stored.version || this.opened.has(changed.id) ? changed : { ...changed, version: stored.version + 1 }
    this.opportunities = this.opportunities.map((o) => (o.id === opportunity.id ? opportunity : o))
    if (happening !== undefined) this.happened.push(happening)
    else if (!this.opened.has(opportunity.id) && !this.happened.some((h) => h.kind === "opportunity_updated" && h.opportunityId === opportunity.id && h.eventId === this.eventId)) {
      this.happened.push({ kind: "opportunity_updated", opportunityId: opportunity.id, at: this.at, eventId: this.eventId })
    }
  }

  /** The most recently active open opportunity (ties: the greater id). */
  private currentOpen(): Opportunity | undefined {
    let current: Opportunity | undefined
    for (const o of this.opportunities) {
      if (!isOpportunityOpen(o.status)) continue
      if (current === undefined || o.lastActivityAt.getTime() > current.lastActivityAt.getTime() || (o.lastActivityAt.getTime() === current.lastActivityAt.getTime() && o.id > current.id)) current = o
    }
    return current
  }

  /** When the customer's latest closed opportunity closed; events before it are its history. */
  private latestCloseAt(): number {
    let latest = NEVER
    for (const o of this.opportunities) if (o.closedAt !== null && o.closedAt.getTime() > latest) latest = o.closedAt.getTime()
    return latest
  }

  /** A change is dated at the event, or at the item's last change if the event is older. */
  private changeAt(item: Opportunity): Date {
    const last = lastChangeAt(item)
    return this.at.getTime() >= last.getTime() ? this.at : last
  }

  private stamp(rule: RuleName, at: Date): ChangeStamp {
    return { at, actor: ruleActor(rule), reason: null, eventId: this.eventId }
  }
}

/** Last activity, `came_back` after a quiet spell, and the behaviour seen. */
const touch = (opportunity: Opportunity, at: Date, behaviour: InterestBehaviour | undefined, rules: PipelineRules): Opportunity => {
  const t = at.getTime()
  let interests = opportunity.interests
  if (t - opportunity.lastActivityAt.getTime() >= rules.opportunities.cameBackAfterHours * HOUR) interests = withInterest(interests, "came_back", at)
  if (behaviour !== undefined) interests = withInterest(interests, behaviour, at)
  // An older event with nothing to count changes nothing, and writes nothing.
  if (interests === opportunity.interests && t <= opportunity.lastActivityAt.getTime()) return opportunity
  const lastActivityAt = t > opportunity.lastActivityAt.getTime() ? at : opportunity.lastActivityAt
  return { ...opportunity, interests, lastActivityAt }
}

const withInterest = (interests: Opportunity["interests"], behaviour: InterestBehaviour, at: Date): Opportunity["interests"] => {
  const known = interests.find((i) => i.behaviour === behaviour)
  if (known === undefined) return [...interests, { behaviour, count: 1, firstAt: at, lastAt: at }]
  return interests.map((i) =>
    i.behaviour !== behaviour
      ? i
      : {
          behaviour,
          count: i.count + 1,
          firstAt: at.getTime() < i.firstAt.getTime() ? at : i.firstAt,
          lastAt: at.getTime() > i.lastAt.getTime() ? at : i.lastAt
        }
  )
}

// A cart event older than the latest checkout is superseded by that checkout's product list.
const afterCheckout = (opportunity: Opportunity, at: Date): boolean =>
  opportunity.checkoutStartedAt === null || at.getTime() >= opportunity.checkoutStartedAt.getTime()

const addLine = (opportunity: Opportunity, productId: ProductId, quantity: number, price: number | undefined, at: Date): Opportunity => {
  if (!afterCheckout(opportunity, at)) return opportunity
  const known = opportunity.cartLines.find((l) => l.productId === productId)
  const lines: ReadonlyArray<CartLine> =
    known === undefined
      ? [...opportunity.cartLines, { productId, quantity, price: price ?? 0 }]
      : opportunity.cartLines.map((l) => (l.productId === productId ? { productId, quantity: l.quantity + quantity, price: price ?? l.price } : l))
  return { ...opportunity, cartLines: lines, cartValue: linesValue(lines) }
}

const removeLine = (opportunity: Opportunity, productId: ProductId, quantity: number | undefined, at: Date): Opportunity => {
  if (!afterCheckout(opportunity, at)) return opportunity
  const known = opportunity.cartLines.find((l) => l.productId === productId)
  if (known === undefined) return opportunity
  const left = quantity === undefined ? 0 : known.quantity - quantity
  const lines = left > 0 ? opportunity.cartLines.map((l) => (l.productId === productId ? { ...l, quantity: left } : l)) : opportunity.cartLines.filter((l) => l.productId !== productId)
  return { ...opportunity, cartLines: lines, cartValue: linesValue(lines) }
}

const startCheckout = (
  opportunity: Opportunity,
  products: ReadonlyArray<{ readonly productId: string; readonly quantity: number; readonly price: number }>,
  total: number,
  currency: string,
  orderId: OrderId | undefined,
  at: Date
): Opportunity => {
  const orderIds = orderId === undefined || opportunity.orderIds.includes(orderId) ? opportunity.orderIds : [...opportunity.orderIds, orderId]
  // Only the latest checkout sets the cart; an older one arriving late just links its order.
  if (!afterCheckout(opportunity, at)) return { ...opportunity, orderIds }
  const lines: Array<CartLine> = []
  for (const p of products) {
    const id = p.productId as ProductId
    const known = lines.findIndex((l) => l.productId === id)
    if (known === -1) lines.push({ productId: id, quantity: p.quantity, price: p.price })
    else lines[known] = { productId: id, quantity: lines[known]!.quantity + p.quantity, price: p.price }
  }
  return { ...opportunity, orderIds, checkoutStartedAt: at, cartLines: lines, cartValue: total, currency }
}

const placeOrder = (opportunity: Opportunity, orderId: OrderId, total: number, currency: string, at: Date): Opportunity => {
  const orderIds = opportunity.orderIds.includes(orderId) ? opportunity.orderIds : [...opportunity.orderIds, orderId]
  const latest = opportunity.orderPlacedAt === null || at.getTime() >= opportunity.orderPlacedAt.getTime()
  return {
    ...opportunity,
    orderIds,
    orderPlacedAt: latest ? at : opportunity.orderPlacedAt,
    // The latest order's total is the most exact value the opportunity has.
    ...(latest && afterCheckout(opportunity, at) ? { cartValue: total, currency } : {})
  }
}
