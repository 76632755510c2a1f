// A stored profile as the contact policy and the renderer see it: its
// addresses per channel, whether it has bought, its consent per outreach
// purpose and what stops any contact (from the privacy feature's records),
// its locale and names.
import { consentFor, contactRestrictionsAt } from "@kith/privacy"
import { type ConsentEntry as OutreachConsent, consentPurposeOf, type ExecutionRecipient, type MessagePurpose, type OutreachChannel, OutreachChannels } from "@kith/outreach"
import type { RecipientRecords, StoredProfile } from "@kith/storage"

// The identifier types that give an address on each channel, in order of preference (Zalo ZNS reaches a phone number).
const ADDRESSES: Readonly<Record<OutreachChannel, ReadonlyArray<string>>> = {
  zalo: ["zalo_id", "phone"],
  sms: ["phone"],
  call: ["phone"],
  email: ["email"],
  chat: ["facebook_psid", "zalo_id"]
}

const traitText = (profile: StoredProfile, name: string): string | undefined => {
  const value = profile.traits[name]?.value
  return typeof value === "string" && value.trim() !== "" ? value : undefined
}

/**
 * The recipient a profile is for one message at `at`: reachable on every
 * channel it has an address for, a past buyer when an order of theirs
 * completed by `at`, its consent for the message's purpose on the message's
 * channel as the privacy records stand at `at` (a workspace purpose that
 * needs no consent counts as granted; none recorded is no consent), erased
 * or suppressed as the privacy records say — so the policy skips an erased
 * or suppressed person for that reason, not for a missing address — and
 * do-not-contact and the channels the shop is blocked on as the contact
 * restrictions stand at `at` (a block lifted by then no longer counts). A
 * deleted profile is a recipient with nothing but its id, erased.
 */
export const recipientOf = (records: RecipientRecords, message: { readonly channel: OutreachChannel; readonly purpose: MessagePurpose }, at: Date): ExecutionRecipient => {
  const restrictions = contactRestrictionsAt(records.restrictions, at)
  const suppression = {
    erased: records.erased,
    suppressed: records.suppressed,
    doNotContact: restrictions.doNotContact,
    blockedShopOn: OutreachChannels.filter((channel) => restrictions.blockedShopOn.includes(channel))
  }
  const profile = records.profile
  if (profile === undefined) return { profileId: records.profileId, reachableOn: [], pastBuyer: false, contact: { consent: [], suppression }, values: {} }
  const reachableOn = (Object.keys(ADDRESSES) as Array<OutreachChannel>).filter((channel) => ADDRESSES[channel].some((type) => profile.identifiers.some((i) => i.type === type)))
  const address = ADDRESSES[message.channel].map((type) => profile.identifiers.find((i) => i.type === type)?.value).find((v) => v !== undefined)
  const pastBuyer = [...profile.summary.orders.values()].some((o) => o.completedAt !== undefined && o.completedAt <= at.getTime())
  const entry = consentFor(records.consent, consentPurposeOf[message.purpose], message.channel, { asOf: at })
  const state: OutreachConsent["state"] | undefined =
    entry.status === "granted" || entry.status === "not_required" ? "granted" : entry.status === "denied" ? "denied" : entry.status === "withdrawn" ? "withdrawn" : undefined
  const firstName = traitText(profile, "firstName")
  const lastName = traitText(profile, "lastName")
  const fullName = traitText(profile, "fullName")
  const locale = traitText(profile, "locale") ?? traitText(profile, "language")
  return {
    profileId: profile.profileId,
    reachableOn,
    pastBuyer,
    contact: {
      consent: state === undefined ? [] : [{ channel: message.channel, purpose: message.purpose, state }],
      suppression
    },
    ...(address === undefined ? {} : { address }),
    ...(locale === undefined ? {} : { locale }),
    values: {
      ...(firstName === undefined ? {} : { firstName }),
      ...(lastName === undefined ? {} : { lastName }),
      ...(fullName === undefined ? {} : { fullName })
    }
  }
}
