// The real SDKs, unchanged, pointed at the handler served on 127.0.0.1: what
// an app instrumented for Segment or RudderStack sends must land as kith
// events, with the Profile 360 a shop expects.
import RudderAnalytics from "@rudderstack/rudder-sdk-node"
import { Analytics as SegmentAnalytics } from "@segment/analytics-node"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startServer, type TestServer } from "./serve.js"

// One shop's day, as data: every call an SDK offers, and every E-commerce v2 event kith types.
type Method = "identify" | "track" | "page" | "screen" | "group" | "alias"
type Call = readonly [Method, Record<string, unknown>]

const at = (minute: number) => new Date(Date.UTC(2025, 2, 1, 2, minute))
const user = { userId: "u-1" }
const product = { product_id: "p-1", sku: "AT-1", name: "Áo thun", brand: "Kith", variant: "đỏ", price: 19.99, currency: "usd", image_url: "https://shop.vn/p-1.jpg" }

// The identify carries the email in context.traits. RudderStack's SDK sends an identify's `traits` as its
// `context.traits` (replacing any given), so there the email goes in `traits` and reaches kith in both.
const dayOf = (sdk: "segment" | "rudder"): ReadonlyArray<Call> => [
  [
    "identify",
    {
      ...user,
      anonymousId: "anon-1",
      traits: sdk === "segment" ? { name: "Nguyễn Thị Lan" } : { name: "Nguyễn Thị Lan", email: "lan@example.com" },
      context: { traits: { email: "lan@example.com" }, locale: "vi-VN", timezone: "Asia/Ho_Chi_Minh" },
      timestamp: at(0)
    }
  ],
  [
    "page",
    {
      anonymousId: "anon-1",
      name: "Trang chủ",
      properties: { url: "https://shop.vn/?utm_campaign=tet-2025", title: "Shop" },
      context: { campaign: { name: "tet-2025", source: "facebook", medium: "cpc" }, referrer: { type: "facebook", name: "Facebook" } },
      timestamp: at(1)
    }
  ],
  ["track", { ...user, event: "Product Viewed", properties: product, timestamp: at(2) }],
  ["track", { ...user, event: "Product Added", properties: { ...product, cart_id: "cart-1", quantity: 2 }, timestamp: at(3) }],
  ["track", { ...user, event: "Product Removed", properties: { ...product, cart_id: "cart-1", quantity: 1 }, timestamp: at(4) }],
  ["track", { ...user, event: "Product Added to Wishlist", properties: { ...product, wishlist_id: "wl-1", wishlist_name: "Tết" }, timestamp: at(5) }],
  ["track", { ...user, event: "Checkout Started", properties: { checkout_id: "co-1", order_id: "SO-1", value: 39.98, revenue: 39.98, currency: "usd", products: [{ ...product, quantity: 2 }] }, timestamp: at(6) }],
  [
    "track",
    {
      ...user,
      event: "Order Completed",
      properties: { checkout_id: "co-1", order_id: "SO-1", total: 45.48, revenue: 39.98, shipping: 3.5, tax: 2, coupon: "TET", currency: "usd", products: [{ ...product, quantity: 2 }] },
      timestamp: at(7)
    }
  ],
  ["track", { ...user, event: "Order Completed", properties: { order_id: "SO-2", revenue: "10.00", currency: "USD", products: [{ product_id: "p-2", price: "10.00" }] }, timestamp: at(8) }],
  ["track", { ...user, event: "Order Refunded", properties: { order_id: "SO-2" }, timestamp: at(9) }],
  ["track", { ...user, event: "Order Cancelled", properties: { order_id: "SO-3", reason: "đổi ý" }, timestamp: at(10) }],
  ["track", { ...user, event: "Product Reviewed", properties: { product_id: "p-1", review_id: "rv-1", review_body: "Đẹp", rating: 5 }, timestamp: at(11) }],
  // Another device: only its traits say who it is.
  ["track", { anonymousId: "device-2", event: "Product Viewed", properties: { product_id: "p-2", price: 10 }, context: { traits: { email: "LAN@Example.com" } }, timestamp: at(12) }],
  ["screen", { ...user, name: "Giỏ hàng", properties: { items: 2 }, timestamp: at(13) }],
  ["group", { ...user, groupId: "cty-an-phat", traits: { name: "Công ty TNHH An Phát", tax_code: "0312345678", employees: 40 }, timestamp: at(14) }],
  ["alias", { previousId: "anon-9", ...user, timestamp: at(15) }]
]

