import { decodeEventResult, type KithEvent } from "@kith/core"
import { Result } from "effect"

// Small event builders the feature contracts share: one identify, one product view, one engagement event a day.

export const at = (day: number) => `2025-03-${String(day).padStart(2, "0")}T09:00:00+07:00`
export const identify = (messageId: string, day: number, anonymousId: string, traits: Record<string, unknown>) => ({
  type: "identify", messageId, timestamp: at(day), anonymousId, traits
})
export const view = (messageId: string, day: number, anonymousId: string) => ({
  type: "track", event: "Product Viewed", messageId, timestamp: at(day), anonymousId, properties: { productId: "sku-1" }
})
export const engagement = (messageId: string, day: number, anonymousId: string, n: number) =>
  n % 2 === 0
    ? { type: "track", event: "Campaign Joined", messageId, timestamp: at(day), anonymousId, properties: { campaignId: `camp-${n % 3}` } }
    : { type: "track", event: "Message Delivered", messageId, timestamp: at(day), anonymousId, properties: { deliveryId: `d-${n}`, channel: "zalo" } }
export const decodeAll = (events: ReadonlyArray<unknown>): Array<KithEvent> =>
  events.map((e) => decodeEventResult(e)).flatMap((r) => (Result.isSuccess(r) ? [r.success] : []))
