import fc from "fast-check"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  decodeTierConfig,
  defaultPointsRule,
  defaultTierConfig,
  lifecycleOf,
  makeSummarizer,
  ordersAt,
  pointsLedger,
  sourcesOf,
  tierFor
} from "../src/index.js"
import { arbEvents } from "./arbitraries.js"
import { VN, identify, order, page, track } from "./fixtures.js"

const summarizer = makeSummarizer({ timeZone: VN })
const asOf = new Date("2025-06-30T17:00:00Z")
const p1 = { productId: "p1", quantity: 1, price: 250_000 }

describe("lifecycleOf (PRF-2)", () => {
  const stageOf = (events: Parameters<typeof summarizer.summarize>[0], traits = {}) => {
    const s = summarizer.summarize(events)
    return lifecycleOf(s, ordersAt(s, asOf), traits, asOf)
  }

  it("is a visitor after an anonymous visit", () => {
    expect(stageOf([page({ url: "https://shop.vn" }, { at: "2025-06-01T10:00:00+07:00" })])).toEqual({
      stage: "visitor",
      account: { status: "no_account", registeredAt: null, verified: false }
    })
  })

  it("becomes a lead by leaving a phone, a form, or a resolved phone trait", () => {
    expect(stageOf([identify({ phone: "0912 345 678" }, { at: "2025-06-01T10:00:00+07:00" })]).stage).toBe("lead")
    expect(stageOf([track("Form Submitted", { formId: "f", kind: "chatbot", fields: { name: "Lan" } }, { at: "2025-06-01T10:00:00+07:00" })]).stage).toBe("lead")
    expect(stageOf([page({}, { at: "2025-06-01T10:00:00+07:00" })], { email: "lan@shop.vn" }).stage).toBe("lead")
    // Contact details left after asOf do not count yet.
    expect(stageOf([identify({ phone: "0912 345 678" }, { at: "2025-07-01T10:00:00+07:00" })]).stage).toBe("visitor")
  })

  it("becomes a buyer with one successful order, not with a pending one", () => {
    expect(stageOf([order("Order Placed", "A", [p1], { at: "2025-06-01T10:00:00+07:00" })]).stage).toBe("visitor")
    expect(stageOf([order("Order Completed", "A", [p1], { at: "2025-06-01T10:00:00+07:00" })]).stage).toBe("buyer")
  })

  it("is a member only when registered and verified", () => {
    const registered = [page({}, { at: "2025-06-01T10:00:00+07:00", userId: "u-1" })]
    expect(stageOf(registered).account).toEqual({ status: "no_account", registeredAt: new Date("2025-06-01T03:00:00Z"), verified: false })
    expect(stageOf(registered, { emailVerified: true }).account.status).toBe("member")
    expect(stageOf([page({}, { at: "2025-06-01T10:00:00+07:00" })], { phoneVerified: true }).account.status).toBe("no_account")
  })
})

describe("tiers (PRF-7)", () => {
  it("picks the highest tier reached", () => {
    expect(tierFor(25_000_000, defaultTierConfig)).toBe("gold")
    expect(tierFor(5_000_000, defaultTierConfig)).toBe("silver")
    expect(tierFor(1_000_000, defaultTierConfig)).toBe("bronze")
    expect(tierFor(999_999, defaultTierConfig)).toBeNull()
  })

  it("accepts a configuration by points in any order, and rejects a bad one with the field", () => {
    const config = decodeTierConfig({ basis: "points", tiers: [{ name: "silver", minimum: 500 }, { name: "vip", minimum: 2000 }] })
    expect(Result.isSuccess(config) && tierFor(2500, config.success)).toBe("vip")
    const bad = decodeTierConfig({ basis: "age", tiers: [{ name: "x", minimum: -1 }] })
    expect(Result.isFailure(bad) && bad.failure.issues.map((i) => i.path).sort()).toEqual(["basis", "tiers[0].minimum"])
  })
})

