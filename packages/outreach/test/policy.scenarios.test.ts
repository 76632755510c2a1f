// The contact policy as data (OUT-5, OUT-6, OUT-11): one row per situation,
// the decision and reason code it must give under the Vietnamese defaults
// (or the policy the row names).
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { contactPolicy, type ContactPolicy, decide, type Decision, isHeldOut, type OutgoingMessage, type Recipient, type SentMessage, vietnamContactPolicy } from "../src/index.js"
import { openRecipient } from "./helpers.js"

const at = (local: string) => new Date(`${local}+07:00`)
const noConsent = (r: Recipient): Recipient => ({ ...r, contact: { ...r.contact, consent: [] } })
const withConsent = (state: "granted" | "denied" | "withdrawn", channel = "zalo", purpose = "promotion") => (r: Recipient): Recipient => ({
  ...r,
  contact: { ...r.contact, consent: [...r.contact.consent.filter((c) => c.channel !== channel || c.purpose !== purpose), { channel, purpose, state } as never] }
})
const suppressed = (patch: Partial<Recipient["contact"]["suppression"]>) => (r: Recipient): Recipient => ({
  ...r,
  contact: { ...r.contact, suppression: { ...r.contact.suppression, ...patch } }
})
const sent = (channel: SentMessage["channel"], purpose: SentMessage["purpose"], ...locals: ReadonlyArray<string>): ReadonlyArray<SentMessage> => locals.map((l) => ({ channel, purpose, at: at(l) }))
const transactionalExempt = Result.getOrThrow(contactPolicy({ consentNotRequiredFor: ["transactional"] }))

// A plan id whose holdout at 50 % contains p-1, found by the same hash the policy uses.
const heldPlan = ["plan-a", "plan-b", "plan-c", "plan-d", "plan-e", "plan-f"].find((id) => isHeldOut(id, "p-1", 50))!
const notHeldPlan = ["plan-a", "plan-b", "plan-c", "plan-d", "plan-e", "plan-f"].find((id) => !isHeldOut(id, "p-1", 50))!

interface Row {
  readonly name: string
  readonly message: Partial<OutgoingMessage>
  readonly recipient?: (r: Recipient) => Recipient
  readonly history?: ReadonlyArray<SentMessage>
  readonly now: string
  readonly policy?: ContactPolicy
  readonly expect: Decision
}

const ZALO_PROMO: OutgoingMessage = { planId: "plan-1", channel: "zalo", purpose: "promotion" }

