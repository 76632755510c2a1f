// What fromSegment does with each part of a call, rule by rule.
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { type FromSegmentOptions, type InputIssue, countryCodeOf, expandSegmentBatch, fromSegment, genderOf, splitFullName } from "../../src/index.js"

const options: FromSegmentOptions = { settings: { currency: "VND", timezone: "Asia/Ho_Chi_Minh" }, receivedAt: new Date("2025-03-01T02:00:00Z") }

const mapped = (call: Record<string, unknown>, opts: Partial<FromSegmentOptions> = {}) => {
  const result = fromSegment(call, { ...options, ...opts })
  if (Result.isFailure(result)) throw new Error(result.failure.message)
  return result.success
}
// The tests read the mapped event's JSON a path at a time; typing every path would drown what they check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const canonical = (call: Record<string, unknown>, opts: Partial<FromSegmentOptions> = {}) => mapped(call, opts).canonical as Record<string, any>
const refused = (call: unknown, opts: Partial<FromSegmentOptions> = {}): ReadonlyArray<InputIssue> => {
  const result = fromSegment(call, { ...options, ...opts })
  if (Result.isSuccess(result)) throw new Error(`expected a refusal, got ${JSON.stringify(result.success.canonical)}`)
  return result.failure.issues
}
const track = (event: string, properties: Record<string, unknown>, rest: Record<string, unknown> = {}) => ({ type: "track", userId: "u-1", event, properties, ...rest })
const properties = (event: string, props: Record<string, unknown>, opts: Partial<FromSegmentOptions> = {}) => canonical(track(event, props), opts)["properties"]

describe("E-commerce properties", () => {
  it("reads snake_case and camelCase alike", () => {
    const line = { productId: "p-1", price: 100000, quantity: 1 }
    expect(properties("Order Completed", { order_id: "SO-1", checkout_id: "CO-1", total: 100000, products: [{ product_id: "p-1", price: 100000 }] })).toEqual({ orderId: "SO-1", checkoutId: "CO-1", currency: "VND", total: 100000, products: [line] })
    expect(properties("Order Completed", { orderId: "SO-1", checkoutId: "CO-1", total: 100000, products: [{ productId: "p-1", price: 100000 }] })).toEqual({ orderId: "SO-1", checkoutId: "CO-1", currency: "VND", total: 100000, products: [line] })
  })

  it.each([
    ["total as given", { total: 27.5, revenue: 22.5, shipping: 3, tax: 2 }, 2750],
    ["revenue + shipping + tax (revenue excludes them)", { revenue: 22.5, shipping: 3, tax: 2 }, 2750],
    ["value (revenue with discounts and coupons added in)", { value: 30 }, 3000],
    ["subtotal + shipping + tax", { subtotal: "20.00", shipping: "1.50" }, 2150],
    ["the lines' prices − discount + shipping + tax", { discount: 2.5, shipping: 3, tax: 2, products: [{ sku: "a", price: 19, quantity: 1 }, { sku: "b", price: 3, quantity: 2 }] }, 2750]
  ])("takes the order total from %s", (_, props, total) => {
    expect(properties("Order Completed", { order_id: "SO-1", currency: "USD", ...props })["total"]).toBe(total)
  })

  it("prefers a checkout's value to its revenue, as the spec defines value there", () => {
    expect(properties("Checkout Started", { value: 30, revenue: 20, currency: "usd" })).toMatchObject({ total: 3000, subtotal: 2000, currency: "USD" })
  })

  it("refuses an order with no amount at all", () => {
    expect(refused(track("Order Completed", { order_id: "SO-1" }))).toEqual([{ path: "properties.total", message: "an order or checkout needs its amount: total, revenue, value, subtotal or products with prices" }])
  })

  it("converts amounts by the currency's ISO 4217 exponent, in any case, the workspace's when absent", () => {
    expect(properties("Order Completed", { order_id: "A", total: "1.234", currency: "kwd" })).toMatchObject({ currency: "KWD", total: 1234 })
    expect(properties("Order Completed", { order_id: "A", total: 1500, currency: "JPY" })).toMatchObject({ currency: "JPY", total: 1500 })
    expect(properties("Order Completed", { order_id: "A", total: "250000" })).toMatchObject({ currency: "VND", total: 250000 })
    expect(properties("Order Completed", { order_id: "A", total: 19.99 }, { settings: { currency: "USD", timezone: "UTC" } })).toMatchObject({ currency: "USD", total: 1999 })
    expect(refused(track("Order Completed", { order_id: "A", total: 10, currency: "dollars" }))).toEqual([
      { path: "properties.currency", message: '"dollars" is not an ISO 4217 currency code such as VND or USD' }
    ])
  })

  it("keeps the product's extra fields, and the spec's wishlist and review events are kith's favorite and review", () => {
    const event = canonical(track("Product Added to Wishlist", { product_id: "p-1", wishlist_id: "w-1", brand: "Hasbro", variant: "200 pieces", url: "https://shop.vn/p-1", image_url: "https://shop.vn/p-1.jpg", position: 3, price: 189000 }))
    expect(event).toMatchObject({ event: "Product Favorited", properties: { productId: "p-1", wishlistId: "w-1", brand: "Hasbro", variant: "200 pieces", url: "https://shop.vn/p-1", imageUrl: "https://shop.vn/p-1.jpg", position: 3, price: 189000, currency: "VND" } })
    expect(canonical(track("Product Reviewed", { product_id: "p-1", review_body: "Tốt", rating: "4" }))).toMatchObject({ event: "Review Submitted", properties: { productId: "p-1", text: "Tốt", rating: 4 } })
  })

  it("reads an Order Refunded without an amount as a full refund, and its total as the amount given back", () => {
    expect(properties("Order Refunded", { order_id: "SO-1" })).toEqual({ orderId: "SO-1", currency: "VND" })
    expect(properties("Order Refunded", { order_id: "SO-1", total: 30, currency: "USD" })).toEqual({ orderId: "SO-1", currency: "USD", amount: 3000 })
  })

  it("reads event names without case and with _ for spaces; other events are custom, properties as sent", () => {
    expect(canonical(track("order_completed", { order_id: "A", total: 1 }))["event"]).toBe("Order Completed")
    expect(canonical(track("Order Canceled", { order_id: "A" }))).toMatchObject({ event: "Order Cancelled", properties: { orderId: "A" } })
    expect(canonical(track("Coupon Applied", { coupon_id: "may", discount: 23.32 }))).toMatchObject({ event: "Coupon Applied", properties: { coupon_id: "may", discount: 23.32 } })
  })

  it("names every problem of a refused order with its path in the call", () => {
    expect(refused(track("Order Completed", { total: 10, products: [{ price: 5 }, { product_id: "p", price: "5.5", quantity: 0 }] }))).toEqual([
      { path: "properties.order_id", message: "an order needs its order_id" },
      { path: "properties.products[0].product_id", message: "a product needs its product_id (or sku)" },
      { path: "properties.products[1].quantity", message: "expected a whole number of at least 1, got 0" },
      { path: "properties.products[1].price", message: '"5.5" is not a whole number of VND (0 decimal places)' }
    ])
  })
})

