import { decoderFor, defaultWorkspaceSettings, type InvalidInput, TimeZone } from "@kith/core"
import { Result, Schema } from "effect"
import { MessagePurpose, OutreachChannel } from "../channel.js"
import { TimeOfDay } from "../local-time.js"

const Purposes = Schema.Array(MessagePurpose).check(Schema.isMinLength(1, { message: "name at least one purpose" }))
const Source = Schema.String.check(Schema.isMaxLength(500))

/**
 * The periods a frequency cap counts sends in, in the recipient's timezone:
 * `24h` is the rolling 24 hours before the send; `day`, `week` (Monday to
 * Sunday) and `month` are local calendar periods.
 */
export const CapPeriod = Schema.Literals(["24h", "day", "week", "month"])
/** A {@link CapPeriod} after decoding. */
export type CapPeriod = typeof CapPeriod.Type

/**
 * At most `max` messages of these purposes on this channel per recipient per `per`.
 * Sends of other purposes never count against it.
 */
export const FrequencyCap = Schema.Struct({
  channel: OutreachChannel,
  purposes: Purposes,
  per: CapPeriod,
  max: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)),
  /** Where the rule comes from (a decree, a platform policy, the workspace). */
  source: Source
})
/** A {@link FrequencyCap} after decoding. */
export type FrequencyCap = typeof FrequencyCap.Type

/**
 * Messages of these purposes on this channel go only between `from`
 * (included) and `to` (excluded), local time of the recipient; outside, they
 * are held until `from`. `from` after `to` is a window over midnight.
 */
export const SendingHours = Schema.Struct({
  channel: OutreachChannel,
  purposes: Purposes,
  from: TimeOfDay,
  to: TimeOfDay,
  source: Source
})
/** A {@link SendingHours} after decoding. */
export type SendingHours = typeof SendingHours.Type

/** Text of these purposes on this channel must start with `prefix` (`[QC]` on advertising SMS). */
export const AdvertisingLabel = Schema.Struct({
  channel: OutreachChannel,
  purposes: Purposes,
  prefix: Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(20)),
  source: Source
})
/** An {@link AdvertisingLabel} after decoding. */
export type AdvertisingLabel = typeof AdvertisingLabel.Type

/** Messages of these purposes on this channel go only to people who bought before. */
export const PastBuyersOnly = Schema.Struct({
  channel: OutreachChannel,
  purposes: Purposes,
  source: Source
})
/** A {@link PastBuyersOnly} after decoding. */
export type PastBuyersOnly = typeof PastBuyersOnly.Type

/**
 * The one contact policy of a workspace (OUT-5, OUT-6, OUT-11): every rule
 * as data, so each default can be overridden per workspace.
 *
 * - `timeZone`: the zone of recipients whose own timezone is unknown;
 * - `consentNotRequiredFor`: purposes sent without a consent record and
 *   despite do-not-contact (default none: silence is not consent, PRIV-7; a
 *   workspace with another lawful basis for order messages sets `["transactional"]`);
 * - `caps`, `sendingHours`, `advertisingLabels`, `pastBuyersOnly`: the rules,
 *   each naming its channel, the purposes it applies to and its source.
 */
export const ContactPolicy = Schema.Struct({
  timeZone: TimeZone,
  consentNotRequiredFor: Schema.Array(MessagePurpose),
  caps: Schema.Array(FrequencyCap),
  sendingHours: Schema.Array(SendingHours),
  advertisingLabels: Schema.Array(AdvertisingLabel),
  pastBuyersOnly: Schema.Array(PastBuyersOnly)
})
/** A {@link ContactPolicy} after decoding. */
export type ContactPolicy = typeof ContactPolicy.Type

const DECREE_91 = "Decree 91/2020/NĐ-CP on fighting spam messages, emails and calls"
const ZALO_ZNS = "Zalo template-message (ZNS) purposes"