const asOf = new Date("2025-03-31T16:59:59Z")

let server: TestServer
beforeAll(async () => {
  server = await startServer({
    wk_segment: { workspace: "shop-segment", settings: { currency: "USD" } },
    wk_rudder: { workspace: "shop-rudder", settings: { currency: "USD" } }
  })
})
afterAll(async () => {
  await server.close()
})

const expectTheShopsDay = async (writeKey: string, library: string, day: ReadonlyArray<Call>) => {
  const cdp = server.cdp[writeKey]!
  expect(await cdp.rejected.list()).toMatchObject({ items: [] })
  expect(await cdp.events.count()).toBe(day.length)

  const view = await cdp.profiles.get({ type: "user_id", value: "u-1" }, { asOf })
  expect(view.lifecycle.stage).toBe("buyer")
  // SO-1: 45.48 USD; SO-2 (10.00 USD) refunded in full; SO-3 was never placed.
  expect(view.purchases.totalSpend).toBe(4548)
  expect(view.sources.map((s) => s.campaign?.name ?? null)).toContain("tet-2025")
  expect(view.fields.traits).toMatchObject({
    fullName: "Nguyễn Thị Lan",
    // the newest value sent wins, as written: the device-2 track came later
    email: "LAN@Example.com",
    companyName: "Công ty TNHH An Phát",
    taxCode: "0312345678",
    groupId: "cty-an-phat",
    locale: "vi-VN",
    timezone: "Asia/Ho_Chi_Minh"
  })

  // The track that carried only context.traits.email joined the identify with that email.
  const byDevice = await cdp.profiles.get({ type: "anonymous_id", value: "device-2" }, { asOf })
  expect(byDevice.profileId).toBe(view.profileId)

  // What kith does not model is in the stored raw call, read back: the SDK's library, a wishlist's name.
  const events = await cdp.events.list({ type: "user_id", value: "u-1" }, { limit: 100 })
  expect(events.items).toHaveLength(day.length)
  for (const { event } of events.items) expect((event.raw?.["context"] as { library?: { name?: string } }).library?.name).toBe(library)
  const wishlist = events.items.find((e) => e.event.type === "track" && e.event.event === "Product Favorited")
  expect((wishlist?.event.raw?.["properties"] as { wishlist_name?: string }).wishlist_name).toBe("Tết")
  const order = events.items.find((e) => e.event.type === "track" && e.event.event === "Order Completed")
  expect(order?.event.type === "track" && order.event.properties).toMatchObject({ orderId: "SO-1", total: 4548, subtotal: 3998, shipping: 350, tax: 200, currency: "USD" })
}

describe("real SDKs against the collection API on 127.0.0.1 (ING-6)", () => {
  it("@segment/analytics-node: every call lands, the Profile 360 is the shop's", async () => {
    const analytics = new SegmentAnalytics({ writeKey: "wk_segment", host: server.url, flushAt: 5, maxRetries: 0 })
    const failures: Array<unknown> = []
    analytics.on("error", (error) => failures.push(error))
    const day = dayOf("segment")
    for (const [method, params] of day) (analytics[method] as unknown as (params: Record<string, unknown>) => void).call(analytics, params)
    await analytics.closeAndFlush({ timeout: 20_000 })
    expect(failures).toEqual([])
    await expectTheShopsDay("wk_segment", "@segment/analytics-node", day)
  })

  it("@rudderstack/rudder-sdk-node (gzipped batches, originalTimestamp only): every call lands, the Profile 360 is the shop's", async () => {
    const failures: Array<unknown> = []
    const analytics = new RudderAnalytics("wk_rudder", { dataPlaneUrl: server.url, flushAt: 5, flushInterval: 60_000, retryCount: 0, logLevel: "error", errorHandler: (error) => failures.push(error) })
    const before = server.encodings.length
    const day = dayOf("rudder")
    for (const [method, params] of day) (analytics[method] as unknown as (params: Record<string, unknown>) => void).call(analytics, params)
    await analytics.flush()
    expect(failures).toEqual([])
    expect(new Set(server.encodings.slice(before))).toEqual(new Set(["gzip"]))
    await expectTheShopsDay("wk_rudder", "analytics-node", day)
  })
})
