import { Schema } from "effect"
import { Instant } from "../time.js"
import { Count, Ref, Text } from "./fields.js"

/**
 * Loyalty points earned, redeemed or adjusted (PRF-7). Earned and redeemed
 * points are positive; an adjustment is any non-zero whole number and says why.
 */
export const PointsProperties = Schema.Struct({
  points: Count(1),
  reason: Schema.optionalKey(Text(1000)),
  orderId: Schema.optionalKey(Ref),
  expiresAt: Schema.optionalKey(Instant)
})
/** {@link PointsProperties} after decoding. */
export type PointsProperties = typeof PointsProperties.Type

/** A manual change of a points balance: up or down, never zero. */
export const PointsAdjustedProperties = Schema.Struct({
  points: Schema.Int.check(Schema.makeFilter((n: number) => (n === 0 ? "an adjustment is a non-zero whole number" : undefined))),
  reason: Text(1000),
  actorId: Schema.optionalKey(Ref),
  expiresAt: Schema.optionalKey(Instant)
})
/** {@link PointsAdjustedProperties} after decoding. */
export type PointsAdjustedProperties = typeof PointsAdjustedProperties.Type
