import { type ProfileSummary, orderViewAt } from "@kith/profile"
import type { ActivityRow } from "./activity-row.js"
import { blankRow } from "./blank-row.js"

// Orders are worked out over everything known about them: the purchase
// instant, the newest amounts and every refund and return, whenever they
// happened. Only the status instants stay as instants, so that an
// evaluation at asOf knows whether the order had completed or failed by then.
const END_OF_TIME = 8.64e15

/**
 * The `order` and `order_line` rows of a profile, from its summary
 * (`@kith/profile`), which joins the events of each order whatever their
 * order of arrival and across merged profiles.
 *
 * - one `order` row per order: `at` = its purchase instant (the first
 *   `Order Placed`, else the first `Order Completed`, else the first event known
 *   about it), `completedAt` = the first `Order Completed`, `failedAt` = the
 *   first `Order Cancelled` or `Order Delivery Failed`, `value` = its net value
 *   (total less what was refunded or returned, every refund and return counted),
 *   `quantity` = items, `currency`; `key` = the order id;
 * - one `order_line` row per line of its newest version (completed, else
 *   placed): product, category, quantity, `value` = quantity × unit price, and
 *   the order's `at`, `completedAt`, `failedAt` and currency; `key` = `orderId#n`.
 *
 * A store rewrites the rows of a profile's orders that changed whenever its summary's orders change (an order's rows depend on its record alone).
 *
 * @param summary - the profile's summary
 * @returns its order rows, orders by purchase instant then id, each followed by its lines
 *
 * @example
 * ```ts
 * import { decodeEvent } from "@kith/core"
 * import { makeSummarizer } from "@kith/profile"
 * import { Effect } from "effect"
 *
 * const placed = Effect.runSync(decodeEvent({
 *   type: "track", messageId: "m-1", timestamp: "2025-03-01T20:00:00+07:00", userId: "u-1", event: "Order Completed",
 *   properties: { orderId: "SO-1", currency: "VND", total: 450000, products: [{ productId: "p-ao", category: "Thời trang", quantity: 2, price: 225000 }] }
 * }))
 * const rows = orderRowsOf(makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }).summarize([placed]))
 * rows.map((r) => [r.kind, r.key, r.value]) // => [["order", "SO-1", 450000], ["order_line", "SO-1#0", 450000]]
 * ```
 */
export const orderRowsOf = (summary: ProfileSummary): ReadonlyArray<ActivityRow> => {
  const orders: Array<{ readonly at: number; readonly rows: ReadonlyArray<ActivityRow>; readonly orderId: string }> = []
  for (const record of summary.orders.values()) {
    const view = orderViewAt(record, END_OF_TIME)
    if (view === undefined) continue
    const failedAt =
      record.cancelledAt === undefined
        ? (record.deliveryFailedAt ?? null)
        : record.deliveryFailedAt === undefined
          ? record.cancelledAt
          : Math.min(record.cancelledAt, record.deliveryFailedAt)
    const completedAt = record.completedAt ?? null
    const currency = view.currency ?? null
    const orderId = record.orderId
    let items = 0
    for (const line of view.products) items += line.quantity
    // Each row filled in directly (see blankRow): a store writes these for every order of a profile whose orders changed.
    const order = blankRow("order", view.purchasedAt, orderId, null, null, null)
    order.orderId = orderId
    order.quantity = items
    order.value = view.net
    order.currency = currency
    order.completedAt = completedAt
    order.failedAt = failedAt
    const rows: Array<ActivityRow> = [order]
    for (let index = 0; index < view.products.length; index++) {
      const line = view.products[index]!
      const row = blankRow("order_line", view.purchasedAt, `${orderId}#${index}`, null, null, null)
      row.orderId = orderId
      row.productId = line.productId
      row.category = line.category ?? null
      row.quantity = line.quantity
      row.value = line.quantity * line.price
      row.currency = currency
      row.completedAt = completedAt
      row.failedAt = failedAt
      rows.push(row)
    }
    orders.push({ at: view.purchasedAt, rows, orderId })
  }
  orders.sort((a, b) => a.at - b.at || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0))
  const out: Array<ActivityRow> = []
  for (const o of orders) for (const row of o.rows) out.push(row)
  return out
}