const rows: ReadonlyArray<Row> = [
  { name: "a consented past buyer gets a Zalo promotion at noon", message: {}, now: "2025-03-07T12:00:00", expect: { verdict: "send", reason: "consented" } },
  { name: "an erased profile gets nothing, not even a transactional message", message: { purpose: "transactional" }, recipient: suppressed({ erased: true }), now: "2025-03-07T12:00:00", policy: transactionalExempt, expect: { verdict: "skip", reason: "erased" } },
  { name: "a suppressed identifier gets nothing", message: {}, recipient: suppressed({ suppressed: true }), now: "2025-03-07T12:00:00", expect: { verdict: "skip", reason: "suppressed" } },
  { name: "no Zalo id: no Zalo message", message: {}, recipient: (r) => ({ ...r, reachableOn: ["sms"] }), now: "2025-03-07T12:00:00", expect: { verdict: "skip", reason: "no_address_for_channel" } },
  { name: "blocked the shop on Zalo", message: {}, recipient: suppressed({ blockedShopOn: ["zalo"] }), now: "2025-03-07T12:00:00", expect: { verdict: "skip", reason: "blocked_shop" } },
  { name: "blocked the shop on Zalo, still reachable by email", message: { channel: "email" }, recipient: suppressed({ blockedShopOn: ["zalo"] }), now: "2025-03-07T12:00:00", expect: { verdict: "send", reason: "consented" } },
  { name: "unblocked: the channel is open again", message: {}, recipient: suppressed({ blockedShopOn: [] }), now: "2025-03-07T12:00:00", expect: { verdict: "send", reason: "consented" } },
  { name: "do-not-contact stops a promotion", message: {}, recipient: suppressed({ doNotContact: true }), now: "2025-03-07T12:00:00", expect: { verdict: "skip", reason: "do_not_contact" } },
  { name: "do-not-contact stops a transactional message under the defaults", message: { purpose: "transactional" }, recipient: suppressed({ doNotContact: true }), now: "2025-03-07T12:00:00", expect: { verdict: "skip", reason: "do_not_contact" } },
  { name: "do-not-contact lets a transactional message through where the workspace exempts it", message: { purpose: "transactional" }, recipient: suppressed({ doNotContact: true }), now: "2025-03-07T12:00:00", policy: transactionalExempt, expect: { verdict: "send", reason: "consent_not_required" } },
  { name: "withdrawn consent", message: {}, recipient: withConsent("withdrawn"), now: "2025-03-07T12:00:00", expect: { verdict: "skip", reason: "withdrawn" } },
  { name: "refused when asked: no more advertising (Decree 91)", message: {}, recipient: withConsent("denied"), now: "2025-03-07T12:00:00", expect: { verdict: "skip", reason: "refused" } },
  { name: "granted and withdrawn after a merge: the most restrictive wins", message: {}, recipient: (r) => ({ ...r, contact: { ...r.contact, consent: [{ channel: "zalo", purpose: "promotion", state: "granted" }, { channel: "zalo", purpose: "promotion", state: "withdrawn" }] } }), now: "2025-03-07T12:00:00", expect: { verdict: "skip", reason: "withdrawn" } },
  { name: "no consent recorded: silence is not consent", message: {}, recipient: noConsent, now: "2025-03-07T12:00:00", expect: { verdict: "skip", reason: "no_consent" } },
  { name: "consent for care is not consent for promotion", message: {}, recipient: (r) => ({ ...r, contact: { ...r.contact, consent: [{ channel: "zalo", purpose: "care", state: "granted" }] } }), now: "2025-03-07T12:00:00", expect: { verdict: "skip", reason: "no_consent" } },
  { name: "no consent, transactional, defaults: not sent", message: { purpose: "transactional" }, recipient: noConsent, now: "2025-03-07T12:00:00", expect: { verdict: "skip", reason: "no_consent" } },
  { name: "no consent, transactional, exempted by the workspace: sent", message: { purpose: "transactional" }, recipient: noConsent, now: "2025-03-07T12:00:00", policy: transactionalExempt, expect: { verdict: "send", reason: "consent_not_required" } },
  { name: "Zalo promotion to someone who never bought", message: {}, recipient: (r) => ({ ...r, pastBuyer: false }), now: "2025-03-07T12:00:00", expect: { verdict: "skip", reason: "not_past_buyer" } },
  { name: "Zalo care message to someone who never bought", message: { purpose: "care" }, recipient: (r) => ({ ...r, pastBuyer: false }), now: "2025-03-07T12:00:00", expect: { verdict: "send", reason: "consented" } },
  { name: "advertising SMS without [QC]", message: { channel: "sms", text: "Giảm 20% hôm nay" }, now: "2025-03-07T12:00:00", expect: { verdict: "skip", reason: "missing_ad_label" } },
  { name: "advertising SMS with [QC]", message: { channel: "sms", text: "[QC] Giảm 20% hôm nay" }, now: "2025-03-07T12:00:00", expect: { verdict: "send", reason: "consented" } },
  { name: "care SMS needs no [QC]", message: { channel: "sms", purpose: "care", text: "Cảm ơn bạn đã mua hàng" }, now: "2025-03-07T23:00:00", expect: { verdict: "send", reason: "consented" } },
  { name: "in the plan's holdout", message: { planId: heldPlan, holdoutPercent: 50 }, now: "2025-03-07T12:00:00", expect: { verdict: "skip", reason: "holdout" } },
  { name: "outside the plan's holdout", message: { planId: notHeldPlan, holdoutPercent: 50 }, now: "2025-03-07T12:00:00", expect: { verdict: "send", reason: "consented" } },
  { name: "Zalo promotion at 06:59 is held until 07:00", message: {}, now: "2025-03-07T06:59:59", expect: { verdict: "hold", reason: "quiet_hours", until: at("2025-03-07T07:00:00") } },
  { name: "Zalo promotion at 07:00 goes", message: {}, now: "2025-03-07T07:00:00", expect: { verdict: "send", reason: "consented" } },
  { name: "Zalo care at 22:00 is held until 07:00 the next day", message: { purpose: "care" }, now: "2025-03-07T22:00:00", expect: { verdict: "hold", reason: "quiet_hours", until: at("2025-03-08T07:00:00") } },
  { name: "Zalo transaction at 03:00 goes", message: { purpose: "transactional" }, now: "2025-03-07T03:00:00", expect: { verdict: "send", reason: "consented" } },
  { name: "advertising SMS at 22:00 waits for 07:00", message: { channel: "sms", text: "[QC] x" }, now: "2025-03-07T22:00:00", expect: { verdict: "hold", reason: "quiet_hours", until: at("2025-03-08T07:00:00") } },
  { name: "advertising call at 17:00 waits for 08:00", message: { channel: "call" }, now: "2025-03-07T17:00:00", expect: { verdict: "hold", reason: "quiet_hours", until: at("2025-03-08T08:00:00") } },
  { name: "quiet hours in the recipient's timezone: 07:30 in Hồ Chí Minh City is 19:30 the day before in New York", message: {}, recipient: (r) => ({ ...r, timeZone: "America/New_York" }), now: "2025-03-07T07:30:00", expect: { verdict: "send", reason: "consented" } },
  { name: "quiet hours in the recipient's timezone: 12:00 in Hồ Chí Minh City is midnight in New York", message: {}, recipient: (r) => ({ ...r, timeZone: "America/New_York" }), now: "2025-03-07T12:00:00", expect: { verdict: "hold", reason: "quiet_hours", until: new Date("2025-03-07T07:00:00-05:00") } },
  { name: "the fourth advertising SMS within 24 hours", message: { channel: "sms", text: "[QC] x" }, history: sent("sms", "promotion", "2025-03-06T12:00:01", "2025-03-06T20:00:00", "2025-03-07T08:00:00"), now: "2025-03-07T12:00:00", expect: { verdict: "skip", reason: "cap_24h" } },
  { name: "24 hours after the first of three, the next may go", message: { channel: "sms", text: "[QC] x" }, history: sent("sms", "promotion", "2025-03-06T12:00:00", "2025-03-06T20:00:00", "2025-03-07T08:00:00"), now: "2025-03-07T12:00:00", expect: { verdict: "send", reason: "consented" } },
  { name: "three care SMS do not count against the advertising cap", message: { channel: "sms", text: "[QC] x" }, history: sent("sms", "care", "2025-03-07T08:00:00", "2025-03-07T09:00:00", "2025-03-07T10:00:00"), now: "2025-03-07T12:00:00", expect: { verdict: "send", reason: "consented" } },
  { name: "the second advertising call within 24 hours", message: { channel: "call" }, history: sent("call", "promotion", "2025-03-07T09:00:00"), now: "2025-03-07T12:00:00", expect: { verdict: "skip", reason: "cap_24h" } },
  { name: "a second Zalo promotion the same local day", message: {}, history: sent("zalo", "promotion", "2025-03-07T07:00:00"), now: "2025-03-07T21:00:00", expect: { verdict: "skip", reason: "cap_day" } },
  { name: "a Zalo promotion the next local day, 9 hours later", message: {}, history: sent("zalo", "promotion", "2025-03-07T21:59:00"), now: "2025-03-08T07:00:00", expect: { verdict: "send", reason: "consented" } },
  { name: "the 30th Zalo promotion of the month, on a new day", message: {}, history: Array.from({ length: 29 }, (_, i) => ({ channel: "zalo" as const, purpose: "promotion" as const, at: at(`2025-03-${String(i + 1).padStart(2, "0")}T09:00:00`) })), now: "2025-03-30T12:00:00", expect: { verdict: "send", reason: "consented" } },
  { name: "a weekly cap set by the workspace", message: { channel: "email" }, history: sent("email", "promotion", "2025-03-03T09:00:00", "2025-03-05T09:00:00"), now: "2025-03-09T23:00:00", policy: { ...vietnamContactPolicy, caps: [{ channel: "email", purposes: ["promotion", "care"], per: "week", max: 2, source: "workspace" }] }, expect: { verdict: "skip", reason: "cap_week" } },
  { name: "the weekly cap starts again on Monday", message: { channel: "email" }, history: sent("email", "promotion", "2025-03-03T09:00:00", "2025-03-05T09:00:00"), now: "2025-03-10T00:00:00", policy: { ...vietnamContactPolicy, caps: [{ channel: "email", purposes: ["promotion", "care"], per: "week", max: 2, source: "workspace" }] }, expect: { verdict: "send", reason: "consented" } }
]

