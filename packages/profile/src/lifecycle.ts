import { Instant, type Traits } from "@kith/core"
import { Schema } from "effect"
import type { ProfileSummary } from "./profile-summary.js"
import type { OrderView } from "./order-view.js"

/** PRF-2 lifecycle stage. */
export const LifecycleStage = Schema.Literals(["visitor", "lead", "buyer"])
/** A {@link LifecycleStage} after decoding. */
export type LifecycleStage = typeof LifecycleStage.Type

/** PRF-2 account status. */
export const AccountStatus = Schema.Literals(["member", "no_account"])
/** An {@link AccountStatus} after decoding. */
export type AccountStatus = typeof AccountStatus.Type

/**
 * Lifecycle stage and account status, with the facts behind them.
 *
 * @example
 * ```ts
 * import { KithEvent } from "@kith/core"
 * import { Schema } from "effect"
 *
 * const events = Schema.decodeUnknownSync(Schema.Array(KithEvent))([
 *   { type: "track", messageId: "m-1", timestamp: "2025-03-01T00:30:00+07:00", userId: "u-1", event: "Order Completed",
 *     properties: { orderId: "SO-1", currency: "VND", total: 250000, products: [{ productId: "p-ao", quantity: 1, price: 250000 }] } }
 * ])
 * const summary = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }).summarize(events)
 * const asOf = new Date("2025-06-30T17:00:00Z")
 * lifecycleOf(summary, ordersAt(summary, asOf), { emailVerified: true }, asOf)
 * // => { stage: "buyer", account: { status: "member", registeredAt: 2025-02-28T17:30:00.000Z, verified: true } }
 * ```
 */
export const Lifecycle = Schema.Struct({
  stage: LifecycleStage,
  account: Schema.Struct({
    status: AccountStatus,
    /** The first event that carried the host's `userId`, an `alias` included. */
    registeredAt: Schema.NullOr(Instant),
    /** Custom trait `emailVerified` or `phoneVerified` is `true`. */
    verified: Schema.Boolean
  })
})
/** A {@link Lifecycle} after decoding. */
export type Lifecycle = typeof Lifecycle.Type

const hasContact = (traits: Traits): boolean =>
  traits.phone !== undefined || traits.email !== undefined || (traits.otherPhones?.length ?? 0) > 0 || (traits.otherEmails?.length ?? 0) > 0

/**
 * The lifecycle of a profile at `asOf` (PRF-2).
 *
 * - **buyer**: at least one successful order (see {@link OrderView}) at `asOf`;
 * - **lead**: not a buyer, but left contact details: an `identify` with a
 *   phone or email, a `Form Submitted`, or resolved traits holding a phone or email;
 * - **visitor**: anyone else who interacted.
 *
 * Account: **member** when registered (an event, an `alias` included, carried a `userId`) and
 * verified (custom trait `emailVerified: true` or `phoneVerified: true`);
 * otherwise **no_account** (unregistered, unverified or missing basic info).
 *
 * @param summary - the profile's summary
 * @param orders - its orders at `asOf` (from `ordersAt`)
 * @param traits - its resolved traits
 * @param asOf - the instant
 *
 * @example
 * ```ts
 * import { KithEvent } from "@kith/core"
 * import { Schema } from "effect"
 *
 * const events = Schema.decodeUnknownSync(Schema.Array(KithEvent))([
 *   { type: "identify", messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", userId: "u-1", traits: { phone: "0912345678" } }
 * ])
 * const summary = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }).summarize(events)
 * const asOf = new Date("2025-06-30T17:00:00Z")
 * lifecycleOf(summary, ordersAt(summary, asOf), { phone: "0912345678", emailVerified: true }, asOf)
 * // => { stage: "lead", account: { status: "member", registeredAt: 2025-03-01T02:00:00.000Z, verified: true } }
 * ```
 */
export const lifecycleOf = (summary: ProfileSummary, orders: ReadonlyArray<OrderView>, traits: Traits, asOf: Date): Lifecycle => {
  const at = asOf.getTime()
  const buyer = orders.some((o) => o.status === "successful")
  const lead = (summary.contactAt !== undefined && summary.contactAt <= at) || hasContact(traits)
  const registeredAt = summary.registeredAt !== undefined && summary.registeredAt <= at ? new Date(summary.registeredAt) : null
  const verified = traits["emailVerified"] === true || traits["phoneVerified"] === true
  return {
    stage: buyer ? "buyer" : lead ? "lead" : "visitor",
    account: { status: registeredAt !== null && verified ? "member" : "no_account", registeredAt, verified }
  }
}
