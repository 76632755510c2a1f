import fc from "fast-check"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { ageOn, makeSummarizer, newestValueWins, Profile360, profile360, rfmScores, workspaceSummaryOf } from "../src/index.js"
import { arbEvents } from "./arbitraries.js"
import { VN, identify, order, page, track } from "./fixtures.js"

const summarizer = makeSummarizer({ timeZone: VN })
const asOf = new Date("2025-06-30T17:00:00Z")

describe("newestValueWins", () => {
  it("takes each trait from the newest observation that has it", () => {
    expect(
      newestValueWins([
        { traits: { fullName: "Lê Thu Hà" }, observedAt: new Date("2025-03-01T00:00:00Z"), source: "zalo" },
        { traits: { fullName: "Ha", phone: "0912345678" }, observedAt: new Date("2025-01-01T00:00:00Z"), source: "web" }
      ])
    ).toEqual({ fullName: "Lê Thu Hà", phone: "0912345678" })
  })
})

describe("ageOn", () => {
  it("counts whole years at the local date, leap-day birthdays included", () => {
    expect(ageOn("1990-09-05", "2025-09-04")).toBe(34)
    expect(ageOn("1990-09-05", "2025-09-05")).toBe(35)
    expect(ageOn("2004-02-29", "2025-02-28")).toBe(20)
    expect(ageOn("2004-02-29", "2025-03-01")).toBe(21)
    expect(ageOn("2030-01-01", "2025-01-01")).toBeNull()
  })
})

describe("profile360", () => {
  const events = [
    page({}, { at: "2025-01-02T10:00:00+07:00", context: { channel: "web", source: "landing_page" } }),
    identify({ fullName: "Nguyễn Thị Lan", phone: "0912 345 678", birthday: "05/07/1990" }, { at: "2025-01-02T10:05:00+07:00", userId: "u-1" }),
    order("Order Completed", "SO-1", [{ productId: "p1", name: "Áo", quantity: 2, price: 600_000 }], { at: "2025-05-10T10:00:00+07:00" }),
    track("Campaign Joined", { campaignId: "c1" }, { at: "2025-06-10T10:00:00+07:00" })
  ]
  const summary = summarizer.summarize(events)
  const workspace = workspaceSummaryOf([summary, summarizer.summarize([track("Campaign Joined", { campaignId: "c1" }, { at: "2025-06-11T10:00:00+07:00", messageId: "other" })])])
  const traits = [{ traits: { fullName: "Nguyễn Thị Lan", phone: "0912 345 678", birthday: "1990-07-05", emailVerified: true }, observedAt: new Date("2025-01-02T03:05:00Z"), source: "web" }]
  const rfm = rfmScores([{ profileId: "p-1", lastPurchaseAt: new Date("2025-05-10T03:00:00Z"), successfulOrders: 1, totalSpend: 1_200_000 }], { asOf, timeZone: VN }).get("p-1")
  const view = profile360({ profileId: "p-1", summary, workspace, asOf, traits, ...(rfm === undefined ? {} : { rfm }) })

  it("assembles every section of the Profile 360", () => {
    expect(view.profileId).toBe("p-1")
    expect(view.fields).toEqual({ traits: traits[0]?.traits, age: 34 })
    expect(view.lifecycle).toEqual({ stage: "buyer", account: { status: "member", registeredAt: new Date("2025-01-02T03:05:00Z"), verified: true } })
    expect(view.purchases).toMatchObject({ totalSpend: 1_200_000, successfulOrders: 1, itemsBought: 2 })
    expect(view.spendChart.year).toBe(2025)
    expect(view.spendChart.months[4]).toMatchObject({ month: "2025-05", spend: 1_200_000, orders: 1 })
    expect(view.engagement.months).toHaveLength(7)
    expect(view.engagement.months[5]?.campaignsJoined).toEqual({ count: 1, changeVsPreviousMonth: null, shareOfWorkspace: 50 })
    expect(view.membership).toMatchObject({ tier: "bronze", tierBasis: "spend", tierValue: 1_200_000, points: { balance: 120 } })
    expect(view.sources).toEqual([{ channel: "web", source: "landing_page", campaign: null, referrer: null, firstSeenAt: new Date("2025-01-02T03:00:00Z"), lastSeenAt: new Date("2025-01-02T03:00:00Z") }])
    expect(view.rfm).toMatchObject({ recency: 3, frequency: 3, monetary: 3, label: "need_attention" })
    expect(view.activity).toEqual({ firstSeenAt: new Date("2025-01-02T03:00:00Z"), lastSeenAt: new Date("2025-06-10T03:00:00Z") })
  })

  it("is a valid Profile360 that encodes to JSON and decodes back", () => {
    const encoded = Schema.encodeSync(Profile360)(view)
    const json = JSON.parse(JSON.stringify(encoded)) as unknown
    expect((json as { asOf: string }).asOf).toBe("2025-06-30T17:00:00.000Z")
    expect(Schema.decodeUnknownSync(Profile360)(json)).toEqual(view)
  })

  it("uses the chosen year, tiers by points, and a plugged-in trait resolver", () => {
    const other = profile360({
      profileId: "p-1",
      summary,
      workspace,
      asOf,
      year: 2024,
      tiers: { basis: "points", tiers: [{ name: "vip", minimum: 100 }] },
      traits,
      resolveTraits: () => ({ fullName: "Chosen by identity" })
    })
    expect(other.spendChart.year).toBe(2024)
    expect(other.engagement.months).toHaveLength(12)
    expect(other.membership).toMatchObject({ tier: "vip", tierBasis: "points", tierValue: 120 })
    expect(other.fields).toEqual({ traits: { fullName: "Chosen by identity" }, age: null })
    expect(other.lifecycle.stage).toBe("buyer")
  })

  it("is always schema-valid, for any events", () => {
    fc.assert(
      fc.property(arbEvents(40), (list) => {
        const s = summarizer.summarize(list)
        const v = profile360({ profileId: "x", summary: s, workspace: workspaceSummaryOf([s]), asOf })
        expect(Schema.decodeUnknownSync(Profile360)(JSON.parse(JSON.stringify(Schema.encodeSync(Profile360)(v))))).toEqual(v)
      }),
      { numRuns: 50 }
    )
  })
})