describe("contact policy scenarios", () => {
  it.each(rows.map((r) => [r.name, r] as const))("%s", (_, row) => {
    const recipient = (row.recipient ?? ((r: Recipient) => r))(openRecipient())
    const decision = decide({ ...ZALO_PROMO, ...row.message }, recipient, row.history ?? [], { now: at(row.now), ...(row.policy === undefined ? {} : { policy: row.policy }) })
    expect(decision).toEqual(row.expect)
  })

  it("the 31st Zalo promotion in one month is capped", () => {
    const history = Array.from({ length: 30 }, (_, i) => ({ channel: "zalo" as const, purpose: "promotion" as const, at: at(`2025-03-${String(i + 1).padStart(2, "0")}T09:00:00`) }))
    // Thirty on days 1 to 30: nothing on the 31st yet, but the month is full.
    expect(decide(ZALO_PROMO, openRecipient(), history, { now: at("2025-03-31T20:00:00") })).toEqual({ verdict: "skip", reason: "cap_month" })
    // A new month starts at local midnight.
    expect(decide(ZALO_PROMO, openRecipient(), history, { now: at("2025-04-01T07:00:00") })).toEqual({ verdict: "send", reason: "consented" })
  })

  it("a policy override is validated, each problem by path", () => {
    const bad = contactPolicy({ timeZone: "Mars/Olympus", sendingHours: [{ channel: "sms", purposes: [], from: "7:00", to: "22:00", source: "" }] })
    expect(Result.isFailure(bad) && bad.failure.issues.map((i) => i.path)).toEqual(["timeZone", "sendingHours[0].purposes", "sendingHours[0].from"])
  })
})
