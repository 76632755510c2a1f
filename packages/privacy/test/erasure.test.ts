// What an anonymization keeps of an event, and the texts an erasure reads a refused call's raw payload for (PRIV-2).
import { KithEvent } from "@kith/core"
import { anonymizedEvent, payloadTexts } from "../src/index.js"
import { Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

const personal = ["0912 345 678", "lan.nguyen@example.vn", "Nguyễn Thị Lan", "203.0.113.7", "u-lan", "cookie-lan", "12 Lý Thường Kiệt"]
const ts = "2026-01-05T02:00:00.000Z"
const decodes = (json: unknown) => Schema.decodeUnknownExit(KithEvent)(json)._tag === "Success"

// Events of a person, every personal value in each field that can hold one.
const eventsOfLan: ReadonlyArray<Record<string, unknown>> = [
  { type: "identify", messageId: "m-1", timestamp: ts, userId: "u-lan", anonymousId: "cookie-lan", traits: { phone: "0912 345 678", email: "lan.nguyen@example.vn", fullName: "Nguyễn Thị Lan" } },
  { type: "page", messageId: "m-2", timestamp: ts, anonymousId: "cookie-lan", name: "Hồ sơ Nguyễn Thị Lan", properties: { url: "https://shop.vn/?email=lan.nguyen@example.vn" }, context: { channel: "web", ip: "203.0.113.7" } },
  {
    type: "track", event: "Order Completed", messageId: "m-3", timestamp: ts, userId: "u-lan",
    properties: { orderId: "SO-1", currency: "VND", total: 250_000, coupon: "cookie-lan", paymentMethod: "Nguyễn Thị Lan", products: [{ productId: "sku-1", quantity: 1, price: 250_000, url: "https://shop.vn/?ref=u-lan" }] },
    context: { channel: "web", traits: { phone: "0912 345 678" }, ip: "203.0.113.7" }
  },
  { type: "track", event: "Order Cancelled", messageId: "m-4", timestamp: ts, userId: "u-lan", properties: { orderId: "SO-1", reason: "12 Lý Thường Kiệt is wrong" } },
  { type: "track", event: "Points Earned", messageId: "m-5", timestamp: ts, userId: "u-lan", properties: { points: 25, reason: "birthday of Nguyễn Thị Lan", orderId: "SO-1" } },
  { type: "track", event: "Review Submitted", messageId: "m-6", timestamp: ts, userId: "u-lan", properties: { rating: 5, text: "Nguyễn Thị Lan loves it" } },
  { type: "track", event: "Consent Updated", messageId: "m-7", timestamp: ts, userId: "u-lan", properties: { decisions: [{ purpose: "marketing", channel: "zalo", status: "granted" }], evidence: { ip: "203.0.113.7" } } },
  { type: "track", event: "Wheel Spun", messageId: "m-8", timestamp: ts, anonymousId: "cookie-lan", properties: { prize: "voucher", phone: "0912 345 678" } },
  { type: "alias", messageId: "m-9", timestamp: ts, userId: "u-lan", previousId: "cookie-lan" },
  { type: "group", messageId: "m-10", timestamp: ts, userId: "u-lan", groupId: "cty", traits: { name: "Nguyễn Thị Lan" } }
]

describe("anonymizedEvent (PRIV-2)", () => {
  it("keeps the commerce facts, the names of custom events and the channel; deletes identity, consent and personal typed events", () => {
    const kept = eventsOfLan.map((e) => anonymizedEvent(e, "anonymized-p_m-1"))
    expect(kept.map((e) => (e === undefined ? null : e["messageId"]))).toEqual([null, "m-2", "m-3", "m-4", "m-5", null, null, "m-8", null, null])
    expect(kept[2]).toEqual({
      type: "track", messageId: "m-3", timestamp: ts, anonymousId: "anonymized-p_m-1", event: "Order Completed",
      properties: { orderId: "SO-1", currency: "VND", total: 250_000, products: [{ productId: "sku-1", quantity: 1, price: 250_000 }] }, context: { channel: "web" }
    })
    expect(kept[7]).toEqual({ type: "track", messageId: "m-8", timestamp: ts, anonymousId: "anonymized-p_m-1", event: "Wheel Spun" })
    const text = JSON.stringify(kept)
    for (const value of personal) expect(text).not.toContain(value)
    // Every kept event is still an event the store decodes.
    for (const e of kept) if (e !== undefined) expect(decodes(e)).toBe(true)
  })

  it("never keeps a value outside the kept fields, whatever the event holds (property)", () => {
    const secret = "SECRET-VALUE-9f2"
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: "small" }, fc.constant(secret), fc.integer(), fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(fc.constantFrom("reason", "note", "url", "email", "phone", "x"), tie("value"), { maxKeys: 3 }))
    })).value
    fc.assert(
      fc.property(fc.constantFrom("track", "page", "screen", "identify"), fc.constantFrom("Order Completed", "Points Earned", "Custom Thing", "Message Sent"), json, json, (type, event, properties, context) => {
        const kept = anonymizedEvent({ type, event, messageId: "m-1", timestamp: ts, userId: secret, traits: { phone: secret }, properties, context }, "anon")
        expect(JSON.stringify(kept ?? null)).not.toContain(secret)
      }),
      { seed: 18, numRuns: 200 }
    )
  })
})

describe("payloadTexts (PRIV-2)", () => {
  it("reads every string, number and key of a JSON payload, and the phone-like runs and words of one that is not JSON", () => {
    expect(payloadTexts('{"traits":{"phone":"0912 345 678"},"n":7}')).toEqual(["traits", "phone", "0912 345 678", "n", "7"])
    const broken = payloadTexts('{"phone": 0912 345 678, "email": lan@example.vn')
    expect(broken).toContain("0912 345 678")
    expect(broken).toContain("lan@example.vn")
  })
})
