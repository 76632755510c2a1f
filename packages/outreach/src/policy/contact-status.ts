import { Schema } from "effect"
import { MessagePurpose, OutreachChannel } from "../channel.js"

/**
 * A person's recorded answer for one purpose on one channel (PRIV-1):
 * `granted`, `denied` (they refused when asked) or `withdrawn` (they had
 * granted, then took it back). No record at all is no consent: silence is
 * not consent (PRIV-7).
 */
export const ConsentState = Schema.Literals(["granted", "denied", "withdrawn"])
/** A {@link ConsentState} after decoding. */
export type ConsentState = typeof ConsentState.Type

/**
 * One consent record, as the contact policy reads it: the state for a
 * purpose on a channel. When a person has several records for the same pair
 * (two profiles merged), the privacy feature passes the most restrictive.
 */
export const ConsentEntry = Schema.Struct({
  channel: OutreachChannel,
  purpose: MessagePurpose,
  state: ConsentState
})
/** A {@link ConsentEntry} after decoding. */
export type ConsentEntry = typeof ConsentEntry.Type

/**
 * What stops any contact with a person, whatever their consent (OUT-5):
 *
 * - `erased`: the profile was erased (PRIV-2); nothing is ever sent;
 * - `suppressed`: an identifier of theirs is on the workspace's suppression
 *   list (an erased person's hashed phone, a hard-bounced address);
 * - `doNotContact`: they asked not to be contacted; only purposes the
 *   workspace exempts from consent (see `ContactPolicy.consentNotRequiredFor`) still go;
 * - `blockedShopOn`: the channels on which they blocked the shop (a Zalo OA
 *   block, a marketplace chat block). An unblock removes the channel.
 */
export const Suppression = Schema.Struct({
  erased: Schema.Boolean,
  suppressed: Schema.Boolean,
  doNotContact: Schema.Boolean,
  blockedShopOn: Schema.Array(OutreachChannel)
})
/** A {@link Suppression} after decoding. */
export type Suppression = typeof Suppression.Type

/**
 * Consent and suppression of one recipient, as plain data: the input the
 * privacy feature fills from its consent records and suppression list. Until
 * it exists, the host passes what it knows; the policy never guesses
 * (an absent consent record is no consent).
 *
 * @example
 * ```ts
 * const status: ContactStatus = {
 *   consent: [{ channel: "zalo", purpose: "promotion", state: "granted" }],
 *   suppression: { erased: false, suppressed: false, doNotContact: false, blockedShopOn: [] }
 * }
 * consentFor(status, "zalo", "promotion") // => "granted"
 * consentFor(status, "sms", "promotion") // => undefined
 * ```
 */
export const ContactStatus = Schema.Struct({
  consent: Schema.Array(ConsentEntry),
  suppression: Suppression
})
/** A {@link ContactStatus} after decoding. */
export type ContactStatus = typeof ContactStatus.Type

const restrictiveness: Record<ConsentState, number> = { granted: 0, denied: 1, withdrawn: 2 }

/**
 * The consent state for a purpose on a channel, or `undefined` when none is
 * recorded. Several records for the same pair give the most restrictive
 * (`withdrawn` over `denied` over `granted`), as on a merge (PRIV-1).
 */
export const consentFor = (status: ContactStatus, channel: OutreachChannel, purpose: MessagePurpose): ConsentState | undefined => {
  let found: ConsentState | undefined
  for (const entry of status.consent) {
    if (entry.channel !== channel || entry.purpose !== purpose) continue
    if (found === undefined || restrictiveness[entry.state] > restrictiveness[found]) found = entry.state
  }
  return found
}

/**
 * A contact status with no consent and nothing suppressed: someone the
 * workspace may only reach with purposes it exempts from consent.
 *
 * @example
 * ```ts
 * noContactRecords().consent // => []
 * ```
 */
export const noContactRecords = (): ContactStatus => ({
  consent: [],
  suppression: { erased: false, suppressed: false, doNotContact: false, blockedShopOn: [] }
})
