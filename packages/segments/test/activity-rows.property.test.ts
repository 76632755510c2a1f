import type { KithEvent, KnownEventName } from "@kith/core"
import { makeSummarizer, orderViewAt, type ProfileSummary } from "@kith/profile"
import { type ActivityRow, activityKindOfEventName, activityRow, activityRowOfEvent, orderRowsOf } from "@kith/segments"
import { arbKithEvent, arbTrackEventOf } from "@kith/testkit"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

// The builders as they were written with the public `activityRow` (one columns object per row): the rows built
// directly must be these, column for column and in the same key order.
type Props = { readonly [key: string]: unknown }
const text = (value: unknown): string | null => (typeof value === "string" ? value : null)
const integer = (value: unknown): number | null => (typeof value === "number" && Number.isInteger(value) ? value : null)

const referenceRowOfEvent = (event: KithEvent): ActivityRow | undefined => {
  if (event.type === "identify" || event.type === "alias" || event.type === "group") return undefined
  const at = event.timestamp.getTime()
  const key = event.messageId as string
  const context = event.context
  const base = { channel: context?.channel ?? null, deviceType: context?.device?.type ?? null, os: context?.os?.name ?? null }
  if (event.type === "page" || event.type === "screen") return activityRow("page_viewed", at, key, base)
  const kind = activityKindOfEventName(event.event)
  if (kind === undefined) return undefined
  const p = (event.properties ?? {}) as Props
  switch (kind) {
    case "custom_event":
      return activityRow(kind, at, key, { ...base, eventName: event.event })
    case "product_viewed":
    case "product_favorited":
    case "product_added":
    case "product_removed":
      return activityRow(kind, at, key, { ...base, productId: text(p["productId"]), category: text(p["category"]), quantity: integer(p["quantity"]), value: integer(p["price"]), currency: text(p["currency"]) })
    case "checkout_started":
    case "payment_failed":
      return activityRow(kind, at, key, { ...base, orderId: text(p["orderId"]), value: integer(p["total"]), currency: text(p["currency"]) })
    case "review_submitted":
      return activityRow(kind, at, key, { ...base, orderId: text(p["orderId"]), productId: text(p["productId"]), rating: integer(p["rating"]) })
    case "conversation":
      return activityRow(kind, at, key, { ...base, channel: text(p["channel"]) ?? base.channel, csat: integer(p["csat"]), agent: text(p["agent"]) })
    case "ticket_opened":
    case "ticket_resolved":
      return activityRow(kind, at, key, { ...base, orderId: text(p["orderId"]), ticketKind: text(p["kind"]) })
    case "followed":
    case "unfollowed":
      return activityRow(kind, at, key, { ...base, channel: text(p["channel"]) ?? base.channel })
    case "live_viewed":
    case "live_product_clicked":
    case "video_product_viewed":
    case "video_product_liked":
    case "video_product_clicked":
      return activityRow(kind, at, key, { ...base, productId: text(p["productId"]) })
    case "message_sent":
    case "message_delivered":
    case "message_read":
    case "message_clicked":
    case "message_replied":
    case "message_unsubscribed":
      return activityRow(kind, at, key, { ...base, channel: text(p["channel"]) ?? base.channel, planId: text(p["planId"]) })
    default:
      return activityRow(kind, at, key, base)
  }
}

const referenceOrderRows = (summary: ProfileSummary): ReadonlyArray<ActivityRow> => {
  const orders: Array<{ readonly at: number; readonly rows: ReadonlyArray<ActivityRow>; readonly orderId: string }> = []
  for (const record of summary.orders.values()) {
    const view = orderViewAt(record, 8.64e15)
    if (view === undefined) continue
    const failedAt =
      record.cancelledAt === undefined
        ? (record.deliveryFailedAt ?? null)
        : record.deliveryFailedAt === undefined
          ? record.cancelledAt
          : Math.min(record.cancelledAt, record.deliveryFailedAt)
    const status = { completedAt: record.completedAt ?? null, failedAt, currency: view.currency ?? null }
    let items = 0
    for (const line of view.products) items += line.quantity
    const rows: Array<ActivityRow> = [activityRow("order", view.purchasedAt, record.orderId, { ...status, orderId: record.orderId, quantity: items, value: view.net })]
    view.products.forEach((line, index) => {
      rows.push(
        activityRow("order_line", view.purchasedAt, `${record.orderId}#${index}`, {
          ...status,
          orderId: record.orderId,
          productId: line.productId,
          category: line.category ?? null,
          quantity: line.quantity,
          value: line.quantity * line.price
        })
      )
    })
    orders.push({ at: view.purchasedAt, rows, orderId: record.orderId })
  }
  orders.sort((a, b) => a.at - b.at || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0))
  return orders.flatMap((o) => o.rows)
}

const sameRows = (actual: ReadonlyArray<ActivityRow | undefined>, expected: ReadonlyArray<ActivityRow | undefined>): void => {
  expect(actual).toStrictEqual(expected)
  // Rows are written and compared column by column, but the key order is part of "the same object" for JSON too.
  expect(actual.map((r) => (r === undefined ? [] : Object.keys(r)))).toStrictEqual(expected.map((r) => (r === undefined ? [] : Object.keys(r))))
}

const ORDER_EVENTS: ReadonlyArray<KnownEventName> = ["Order Placed", "Order Completed", "Order Cancelled", "Order Delivery Failed", "Order Refunded", "Order Returned"]

// Order events about a few order ids, so that several events join one order.
const arbOrderEvent: fc.Arbitrary<KithEvent> = fc
  .tuple(fc.oneof(...ORDER_EVENTS.map((name) => arbTrackEventOf(name))), fc.constantFrom("SO-1", "SO-2", "SO-3"))
  .map(([event, orderId]) => ({ ...event, properties: { ...(event.properties as object), orderId } }) as unknown as KithEvent)

describe("activity rows built directly = built with activityRow", () => {
  it("activityRowOfEvent gives the row activityRow gives, for any event", () =>
    fc.assert(
      fc.property(arbKithEvent, (event) => sameRows([activityRowOfEvent(event)], [referenceRowOfEvent(event)])),
      { numRuns: 1_000 }
    ))

  it("orderRowsOf gives the rows activityRow gives, for any orders", () =>
    fc.assert(
      fc.property(fc.array(arbOrderEvent, { maxLength: 12 }), (events) => {
        const summary = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }).summarize(events)
        sameRows(orderRowsOf(summary), referenceOrderRows(summary))
      }),
      { numRuns: 300 }
    ))

  it("the order events above make orders with lines", () => {
    const rows = fc.sample(fc.array(arbOrderEvent, { minLength: 4, maxLength: 12 }), { numRuns: 50, seed: 7 }).flatMap((events) => orderRowsOf(makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }).summarize(events)))
    expect(rows.filter((r) => r.kind === "order").length).toBeGreaterThan(20)
    expect(rows.filter((r) => r.kind === "order_line").length).toBeGreaterThan(20)
  })
})
