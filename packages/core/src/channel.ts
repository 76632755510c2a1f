import { Schema } from "effect"

/**
 * The channels kith knows by name: where an interaction happened. Own
 * properties (`web`, `app`, `pos`), chat platforms (`chatbot`, `zalo`,
 * `facebook`, `tiktok`), marketplaces (`shopee`, `lazada`, `tiktok_shop`,
 * `tiki`), direct messaging (`email`, `sms`, `phone`) and back-office entry
 * (`import`, `manual`, `api`).
 */
export const KnownChannels = [
  "web",
  "app",
  "pos",
  "chatbot",
  "zalo",
  "facebook",
  "tiktok",
  "shopee",
  "lazada",
  "tiktok_shop",
  "tiki",
  "email",
  "sms",
  "phone",
  "import",
  "manual",
  "api"
] as const

/** One of {@link KnownChannels}. */
export type KnownChannel = (typeof KnownChannels)[number]

/**
 * A channel: a known one or a host-defined lower-case slug (`grab`, `kiosk`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(Channel)("zalo") // => "zalo"
 * ```
 */
export const Channel = Schema.String.check(
  Schema.isPattern(/^[a-z][a-z0-9_]{0,63}$/, { message: "a channel is a lower-case slug such as zalo or shopee" })
)
/** A {@link Channel} after decoding. */
export type Channel = KnownChannel | (string & {})

/** Marketplace channels: orders there carry a marketplace buyer id (IDN-11). */
export const MarketplaceChannels = ["shopee", "lazada", "tiktok_shop", "tiki"] as const satisfies ReadonlyArray<KnownChannel>
