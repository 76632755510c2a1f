import { Instant } from "@kith/core"
import { Schema } from "effect"
import type { MetricOptions } from "./metric-options.js"
import { blankOrderView, evaluateOrderInto, type OrderView } from "./order-view.js"
import type { ProfileSummary } from "./profile-summary.js"
import { monthsBefore, type ZonedClock, zonedClock } from "./zoned-clock.js"

/** A product named in the metrics: id, the name it was sold under, and a quantity where relevant. */
export const ProductRef = Schema.Struct({
  productId: Schema.String,
  name: Schema.NullOr(Schema.String)
})
/** A {@link ProductRef} after decoding. */
export type ProductRef = typeof ProductRef.Type

/**
 * The purchase metrics of PRF-3 at an `asOf` instant. Every definition is in
 * the package README ("Purchase metrics"); in short, money counts successful
 * (delivered, not failed) orders in the workspace currency, net of refunds and
 * returns.
 *
 * @example
 * ```ts
 * import { KithEvent } from "@kith/core"
 * import { Schema } from "effect"
 *
 * const events = Schema.decodeUnknownSync(Schema.Array(KithEvent))([
 *   { type: "track", messageId: "m-1", timestamp: "2024-02-29T10:00:00+07:00", userId: "u-1", event: "Order Completed",
 *     properties: { orderId: "SO-1", currency: "VND", total: 250000, products: [{ productId: "p-ao", quantity: 1, price: 250000 }] } }
 * ])
 * const summary = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }).summarize(events)
 * const metrics = purchaseMetrics(summary, { asOf: new Date("2025-06-30T17:00:00Z"), timeZone: "Asia/Ho_Chi_Minh", currency: "VND" })
 * Schema.encodeSync(PurchaseMetrics)(metrics).firstPurchaseAt // => "2024-02-29T03:00:00.000Z"
 * ```
 */
export const PurchaseMetrics = Schema.Struct({
  totalSpend: Schema.Number,
  averageOrderValue: Schema.NullOr(Schema.Number),
  ordersPlaced: Schema.Number,
  successfulOrders: Schema.Number,
  failedOrders: Schema.Number,
  pendingOrders: Schema.Number,
  returnedOrders: Schema.Number,
  itemsBought: Schema.Number,
  firstPurchaseAt: Schema.NullOr(Instant),
  lastPurchaseAt: Schema.NullOr(Instant),
  averageDaysBetweenOrders: Schema.NullOr(Schema.Number),
  mostBoughtProduct: Schema.NullOr(Schema.Struct({ productId: Schema.String, name: Schema.NullOr(Schema.String), quantity: Schema.Number })),
  firstProduct: Schema.NullOr(ProductRef),
  mostRecentProduct: Schema.NullOr(ProductRef),
  spendLast3Months: Schema.Number,
  outstandingReceivable: Schema.Number,
  successfulOrdersInOtherCurrencies: Schema.Number
})
/** {@link PurchaseMetrics} after decoding. */
export type PurchaseMetrics = typeof PurchaseMetrics.Type

const firstLine = (products: OrderView["products"]): ProductRef | null => {
  const line = products[0]
  return line === undefined ? null : { productId: line.productId, name: line.name ?? null }
}

// The start of the 3-month window of an asOf, remembered per clock for the last asOf asked (metrics are computed
// for many profiles at one asOf): a pure function of the two, so a call made inside another gets the same answer,
// and one number per clock is kept.
const windows = new WeakMap<ZonedClock, { readonly asOf: number; readonly start: number }>()
const windowStartOf = (clock: ZonedClock, asOf: number): number => {
  const known = windows.get(clock)
  if (known !== undefined && known.asOf === asOf) return known.start
  const start = clock.startOfDay(monthsBefore(clock.dayOf(asOf), 3))
  windows.set(clock, { asOf, start })
  return start
}

// The metrics of a profile without orders: shared, as every value in it is immutable.
const NO_PURCHASES: PurchaseMetrics = Object.freeze({
  totalSpend: 0,
  averageOrderValue: null,
  ordersPlaced: 0,
  successfulOrders: 0,
  failedOrders: 0,
  pendingOrders: 0,
  returnedOrders: 0,
  itemsBought: 0,
  firstPurchaseAt: null,
  lastPurchaseAt: null,
  averageDaysBetweenOrders: null,
  mostBoughtProduct: null,
  firstProduct: null,
  mostRecentProduct: null,
  spendLast3Months: 0,
  outstandingReceivable: 0,
  successfulOrdersInOtherCurrencies: 0
})