/**
 * The defaults: Vietnamese rules (OUT-11), in the workspace default timezone.
 *
 * | rule | channel | purposes | value | source |
 * |---|---|---|---|---|
 * | cap | sms | promotion | 3 per 24 h | Decree 91/2020 |
 * | cap | email | promotion | 3 per 24 h | Decree 91/2020 |
 * | cap | call | promotion | 1 per 24 h | Decree 91/2020 |
 * | hours | sms | promotion | 07:00–22:00 | Decree 91/2020 |
 * | hours | call | promotion | 08:00–17:00 | Decree 91/2020 |
 * | label | sms | promotion | `[QC]` | Decree 91/2020 |
 * | hours | zalo | care, promotion | 07:00–22:00 | Zalo ZNS |
 * | cap | zalo | promotion | 1 per day, 30 per month | Zalo ZNS |
 * | past buyers only | zalo | promotion | | Zalo ZNS |
 *
 * Transactional messages have no hours and no caps; nothing is sent without
 * consent (`consentNotRequiredFor: []`).
 *
 * @example
 * ```ts
 * vietnamContactPolicy.caps.filter((c) => c.channel === "sms").map((c) => [c.per, c.max]) // => [["24h", 3]]
 * vietnamContactPolicy.consentNotRequiredFor // => []
 * ```
 */
export const vietnamContactPolicy: ContactPolicy = {
  timeZone: defaultWorkspaceSettings.timezone,
  consentNotRequiredFor: [],
  caps: [
    { channel: "sms", purposes: ["promotion"], per: "24h", max: 3, source: `${DECREE_91}: at most 3 advertising SMS per recipient in 24 hours` },
    { channel: "email", purposes: ["promotion"], per: "24h", max: 3, source: `${DECREE_91}: at most 3 advertising emails per recipient in 24 hours` },
    { channel: "call", purposes: ["promotion"], per: "24h", max: 1, source: `${DECREE_91}: at most 1 advertising call per recipient in 24 hours` },
    { channel: "zalo", purposes: ["promotion"], per: "day", max: 1, source: `${ZALO_ZNS}: promotion at most 1 a day per recipient` },
    { channel: "zalo", purposes: ["promotion"], per: "month", max: 30, source: `${ZALO_ZNS}: promotion at most 30 a month per recipient` }
  ],
  sendingHours: [
    { channel: "sms", purposes: ["promotion"], from: "07:00", to: "22:00", source: `${DECREE_91}: advertising SMS only 07:00–22:00` },
    { channel: "call", purposes: ["promotion"], from: "08:00", to: "17:00", source: `${DECREE_91}: advertising calls only 08:00–17:00` },
    { channel: "zalo", purposes: ["care", "promotion"], from: "07:00", to: "22:00", source: `${ZALO_ZNS}: care and promotion 07:00–22:00, transaction at any hour` }
  ],
  advertisingLabels: [{ channel: "sms", purposes: ["promotion"], prefix: "[QC]", source: `${DECREE_91}: advertising SMS text starts with [QC]` }],
  pastBuyersOnly: [{ channel: "zalo", purposes: ["promotion"], source: `${ZALO_ZNS}: promotion only to someone who has bought before` }]
}

const decodePolicy = decoderFor("contact policy", ContactPolicy)

/**
 * A workspace's contact policy: {@link vietnamContactPolicy} with the given
 * keys replaced (a list replaces the whole default list), validated with
 * every problem named by path.
 *
 * @param overrides - the keys the workspace sets
 * @returns the policy, or an `InvalidInput` naming each bad field
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * const policy = Result.getOrThrow(contactPolicy({ timeZone: "Asia/Bangkok", consentNotRequiredFor: ["transactional"] }))
 * policy.caps.length // => 5
 * const bad = contactPolicy({ caps: [{ channel: "sms", purposes: ["promotion"], per: "hour", max: 3, source: "" }] })
 * Result.isFailure(bad) && bad.failure.issues[0]!.path // => "caps[0].per"
 * ```
 */
export const contactPolicy = (overrides: Partial<typeof ContactPolicy.Encoded> = {}): Result.Result<ContactPolicy, InvalidInput> =>
  decodePolicy({ ...vietnamContactPolicy, ...overrides })
