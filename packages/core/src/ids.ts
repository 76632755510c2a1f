import { Schema } from "effect"

// Ids are opaque, trimmed, non-empty strings of bounded length. Brands keep a
// ProfileId from being passed where an OrderId is expected, at no runtime cost.
const IdString = Schema.String.check(Schema.isTrimmed(), Schema.isNonEmpty(), Schema.isMaxLength(200))

/**
 * A workspace (tenant). Every record and every key starts with it (PRIV-4, STO-4).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * const id = Schema.decodeUnknownSync(WorkspaceId)("shop-hanoi") // => "shop-hanoi" (branded)
 * ```
 */
export const WorkspaceId = IdString.pipe(Schema.brand("@kith/WorkspaceId"))
/** A {@link WorkspaceId} after decoding. */
export type WorkspaceId = typeof WorkspaceId.Type

/** A unified customer profile. */
export const ProfileId = IdString.pipe(Schema.brand("@kith/ProfileId"))
/** A {@link ProfileId} after decoding. */
export type ProfileId = typeof ProfileId.Type

/** A raw event, equal to the caller's `messageId` (the idempotency key of ING-3). */
export const EventId = IdString.pipe(Schema.brand("@kith/EventId"))
/** An {@link EventId} after decoding. */
export type EventId = typeof EventId.Type

/** An order, as numbered by the shop or marketplace that took it. */
export const OrderId = IdString.pipe(Schema.brand("@kith/OrderId"))
/** An {@link OrderId} after decoding. */
export type OrderId = typeof OrderId.Type

/** A lead (PIPE-1). */
export const LeadId = IdString.pipe(Schema.brand("@kith/LeadId"))
/** A {@link LeadId} after decoding. */
export type LeadId = typeof LeadId.Type

/** An opportunity (PIPE-4). */
export const OpportunityId = IdString.pipe(Schema.brand("@kith/OpportunityId"))
/** An {@link OpportunityId} after decoding. */
export type OpportunityId = typeof OpportunityId.Type

/** An outreach plan (OUT-1). */
export const PlanId = IdString.pipe(Schema.brand("@kith/PlanId"))
/** A {@link PlanId} after decoding. */
export type PlanId = typeof PlanId.Type

/** A product of the shop's catalog. */
export const ProductId = IdString.pipe(Schema.brand("@kith/ProductId"))
/** A {@link ProductId} after decoding. */
export type ProductId = typeof ProductId.Type

/** A staff member (assignee, actor of a change). */
export const StaffId = IdString.pipe(Schema.brand("@kith/StaffId"))
/** A {@link StaffId} after decoding. */
export type StaffId = typeof StaffId.Type
