import { type KithEvent, decodeEventResult } from "@kith/core"
import { Result } from "effect"

let counter = 0

/** Decodes raw events, giving each a messageId and an actor when missing. */
export const events = (...raw: ReadonlyArray<Record<string, unknown>>): Array<KithEvent> =>
  raw.map((input) => {
    const decoded = decodeEventResult({ messageId: `m-${++counter}`, userId: "u-1", ...input })
    if (Result.isFailure(decoded)) throw new Error(decoded.failure.message)
    return decoded.success
  })

/** A typed `track` event. */
export const track = (event: string, timestamp: string, properties: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  ({ type: "track", event, timestamp, properties, ...extra }) as const

/** An order's `Order Completed` properties for one product. */
export const order = (orderId: string, total: number, productId = "p-1", category = "Thời trang") => ({
  orderId,
  currency: "VND",
  total,
  products: [{ productId, category, quantity: 1, price: total }]
})
