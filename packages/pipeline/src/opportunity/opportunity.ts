import { Amount, CurrencyCode, Instant, OpportunityId, OrderId, ProductId, ProfileId, StaffId } from "@kith/core"
import { Schema } from "effect"
import { AssigneeChange, CollaboratorChange, Note, stampFields, statusChange } from "../history.js"

/** The statuses of an opportunity (PIPE-4): `open → in_progress → won | lost`. */
export const OpportunityStatus = Schema.Literals(["open", "in_progress", "won", "lost"])
/** An {@link OpportunityStatus} after decoding. */
export type OpportunityStatus = typeof OpportunityStatus.Type

/** The actions of the opportunity machine; `create` is the first history entry. */
export const OpportunityAction = Schema.Literals(["create", "start", "win", "lose", "reopen"])
/** An {@link OpportunityAction} after decoding. */
export type OpportunityAction = typeof OpportunityAction.Type

/** How likely the customer is to buy, as staff (or the opening rule) judge it. */
export const PotentialLevel = Schema.Literals(["high", "medium", "low"])
/** A {@link PotentialLevel} after decoding. */
export type PotentialLevel = typeof PotentialLevel.Type

/**
 * Why an opportunity was lost: the checkout was not completed in time, the
 * order was cancelled, its delivery failed, or another reason (written in the
 * change's `reason`).
 */
export const LostReason = Schema.Literals(["abandoned_checkout", "cancelled", "delivery_failed", "other"])
/** A {@link LostReason} after decoding. */
export type LostReason = typeof LostReason.Type

/**
 * The signs of interest an opportunity counts (PIPE-4), each from the
 * customer's own events: `asked` (a conversation, a reply to a message, a
 * form), `came_back` (activity after a quiet spell), `viewed` (a product, in
 * the shop, a video or a LIVE), `favorited`, `added_to_cart`,
 * `started_checkout`, `payment_failed`, `placed_order`, `bought`.
 */
export const InterestBehaviour = Schema.Literals([
  "asked",
  "came_back",
  "viewed",
  "favorited",
  "added_to_cart",
  "started_checkout",
  "payment_failed",
  "placed_order",
  "bought"
])
/** An {@link InterestBehaviour} after decoding. */
export type InterestBehaviour = typeof InterestBehaviour.Type

/** How often a behaviour was seen on an opportunity, first and last time (one row per behaviour). */
export const Interest = Schema.Struct({
  behaviour: InterestBehaviour,
  count: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
  firstAt: Instant,
  lastAt: Instant
})
/** An {@link Interest} after decoding. */
export type Interest = typeof Interest.Type

/** One product in the cart: quantity and unit price (0 when the event gave none). */
export const CartLine = Schema.Struct({
  productId: ProductId,
  quantity: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
  price: Amount
})
/** A {@link CartLine} after decoding. */
export type CartLine = typeof CartLine.Type

/**
 * An opportunity's status change. A `win` names the order (when there is
 * one); a `lose` names the {@link LostReason}.
 */
export const OpportunityStatusChange = Schema.Struct({
  ...statusChange(OpportunityStatus, OpportunityAction).fields,
  orderId: Schema.NullOr(OrderId),
  lostReason: Schema.NullOr(LostReason)
})
/** An {@link OpportunityStatusChange} after decoding. */
export type OpportunityStatusChange = typeof OpportunityStatusChange.Type

/** The potential level changed. */
export const PotentialChange = Schema.Struct({
  kind: Schema.Literal("potential"),
  ...stampFields,
  from: PotentialLevel,
  to: PotentialLevel
})
/** A {@link PotentialChange} after decoding. */
export type PotentialChange = typeof PotentialChange.Type

/** One entry of an opportunity's history. */
export const OpportunityChange = Schema.Union([OpportunityStatusChange, AssigneeChange, CollaboratorChange, PotentialChange])
/** An {@link OpportunityChange} after decoding. */
export type OpportunityChange = typeof OpportunityChange.Type

/**
 * An opportunity (cơ hội bán hàng, PIPE-4): a chance to sell to a customer,
 * from a cart or a checkout (or entered by staff) until it is won by an order
 * or lost.
 *
 * Each field is one typed column; `cartLines`, `orderIds`, `interests`,
 * `history`, `notes` and `collaborators` are child rows. `originRecordId` is
 * the identity record it came from, so a split gives it back.
 *
 * - `cartValue`: the total of the latest checkout or placed order, or, after
 *   the cart changed since, the sum of `price × quantity` over `cartLines`;
 *   it stops following events once the opportunity is closed.
 * - `checkoutStartedAt` / `orderPlacedAt`: the latest checkout started and
 *   the latest order placed or completed on it; a checkout is *pending* while
 *   no order came at or after it (the abandoned-checkout rule reads these).
 * - `orderIds`: the orders linked to it (from a checkout, a placed order, the
 *   winning order).
 * - `wonOrderId` / `wonValue`, `lostReason`, `closedAt`: how and when it ended.
 *
 * @example
 * ```ts
 * import { createOpportunity } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const opportunity = Result.getOrThrow(createOpportunity({
 *   id: "o-1", profileId: "p-1", originRecordId: "m-1", at: "2025-03-07T09:00:00+07:00",
 *   actor: { kind: "staff", id: "s-lan" }, potential: "high", currency: "VND", cartValue: 450000
 * }))
 * opportunity.status // => "open"
 * ```
 */
export const Opportunity = Schema.Struct({
  kind: Schema.Literal("opportunity"),
  id: OpportunityId,
  profileId: ProfileId,
  originRecordId: Schema.String.check(Schema.isNonEmpty()),
  status: OpportunityStatus,
  /** When it entered its current status: the SLA clock of that status starts here. */
  statusSince: Instant,
  createdAt: Instant,
  potential: PotentialLevel,
  assignee: Schema.NullOr(StaffId),
  collaborators: Schema.Array(StaffId),
  currency: CurrencyCode,
  cartValue: Amount,
  cartLines: Schema.Array(CartLine),
  checkoutStartedAt: Schema.NullOr(Instant),
  orderPlacedAt: Schema.NullOr(Instant),
  orderIds: Schema.Array(OrderId),
  interests: Schema.Array(Interest),
  lastActivityAt: Instant,
  wonOrderId: Schema.NullOr(OrderId),
  wonValue: Schema.NullOr(Amount),
  lostReason: Schema.NullOr(LostReason),
  closedAt: Schema.NullOr(Instant),
  history: Schema.Array(OpportunityChange),
  notes: Schema.Array(Note),
  version: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))
})
/** An {@link Opportunity} after decoding. */
export type Opportunity = typeof Opportunity.Type
