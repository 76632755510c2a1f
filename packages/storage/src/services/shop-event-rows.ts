import type { ShopEvent } from "@kith/outreach"
import type { ShopEventRow } from "../port/outreach-shop-events.js"

/**
 * A shop event as its stored row: the last instant an occurrence it causes
 * can be due is when it happened for a price change (a price drop is due
 * then) and the LIVE's start for a LIVE (no reminder once it began).
 *
 * @example
 * ```ts
 * shopEventRowOf({ kind: "live_scheduled", key: "ls-1", liveId: "live-1", startsAt: new Date("2026-02-02T13:00:00Z"), at: new Date("2026-02-02T02:00:00Z") }).dueUntil
 * // => 1770037200000
 * ```
 */
export const shopEventRowOf = (event: ShopEvent): ShopEventRow =>
  event.kind === "price_changed"
    ? { key: event.key, kind: event.kind, body: JSON.stringify({ productId: event.productId, from: event.from, to: event.to }), at: event.at.getTime(), dueUntil: event.at.getTime() }
    : { key: event.key, kind: event.kind, body: JSON.stringify({ liveId: event.liveId, startsAt: event.startsAt.getTime() }), at: event.at.getTime(), dueUntil: event.startsAt.getTime() }

/**
 * A stored row as the shop event it was written from.
 *
 * @example
 * ```ts
 * const row = shopEventRowOf({ kind: "price_changed", key: "pc-1", productId: "sku-1", from: 250000, to: 199000, at: new Date("2026-02-02T02:00:00Z") })
 * shopEventOf(row) // => { kind: "price_changed", key: "pc-1", productId: "sku-1", from: 250000, to: 199000, at: new Date("2026-02-02T02:00:00.000Z") }
 * ```
 */
export const shopEventOf = (row: ShopEventRow): ShopEvent => {
  const body = JSON.parse(row.body) as Record<string, unknown>
  return row.kind === "price_changed"
    ? { kind: "price_changed", key: row.key, productId: body["productId"] as string, from: body["from"] as number, to: body["to"] as number, at: new Date(row.at) }
    : { kind: "live_scheduled", key: row.key, liveId: body["liveId"] as string, startsAt: new Date(body["startsAt"] as number), at: new Date(row.at) }
}
