import { Schema } from "effect"

/**
 * An ISO 4217 currency code, upper-case (`VND`, `USD`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(CurrencyCode)("VND") // => "VND"
 * ```
 */
export const CurrencyCode = Schema.String.check(
  Schema.isPattern(/^[A-Z]{3}$/, { message: "a currency is a three-letter ISO 4217 code such as VND" })
)
/** A {@link CurrencyCode} after decoding. */
export type CurrencyCode = typeof CurrencyCode.Type

/**
 * An amount of money in the currency's smallest unit, as a safe integer: đồng
 * for VND (which has no minor unit), cents for USD. Never a float.
 */
export const Amount = Schema.Int.check(
  Schema.isBetween({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }, { message: "an amount is a non-negative integer in the currency's smallest unit" })
)
/** An {@link Amount} after decoding. */
export type Amount = typeof Amount.Type

/**
 * Money: an integer amount with its currency.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(Money)({ amount: 250000, currency: "VND" }) // => { amount: 250000, currency: "VND" }
 * Schema.decodeUnknownSync(Money)({ amount: 2.5, currency: "VND" }) // throws at "amount"
 * ```
 */
export const Money = Schema.Struct({ amount: Amount, currency: CurrencyCode })
/** A {@link Money} after decoding. */
export type Money = typeof Money.Type
