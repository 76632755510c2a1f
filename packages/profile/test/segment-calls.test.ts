// Events that arrive as Segment calls (mapped by @kith/core's fromSegment)
// feed the Profile 360 like any other: screens and campaigns on the timeline,
// UTM campaigns and referrers in the sources, contact details from
// context.traits, full refunds, and decimal prices in minor units.
import { type KithEvent, fromSegment } from "@kith/core"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { makeSummarizer, ordersAt, profile360, purchaseMetrics, summaryFromJson, summaryToJson, timelineItemOf, workspaceSummaryOf } from "../src/index.js"

const options = { settings: { currency: "USD", timezone: "Asia/Ho_Chi_Minh" }, receivedAt: new Date("2025-03-10T00:00:00Z") }
const fromCall = (call: Record<string, unknown>): KithEvent => {
  const result = fromSegment(call, options)
  if (Result.isFailure(result)) throw new Error(result.failure.message)
  return result.success.event
}

const tet = { source: "facebook", medium: "cpc", name: "tet-2025" }
const calls = [
  { type: "page", anonymousId: "a-1", timestamp: "2025-03-01T09:00:00+07:00", properties: { url: "https://shop.vn/ao" }, context: { library: { name: "analytics.js" }, campaign: tet, referrer: { type: "affiliate", name: "ctv-lan" } } },
  { type: "screen", anonymousId: "a-1", timestamp: "2025-03-01T09:05:00+07:00", name: "Giỏ hàng", context: { device: { type: "ios" }, library: { name: "analytics-ios" } } },
  { type: "track", anonymousId: "a-1", timestamp: "2025-03-01T09:06:00+07:00", event: "Product Viewed", properties: { product_id: "p-1" }, context: { traits: { email: "lan@example.com" } } },
  { type: "track", userId: "u-1", anonymousId: "a-1", timestamp: "2025-03-01T09:10:00+07:00", event: "Order Completed", properties: { order_id: "SO-1", revenue: "40.00", shipping: 5, tax: "0", currency: "usd", products: [{ product_id: "p-1", price: "20.00", quantity: 2 }] } },
  { type: "track", userId: "u-1", timestamp: "2025-03-02T09:10:00+07:00", event: "Order Completed", properties: { order_id: "SO-2", total: 12.5, products: [{ sku: "p-2", price: 12.5 }] } },
  { type: "track", userId: "u-1", timestamp: "2025-03-03T09:10:00+07:00", event: "Order Refunded", properties: { order_id: "SO-2" } },
  { type: "group", userId: "u-1", timestamp: "2025-03-03T10:00:00+07:00", groupId: "cty-1", traits: { name: "An Phát", tax_code: "0312345678" } }
]
const events = calls.map(fromCall)
const asOf = new Date("2025-03-09T00:00:00Z")
const summarizer = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" })
const summary = summarizer.summarize(events)

describe("a profile built from Segment calls", () => {
  it("is a buyer whose spend is the exact minor units, net of a full refund", () => {
    const metrics = purchaseMetrics(summary, { asOf, timeZone: "Asia/Ho_Chi_Minh", currency: "USD" })
    // SO-1: revenue 40.00 + shipping 5 = 4500 cents; SO-2: 1250 cents, refunded in full.
    expect(metrics.totalSpend).toBe(4500)
    expect(ordersAt(summary, asOf).map((o) => [o.orderId, o.gross, o.refunded, o.net])).toEqual([
      ["SO-1", 4500, 0, 4500],
      ["SO-2", 1250, 1250, 0]
    ])
    const view = profile360({ profileId: "p-1", summary, workspace: workspaceSummaryOf([summary]), asOf, currency: "USD" })
    expect(view.lifecycle.stage).toBe("buyer")
  })

  it("lists the UTM campaign and the referrer among its sources, first touch first", () => {
    const view = profile360({ profileId: "p-1", summary, workspace: workspaceSummaryOf([summary]), asOf, currency: "USD" })
    expect(view.sources.map((s) => [s.channel, s.campaign, s.referrer])).toEqual([
      ["web", tet, "ctv-lan"],
      ["app", null, null]
    ])
  })

  it("counts an email sent in context.traits as contact details", () => {
    expect(summary.contactAt).toBe(Date.parse("2025-03-01T02:06:00Z"))
  })

  it("puts the screen on the timeline as a visit, and the page with its campaign and referrer", () => {
    expect(timelineItemOf(events[1] as KithEvent)).toMatchObject({ kind: "visit", action: "viewed", channel: "app", details: { screen: "Giỏ hàng", deviceType: "mobile" } })
    expect(timelineItemOf(events[0] as KithEvent)?.details).toEqual({
      url: "https://shop.vn/ao",
      campaign: { name: "tet-2025", source: "facebook", medium: "cpc" },
      referredBy: { type: "affiliate", name: "ctv-lan" }
    })
    expect(timelineItemOf(events[6] as KithEvent)).toBeUndefined()
  })

  it("keeps the new parts through the stored JSON form", () => {
    const json = JSON.parse(JSON.stringify(summaryToJson(summary)))
    const back = summaryFromJson(json)
    expect(Result.isSuccess(back) && summaryToJson(back.success)).toEqual(json)
  })
})
