import { Schema } from "effect"

// Small building blocks shared by the typed event properties.

/** Free text of at most `max` characters. */
export const Text = (max: number) => Schema.String.check(Schema.isMaxLength(max))

/** A reference to another record (order, product, plan, ...): trimmed, non-empty, ≤ 200 chars. */
export const Ref = Schema.String.check(Schema.isTrimmed(), Schema.isNonEmpty(), Schema.isMaxLength(200))

/** A whole number ≥ `min`. */
export const Count = (min: number) => Schema.Int.check(Schema.isGreaterThanOrEqualTo(min))

/** A score from 1 to 5 (CSAT, review rating). */
export const OneToFive = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 5 }))

/** Free labels attached to a record. */
export const Labels = Schema.Array(Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(100))).check(Schema.isMaxLength(100))