describe("ids and time", () => {
  const call = track("Product Viewed", { product_id: "p-1" }, { originalTimestamp: "2025-03-01T08:59:00+07:00" })

  it("derives the messageId from the content: a retry (new sentAt) is the same event, a change is another", () => {
    const first = mapped({ ...call, sentAt: "2025-03-01T01:59:01Z" })
    expect(first.messageIdDerived).toBe(true)
    expect(mapped({ ...call, sentAt: "2025-03-01T01:59:30Z" }).event.messageId).toBe(first.event.messageId)
    expect(mapped({ ...call, properties: { product_id: "p-2" } }).event.messageId).not.toBe(first.event.messageId)
    expect(mapped({ ...call, messageId: "m-1" })).toMatchObject({ messageIdDerived: false, event: { messageId: "m-1" } })
  })

  it("takes timestamp as given, else originalTimestamp corrected by receivedAt − sentAt, else receivedAt", () => {
    expect(mapped({ ...call, timestamp: "2025-03-01T08:00:00+07:00", sentAt: "2025-03-01T01:00:00Z" })).toMatchObject({ timestampFrom: "timestamp", event: { timestamp: new Date("2025-03-01T01:00:00Z") } })
    // The device clock says it was sent 60 s after the event; the server got it at 02:00:00.
    expect(mapped({ ...call, sentAt: "2025-03-01T09:00:00+07:00" })).toMatchObject({ timestampFrom: "originalTimestamp", event: { timestamp: new Date("2025-03-01T01:59:00Z") } })
    expect(mapped(call, { sentAt: "2025-03-01T02:10:00Z" }).event.timestamp).toEqual(new Date("2025-03-01T01:49:00Z"))
    expect(mapped(call).event.timestamp).toEqual(new Date("2025-03-01T01:59:00Z"))
    expect(mapped(track("Product Viewed", { product_id: "p-1" }))).toMatchObject({ timestampFrom: "receivedAt", event: { timestamp: options.receivedAt } })
  })

  it("reads a time without a zone in the workspace timezone", () => {
    const local = track("Product Viewed", { product_id: "p-1" }, { timestamp: "2025-03-01 09:30:00" })
    expect(mapped(local).event.timestamp).toEqual(new Date("2025-03-01T02:30:00Z"))
    expect(mapped(local, { settings: { currency: "VND", timezone: "Asia/Tokyo" } }).event.timestamp).toEqual(new Date("2025-03-01T00:30:00Z"))
    expect(refused({ ...local, timestamp: "2025-02-30T09:30:00" })).toEqual([{ path: "timestamp", message: '"2025-02-30T09:30:00" is not an ISO 8601 date and time such as 2025-03-01T09:30:00+07:00' }])
  })

  it("reads numeric user ids as text and refuses a call that names nobody", () => {
    expect(canonical({ ...call, userId: 42 })["userId"]).toBe("42")
    expect(refused({ type: "page", properties: {} })).toEqual([{ path: "userId", message: "either userId or anonymousId is required" }])
  })
})