describe("pointsLedger (PRF-7)", () => {
  it("spends soonest-expiring points first, lapses the rest, and carries a debt (hand-computed)", () => {
    const s = summarizer.summarize([
      track("Points Earned", { points: 100, expiresAt: "2025-03-01T00:00:00+07:00" }, { at: "2025-01-01T10:00:00+07:00" }),
      track("Points Earned", { points: 50 }, { at: "2025-02-01T10:00:00+07:00" }),
      track("Points Redeemed", { points: 30 }, { at: "2025-02-15T10:00:00+07:00" }),
      track("Points Adjusted", { points: -60, reason: "sai sót" }, { at: "2025-03-10T10:00:00+07:00" }),
      track("Points Earned", { points: 20 }, { at: "2025-04-01T10:00:00+07:00" })
    ])
    const ledger = pointsLedger(s, [], { asOf, currency: "VND", rule: defaultPointsRule })
    // 100 − 30 redeemed = 70 lapse on 1 March; −60 takes the 50 and owes 10; +20 pays 10.
    expect(ledger).toMatchObject({ balance: 10, earned: 170, redeemed: 30, adjusted: -60, expired: 70 })
    expect(ledger.entries.map((e) => [e.kind, e.points])).toEqual([["earned", 100], ["earned", 50], ["redeemed", -30], ["adjusted", -60], ["earned", 20]])
    expect(ledger.entries[3]?.reason).toBe("sai sót")
  })

  it("earns on purchase by the rule, unless the host already credited the order", () => {
    const s = summarizer.summarize([
      order("Order Completed", "A", [p1], { at: "2025-05-01T10:00:00+07:00" }),
      order("Order Completed", "B", [p1], { at: "2025-05-02T10:00:00+07:00" }),
      track("Points Earned", { points: 40, orderId: "B" }, { at: "2025-05-02T10:00:01+07:00" }),
      order("Order Placed", "C", [p1], { at: "2025-05-03T10:00:00+07:00" })
    ])
    const ledger = pointsLedger(s, ordersAt(s, asOf), { asOf, currency: "VND", rule: { points: 1, per: 10_000, expiresAfterDays: 30 } })
    // A earns floor(250,000 / 10,000) = 25 and they lapse 30 days later; B was credited 40 by the host; C is pending.
    expect(ledger).toMatchObject({ balance: 40, earned: 65, expired: 25 })
    expect(ledger.entries.find((e) => e.kind === "purchase")).toMatchObject({ orderId: "A", points: 25, expiresAt: new Date("2025-05-31T03:00:00Z") })
  })

  it("balance = earned − redeemed + adjusted − expired, for any events", () => {
    fc.assert(
      fc.property(arbEvents(40), (events) => {
        const s = summarizer.summarize(events)
        const l = pointsLedger(s, ordersAt(s, asOf), { asOf, currency: "VND", rule: { points: 1, per: 10_000, expiresAfterDays: 90 } })
        expect(l.balance).toBe(l.earned - l.redeemed + l.adjusted - l.expired)
        expect(l.expired).toBeGreaterThanOrEqual(0)
      })
    )
  })
})

