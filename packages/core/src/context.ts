import { Schema } from "effect"
import { Channel } from "./channel.js"
import { Identifier } from "./identifier.js"

const Text = (max: number) => Schema.String.check(Schema.isMaxLength(max))

/**
 * Where an event came from and on what (ING-1): channel and source, device and
 * OS, network, locale, campaign (UTM) and identifiers the host already knows
 * (`externalIds`, e.g. a Zalo id or a Shopee buyer id seen with this event).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(EventContext)({
 *   channel: "zalo",
 *   source: "zalo_oa",
 *   device: { id: "dev-1", type: "mobile" },
 *   campaign: { source: "facebook", medium: "cpc", name: "tet-2025" },
 *   externalIds: [{ type: "zalo_id", value: "4455667788" }]
 * })
 * ```
 */
export const EventContext = Schema.Struct({
  channel: Schema.optionalKey(Channel),
  /** The concrete touchpoint within the channel: `own_website`, `landing_page`, `contact_form`, `file_import`, ... (PRF-8). */
  source: Schema.optionalKey(Text(200)),
  device: Schema.optionalKey(
    Schema.Struct({
      id: Schema.optionalKey(Text(200)),
      type: Schema.optionalKey(Schema.Literals(["mobile", "tablet", "desktop", "tv", "other"])),
      manufacturer: Schema.optionalKey(Text(100)),
      model: Schema.optionalKey(Text(100))
    })
  ),
  os: Schema.optionalKey(Schema.Struct({ name: Text(100), version: Schema.optionalKey(Text(50)) })),
  ip: Schema.optionalKey(Text(64)),
  userAgent: Schema.optionalKey(Text(1000)),
  /** BCP 47 language tag such as `vi` or `en-US`. */
  locale: Schema.optionalKey(Schema.String.check(Schema.isPattern(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: "a locale is a BCP 47 tag such as vi or en-US" }))),
  /** IANA timezone of the person, when the client knows it. */
  timezone: Schema.optionalKey(Text(64)),
  campaign: Schema.optionalKey(
    Schema.Struct({
      name: Schema.optionalKey(Text(200)),
      source: Schema.optionalKey(Text(200)),
      medium: Schema.optionalKey(Text(200)),
      term: Schema.optionalKey(Text(200)),
      content: Schema.optionalKey(Text(200))
    })
  ),
  externalIds: Schema.optionalKey(Schema.Array(Identifier).check(Schema.isMaxLength(50)))
})
/** An {@link EventContext} after decoding. */
export type EventContext = typeof EventContext.Type