describe("screen, group, alias", () => {
  it("maps a screen call with its name and free properties", () => {
    expect(canonical({ type: "screen", anonymousId: "d-1", properties: { name: "Home", tab: 2 } })).toMatchObject({ type: "screen", name: "Home", properties: { name: "Home", tab: 2 } })
  })

  it("maps a group call: its id, the company name and tax code", () => {
    expect(canonical({ type: "group", userId: "u-1", groupId: 1234, traits: { company_name: "An Phát", mst: "0312345678", plan: "gold" } })).toMatchObject({ groupId: "1234", traits: { name: "An Phát", taxCode: "0312345678", plan: "gold" } })
    expect(refused({ type: "group", userId: "u-1" })).toEqual([{ path: "groupId", message: "a group call needs its groupId" }])
  })

  it("takes an alias' previousId, else the anonymousId it replaces", () => {
    expect(canonical({ type: "alias", userId: "u-1", anonymousId: "cookie-1" })).toMatchObject({ userId: "u-1", previousId: "cookie-1" })
  })
})

describe("context", () => {
  const context = (value: Record<string, unknown>, opts: Partial<FromSegmentOptions> = {}) => canonical({ type: "page", anonymousId: "a", context: value }, opts)["context"]

  it.each([
    ["ios", "mobile"],
    ["Android", "mobile"],
    ["iPad", "tablet"],
    ["Desktop", "desktop"],
    ["smart fridge", "smart fridge"]
  ])("reads device type %s as %s", (type, expected) => expect(context({ device: { type } })["device"]).toEqual({ type: expected }))

  it("keeps campaign (also utm_* keys), referrer, locale, timezone, ip and user agent", () => {
    expect(
      context({ campaign: { utm_source: "facebook", utm_medium: "cpc", utm_campaign: "tet-2025" }, referrer: { type: "affiliate", name: "ctv-lan" }, locale: "vi_VN", timezone: "Asia/Ho_Chi_Minh", userAgent: "UA" }, { ip: "203.0.113.9" })
    ).toEqual({ campaign: { source: "facebook", medium: "cpc", name: "tet-2025" }, referrer: { type: "affiliate", name: "ctv-lan" }, locale: "vi-VN", timezone: "Asia/Ho_Chi_Minh", userAgent: "UA", ip: "203.0.113.9" })
    expect(context({ ip: "198.51.100.1" }, { ip: "203.0.113.9" })["ip"]).toBe("198.51.100.1")
    expect(refused({ type: "page", anonymousId: "a", context: { timezone: "Mars/Olympus" } })).toEqual([{ path: "context.timezone", message: '"Mars/Olympus" is not an IANA timezone such as Asia/Ho_Chi_Minh' }])
  })

  it("reads kith's channel, or Segment's browser / mobile, or the sending library", () => {
    expect(context({ channel: "zalo" })["channel"]).toBe("zalo")
    expect(canonical({ type: "page", anonymousId: "a", channel: "browser" })["context"]).toEqual({ channel: "web" })
    expect(context({ library: { name: "analytics-android" } })["channel"]).toBe("app")
  })

  it("keeps context.traits on a track as the person's traits, and folds them under an identify's own", () => {
    expect(canonical(track("Product Viewed", { product_id: "p" }, { context: { traits: { email: "lan@example.com", first_name: "Lan" } } }))["context"]).toEqual({ traits: { email: "lan@example.com", firstName: "Lan" } })
    const identify = canonical({ type: "identify", userId: "u", traits: { email: "new@example.com" }, context: { traits: { email: "old@example.com", phone: "0912345678" } } })
    expect(identify["traits"]).toEqual({ email: "new@example.com", phone: "0912345678" })
    expect(identify["context"]).toBeUndefined()
  })

  it("reads Segment's external ids { id, type } as kith identifiers", () => {
    expect(context({ externalIds: [{ id: "4455667788", type: "Zalo ID", collection: "users" }] })["externalIds"]).toEqual([{ type: "zalo_id", value: "4455667788" }])
  })
})

