import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { makeSummarizer, PurchaseMetrics, purchaseMetrics, spendChart } from "../src/index.js"
import { VN, order, track } from "./fixtures.js"

// One buyer's history, hand-computed (workspace Asia/Ho_Chi_Minh, VND):
// SO-1  placed 29/02/2024 (leap day), 2 × p1 @ 100,000, completed            → successful, net 200,000
// SO-2  placed 01/03/2025 00:30 local (still 28/02 in UTC), p2 + p1, total 400,000, paid 300,000,
//       completed                                                           → successful, net 400,000, receivable 100,000
// SO-3  placed 10/04/2025, cancelled                                         → failed
// SO-4  placed 01/06/2025 00:15 local (31/05 in UTC), 3 × p1 @ 100,000, completed,
//       one p1 returned and 100,000 refunded (the same money, counted once)  → successful, net 200,000, returned
// SO-5  placed 20/06/2025                                                    → pending
// SO-6  completed 25/06/2025 in USD (no Placed event), 1 × p4                → successful, outside VND money figures
// SO-7  placed 26/06/2025, delivery failed                                   → failed
const p1 = { productId: "p1", name: "Áo thun", quantity: 1, price: 100_000 }
const events = [
  order("Order Placed", "SO-1", [{ ...p1, quantity: 2 }], { at: "2024-02-29T10:00:00+07:00" }),
  order("Order Completed", "SO-1", [{ ...p1, quantity: 2 }], { at: "2024-03-02T09:00:00+07:00" }),
  order("Order Placed", "SO-2", [{ productId: "p2", name: "Quần jean", quantity: 1, price: 300_000 }, p1], { at: "2025-03-01T00:30:00+07:00" }, { paid: 300_000 }),
  order("Order Completed", "SO-2", [{ productId: "p2", name: "Quần jean", quantity: 1, price: 300_000 }, p1], { at: "2025-03-04T00:00:00+07:00" }, { paid: 300_000 }),
  order("Order Placed", "SO-3", [{ productId: "p3", quantity: 1, price: 500_000 }], { at: "2025-04-10T12:00:00+07:00" }),
  track("Order Cancelled", { orderId: "SO-3", reason: "đổi ý" }, { at: "2025-04-11T08:00:00+07:00" }),
  order("Order Placed", "SO-4", [{ ...p1, quantity: 3 }], { at: "2025-06-01T00:15:00+07:00" }),
  order("Order Completed", "SO-4", [{ ...p1, quantity: 3 }], { at: "2025-06-02T15:00:00+07:00" }),
  track("Order Returned", { orderId: "SO-4", products: [p1] }, { at: "2025-06-04T10:00:00+07:00" }),
  track("Order Refunded", { orderId: "SO-4", currency: "VND", amount: 100_000 }, { at: "2025-06-05T10:00:00+07:00" }),
  order("Order Placed", "SO-5", [{ productId: "p2", quantity: 1, price: 300_000 }], { at: "2025-06-20T10:00:00+07:00" }),
  track("Order Completed", { orderId: "SO-6", currency: "USD", total: 20, products: [{ productId: "p4", name: "Nón lá", quantity: 1, price: 20 }] }, { at: "2025-06-25T10:00:00+07:00" }),
  order("Order Placed", "SO-7", [{ productId: "p2", quantity: 1, price: 300_000 }], { at: "2025-06-26T10:00:00+07:00" }),
  track("Order Delivery Failed", { orderId: "SO-7" }, { at: "2025-06-28T10:00:00+07:00" })
]
const summary = makeSummarizer({ timeZone: VN }).summarize(events)
const asOf = new Date("2025-06-30T23:59:59+07:00")
const options = { asOf, timeZone: VN, currency: "VND" }

