import { Schema } from "effect"
import type { MetricOptions } from "./metric-options.js"
import { ordersAt } from "./order-view.js"
import { percentChange } from "./percent-change.js"
import type { ProfileSummary } from "./profile-summary.js"
import { monthKey, zonedClock } from "./zoned-clock.js"

/** One month of the spend chart. */
export const SpendChartMonth = Schema.Struct({
  /** `yyyy-MM` in the workspace timezone. */
  month: Schema.String,
  spend: Schema.Number,
  orders: Schema.Number,
  previousYearSpend: Schema.Number,
  previousYearOrders: Schema.Number,
  /** % change against the same month of the previous year; `null` when that was 0 and this is not. */
  spendChange: Schema.NullOr(Schema.Number),
  ordersChange: Schema.NullOr(Schema.Number)
})
/** A {@link SpendChartMonth} after decoding. */
export type SpendChartMonth = typeof SpendChartMonth.Type

/**
 * PRF-4: the twelve months of a year, each against the same month a year before.
 *
 * @example
 * ```ts
 * import { KithEvent } from "@kith/core"
 * import { Schema } from "effect"
 *
 * const events = Schema.decodeUnknownSync(Schema.Array(KithEvent))([
 *   { type: "track", messageId: "m-1", timestamp: "2025-03-01T00:30:00+07:00", userId: "u-1", event: "Order Completed",
 *     properties: { orderId: "SO-1", currency: "VND", total: 250000, products: [{ productId: "p-ao", quantity: 1, price: 250000 }] } },
 *   { type: "track", messageId: "m-2", timestamp: "2025-03-20T20:00:00+07:00", userId: "u-1", event: "Order Completed",
 *     properties: { orderId: "SO-2", currency: "VND", total: 150000, products: [{ productId: "p-mu", quantity: 1, price: 150000 }] } }
 * ])
 * const summary = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }).summarize(events)
 * spendChart(summary, 2025, { asOf: new Date("2025-12-31T16:59:59Z"), timeZone: "Asia/Ho_Chi_Minh", currency: "VND" }).months[2]
 * // => { month: "2025-03", spend: 400000, orders: 2, ... }
 * ```
 */
export const SpendChart = Schema.Struct({
  year: Schema.Number,
  months: Schema.Array(SpendChartMonth)
})
/** A {@link SpendChart} after decoding. */
export type SpendChart = typeof SpendChart.Type

/**
 * The spend chart of PRF-4: for each month of `year` (in the workspace
 * timezone), the net spend and the number of successful orders purchased that
 * month, known at `asOf`, with the % change against the same month of
 * `year - 1` (see {@link percentChange}: 0 → 0 is 0, 0 → n is `null`).
 *
 * @param summary - the profile's summary
 * @param year - the calendar year to chart
 * @param options - `asOf`, workspace timezone and currency
 *
 * @example
 * ```ts
 * import { KithEvent } from "@kith/core"
 * import { Schema } from "effect"
 *
 * const events = Schema.decodeUnknownSync(Schema.Array(KithEvent))([
 *   { type: "track", messageId: "m-1", timestamp: "2025-03-01T00:30:00+07:00", userId: "u-1", event: "Order Completed",
 *     properties: { orderId: "SO-1", currency: "VND", total: 250000, products: [{ productId: "p-ao", quantity: 1, price: 250000 }] } }
 * ])
 * const summary = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }).summarize(events)
 * const chart = spendChart(summary, 2025, { asOf: new Date("2025-12-31T16:59:59Z"), timeZone: "Asia/Ho_Chi_Minh", currency: "VND" })
 * chart.months[2] // => { month: "2025-03", spend: 250000, orders: 1, previousYearSpend: 0, previousYearOrders: 0, spendChange: null, ordersChange: null }
 * ```
 */
export const spendChart = (summary: ProfileSummary, year: number, options: MetricOptions): SpendChart => {
  const clock = zonedClock(options.timeZone)
  const spend = new Array<number>(24).fill(0)
  const count = new Array<number>(24).fill(0)
  const firstMonth = (year - 1) * 12
  for (const order of ordersAt(summary, options.asOf)) {
    if (order.status !== "successful" || order.currency !== options.currency) continue
    const slot = clock.monthOf(order.purchasedAt) - firstMonth
    if (slot < 0 || slot >= 24) continue
    spend[slot] = (spend[slot] ?? 0) + order.net
    count[slot] = (count[slot] ?? 0) + 1
  }
  const months: Array<SpendChartMonth> = []
  for (let m = 0; m < 12; m++) {
    const current = { spend: spend[12 + m] ?? 0, orders: count[12 + m] ?? 0 }
    const previous = { spend: spend[m] ?? 0, orders: count[m] ?? 0 }
    months.push({
      month: monthKey(year * 12 + m),
      spend: current.spend,
      orders: current.orders,
      previousYearSpend: previous.spend,
      previousYearOrders: previous.orders,
      spendChange: percentChange(current.spend, previous.spend),
      ordersChange: percentChange(current.orders, previous.orders)
    })
  }
  return { year, months }
}
