import type { LineItem } from "@kith/core"
import type { OrderDetails, OrderRecord } from "./order-record.js"
import type { ProfileSummary } from "./profile-summary.js"

/**
 * The status of an order at an `asOf` instant.
 *
 * - `successful`: an `Order Completed` (delivered) is known, and no failure.
 * - `failed`: an `Order Cancelled` or `Order Delivery Failed` is known; a failure
 *   wins over a completion, whatever their order.
 * - `pending`: placed, neither completed nor failed yet.
 */
export type OrderStatus = "pending" | "successful" | "failed"

/**
 * An order as it stands at `asOf`, with its money worked out (see the README).
 *
 * @example
 * ```ts
 * import { KithEvent } from "@kith/core"
 * import { Schema } from "effect"
 *
 * const events = Schema.decodeUnknownSync(Schema.Array(KithEvent))([
 *   { type: "track", messageId: "m-1", timestamp: "2025-03-01T00:30:00+07:00", userId: "u-1", event: "Order Completed",
 *     properties: { orderId: "SO-1", currency: "VND", total: 250000, products: [{ productId: "p-ao", quantity: 1, price: 250000 }] } },
 *   { type: "track", messageId: "m-2", timestamp: "2025-03-04T10:00:00+07:00", userId: "u-1", event: "Order Refunded",
 *     properties: { orderId: "SO-1", currency: "VND", amount: 50000 } }
 * ])
 * const summary = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }).summarize(events)
 * ordersAt(summary, new Date("2025-06-30T17:00:00Z"))[0] // => { orderId: "SO-1", status: "successful", gross: 250000, refunded: 50000, net: 200000, ... }
 * ```
 */
export interface OrderView {
  readonly orderId: string
  readonly status: OrderStatus
  /** The purchase instant: the first `Order Placed`, else the first `Order Completed`, else the first `Order Cancelled` or `Order Delivery Failed`. */
  readonly purchasedAt: number
  /** When it became successful (first `Order Completed`), if it did by `asOf`. */
  readonly completedAt: number | undefined
  /** The newest version of the order's amounts and lines known at `asOf`; absent when only e.g. a cancellation is known. */
  readonly details: OrderDetails | undefined
  readonly currency: string | undefined
  /** `total` of the order. */
  readonly gross: number
  /** Sum of its refunds in the order's currency; a refund without an amount refunds the whole order. */
  readonly refunded: number
  /** Value of the goods returned: each return's `amount`, else its lines at their order price, else the whole order. */
  readonly returnedValue: number
  /** `gross - min(gross, max(refunded, returnedValue))`: what the buyer finally spent. */
  readonly net: number
  /** Has at least one `Order Returned`. */
  readonly returned: boolean
  /** `max(0, net - paid)` when the order says what was paid, else 0. */
  readonly receivable: number
  readonly products: ReadonlyArray<LineItem>
}

const upTo = (at: number | undefined, asOf: number): number | undefined => (at !== undefined && at <= asOf ? at : undefined)

const linesValue = (lines: ReadonlyArray<LineItem>): number => {
  let sum = 0
  for (const line of lines) sum += line.quantity * line.price
  return sum
}

/** An {@link OrderView} being filled in; reused across orders on hot paths. */
export type MutableOrderView = { -readonly [K in keyof OrderView]: OrderView[K] }

/**
 * An empty view to pass to {@link evaluateOrderInto}.
 *
 * @example
 * ```ts
 * const scratch = blankOrderView()
 * ```
 */
export const blankOrderView = (): MutableOrderView => ({
  orderId: "",
  status: "pending",
  purchasedAt: 0,
  completedAt: undefined,
  details: undefined,
  currency: undefined,
  gross: 0,
  refunded: 0,
  returnedValue: 0,
  net: 0,
  returned: false,
  receivable: 0,
  products: []
})

/**
 * Works out one order at `asOf` (epoch ms) into `out`, so that a loop over
 * many orders allocates nothing; `false` (and `out` untouched) if the order
 * had not been placed, completed or failed yet (returns and refunds alone do
 * not make an order).
 *
 * @example
 * ```ts
 * const record = { ...emptyOrderRecord("SO-1"), completedAt: Date.parse("2025-03-01T00:30:00+07:00") }
 * const view = blankOrderView()
 * evaluateOrderInto(record, Date.parse("2025-06-30T17:00:00Z"), view) && view.status // => "successful"
 * evaluateOrderInto(record, Date.parse("2025-02-01T00:00:00Z"), view) // => false (nothing known of it yet)
 * ```
 */