describe("traits", () => {
  const traits = (value: Record<string, unknown>) => canonical({ type: "identify", userId: "u", traits: value })["traits"]

  it("reads name as the full name and derives first and last names (family name first for Vietnamese names)", () => {
    expect(traits({ name: "Nguyễn  Thị Lan" })).toEqual({ fullName: "Nguyễn Thị Lan", firstName: "Thị Lan", lastName: "Nguyễn" })
    expect(traits({ name: "Peter Gibbons", firstName: "Pete" })).toEqual({ fullName: "Peter Gibbons", firstName: "Pete" })
    expect(traits({ first_name: "Lan", last_name: "Phạm" })).toEqual({ firstName: "Lan", lastName: "Phạm", fullName: "Phạm Lan" })
    expect(splitFullName("Peter van Gibbons")).toEqual({ firstName: "Peter van", lastName: "Gibbons" })
  })

  it("reads the address, its country as alpha-2 from a code or a name in English or Vietnamese", () => {
    expect(traits({ address: { street: "12 Hàng Bài", city: "Hà Nội", postal_code: "100000", country: "Việt Nam" } })).toEqual({ address: { street: "12 Hàng Bài", province: "Hà Nội", postalCode: "100000", country: "VN" } })
    expect(["VNM", "vn", "Viet Nam", "Hoa Kỳ", "UK"].map(countryCodeOf)).toEqual(["VN", "VN", "VN", "US", "GB"])
    expect(refused({ type: "identify", userId: "u", traits: { address: { country: "Atlantis" } } })).toEqual([
      { path: "traits.address.country", message: '"Atlantis" is not a country name or an ISO 3166 code such as VN or VNM' }
    ])
  })

  it("reads ISO birthdays (dates, and instants in the workspace timezone) and dd/mm/yyyy", () => {
    expect(traits({ birthday: "1990-09-05" })).toEqual({ birthday: "1990-09-05" })
    expect(traits({ birthday: "1990-09-04T17:00:00.000Z" })).toEqual({ birthday: "1990-09-05" })
    expect(traits({ date_of_birth: "05/09/1990" })).toEqual({ birthday: "1990-09-05" })
    expect(refused({ type: "identify", userId: "u", traits: { birthday: "sometime" } })).toEqual([{ path: "traits.birthday", message: '"sometime" is not a date such as 1990-09-05 or 05/09/1990' }])
  })

  it("reads gender words in English and Vietnamese", () => {
    expect(["Male", "nữ", "Nam", "F", "khác", "non-binary", "prefer not to say"].map(genderOf)).toEqual(["male", "female", "male", "female", "other", "other", "unknown"])
    expect(refused({ type: "identify", userId: "u", traits: { gender: "banana" } })).toEqual([{ path: "traits.gender", message: '"banana" is not a gender word such as male, female, nam, nữ or other' }])
  })

  it("reads snake_case trait names, company.name, and keeps the others as custom traits", () => {
    expect(traits({ first_name: "Lan", created_at: "2024-01-01T00:00:00Z", company: { name: "An Phát", id: 7 }, loyalty_tier: "gold", plan: null })).toEqual({
      firstName: "Lan",
      createdAt: "2024-01-01T00:00:00Z",
      company: { name: "An Phát", id: 7 },
      companyName: "An Phát",
      loyalty_tier: "gold"
    })
  })

  it("names a trait refused by kith's schema by the key the client sent", () => {
    expect(refused({ type: "identify", userId: "u", traits: { name: "x".repeat(201) } })).toEqual([{ path: "traits.name", message: "Expected a value with a length of at most 200" }])
  })
})

describe("expandSegmentBatch", () => {
  it("merges the envelope's context under each call's own, and gives its sentAt to calls without one", () => {
    const calls = expandSegmentBatch({
      batch: [{ type: "page", anonymousId: "a", context: { library: { version: "2" }, ip: "1.1.1.1" } }, { type: "page", anonymousId: "b", sentAt: "2025-03-01T00:00:01Z" }, "junk"],
      context: { library: { name: "analytics-node" }, locale: "vi" },
      sentAt: "2025-03-01T00:00:00Z"
    })
    expect(calls).toEqual(
      Result.succeed([
        { type: "page", anonymousId: "a", context: { library: { name: "analytics-node", version: "2" }, locale: "vi", ip: "1.1.1.1" }, sentAt: "2025-03-01T00:00:00Z" },
        { type: "page", anonymousId: "b", context: { library: { name: "analytics-node" }, locale: "vi" }, sentAt: "2025-03-01T00:00:01Z" },
        "junk"
      ])
    )
    expect(expandSegmentBatch({ batch: "nope" })).toEqual(Result.fail({ path: "batch", message: 'expected an array of calls, got "nope"' }))
  })
})