describe("sourcesOf (PRF-8)", () => {
  it("does not count the shop's outreach or staff adjustments as sources", () => {
    const s = summarizer.summarize([
      page({}, { at: "2025-02-05T10:00:00+07:00", context: { channel: "web", source: "own_website" } }),
      track("Message Sent", { deliveryId: "d1", channel: "sms" }, { at: "2025-01-05T10:00:00+07:00", context: { channel: "sms", source: "sms_brandname" } }),
      track("Message Clicked", { deliveryId: "d1", channel: "email", url: "https://shop.vn" }, { at: "2025-01-06T10:00:00+07:00", context: { channel: "email", source: "email_campaign" } }),
      track("Points Adjusted", { points: 50, reason: "sinh nhật" }, { at: "2025-01-07T10:00:00+07:00", context: { channel: "manual", source: "back_office" } })
    ])
    expect(sourcesOf(s, asOf).map((t) => `${t.channel}/${t.source}`)).toEqual(["web/own_website"])
  })

  it("lists every channel and source, first touch first", () => {
    const s = summarizer.summarize([
      page({}, { at: "2025-03-05T10:00:00+07:00", context: { channel: "zalo", source: "zalo_oa" } }),
      page({}, { at: "2025-01-05T10:00:00+07:00", context: { channel: "web", source: "landing_page" } }),
      page({}, { at: "2025-08-05T10:00:00+07:00", context: { channel: "web", source: "landing_page" } }),
      track("Order Completed", { orderId: "S", currency: "VND", total: 1, products: [] }, { at: "2025-04-05T10:00:00+07:00", context: { channel: "shopee" } }),
      page({}, { at: "2025-09-05T10:00:00+07:00", context: { channel: "import", source: "file_import" } })
    ])
    expect(sourcesOf(s, asOf)).toEqual([
      { channel: "web", source: "landing_page", campaign: null, referrer: null, firstSeenAt: new Date("2025-01-05T03:00:00Z"), lastSeenAt: null },
      { channel: "zalo", source: "zalo_oa", campaign: null, referrer: null, firstSeenAt: new Date("2025-03-05T03:00:00Z"), lastSeenAt: new Date("2025-03-05T03:00:00Z") },
      { channel: "shopee", source: null, campaign: null, referrer: null, firstSeenAt: new Date("2025-04-05T03:00:00Z"), lastSeenAt: new Date("2025-04-05T03:00:00Z") }
    ])
  })

  it("breaks first-touch ties by code-unit order of channel, then source, whatever the locale", () => {
    const at = "2025-02-05T10:00:00+07:00"
    const s = summarizer.summarize([
      page({}, { at, context: { channel: "zalo", source: "b" } }),
      page({}, { at, context: { channel: "web", source: "Z" } }),
      page({}, { at, context: { channel: "web", source: "a" } })
    ])
    // Code units put "Z" before "a"; a locale-aware compare would not.
    expect(sourcesOf(s, asOf).map((t) => `${t.channel}/${t.source}`)).toEqual(["web/Z", "web/a", "zalo/b"])
  })

  it("keeps each UTM campaign and referrer as its own way in, and a campaign alone is a source", () => {
    const tet = { source: "facebook", medium: "cpc", name: "tet-2025", term: "ao dai" }
    const s = summarizer.summarize([
      page({}, { at: "2025-01-05T10:00:00+07:00", context: { channel: "web", campaign: tet } }),
      page({}, { at: "2025-01-20T10:00:00+07:00", context: { channel: "web", campaign: tet } }),
      page({}, { at: "2025-02-05T10:00:00+07:00", context: { channel: "web", campaign: { source: "google", medium: "organic" } } }),
      page({}, { at: "2025-02-06T10:00:00+07:00", context: { channel: "web" } }),
      page({}, { at: "2025-03-05T10:00:00+07:00", context: { referrer: { type: "affiliate", name: "ctv-lan" } } }),
      page({}, { at: "2025-03-06T10:00:00+07:00", context: { referrer: { type: "dataxu", id: "AB12" } } })
    ])
    expect(sourcesOf(s, asOf)).toEqual([
      { channel: "web", source: null, campaign: { source: "facebook", medium: "cpc", name: "tet-2025" }, referrer: null, firstSeenAt: new Date("2025-01-05T03:00:00Z"), lastSeenAt: new Date("2025-01-20T03:00:00Z") },
      { channel: "web", source: null, campaign: { source: "google", medium: "organic", name: null }, referrer: null, firstSeenAt: new Date("2025-02-05T03:00:00Z"), lastSeenAt: new Date("2025-02-05T03:00:00Z") },
      { channel: "web", source: null, campaign: null, referrer: null, firstSeenAt: new Date("2025-02-06T03:00:00Z"), lastSeenAt: new Date("2025-02-06T03:00:00Z") },
      { channel: null, source: null, campaign: null, referrer: "ctv-lan", firstSeenAt: new Date("2025-03-05T03:00:00Z"), lastSeenAt: new Date("2025-03-05T03:00:00Z") },
      { channel: null, source: null, campaign: null, referrer: "dataxu", firstSeenAt: new Date("2025-03-06T03:00:00Z"), lastSeenAt: new Date("2025-03-06T03:00:00Z") }
    ])
  })
})
