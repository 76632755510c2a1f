import { Instant } from "@kith/core"
import { Schema } from "effect"
import type { MetricOptions } from "./metric-options.js"
import { ordersAt, type OrderView } from "./order-view.js"
import type { ProfileSummary } from "./profile-summary.js"
import { monthsBefore, zonedClock } from "./zoned-clock.js"

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

const productOf = (order: OrderView | undefined): ProductRef | null => {
  const line = order?.products[0]
  return line === undefined ? null : { productId: line.productId, name: line.name ?? null }
}

/**
 * Computes the PRF-3 purchase metrics of one profile at `asOf`.
 *
 * @param summary - the profile's summary
 * @param options - `asOf`, workspace timezone and currency
 * @returns every purchase metric; amounts in the currency's smallest unit
 *
 * @example
 * ```ts
 * const m = purchaseMetrics(summary, { asOf: new Date("2025-06-30T17:00:00Z"), timeZone: "Asia/Ho_Chi_Minh", currency: "VND" })
 * m.totalSpend // => 700000
 * m.averageOrderValue // => 350000
 * m.firstPurchaseAt // => Date 2025-02-28T17:30:00.000Z
 * ```
 */
export const purchaseMetrics = (summary: ProfileSummary, options: MetricOptions): PurchaseMetrics => {
  const clock = zonedClock(options.timeZone)
  const asOf = options.asOf.getTime()
  const windowStart = clock.startOfDay(monthsBefore(clock.dayOf(asOf), 3))
  const orders = ordersAt(summary, options.asOf)
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
  let first: OrderView | undefined
  let last: OrderView | undefined
  const quantities = new Map<string, { quantity: number; name: string | null }>()
  for (const order of orders) {
    if (order.returned) returned++
    if (order.status === "failed") failed++
    else if (order.status === "pending") pending++
    if (order.status !== "successful") continue
    successful++
    // Orders come oldest first, so the first successful one is the first purchase.
    if (first === undefined) first = order
    last = order
    for (const line of order.products) {
      items += line.quantity
      const known = quantities.get(line.productId)
      if (known === undefined) quantities.set(line.productId, { quantity: line.quantity, name: line.name ?? null })
      else {
        known.quantity += line.quantity
        if (line.name !== undefined) known.name = line.name
      }
    }
    if (order.currency !== options.currency) {
      otherCurrency++
      continue
    }
    moneyOrders++
    spend += order.net
    receivable += order.receivable
    if (order.purchasedAt >= windowStart) spendLast3Months += order.net
  }
  let mostBought: PurchaseMetrics["mostBoughtProduct"] = null
  for (const [productId, { quantity, name }] of quantities) {
    if (mostBought === null || quantity > mostBought.quantity || (quantity === mostBought.quantity && productId < mostBought.productId)) {
      mostBought = { productId, name, quantity }
    }
  }
  const spanDays = first !== undefined && last !== undefined ? clock.dayOf(last.purchasedAt) - clock.dayOf(first.purchasedAt) : 0
  return {
    totalSpend: spend,
    averageOrderValue: moneyOrders === 0 ? null : Math.round(spend / moneyOrders),
    ordersPlaced: orders.length,
    successfulOrders: successful,
    failedOrders: failed,
    pendingOrders: pending,
    returnedOrders: returned,
    itemsBought: items,
    firstPurchaseAt: first === undefined ? null : new Date(first.purchasedAt),
    lastPurchaseAt: last === undefined ? null : new Date(last.purchasedAt),
    averageDaysBetweenOrders: successful < 2 ? null : Math.round((spanDays / (successful - 1)) * 100) / 100,
    mostBoughtProduct: mostBought,
    firstProduct: productOf(first),
    mostRecentProduct: productOf(last),
    spendLast3Months,
    outstandingReceivable: receivable,
    successfulOrdersInOtherCurrencies: otherCurrency
  }
}
