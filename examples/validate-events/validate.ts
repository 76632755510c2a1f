import { decodeEventResult, isTrackEventOf, type KithEvent } from "@kith/core"
import { Result } from "effect"

/** What a consumer does with one incoming payload. */
export type Outcome =
  | { readonly ok: true; readonly event: KithEvent; readonly summary: string }
  | { readonly ok: false; readonly problems: ReadonlyArray<string> }

const describe = (event: KithEvent): string => {
  if (isTrackEventOf(event, "Order Completed")) {
    const items = event.properties.products.reduce((n, line) => n + line.quantity, 0)
    return `order ${event.properties.orderId}: ${items} item(s), ${event.properties.total.toLocaleString("vi-VN")} ${event.properties.currency}`
  }
  if (event.type === "identify") return `identify ${event.userId ?? event.anonymousId}: ${Object.keys(event.traits ?? {}).join(", ")}`
  if (event.type === "track") return `track "${event.event}"`
  return event.type
}

/** Decodes every payload, keeping the good ones typed and explaining the bad ones. */
export const validateAll = (payloads: ReadonlyArray<unknown>): ReadonlyArray<Outcome> =>
  payloads.map((payload) => {
    const result = decodeEventResult(payload)
    return Result.isSuccess(result)
      ? { ok: true, event: result.success, summary: describe(result.success) }
      : { ok: false, problems: result.failure.issues.map((i) => `${i.path || "(root)"}: ${i.message}`) }
  })

/** A webhook batch with two good events and two broken ones. */
export const sampleBatch: ReadonlyArray<unknown> = [
  {
    type: "identify",
    messageId: "m-1",
    timestamp: "2025-03-01T09:00:00+07:00",
    anonymousId: "cookie-9f2",
    traits: { fullName: "Lê Thu Hà", phone: "0912 345 678", birthday: "05/09/1990", occupation: "giáo viên" }
  },
  {
    type: "track",
    messageId: "m-2",
    timestamp: "2025-03-01T00:30:00+07:00",
    anonymousId: "cookie-9f2",
    event: "Order Completed",
    properties: {
      orderId: "SO-1001",
      currency: "VND",
      total: 450000,
      products: [{ productId: "p-ao-thun", name: "Áo thun", category: "Thời trang", quantity: 2, price: 225000 }]
    }
  },
  {
    type: "track",
    messageId: "m-3",
    timestamp: "2025-03-01 09:00",
    anonymousId: "cookie-9f2",
    event: "Order Completed",
    properties: { orderId: "SO-1002", currency: "VND", total: 99000.5, products: [{ productId: "p-non", quantity: 0, price: 99000 }] }
  },
  { type: "identify", messageId: "m-4", timestamp: "2025-03-01T09:00:00Z", traits: { gender: "nam" } }
]
