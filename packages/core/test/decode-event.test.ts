import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { KnownEventNames, decodeEventResult, encodeEvent, isKnownEventName, isTrackEventOf, type InputIssue } from "../src/index.js"

const base = { messageId: "m-1", timestamp: "2025-03-01T00:30:00+07:00", userId: "u-1" }
const order = {
  orderId: "SO-1",
  currency: "VND",
  total: 450000,
  products: [{ productId: "p-ao", name: "Áo thun", category: "Thời trang", quantity: 2, price: 225000 }]
}

const issuesOf = (input: unknown): ReadonlyArray<InputIssue> => {
  const result = decodeEventResult(input)
  if (Result.isSuccess(result)) throw new Error(`expected a failure for ${JSON.stringify(input)}`)
  expect(result.failure._tag).toBe("InvalidInput")
  expect(result.failure.subject).toBe("event")
  return result.failure.issues
}

const decoded = (input: unknown) => {
  const result = decodeEventResult(input)
  if (Result.isFailure(result)) throw new Error(result.failure.message)
  return result.success
}

describe("decodeEventResult: valid input", () => {
  it("decodes a typed order event with its line items and instant", () => {
    const event = decoded({ type: "track", ...base, event: "Order Completed", properties: order })
    expect(event.type).toBe("track")
    if (!isTrackEventOf(event, "Order Completed")) throw new Error("wrong event")
    expect(event.properties.products[0]?.quantity).toBe(2)
    // 00:30 on 1 March in Hồ Chí Minh City is still 28 February in UTC.
    expect(event.timestamp.toISOString()).toBe("2025-02-28T17:30:00.000Z")
  })

  it("keeps a custom event with its JSON properties", () => {
    const event = decoded({ type: "track", ...base, event: "Lucky Wheel Spun", properties: { prize: "voucher-50k", spins: [1, 2] } })
    expect(event).toMatchObject({ event: "Lucky Wheel Spun", properties: { prize: "voucher-50k", spins: [1, 2] } })
  })

  it("keeps custom traits next to the typed fields, and reads dd/mm/yyyy birthdays", () => {
    const event = decoded({ type: "identify", ...base, traits: { fullName: "Nguyễn Thị Lan", birthday: "05/09/1990", income: 25000000, education: "đại học" } })
    expect(event).toMatchObject({ traits: { fullName: "Nguyễn Thị Lan", birthday: "1990-09-05", income: 25000000, education: "đại học" } })
  })

  it("accepts Segment's extra envelope keys and ignores them", () => {
    const event = decoded({ type: "page", ...base, sentAt: "2025-03-01T00:30:01Z", integrations: { All: true }, properties: { url: "https://shop.vn" } })
    expect(event).not.toHaveProperty("integrations")
  })

  it("accepts an alias without userId/anonymousId rule but with previousId", () => {
    expect(decoded({ type: "alias", messageId: "m-2", timestamp: "2025-03-01T00:00:00Z", userId: "u-1", previousId: "cookie-1" }).type).toBe("alias")
  })

  it("accepts a Date instance as timestamp", () => {
    expect(decoded({ type: "page", ...base, timestamp: new Date("2025-01-01T00:00:00Z") }).timestamp.getTime()).toBe(Date.UTC(2025, 0, 1))
  })

  it("encodes back to the JSON shape and decodes to the same value", () => {
    const event = decoded({ type: "track", ...base, event: "Order Completed", properties: order, context: { channel: "shopee", externalIds: [{ type: "shopee_buyer_id", value: "b-77" }] } })
    const encoded = encodeEvent(event)
    expect(encoded["timestamp"]).toBe("2025-02-28T17:30:00.000Z")
    expect(JSON.parse(JSON.stringify(encoded))).toEqual(encoded)
    expect(decoded(encoded)).toEqual(event)
  })
})

