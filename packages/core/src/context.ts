import { Schema } from "effect"
import { Channel } from "./channel.js"
import { Identifier } from "./identifier.js"
import { Traits } from "./profile-fields.js"

const Text = (max: number) => Schema.String.check(Schema.isMaxLength(max))
const PURPOSE = /^[a-z][a-z0-9_]{0,63}$/

/**
 * The common device types. `context.device.type` is an open string: these are
 * the values kith reads (segments by device, the timeline), and the Segment
 * mapping turns `ios` / `android` into `mobile`; anything else is kept as sent.
 */
export const KnownDeviceTypes = ["mobile", "tablet", "desktop", "tv", "other"] as const

/**
 * How the person was referred (Segment's `context.referrer`): an ad network or
 * partner (`type`, `name`, `id`) or a link (`url`, `link`).
 */
export const Referrer = Schema.Struct({
  type: Schema.optionalKey(Text(200)),
  name: Schema.optionalKey(Text(200)),
  id: Schema.optionalKey(Text(200)),
  url: Schema.optionalKey(Text(2000)),
  link: Schema.optionalKey(Text(2000))
})
/** A {@link Referrer} after decoding. */
export type Referrer = typeof Referrer.Type

/**
 * Where an event came from and on what (ING-1): channel and source, device and
 * OS, network, locale and timezone of the person, campaign (UTM) and referrer,
 * the person's traits as the client knew them when the event happened
 * (`traits`: identity evidence, like an `identify`), and identifiers the host
 * already knows (`externalIds`, e.g. a Zalo id or a Shopee buyer id seen with
 * this event).
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
      /** `mobile`, `tablet`, `desktop`, `tv`, `other` ({@link KnownDeviceTypes}) or another lower-case word. */
      type: Schema.optionalKey(
        Schema.String.check(Schema.isPattern(/^[a-z][a-z0-9_ -]{0,49}$/, { message: "a device type is a lower-case word such as mobile, tablet or desktop" }))
      ),
      manufacturer: Schema.optionalKey(Text(100)),
      model: Schema.optionalKey(Text(100))
    })
  ),
  os: Schema.optionalKey(Schema.Struct({ name: Text(100), version: Schema.optionalKey(Text(50)) })),
  ip: Schema.optionalKey(Text(64)),
  userAgent: Schema.optionalKey(Text(1000)),
  /** BCP 47 language tag such as `vi` or `en-US`: the person's language (outreach picks the vi or en variant by it). */
  locale: Schema.optionalKey(Schema.String.check(Schema.isPattern(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: "a locale is a BCP 47 tag such as vi or en-US" }))),
  /** IANA timezone of the person, when the client knows it (outreach takes quiet hours in it). */
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
  referrer: Schema.optionalKey(Referrer),
  /** The person's traits as the client knew them with this event: identity evidence, read like an `identify`'s traits. */
  traits: Schema.optionalKey(Traits),
  externalIds: Schema.optionalKey(Schema.Array(Identifier).check(Schema.isMaxLength(50))),
  /**
   * The person's consent preferences the event carries (Segment's Consent
   * Management shape): per purpose of processing (a lower-case slug), `true`
   * for consent given, `false` for refused. Stored as consent records on the
   * channel the event came through when they change (PRIV-1).
   */
  consent: Schema.optionalKey(
    Schema.Struct({
      categoryPreferences: Schema.Record(Schema.String, Schema.Boolean).check(
        Schema.makeFilter((preferences: Readonly<Record<string, boolean>>) => {
          const bad = Object.keys(preferences).find((purpose) => !PURPOSE.test(purpose))
          return bad === undefined ? undefined : `${JSON.stringify(bad)} is not a purpose: a lower-case slug such as marketing or analytics`
        })
      )
    })
  )
})
/** An {@link EventContext} after decoding. */
export type EventContext = typeof EventContext.Type
