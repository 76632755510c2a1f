import { Schema } from "effect"

const Hours = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 720 }, { message: "a whole number of hours from 1 to 720" }))

/** A cart untouched for `afterHours` hours, with nothing bought since it was started. */
export const AbandonedCartTrigger = Schema.Struct({ kind: Schema.Literal("abandoned_cart"), afterHours: Hours })
/** A checkout started or a payment failed, and no order for it `afterHours` hours later. */
export const UnfinishedPaymentTrigger = Schema.Struct({ kind: Schema.Literal("unfinished_payment"), afterHours: Hours })
/**
 * A product's price dropped by at least `minDropPercent` % while the profile
 * had it in the cart, or had favorited it within the `interestDays` days before.
 */
export const PriceDropTrigger = Schema.Struct({
  kind: Schema.Literal("price_drop"),
  minDropPercent: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 99 })),
  interestDays: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 365 }))
})
/** `beforeMinutes` before a scheduled LIVE, for profiles who follow the shop. */
export const LiveReminderTrigger = Schema.Struct({
  kind: Schema.Literal("live_reminder"),
  beforeMinutes: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 10_080 }))
})
/** `afterHours` hours after an order completes (and it has not failed by then). */
export const ThankYouTrigger = Schema.Struct({ kind: Schema.Literal("thank_you"), afterHours: Hours })

/**
 * What starts an automated plan's message (OUT-4): one of five triggers,
 * each with its delay.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(TriggerDefinition)({ kind: "abandoned_cart", afterHours: 2 }) // => { kind: "abandoned_cart", afterHours: 2 }
 * ```
 */
export const TriggerDefinition = Schema.Union([AbandonedCartTrigger, UnfinishedPaymentTrigger, PriceDropTrigger, LiveReminderTrigger, ThankYouTrigger])
/** A {@link TriggerDefinition} after decoding. */
export type TriggerDefinition = typeof TriggerDefinition.Type
/** One of the trigger kinds. */
export type TriggerKind = TriggerDefinition["kind"]