describe("decodeEventResult: bad input names the field and the reason", () => {
  it.each([
    [null, "", /Expected object/],
    [{ ...base }, "type", /Missing key/],
    [{ type: "tracking", ...base }, "type", /identify/],
    [{ type: "track", ...base, messageId: "" }, "messageId", /length of at least 1/],
    [{ type: "track", ...base, messageId: "  m " }, "messageId", /leading or trailing whitespace/],
    [{ type: "track", ...base, timestamp: "2025-03-01 00:30" }, "timestamp", /ISO 8601 instant with a zone/],
    [{ type: "track", ...base, timestamp: "2025-02-30T00:00:00Z" }, "timestamp", /ISO 8601/],
    [{ type: "track", ...base, timestamp: 1740790200000 }, "timestamp", /string|Date/i],
    [{ type: "track", messageId: "m-1", timestamp: "2025-03-01T00:30:00Z", event: "X" }, "userId", /either userId or anonymousId/],
    [{ type: "track", ...base, event: "" }, "event", /length of at least 1/],
    [{ type: "track", ...base, event: "Order Completed", properties: { ...order, total: -1 } }, "properties.total", /non-negative integer/],
    [{ type: "track", ...base, event: "Order Completed", properties: { ...order, total: 1.5 } }, "properties.total", /integer/],
    [{ type: "track", ...base, event: "Order Completed", properties: { ...order, currency: "vnd" } }, "properties.currency", /ISO 4217/],
    [
      { type: "track", ...base, event: "Order Completed", properties: { ...order, products: [{ productId: "p", quantity: 0, price: 1 }] } },
      "properties.products[0].quantity",
      /greater than or equal to 1/
    ],
    [{ type: "track", ...base, event: "Order Completed", properties: { currency: "VND", total: 1, products: [] } }, "properties.orderId", /Missing key/],
    [{ type: "track", ...base, event: "Order Completed" }, "properties", /Missing key/],
    [{ type: "track", ...base, event: "Review Submitted", properties: { rating: 6 } }, "properties.rating", /between 1 and 5/],
    [{ type: "track", ...base, event: "Conversation Ended", properties: { conversationId: "c", agent: "bot" } }, "properties.agent", /"ai" \| "staff"/],
    [{ type: "track", ...base, event: "Conversation Ended", properties: { conversationId: "c", agent: "ai", csat: 0 } }, "properties.csat", /between 1 and 5/],
    [{ type: "track", ...base, event: "Ticket Opened", properties: { ticketId: "t", kind: "question" } }, "properties.kind", /request/],
    [{ type: "track", ...base, event: "Points Adjusted", properties: { points: 0, reason: "x" } }, "properties.points", /non-zero/],
    [{ type: "track", ...base, event: "Message Read", properties: { deliveryId: "d", channel: "Zalo" } }, "properties.channel", /lower-case slug/],
    [{ type: "identify", ...base, traits: { gender: "nam" } }, "traits.gender", /male/],
    [{ type: "identify", ...base, traits: { birthday: "31/02/1990" } }, "traits.birthday", /real date/],
    [{ type: "identify", ...base, traits: { address: { country: "Vietnam" } } }, "traits.address.country", /alpha-2/],
    [{ type: "identify", ...base, traits: { custom: () => 1 } }, "traits.custom", /./],
    [{ type: "page", ...base, context: { device: { type: "Phone" } } }, "context.device.type", /lower-case word/],
    [{ type: "page", ...base, context: { locale: "vi_VN" } }, "context.locale", /BCP 47/],
    [{ type: "page", ...base, context: { externalIds: [{ type: "Zalo ID", value: "1" }] } }, "context.externalIds[0].type", /slug/],
    [{ type: "alias", ...base }, "previousId", /Missing key/]
  ])("%j → %s", (input, path, reason) => {
    const issues = issuesOf(input)
    const issue = issues.find((i) => i.path === path)
    expect(issue, `issues were ${JSON.stringify(issues)}`).toBeDefined()
    expect(issue?.message).toMatch(reason)
  })

  it("reports every problem at once, not only the first", () => {
    const issues = issuesOf({ type: "track", messageId: "", timestamp: "yesterday", anonymousId: "a", event: "Review Submitted", properties: { rating: 0, productId: "" } })
    expect(issues.map((i) => i.path).sort()).toEqual(["messageId", "properties.productId", "properties.rating", "timestamp"])
  })

  it("reports a missing userId/anonymousId together with field errors", () => {
    const issues = issuesOf({ type: "identify", messageId: "m-9", timestamp: "2025-03-01T09:00:00Z", traits: { gender: "nam" } })
    expect(issues.map((i) => i.path).sort()).toEqual(["traits.gender", "userId"])
  })

  it("reports a typed event's own fields, not every member of a union", () => {
    const issues = issuesOf({ type: "track", ...base, event: "Order Completed", properties: { ...order, total: -1 } })
    expect(issues).toHaveLength(1)
  })

  it("the error message lists path and reason", () => {
    const result = decodeEventResult({ type: "track", ...base, event: "Review Submitted", properties: { rating: 9 } })
    expect(Result.isFailure(result) && result.failure.message).toBe("Invalid event: properties.rating: Expected a value between 1 and 5")
  })
})

describe("the event catalog", () => {
  it("has every ING-2 event kind", () => {
    for (const name of [
      "Order Placed", "Order Completed", "Order Cancelled", "Order Returned", "Order Refunded", "Order Delivery Failed",
      "Product Viewed", "Product Favorited", "Product Added", "Product Removed", "Checkout Started", "Payment Failed",
      "Review Submitted", "Conversation Ended", "Ticket Opened", "Ticket Resolved", "Followed", "Unfollowed",
      "Live Viewed", "Live Product Clicked", "Video Product Viewed", "Video Product Liked", "Video Product Clicked",
      "Message Sent", "Message Delivered", "Message Read", "Message Clicked", "Message Replied", "Message Unsubscribed",
      "Campaign Joined", "Survey Submitted", "Minigame Played", "Points Earned", "Points Redeemed", "Points Adjusted", "Form Submitted"
    ]) {
      expect(isKnownEventName(name), name).toBe(true)
    }
    expect(KnownEventNames).toHaveLength(36)
    expect(isKnownEventName("toString")).toBe(false)
  })
})
