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

/** An order as it stands at `asOf`, with its money worked out (see the README). */
export interface OrderView {
  readonly orderId: string
  readonly status: OrderStatus
  /** The purchase instant: the first `Order Placed`, else the first `Order Completed`, else the first event of the order. */
  readonly purchasedAt: number
  /** When it became successful (first `Order Completed`), if it did by `asOf`. */
  readonly completedAt: number | undefined
  /** The newest version of the order's amounts and lines known at `asOf`; absent when only e.g. a cancellation is known. */
  readonly details: OrderDetails | undefined
  readonly currency: string | undefined
  /** `total` of the order. */
  readonly gross: number
  /** Sum of its refunds in the order's currency. */
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

const firstOf = (...instants: ReadonlyArray<number | undefined>): number | undefined => {
  let out: number | undefined
  for (const at of instants) if (at !== undefined && (out === undefined || at < out)) out = at
  return out
}

const linesValue = (lines: ReadonlyArray<LineItem>): number => {
  let sum = 0
  for (const line of lines) sum += line.quantity * line.price
  return sum
}

/**
 * Works out one order at `asOf` (epoch ms); `undefined` if nothing about it
 * had happened yet.
 *
 * @example
 * ```ts
 * orderViewAt(record, Date.parse("2025-06-30T17:00:00Z"))?.status // => "successful"
 * ```
 */
export const orderViewAt = (record: OrderRecord, asOf: number): OrderView | undefined => {
  const placedAt = upTo(record.placedAt, asOf)
  const completedAt = upTo(record.completedAt, asOf)
  const failedAt = firstOf(upTo(record.cancelledAt, asOf), upTo(record.deliveryFailedAt, asOf))
  let firstReturnAt: number | undefined
  if (record.returns !== undefined) for (const r of record.returns.values()) if (r.at <= asOf) firstReturnAt = firstOf(firstReturnAt, r.at)
  let firstRefundAt: number | undefined
  if (record.refunds !== undefined) for (const r of record.refunds.values()) if (r.at <= asOf) firstRefundAt = firstOf(firstRefundAt, r.at)
  const purchasedAt = firstOf(placedAt, completedAt) ?? firstOf(failedAt, firstReturnAt, firstRefundAt)
  if (purchasedAt === undefined) return undefined

  // A slot whose kind had happened by asOf gives its newest version.
  const details = completedAt !== undefined ? record.completed : placedAt !== undefined ? record.placed : undefined
  const status: OrderStatus = failedAt !== undefined ? "failed" : completedAt !== undefined ? "successful" : "pending"
  const gross = details?.total ?? 0
  const currency = details?.currency
  let refunded = 0
  if (record.refunds !== undefined) for (const r of record.refunds.values()) if (r.at <= asOf && r.currency === currency) refunded += r.amount
  let returnedValue = 0
  if (firstReturnAt !== undefined && record.returns !== undefined) {
    for (const r of record.returns.values()) {
      if (r.at > asOf) continue
      returnedValue += r.amount ?? (r.products !== undefined ? linesValue(r.products) : gross)
    }
  }
  const net = gross - Math.min(gross, Math.max(refunded, returnedValue))
  const paid = details?.paid
  return {
    orderId: record.orderId,
    status,
    purchasedAt,
    completedAt: status === "successful" ? completedAt : undefined,
    details,
    currency,
    gross,
    refunded,
    returnedValue,
    net,
    returned: firstReturnAt !== undefined,
    receivable: paid === undefined ? 0 : Math.max(0, net - paid),
    products: details?.products ?? []
  }
}

/**
 * Every order of a summary as it stands at `asOf`, oldest purchase first
 * (ties by orderId).
 *
 * @example
 * ```ts
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
