import { StaffId } from "@kith/core"
import { Schema } from "effect"

/**
 * The event rules of this package, by name. A change made by a rule records
 * the rule as its actor, so history says why a machine moved by itself.
 */
export const RuleName = Schema.Literals([
  "form_opens_lead",
  "review_opens_lead",
  "cart_opens_opportunity",
  "checkout_opens_opportunity",
  "order_placed_opens_opportunity",
  "order_completed_wins",
  "order_cancelled_loses",
  "delivery_failed_loses",
  "checkout_abandoned_loses",
  "late_order_reopens",
  "round_robin",
  "assignment_rule"
])
/** A {@link RuleName} after decoding. */
export type RuleName = typeof RuleName.Type

/**
 * Who made a change: a staff member, or one of kith's event rules. Stored as
 * two typed columns (`actor_kind`, `actor_id`).
 *
 * @example
 * ```ts
 * const staff: Actor = { kind: "staff", id: "s-lan" as StaffId }
 * const rule: Actor = { kind: "rule", id: "order_completed_wins" }
 * ```
 */
export const Actor = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("staff"), id: StaffId }),
  Schema.Struct({ kind: Schema.Literal("rule"), id: RuleName })
])
/** An {@link Actor} after decoding. */
export type Actor = typeof Actor.Type

/**
 * The actor a rule writes into history.
 *
 * @example
 * ```ts
 * ruleActor("order_completed_wins") // => { kind: "rule", id: "order_completed_wins" }
 * ```
 */
export const ruleActor = (id: RuleName): Actor => ({ kind: "rule", id })