/**
 * Computes the PRF-3 purchase metrics of one profile at `asOf`.
 *
 * @param summary - the profile's summary
 * @param options - `asOf`, workspace timezone and currency
 * @returns every purchase metric; amounts in the currency's smallest unit
 *
 * @example
 * ```ts
 * import { KithEvent } from "@kith/core"
 * import { Schema } from "effect"
 *
 * const events = Schema.decodeUnknownSync(Schema.Array(KithEvent))([
 *   { type: "track", messageId: "m-1", timestamp: "2025-03-01T00:30:00+07:00", userId: "u-1", event: "Order Completed",
 *     properties: { orderId: "SO-1", currency: "VND", total: 250000, products: [{ productId: "p-ao", quantity: 1, price: 250000 }] } },
 *   { type: "track", messageId: "m-2", timestamp: "2025-04-12T20:00:00+07:00", userId: "u-1", event: "Order Completed",
 *     properties: { orderId: "SO-2", currency: "VND", total: 450000, products: [{ productId: "p-quan", quantity: 1, price: 450000 }] } }
 * ])
 * const summary = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }).summarize(events)
 * const m = purchaseMetrics(summary, { asOf: new Date("2025-06-30T17:00:00Z"), timeZone: "Asia/Ho_Chi_Minh", currency: "VND" })
 * m.totalSpend // => 700000
 * m.averageOrderValue // => 350000
 * m.firstPurchaseAt // => new Date("2025-02-28T17:30:00.000Z")
 * ```
 */
export const purchaseMetrics = (summary: ProfileSummary, options: MetricOptions): PurchaseMetrics => {
  if (summary.orders.size === 0) return NO_PURCHASES
  const clock = zonedClock(options.timeZone)
  const asOf = options.asOf.getTime()
  const windowStart = windowStartOf(clock, asOf)
  // One view per call, reused for each of its orders: no state is shared between calls, so a call made while
  // another is running (from a getter or an iterator of the summary) cannot disturb it.
  const order = blankOrderView()
  let placed = 0
  let successful = 0
  let failed = 0
  let pending = 0
  let returned = 0
  let otherCurrency = 0
  let spend = 0
  let spendLast3Months = 0
  let receivable = 0
  let items = 0
  let moneyOrders = 0
  // The first and last purchases as scalars; their products become objects once, at the end.
  let firstAt = Infinity
  let firstOrderId = ""
  let firstProducts: OrderView["products"] = []
  let lastAt = -Infinity
  let lastOrderId = ""
  let lastProducts: OrderView["products"] = []
  // Per product: quantity bought, and the name of its latest purchase (by
  // instant, then orderId), so the result never depends on iteration order.
  let quantities: Map<string, { quantity: number; name: string | null; nameAt: number; nameOrderId: string }> | undefined
  for (const record of summary.orders.values()) {
    if (!evaluateOrderInto(record, asOf, order)) continue
    placed++
    if (order.returned) returned++
    if (order.status === "failed") failed++
    else if (order.status === "pending") pending++
    if (order.status !== "successful") continue
    successful++
    // Earliest and latest purchase; equal instants are ordered by orderId.
    const at = order.purchasedAt
    if (at < firstAt || (at === firstAt && order.orderId < firstOrderId)) {
      firstAt = at
      firstOrderId = order.orderId
      firstProducts = order.products
    }
    if (at > lastAt || (at === lastAt && order.orderId > lastOrderId)) {
      lastAt = at
      lastOrderId = order.orderId
      lastProducts = order.products
    }
    for (const line of order.products) {
      items += line.quantity
      if (quantities === undefined) quantities = new Map()
      const known = quantities.get(line.productId)
      if (known === undefined) quantities.set(line.productId, { quantity: line.quantity, name: line.name ?? null, nameAt: at, nameOrderId: order.orderId })
      else {
        known.quantity += line.quantity
        if (line.name !== undefined && (known.name === null || at > known.nameAt || (at === known.nameAt && order.orderId >= known.nameOrderId))) {
          known.name = line.name
          known.nameAt = at
          known.nameOrderId = order.orderId
        }
      }
    }
    if (order.currency !== options.currency) {
      otherCurrency++
      continue
    }
    moneyOrders++
    spend += order.net
    receivable += order.receivable
    if (at >= windowStart) spendLast3Months += order.net
  }
  let mostBought: PurchaseMetrics["mostBoughtProduct"] = null
  if (quantities !== undefined) {
    for (const [productId, { quantity, name }] of quantities) {
      if (mostBought === null || quantity > mostBought.quantity || (quantity === mostBought.quantity && productId < mostBought.productId)) {
        mostBought = { productId, name, quantity }
      }
    }
  }
  const spanDays = successful > 1 ? clock.dayOf(lastAt) - clock.dayOf(firstAt) : 0
  return {
    totalSpend: spend,
    averageOrderValue: moneyOrders === 0 ? null : Math.round(spend / moneyOrders),
    ordersPlaced: placed,
    successfulOrders: successful,
    failedOrders: failed,
    pendingOrders: pending,
    returnedOrders: returned,
    itemsBought: items,
    firstPurchaseAt: successful === 0 ? null : new Date(firstAt),
    lastPurchaseAt: successful === 0 ? null : new Date(lastAt),
    averageDaysBetweenOrders: successful < 2 ? null : Math.round((spanDays / (successful - 1)) * 100) / 100,
    mostBoughtProduct: mostBought,
    firstProduct: successful === 0 ? null : firstLine(firstProducts),
    mostRecentProduct: successful === 0 ? null : firstLine(lastProducts),
    spendLast3Months,
    outstandingReceivable: receivable,
    successfulOrdersInOtherCurrencies: otherCurrency
  }
}
