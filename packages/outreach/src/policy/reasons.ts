/**
 * Why a message is sent (OUT-6): the recipient `consented` to this purpose
 * on this channel, or the workspace does not require consent for it
 * (`consent_not_required`, e.g. transactional messages where it allows).
 *
 * @example
 * ```ts
 * SendReasons // => ["consented", "consent_not_required"]
 * ```
 */
export const SendReasons = ["consented", "consent_not_required"] as const
/** One of {@link SendReasons}. */
export type SendReason = (typeof SendReasons)[number]

/**
 * Why a message is held: the channel's sending hours for its purpose are
 * closed in the recipient's timezone. It is released when they open, never dropped.
 */
export const HoldReasons = ["quiet_hours"] as const
/** One of {@link HoldReasons}. */
export type HoldReason = (typeof HoldReasons)[number]

/**
 * Why a message is not sent, in the order the policy checks them (the first
 * that applies is the reason given):
 *
 * | code | meaning |
 * |---|---|
 * | `erased` | the profile was erased |
 * | `suppressed` | an identifier is on the suppression list |
 * | `no_address_for_channel` | no phone, email, Zalo id or chat for the channel |
 * | `blocked_shop` | the person blocked the shop on this channel |
 * | `do_not_contact` | the person asked not to be contacted |
 * | `withdrawn` | consent for this purpose and channel was withdrawn |
 * | `refused` | the person refused when asked (Decree 91: no more advertising after a refusal) |
 * | `no_consent` | no consent recorded for this purpose and channel |
 * | `not_past_buyer` | the channel sends this purpose only to past buyers (Zalo promotion) |
 * | `missing_ad_label` | advertising text lacks the required label (`[QC]` on SMS) |
 * | `holdout` | the profile is in the plan's control group |
 * | `cap_24h`, `cap_day`, `cap_week`, `cap_month` | a frequency cap for the channel and purpose is reached |
 *
 * @example
 * ```ts
 * SkipReasons.indexOf("erased") // => 0
 * ```
 */
export const SkipReasons = [
  "erased",
  "suppressed",
  "no_address_for_channel",
  "blocked_shop",
  "do_not_contact",
  "withdrawn",
  "refused",
  "no_consent",
  "not_past_buyer",
  "missing_ad_label",
  "holdout",
  "cap_24h",
  "cap_day",
  "cap_week",
  "cap_month"
] as const
/** One of {@link SkipReasons}. */
export type SkipReason = (typeof SkipReasons)[number]

/** Every reason code a decision can carry. */
export type ReasonCode = SendReason | HoldReason | SkipReason
