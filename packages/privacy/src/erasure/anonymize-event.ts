import { CONSENT_UPDATED, isKnownEventName } from "@kith/core"

// The events whose properties a profile's aggregates are made of (orders, spend, products, points): kept, without
// their free text, when a person is anonymized. Their schemas require none of the fields left out.
const COMMERCE = new Set([
  "Order Placed",
  "Order Completed",
  "Order Cancelled",
  "Order Returned",
  "Order Refunded",
  "Order Delivery Failed",
  "Product Viewed",
  "Product Favorited",
  "Product Added",
  "Product Removed",
  "Checkout Started",
  "Points Earned",
  "Points Redeemed"
])

// Properties of those events that are amounts, counts, product facts and references to orders or products.
const KEPT_PROPERTIES = new Set([
  "orderId",
  "checkoutId",
  "cartId",
  "wishlistId",
  "storeId",
  "currency",
  "total",
  "subtotal",
  "discount",
  "shipping",
  "tax",
  "paid",
  "amount",
  "productId",
  "name",
  "category",
  "sku",
  "price",
  "quantity",
  "brand",
  "variant",
  "points",
  "expiresAt",
  "products"
])
const KEPT_LINE = new Set(["productId", "name", "category", "sku", "quantity", "price", "brand", "variant"])

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === "object" && value !== null && !Array.isArray(value)

const pick = (from: Readonly<Record<string, unknown>>, kept: ReadonlySet<string>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(from)) {
    if (!kept.has(key)) continue
    out[key] = key === "products" && Array.isArray(value) ? value.map((line) => (isRecord(line) ? pick(line, KEPT_LINE) : line)) : value
  }
  return out
}

/**
 * A stored event of an anonymized person (PRIV-2), as kept: what the
 * profile's aggregate counts are made of and no personal value. `undefined`
 * means the event is deleted: identify, alias and group events (they carry
 * only who the person is), consent decisions (their evidence names the
 * person) and typed events other than commerce (their properties are about
 * the person: messages, reviews, tickets, forms). What stays: the type,
 * messageId, time and channel; a track event's name; a commerce event's
 * amounts, currency, order and product references and product facts (no
 * reason, note or coupon text); no `userId`, traits, context or raw call —
 * the person's ids become `placeholder`.
 *
 * @param json - the stored event, as parsed JSON
 * @param placeholder - the anonymous id the kept event carries (names no one)
 * @returns the event to keep, or `undefined` to delete it
 *
 * @example
 * ```ts
 * import { anonymizedEvent } from "@kith/privacy"
 * anonymizedEvent({ type: "track", event: "Order Completed", messageId: "m-2", timestamp: "2026-01-05T02:00:00.000Z", userId: "u-1",
 *   properties: { orderId: "SO-1", currency: "VND", total: 250000, coupon: "LAN-50K", products: [{ productId: "sku-1", quantity: 1, price: 250000, url: "https://shop.vn/a?ref=lan" }] },
 *   context: { channel: "web", ip: "203.0.113.7" } }, "anonymized-p_m-1")
 * // => { type: "track", messageId: "m-2", timestamp: "2026-01-05T02:00:00.000Z", anonymousId: "anonymized-p_m-1", event: "Order Completed", properties: { orderId: "SO-1", currency: "VND", total: 250000, products: [{ productId: "sku-1", quantity: 1, price: 250000 }] }, context: { channel: "web" } }
 * anonymizedEvent({ type: "identify", messageId: "m-1", timestamp: "2026-01-05T01:00:00.000Z", anonymousId: "c-1", traits: { phone: "0912 345 678" } }, "anonymized-p_m-1") // => undefined
 * ```
 */
export const anonymizedEvent = (json: Readonly<Record<string, unknown>>, placeholder: string): Record<string, unknown> | undefined => {
  const type = json["type"]
  if (type !== "track" && type !== "page" && type !== "screen") return undefined
  const out: Record<string, unknown> = { type, messageId: json["messageId"], timestamp: json["timestamp"], anonymousId: placeholder }
  if (type === "track") {
    const name = json["event"]
    if (typeof name !== "string" || name === CONSENT_UPDATED) return undefined
    out["event"] = name
    if (COMMERCE.has(name)) out["properties"] = pick(isRecord(json["properties"]) ? json["properties"] : {}, KEPT_PROPERTIES)
    else if (isKnownEventName(name)) return undefined
  }
  const channel = isRecord(json["context"]) ? json["context"]["channel"] : undefined
  if (typeof channel === "string") out["context"] = { channel }
  return out
}
