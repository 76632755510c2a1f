import { Schema } from "effect"
import { makeSummarizer } from "@kith/profile"
import { describe, expect, it } from "vitest"
import {
  ActivityRow,
  ProfileFacts,
  activityRowOfEvent,
  canonicalProvince,
  channelsAndSourcesOf,
  orderRowsOf,
  profileFactsOf,
  provinceNames,
  regionOfProvince,
  segmentInputsOf
} from "@kith/segments"
import { generateShop, provinces } from "@kith/testkit"
import { events, order, track } from "./helpers.js"

const TZ = "Asia/Ho_Chi_Minh"
const settings = { asOf: new Date("2025-12-31T00:00:00+07:00"), timeZone: TZ, currency: "VND" }

describe("activityRowOfEvent", () => {
  it("makes one typed row per meaningful event, with the columns conditions filter on", () => {
    const [viewed, conversation, ticket, message, followed, custom, page, identify, completed] = events(
      track("Product Viewed", "2025-03-01T20:00:00+07:00", { productId: "p-ao", category: "Thời trang", price: 250000, currency: "VND" }, { context: { channel: "web", device: { type: "mobile" }, os: { name: "iOS" } } }),
      track("Conversation Ended", "2025-03-02T09:00:00+07:00", { conversationId: "c-1", agent: "staff", channel: "zalo", csat: 2 }),
      track("Ticket Opened", "2025-03-03T09:00:00+07:00", { ticketId: "t-1", kind: "complaint", orderId: "SO-1" }),
      track("Message Read", "2025-03-04T09:00:00+07:00", { deliveryId: "d-1", planId: "plan-tet", channel: "sms" }, { context: { channel: "web" } }),
      track("Followed", "2025-03-05T09:00:00+07:00", {}, { context: { channel: "zalo" } }),
      track("Lucky Wheel Spun", "2025-03-06T09:00:00+07:00", { prize: "v-50k" }),
      { type: "page", timestamp: "2025-03-07T09:00:00+07:00", context: { channel: "app", device: { type: "tablet" }, os: { name: "Android" } } },
      { type: "identify", timestamp: "2025-03-08T09:00:00+07:00", traits: { fullName: "Lan" } },
      track("Order Completed", "2025-03-09T09:00:00+07:00", order("SO-1", 100000))
    )
    const row = (e: typeof viewed) => activityRowOfEvent(e as NonNullable<typeof e>)
    expect(row(viewed)).toMatchObject({ kind: "product_viewed", productId: "p-ao", category: "Thời trang", value: 250000, currency: "VND", channel: "web", deviceType: "mobile", os: "iOS", key: viewed?.messageId })
    expect(row(conversation)).toMatchObject({ kind: "conversation", agent: "staff", csat: 2, channel: "zalo" })
    expect(row(ticket)).toMatchObject({ kind: "ticket_opened", ticketKind: "complaint", orderId: "SO-1" })
    // A message's channel is the one it was sent on, not the context's.
    expect(row(message)).toMatchObject({ kind: "message_read", planId: "plan-tet", channel: "sms" })
    expect(row(followed)).toMatchObject({ kind: "followed", channel: "zalo" })
    expect(row(custom)).toMatchObject({ kind: "custom_event", eventName: "Lucky Wheel Spun" })
    expect(row(page)).toMatchObject({ kind: "page_viewed", channel: "app", deviceType: "tablet", os: "Android" })
    expect(row(identify)).toBeUndefined()
    expect(row(completed)).toBeUndefined()
    for (const e of [viewed, conversation, ticket, message, followed, custom, page]) expect(Schema.is(ActivityRow)(row(e))).toBe(true)
  })
})

