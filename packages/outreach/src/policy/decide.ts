import type { MessagePurpose, OutreachChannel } from "../channel.js"
import { isHeldOut } from "../holdout.js"
import { type SentMessage, sentInCapPeriod } from "./caps.js"
import { type ContactPolicy, vietnamContactPolicy } from "./contact-policy.js"
import { type ContactStatus, consentFor } from "./contact-status.js"
import type { HoldReason, SendReason, SkipReason } from "./reasons.js"
import { nextOpening } from "./sending-hours.js"

/**
 * The message the policy decides on: which plan, which channel, why, and
 * for rules that read it (the `[QC]` label) the text as the recipient
 * would get it.
 */
export interface OutgoingMessage {
  readonly planId: string
  readonly channel: OutreachChannel
  readonly purpose: MessagePurpose
  /** The rendered text; needed where an advertising label is required. */
  readonly text?: string
  /** The plan's control group in percent (0 when absent). */
  readonly holdoutPercent?: number
}

/** The recipient as the policy sees them. */
export interface Recipient {
  /** The profile id (the holdout hashes it). */
  readonly profileId: string
  /** The recipient's IANA timezone when known; the policy's otherwise. */
  readonly timeZone?: string
  /** The channels the profile has an address for (a phone for sms and call, an email, a Zalo id, an open chat). */
  readonly reachableOn: ReadonlyArray<OutreachChannel>
  /** Whether they have bought before. */
  readonly pastBuyer: boolean
  /** Consent and suppression, as the privacy feature records them. */
  readonly contact: ContactStatus
}

/** What the policy decided: send now, hold until an instant, or skip, always with a reason code. */
export type Decision =
  | { readonly verdict: "send"; readonly reason: SendReason }
  | { readonly verdict: "hold"; readonly reason: HoldReason; readonly until: Date }
  | { readonly verdict: "skip"; readonly reason: SkipReason }

/** When to decide, and under which policy. */
export interface DecideOptions {
  /** The instant of the decision: caps and hours are read here. */
  readonly now: Date
  /** Default {@link vietnamContactPolicy}. */
  readonly policy?: ContactPolicy
}

const applies = (rule: { readonly channel: OutreachChannel; readonly purposes: ReadonlyArray<MessagePurpose> }, message: OutgoingMessage) =>
  rule.channel === message.channel && rule.purposes.includes(message.purpose)

const skip = (reason: SkipReason): Decision => ({ verdict: "skip", reason })

/**
 * The one contact decision every send goes through (OUT-5, OUT-6). Pure: the
 * same message, recipient, history and options always give the same
 * decision; nothing reads the clock.
 *
 * Checks, in order, and the first that applies is the reason given (see
 * `SkipReasons`): erasure, suppression, an address for the channel, a block
 * of the shop on the channel; then, unless the workspace exempts the
 * purpose from consent, do-not-contact and the consent for the purpose on
 * the channel; the past-buyers-only and advertising-label rules; the plan's
 * holdout; the sending hours (outside them the message is **held** until
 * the next opening and decided again then); and last the frequency caps,
 * counted over `history` in the recipient's timezone.
 *
 * @param message - what would be sent
 * @param recipient - to whom, with their consent and suppression
 * @param history - the messages already sent to them (any order)
 * @param options - `now` and the workspace's policy
 * @returns the decision and its reason code
 *
 * @example
 * ```ts
 * const recipient = {
 *   profileId: "p-1", reachableOn: ["sms"], pastBuyer: true,
 *   contact: { consent: [{ channel: "sms", purpose: "promotion", state: "granted" }], suppression: { erased: false, suppressed: false, doNotContact: false, blockedShopOn: [] } }
 * } as const
 * const message = { planId: "plan-1", channel: "sms", purpose: "promotion", text: "[QC] Giảm 20% hôm nay" } as const
 * decide(message, recipient, [], { now: new Date("2025-03-07T10:00:00+07:00") }) // => { verdict: "send", reason: "consented" }
 * decide(message, recipient, [], { now: new Date("2025-03-07T22:30:00+07:00") })
 * // => { verdict: "hold", reason: "quiet_hours", until: new Date("2025-03-08T07:00:00+07:00") }
 * const three = [8, 9, 9.5].map((h) => ({ channel: "sms", purpose: "promotion", at: new Date(Date.parse("2025-03-07T00:00:00+07:00") + h * 3600000) }))
 * decide(message, recipient, three, { now: new Date("2025-03-07T10:00:00+07:00") }) // => { verdict: "skip", reason: "cap_24h" }
 * decide({ ...message, purpose: "transactional" }, recipient, three, { now: new Date("2025-03-07T10:00:00+07:00") }) // => { verdict: "skip", reason: "no_consent" }
 * ```
 */
export const decide = (message: OutgoingMessage, recipient: Recipient, history: ReadonlyArray<SentMessage>, options: DecideOptions): Decision => {
  const policy = options.policy ?? vietnamContactPolicy
  const { suppression } = recipient.contact
  if (suppression.erased) return skip("erased")
  if (suppression.suppressed) return skip("suppressed")
  if (!recipient.reachableOn.includes(message.channel)) return skip("no_address_for_channel")
  if (suppression.blockedShopOn.includes(message.channel)) return skip("blocked_shop")

  const exempt = policy.consentNotRequiredFor.includes(message.purpose)
  if (!exempt) {
    if (suppression.doNotContact) return skip("do_not_contact")
    const consent = consentFor(recipient.contact, message.channel, message.purpose)
    if (consent === "withdrawn") return skip("withdrawn")
    if (consent === "denied") return skip("refused")
    if (consent === undefined) return skip("no_consent")
  }

  if (!recipient.pastBuyer && policy.pastBuyersOnly.some((rule) => applies(rule, message))) return skip("not_past_buyer")
  for (const label of policy.advertisingLabels) {
    if (applies(label, message) && !(message.text ?? "").startsWith(label.prefix)) return skip("missing_ad_label")
  }
  if (isHeldOut(message.planId, recipient.profileId, message.holdoutPercent ?? 0)) return skip("holdout")

  const timeZone = recipient.timeZone ?? policy.timeZone
  let until: Date | undefined
  for (const hours of policy.sendingHours) {
    if (!applies(hours, message)) continue
    const opening = nextOpening(hours, options.now, timeZone)
    if (opening !== undefined && (until === undefined || opening.getTime() > until.getTime())) until = opening
  }
  if (until !== undefined) return { verdict: "hold", reason: "quiet_hours", until }

  for (const cap of policy.caps) {
    if (applies(cap, message) && sentInCapPeriod(cap, history, options.now, timeZone) >= cap.max) return skip(`cap_${cap.per}`)
  }
  return { verdict: "send", reason: exempt ? "consent_not_required" : "consented" }
}