export const evaluateOrderInto = (record: OrderRecord, asOf: number, out: MutableOrderView): boolean => {
  const placedAt = upTo(record.placedAt, asOf)
  const completedAt = upTo(record.completedAt, asOf)
  const cancelledAt = upTo(record.cancelledAt, asOf)
  const deliveryFailedAt = upTo(record.deliveryFailedAt, asOf)
  const failedAt = cancelledAt === undefined ? deliveryFailedAt : deliveryFailedAt === undefined || cancelledAt < deliveryFailedAt ? cancelledAt : deliveryFailedAt
  // The purchase instant is the first placement, else the first completion (a completion stamped before its
  // placement does not move it: the shop's placement is the purchase), else the first failure. An order known
  // only from returns or refunds was never placed as far as its events say, so it is no order yet.
  const purchasedAt = placedAt ?? completedAt ?? failedAt
  if (purchasedAt === undefined) return false
  let firstReturnAt: number | undefined
  if (record.returns !== undefined) for (const r of record.returns.values()) if (r.at <= asOf && (firstReturnAt === undefined || r.at < firstReturnAt)) firstReturnAt = r.at

  // A slot whose kind had happened by asOf gives its newest version.
  const details = completedAt !== undefined ? record.completed : placedAt !== undefined ? record.placed : undefined
  const status: OrderStatus = failedAt !== undefined ? "failed" : completedAt !== undefined ? "successful" : "pending"
  const gross = details === undefined ? 0 : details.total
  const currency = details?.currency
  let refunded = 0
  if (record.refunds !== undefined) {
    for (const r of record.refunds.values()) {
      if (r.at > asOf) continue
      // A refund without an amount gives back the whole order, whatever currency it names.
      if (r.amount === undefined) refunded += gross
      else if (r.currency === currency) refunded += r.amount
    }
  }
  let returnedValue = 0
  if (firstReturnAt !== undefined && record.returns !== undefined) {
    for (const r of record.returns.values()) {
      if (r.at > asOf) continue
      returnedValue += r.amount ?? (r.products !== undefined ? linesValue(r.products) : gross)
    }
  }
  const net = gross - Math.min(gross, Math.max(refunded, returnedValue))
  const paid = details?.paid
  out.orderId = record.orderId
  out.status = status
  out.purchasedAt = purchasedAt
  out.completedAt = status === "successful" ? completedAt : undefined
  out.details = details
  out.currency = currency
  out.gross = gross
  out.refunded = refunded
  out.returnedValue = returnedValue
  out.net = net
  out.returned = firstReturnAt !== undefined
  out.receivable = paid === undefined ? 0 : Math.max(0, net - paid)
  out.products = details === undefined ? NO_LINES : details.products
  return true
}

const NO_LINES: ReadonlyArray<LineItem> = []

/**
 * Works out one order at `asOf` (epoch ms); `undefined` if it had not been
 * placed, completed or failed yet.
 *
 * @example
 * ```ts
 * const record = { ...emptyOrderRecord("SO-1"), placedAt: Date.parse("2025-03-01T00:30:00+07:00"), cancelledAt: Date.parse("2025-03-02T09:00:00+07:00") }
 * orderViewAt(record, Date.parse("2025-03-01T12:00:00+07:00"))?.status // => "pending"
 * orderViewAt(record, Date.parse("2025-06-30T17:00:00Z"))?.status // => "failed"
 * ```
 */
export const orderViewAt = (record: OrderRecord, asOf: number): OrderView | undefined => {
  const view = blankOrderView()
  return evaluateOrderInto(record, asOf, view) ? view : undefined
}

/**
 * Every order of a summary as it stands at `asOf`, oldest purchase first
 * (ties by orderId).
 *
 * @example
 * ```ts
 * import { KithEvent } from "@kith/core"
 * import { Schema } from "effect"
 *
 * const events = Schema.decodeUnknownSync(Schema.Array(KithEvent))([
 *   { type: "track", messageId: "m-1", timestamp: "2025-03-01T00:30:00+07:00", userId: "u-1", event: "Order Completed",
 *     properties: { orderId: "SO-1", currency: "VND", total: 250000, products: [{ productId: "p-ao", quantity: 1, price: 250000 }] } },
 *   { type: "track", messageId: "m-2", timestamp: "2025-03-05T10:00:00+07:00", userId: "u-1", event: "Order Placed",
 *     properties: { orderId: "SO-2", currency: "VND", total: 120000, products: [{ productId: "p-mu", quantity: 1, price: 120000 }] } },
 *   { type: "track", messageId: "m-3", timestamp: "2025-03-06T10:00:00+07:00", userId: "u-1", event: "Order Cancelled", properties: { orderId: "SO-2" } }
 * ])
 * const summary = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }).summarize(events)
 * ordersAt(summary, new Date("2025-06-30T17:00:00Z")).map((o) => o.status) // => ["successful", "failed"]
 * ```
 */
export const ordersAt = (summary: ProfileSummary, asOf: Date): ReadonlyArray<OrderView> => {
  const at = asOf.getTime()
  const out: Array<OrderView> = []
  for (const record of summary.orders.values()) {
    const view = orderViewAt(record, at)
    if (view !== undefined) out.push(view)
  }
  return out.sort((a, b) => a.purchasedAt - b.purchasedAt || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0))
}