describe("orderRowsOf", () => {
  it("one order row and one row per line, with the status instants and the net value", () => {
    const summary = makeSummarizer({ timeZone: TZ }).summarize(
      events(
        track("Order Placed", "2025-03-01T20:00:00+07:00", { ...order("SO-1", 500000), products: [{ productId: "p-1", category: "A", quantity: 2, price: 150000 }, { productId: "p-2", quantity: 1, price: 200000 }] }),
        track("Order Completed", "2025-03-03T10:00:00+07:00", { ...order("SO-1", 500000), products: [{ productId: "p-1", category: "A", quantity: 2, price: 150000 }, { productId: "p-2", quantity: 1, price: 200000 }] }),
        track("Order Refunded", "2025-03-10T10:00:00+07:00", { orderId: "SO-1", currency: "VND", amount: 100000 }),
        track("Order Placed", "2025-02-01T20:00:00+07:00", order("SO-0", 90000)),
        track("Order Cancelled", "2025-02-02T08:00:00+07:00", { orderId: "SO-0" })
      )
    )
    const rows = orderRowsOf(summary)
    expect(rows.map((r) => [r.kind, r.key])).toEqual([
      ["order", "SO-0"],
      ["order_line", "SO-0#0"],
      ["order", "SO-1"],
      ["order_line", "SO-1#0"],
      ["order_line", "SO-1#1"]
    ])
    expect(rows[0]).toMatchObject({ at: Date.parse("2025-02-01T20:00:00+07:00"), completedAt: null, failedAt: Date.parse("2025-02-02T08:00:00+07:00"), value: 90000 })
    expect(rows[2]).toMatchObject({ at: Date.parse("2025-03-01T20:00:00+07:00"), completedAt: Date.parse("2025-03-03T10:00:00+07:00"), failedAt: null, value: 400000, quantity: 3, currency: "VND" })
    expect(rows[3]).toMatchObject({ productId: "p-1", category: "A", quantity: 2, value: 300000, completedAt: Date.parse("2025-03-03T10:00:00+07:00") })
    expect(rows[4]).toMatchObject({ productId: "p-2", category: null, value: 200000 })
  })
})

describe("profileFactsOf", () => {
  const summary = makeSummarizer({ timeZone: TZ }).summarize(
    events(
      track("Order Completed", "2025-03-01T20:00:00+07:00", order("SO-1", 6_000_000), { context: { channel: "shopee", source: "shopee_shop" } }),
      track("Product Viewed", "2025-02-01T20:00:00+07:00", { productId: "p-1" }, { context: { channel: "web", source: "own_website" } })
    )
  )

  it("resolves place, region, tier, points, sources and custom traits", () => {
    const facts = profileFactsOf(
      {
        profileId: "p-1",
        summary,
        traits: {
          gender: "female",
          birthday: "1995-09-05",
          address: { province: "tp. ho chi minh", district: " Quận 1 " },
          tags: ["vip", "vip", "sale"],
          assigneeId: "staff-7",
          occupation: "kỹ sư",
          income: 25_000_000,
          emailVerified: true,
          hobbies: ["golf"],
          profile: { a: 1 },
          phone: "0912345678"
        },
        careStatus: "potential"
      },
      settings
    )
    expect(facts).toMatchObject({
      gender: "female",
      birthday: "1995-09-05",
      province: "Hồ Chí Minh",
      district: "Quận 1",
      region: "south",
      country: "VN",
      stage: "buyer",
      // Registered (the events carry a userId) and verified (emailVerified).
      accountStatus: "member",
      tier: "silver",
      points: 600,
      tags: ["vip", "sale"],
      channels: ["web", "shopee"],
      sources: ["own_website", "shopee_shop"],
      firstChannel: "web",
      firstSource: "own_website",
      assigneeId: "staff-7",
      careStatus: "potential",
      leadStatus: null
    })
    // Only scalar custom traits are segmentable; the typed fields are facts of their own.
    expect(facts.traits).toEqual({ occupation: "kỹ sư", income: 25_000_000, emailVerified: true })
    expect(Schema.is(ProfileFacts)(facts)).toBe(true)
  })

  it("takes channels and sources from the touches up to asOf, each once, as channelsAndSourcesOf gives them", () => {
    const before = new Date("2025-02-15T00:00:00+07:00")
    expect(channelsAndSourcesOf(summary, settings.asOf)).toEqual({ channels: ["web", "shopee"], sources: ["own_website", "shopee_shop"], firstChannel: "web", firstSource: "own_website" })
    // The order through Shopee comes after: as of mid-February only the web visit counts.
    expect(channelsAndSourcesOf(summary, before)).toEqual({ channels: ["web"], sources: ["own_website"], firstChannel: "web", firstSource: "own_website" })
    expect(profileFactsOf({ profileId: "p-1", summary, traits: {} }, { ...settings, asOf: before })).toMatchObject({ channels: ["web"], sources: ["own_website"] })
  })

  it("keeps a foreign province as written, with no region and no assumed country", () => {
    const facts = profileFactsOf({ profileId: "p-2", summary, traits: { address: { province: "Bangkok", country: "TH" } } }, settings)
    expect(facts).toMatchObject({ province: "Bangkok", region: null, country: "TH" })
  })
})