describe("purchaseMetrics (PRF-3)", () => {
  it("computes every metric as hand-computed", () => {
    expect(purchaseMetrics(summary, options)).toEqual({
      totalSpend: 800_000,
      averageOrderValue: 266_667,
      ordersPlaced: 7,
      successfulOrders: 4,
      failedOrders: 2,
      pendingOrders: 1,
      returnedOrders: 1,
      itemsBought: 8,
      firstPurchaseAt: new Date("2024-02-29T03:00:00Z"),
      lastPurchaseAt: new Date("2025-06-25T03:00:00Z"),
      // 482 local days from 29/02/2024 to 25/06/2025, over 3 gaps.
      averageDaysBetweenOrders: 160.67,
      mostBoughtProduct: { productId: "p1", name: "Áo thun", quantity: 6 },
      firstProduct: { productId: "p1", name: "Áo thun" },
      mostRecentProduct: { productId: "p4", name: "Nón lá" },
      // The window starts at 30/03/2025 00:00 local: only SO-4.
      spendLast3Months: 200_000,
      outstandingReceivable: 100_000,
      successfulOrdersInOtherCurrencies: 1
    })
  })

  it("is a valid PurchaseMetrics and encodes dates as ISO strings", () => {
    const encoded = Schema.encodeSync(PurchaseMetrics)(purchaseMetrics(summary, options))
    expect(encoded.firstPurchaseAt).toBe("2024-02-29T03:00:00.000Z")
  })

  it("honors asOf exactly: before SO-2 completed it is pending, and later events do not count", () => {
    const m = purchaseMetrics(summary, { ...options, asOf: new Date("2025-03-03T23:59:59+07:00") })
    expect(m).toMatchObject({ totalSpend: 200_000, ordersPlaced: 2, successfulOrders: 1, pendingOrders: 1, failedOrders: 0, averageDaysBetweenOrders: null })
    expect(m.averageOrderValue).toBe(200_000)
  })

  it("includes the first local day of the 3-month window and excludes the day before", () => {
    const s = makeSummarizer({ timeZone: VN }).summarize([
      order("Order Completed", "A", [p1], { at: "2025-03-30T00:00:00+07:00" }),
      order("Order Completed", "B", [{ ...p1, price: 50_000 }], { at: "2025-03-29T23:59:59+07:00" })
    ])
    expect(purchaseMetrics(s, options).spendLast3Months).toBe(100_000)
    // From 31/05/2025 the window goes back to 28/02/2025 (no 31/02).
    const fromMay31 = purchaseMetrics(makeSummarizer({ timeZone: VN }).summarize([order("Order Completed", "C", [p1], { at: "2025-02-28T00:00:00+07:00" })]), {
      ...options,
      asOf: new Date("2025-05-31T12:00:00+07:00")
    })
    expect(fromMay31.spendLast3Months).toBe(100_000)
  })

  it("has no purchases, no NaN and null averages for a profile that never bought", () => {
    const m = purchaseMetrics(makeSummarizer({ timeZone: VN }).summarize([]), options)
    expect(m).toMatchObject({ totalSpend: 0, averageOrderValue: null, averageDaysBetweenOrders: null, firstPurchaseAt: null, mostBoughtProduct: null, firstProduct: null })
  })

  it("counts a fully returned order as successful and returned with no spend", () => {
    const s = makeSummarizer({ timeZone: VN }).summarize([
      order("Order Completed", "R", [p1], { at: "2025-05-01T10:00:00+07:00" }),
      track("Order Returned", { orderId: "R" }, { at: "2025-05-03T10:00:00+07:00" })
    ])
    expect(purchaseMetrics(s, options)).toMatchObject({ totalSpend: 0, successfulOrders: 1, returnedOrders: 1 })
  })

  it("lets a failure win over a completion whatever their order", () => {
    const s = makeSummarizer({ timeZone: VN }).summarize([
      track("Order Cancelled", { orderId: "X" }, { at: "2025-05-01T09:00:00+07:00" }),
      order("Order Completed", "X", [p1], { at: "2025-05-02T10:00:00+07:00" })
    ])
    expect(purchaseMetrics(s, options)).toMatchObject({ successfulOrders: 0, failedOrders: 1, totalSpend: 0 })
  })
})

describe("spendChart (PRF-4)", () => {
  it("puts an order at 00:30 on the 1st (local) in that month, against the leap-day order of the year before", () => {
    const chart = spendChart(summary, 2025, options)
    expect(chart.months.map((m) => m.month)).toEqual(["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12"])
    expect(chart.months[0]).toEqual({ month: "2025-01", spend: 0, orders: 0, previousYearSpend: 0, previousYearOrders: 0, spendChange: 0, ordersChange: 0 })
    expect(chart.months[1]).toEqual({ month: "2025-02", spend: 0, orders: 0, previousYearSpend: 200_000, previousYearOrders: 1, spendChange: -100, ordersChange: -100 })
    expect(chart.months[2]).toEqual({ month: "2025-03", spend: 400_000, orders: 1, previousYearSpend: 0, previousYearOrders: 0, spendChange: null, ordersChange: null })
    // SO-4 was placed 01/06 00:15 local (31/05 in UTC): June; SO-6 is in USD and left out.
    expect(chart.months[4]).toMatchObject({ spend: 0, orders: 0 })
    expect(chart.months[5]).toMatchObject({ month: "2025-06", spend: 200_000, orders: 1, spendChange: null })
  })

  it("charts the leap year with its 29 February order", () => {
    const chart = spendChart(summary, 2024, options)
    expect(chart.months[1]).toEqual({ month: "2024-02", spend: 200_000, orders: 1, previousYearSpend: 0, previousYearOrders: 0, spendChange: null, ordersChange: null })
    expect(chart.months.reduce((s, m) => s + m.orders, 0)).toBe(1)
  })

  it("charts a year with no orders as zeros with 0% change", () => {
    const chart = spendChart(summary, 2023, options)
    for (const month of chart.months) expect(month).toMatchObject({ spend: 0, orders: 0, spendChange: 0, ordersChange: 0 })
  })

  it("compares a year with no orders against the year before as -100%", () => {
    const chart = spendChart(summary, 2026, { ...options, asOf: new Date("2026-12-31T00:00:00Z") })
    expect(chart.months[2]).toMatchObject({ spend: 0, previousYearSpend: 400_000, spendChange: -100, ordersChange: -100 })
  })

  it("takes months in the workspace timezone: in UTC the 00:30 order is February", () => {
    const utc = makeSummarizer({ timeZone: "UTC" }).summarize(events)
    const chart = spendChart(utc, 2025, { ...options, timeZone: "UTC" })
    expect(chart.months[1]).toMatchObject({ month: "2025-02", spend: 400_000, orders: 1 })
    expect(chart.months[4]).toMatchObject({ month: "2025-05", spend: 200_000, orders: 1 })
  })
})
