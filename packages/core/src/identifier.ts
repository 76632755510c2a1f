import { Schema } from "effect"

/**
 * The identifier types kith knows out of the box (IDN-2).
 *
 * - `phone`, `email`: contact points, normalized by `@kith/identity`.
 * - `zalo_id`, `facebook_psid`, `tiktok_id`: chat and social platform ids.
 * - `shopee_buyer_id`, `lazada_buyer_id`, `tiktok_shop_buyer_id`, `tiki_buyer_id`: marketplace buyer ids.
 * - `device_id`, `anonymous_id` (cookie), `user_id` (the host's account id).
 * - `external_id` (CRM / ERP), `national_id` (CMND / CCCD), `tax_code`.
 */
export const BuiltInIdentifierTypes = [
  "phone",
  "email",
  "zalo_id",
  "facebook_psid",
  "tiktok_id",
  "shopee_buyer_id",
  "lazada_buyer_id",
  "tiktok_shop_buyer_id",
  "tiki_buyer_id",
  "device_id",
  "anonymous_id",
  "user_id",
  "external_id",
  "national_id",
  "tax_code"
] as const

/** One of {@link BuiltInIdentifierTypes}. */
export type BuiltInIdentifierType = (typeof BuiltInIdentifierTypes)[number]

/**
 * An identifier type: a built-in one, or a custom type a workspace registers
 * (a lower-case slug such as `loyalty_card` or `grab_id`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(IdentifierType)("loyalty_card") // => "loyalty_card"
 * Schema.decodeUnknownSync(IdentifierType)("Loyalty Card") // throws: must be a lower-case slug
 * ```
 */
export const IdentifierType = Schema.String.check(
  Schema.isPattern(/^[a-z][a-z0-9_]{0,63}$/, {
    message: "an identifier type is a lower-case slug: a letter, then letters, digits or _ (at most 64)"
  })
)
/** An {@link IdentifierType} after decoding. */
export type IdentifierType = BuiltInIdentifierType | (string & {})

/**
 * A raw identifier as it arrived: its type and the value as written. kith
 * never links on a raw value; `@kith/identity` normalizes it first (IDN-3).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(Identifier)({ type: "phone", value: "0912 345 678" })
 * // => { type: "phone", value: "0912 345 678" }
 * ```
 */
export const Identifier = Schema.Struct({
  type: IdentifierType,
  value: Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(512))
})
/** An {@link Identifier} after decoding. */
export interface Identifier {
  readonly type: IdentifierType
  readonly value: string
}

/**
 * Is `type` one of the built-in identifier types?
 *
 * @example
 * ```ts
 * isBuiltInIdentifierType("zalo_id") // => true
 * isBuiltInIdentifierType("loyalty_card") // => false
 * ```
 */
export const isBuiltInIdentifierType = (type: string): type is BuiltInIdentifierType =>
  (BuiltInIdentifierTypes as ReadonlyArray<string>).includes(type)