describe("provinces and regions", () => {
  it("knows the 63 provinces, each written the testkit's way, in the testkit's region", () => {
    expect(provinceNames).toHaveLength(63)
    for (const p of provinces) {
      expect(canonicalProvince(p.name)).toBeDefined()
      expect(regionOfProvince(p.name)).toBe(p.region)
    }
    expect(canonicalProvince("Sài Gòn")).toBe("Hồ Chí Minh")
    expect(canonicalProvince("Huế")).toBe("Thừa Thiên Huế")
    expect(canonicalProvince("Thành phố Đà Nẵng")).toBe("Đà Nẵng")
  })

  it("gives the same answers when asked again, past the number of spellings it remembers, and for text that is no province", () => {
    // Each padded spelling is a new name to remember (folding trims it): 5,000 of them outgrow the 4,096 kept.
    const spellings = Array.from({ length: 5_000 }, (_, i) => `${i % 2 === 0 ? "TP. " : ""}Hồ Chí Minh${" ".repeat(i + 1)}`)
    for (let round = 0; round < 2; round++) {
      for (const spelling of spellings) expect(canonicalProvince(spelling)).toBe("Hồ Chí Minh")
      expect(canonicalProvince("Bangkok")).toBeUndefined()
      expect(regionOfProvince("Bangkok")).toBeUndefined()
      expect(regionOfProvince("tinh dak lak")).toBe("central")
    }
  })
})

describe("segmentInputsOf on a testkit shop", () => {
  it("gives facts and rows valid against their schemas, with keys unique per kind", async () => {
    const { decodeEventResult } = await import("@kith/core")
    const shop = generateShop({ seed: 5, people: 300 })
    const byPerson = new Map<string, Array<import("@kith/core").KithEvent>>()
    for (const { record, event } of shop.events()) {
      const decoded = decodeEventResult(event)
      if (decoded._tag === "Failure") throw new Error(decoded.failure.message)
      const list = byPerson.get(record.personId) ?? []
      list.push(decoded.success)
      byPerson.set(record.personId, list)
    }
    let rows = 0
    for (const [profileId, list] of byPerson) {
      const inputs = segmentInputsOf({ profileId, events: list }, settings)
      expect(Schema.is(ProfileFacts)(inputs.facts)).toBe(true)
      const keys = new Set<string>()
      for (const row of inputs.activity) {
        expect(Schema.is(ActivityRow)(row)).toBe(true)
        const key = `${row.kind}\u0000${row.key}`
        expect(keys.has(key)).toBe(false)
        keys.add(key)
        rows++
      }
      // Oldest first.
      for (let i = 1; i < inputs.activity.length; i++) expect(inputs.activity[i]!.at).toBeGreaterThanOrEqual(inputs.activity[i - 1]!.at)
    }
    expect(rows).toBeGreaterThan(1000)
  })
})
