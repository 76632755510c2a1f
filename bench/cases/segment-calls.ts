import type { KithEventEncoded } from "@kith/core"

// kith's canonical events as a Segment SDK sends the same calls: snake_case
// E-commerce keys, the library and SDK metadata in context, `integrations`,
// a `sentAt` — what `fromSegment` reads back into the same events.

const snakeKeys: Readonly<Record<string, string>> = { orderId: "order_id", productId: "product_id", checkoutId: "checkout_id", cartId: "cart_id", imageUrl: "image_url" }

const snakeCased = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(snakeCased)
  if (typeof value !== "object" || value === null) return value
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [snakeKeys[key] ?? key, snakeCased(inner)]))
}

/** One canonical event as `@segment/analytics-node` would send it. */
export const segmentCallOf = (event: KithEventEncoded): Record<string, unknown> => {
  const call: Record<string, unknown> = { ...event }
  if (event["properties"] !== undefined && event.type === "track") call["properties"] = snakeCased(event["properties"])
  call["context"] = { ...(event["context"] as object | undefined), library: { name: "@segment/analytics-node", version: "3.1.0" } }
  call["integrations"] = {}
  call["_metadata"] = { jsRuntime: "node" }
  return call
}
