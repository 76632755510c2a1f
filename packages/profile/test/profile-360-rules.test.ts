import type { KithEvent } from "@kith/core"
import { describe, expect, it } from "vitest"
import {
  defaultPointsRule,
  lifecycleOf,
  makeSummarizer,
  ordersAt,
  pointsLedger,
  type ProfileSummary,
  purchaseMetrics,
  sourcesOf,
  spendChart
} from "../src/index.js"
import { VN, decode, order, page, track } from "./fixtures.js"

// The Profile 360 rules the README states where a reader could guess two
// ways, one row each: the events, the instant the profile is read at, what
// is read, and what the README says it is. Workspace Asia/Ho_Chi_Minh, VND.

const summarizer = makeSummarizer({ timeZone: VN })
const p1 = { productId: "p1", name: "Áo thun", quantity: 1, price: 100_000 }
const p2 = { productId: "p2", name: "Quần jean", quantity: 1, price: 300_000 }
const usd = { currency: "USD", total: 20, products: [{ productId: "p9", name: "Nón lá", quantity: 1, price: 20 }] }
const alias = (at: string): KithEvent => decode({ type: "alias", messageId: `alias-${at}`, timestamp: at, userId: "u-1", previousId: "anon-1" })
const metricsAt = (asOf: string) => (s: ProfileSummary) => purchaseMetrics(s, { asOf: new Date(asOf), timeZone: VN, currency: "VND" })
const lifecycleAt = (asOf: string, traits = {}) => (s: ProfileSummary) => lifecycleOf(s, ordersAt(s, new Date(asOf)), traits, new Date(asOf))
const ledgerAt = (asOf: string) => (s: ProfileSummary) =>
  pointsLedger(s, ordersAt(s, new Date(asOf)), { asOf: new Date(asOf), currency: "VND", rule: defaultPointsRule })

interface Row {
  readonly rule: string
  readonly events: ReadonlyArray<KithEvent>
  readonly read: (summary: ProfileSummary) => unknown
  readonly expected: unknown
}

const rows: ReadonlyArray<Row> = [
  // ---- the purchase instant: first placed, else first completed, else first failure
  {
    rule: "a completion stamped before its placement does not move the purchase instant: it is the placement",
    events: [
      order("Order Completed", "SO-1", [p1], { at: "2025-03-01T09:00:00+07:00" }),
      order("Order Placed", "SO-1", [p1], { at: "2025-03-01T10:00:00+07:00" })
    ],
    read: (s) => metricsAt("2025-06-30T23:59:59+07:00")(s).firstPurchaseAt,
    expected: new Date("2025-03-01T03:00:00Z")
  },
  {
    rule: "before its placement is known, that order's purchase instant is its completion",
    events: [
      order("Order Completed", "SO-1", [p1], { at: "2025-03-01T09:00:00+07:00" }),
      order("Order Placed", "SO-1", [p1], { at: "2025-03-01T10:00:00+07:00" })
    ],
    read: (s) => metricsAt("2025-03-01T09:30:00+07:00")(s).firstPurchaseAt,
    expected: new Date("2025-03-01T02:00:00Z")
  },
  {
    rule: "the spend chart puts an order in the month of its placement, not of an earlier-stamped completion",
    events: [
      order("Order Completed", "SO-1", [p1], { at: "2025-02-28T23:00:00+07:00" }),
      order("Order Placed", "SO-1", [p1], { at: "2025-03-01T08:00:00+07:00" })
    ],
    read: (s) => spendChart(s, 2025, { asOf: new Date("2025-12-31T23:59:59+07:00"), timeZone: VN, currency: "VND" }).months.slice(1, 3).map((m) => [m.month, m.orders]),
    expected: [["2025-02", 0], ["2025-03", 1]]
  },
  {
    rule: "an order known only from a cancellation is placed and failed, purchased at the cancellation",
    events: [track("Order Cancelled", { orderId: "SO-1" }, { at: "2025-03-02T10:00:00+07:00" })],
    read: (s) => ordersAt(s, new Date("2025-06-30T23:59:59+07:00")).map((o) => [o.status, new Date(o.purchasedAt).toISOString()]),
    expected: [["failed", "2025-03-02T03:00:00.000Z"]]
  },
  // ---- returns and refunds alone make no order
  {
    rule: "an order known only from Order Returned is no order: not placed, not pending, not returned",
    events: [track("Order Returned", { orderId: "SO-1", products: [p1] }, { at: "2025-03-05T10:00:00+07:00" })],
    read: (s) => {
      const m = metricsAt("2025-06-30T23:59:59+07:00")(s)
      return { placed: m.ordersPlaced, pending: m.pendingOrders, returned: m.returnedOrders, orders: ordersAt(s, new Date("2025-06-30T23:59:59+07:00")).length }
    },
    expected: { placed: 0, pending: 0, returned: 0, orders: 0 }
  },
  {
    rule: "an order known only from Order Refunded is no order",
    events: [track("Order Refunded", { orderId: "SO-1", currency: "VND", amount: 50_000 }, { at: "2025-03-05T10:00:00+07:00" })],
    read: (s) => [metricsAt("2025-06-30T23:59:59+07:00")(s).ordersPlaced, lifecycleAt("2025-06-30T23:59:59+07:00")(s).stage],
    expected: [0, "visitor"]
  },
  {
    rule: "once its placement is known, a returned and refunded order counts, with its return",
    events: [
      track("Order Returned", { orderId: "SO-1", products: [p1] }, { at: "2025-03-05T10:00:00+07:00" }),
      track("Order Refunded", { orderId: "SO-1", currency: "VND", amount: 100_000 }, { at: "2025-03-06T10:00:00+07:00" }),
      order("Order Placed", "SO-1", [p1, p2], { at: "2025-03-01T10:00:00+07:00" })
    ],
    read: (s) => {
      const m = metricsAt("2025-06-30T23:59:59+07:00")(s)
      return { placed: m.ordersPlaced, pending: m.pendingOrders, returned: m.returnedOrders }
    },
    expected: { placed: 1, pending: 1, returned: 1 }
  },
  // ---- alias: registers the person, and nothing else
  {
    rule: "an alias with the host's userId registers the person: a verified customer who signed up through alias is a member",
    events: [page({}, { at: "2025-03-01T09:00:00+07:00" }), alias("2025-03-01T10:00:00+07:00")],
    read: lifecycleAt("2025-06-30T23:59:59+07:00", { emailVerified: true }),
    expected: { stage: "visitor", account: { status: "member", registeredAt: new Date("2025-03-01T03:00:00Z"), verified: true } }
  },
  {
    rule: "an alias after asOf does not register the person yet",
    events: [alias("2025-07-01T10:00:00+07:00")],
    read: (s) => lifecycleAt("2025-06-30T23:59:59+07:00", { emailVerified: true })(s).account.status,
    expected: "no_account"
  },
  {
    rule: "an alias is no visit and no way in: first and last seen and sources ignore it",
    events: [
      page({}, { at: "2025-03-01T09:00:00+07:00", context: { channel: "web", source: "own_website" } }),
      decode({ type: "alias", messageId: "a-1", timestamp: "2025-04-01T10:00:00+07:00", userId: "u-1", previousId: "anon-1", context: { channel: "app", source: "own_app" } })
    ],
    read: (s) => ({
      firstSeenAt: s.firstSeenAt,
      lastSeenAt: s.lastSeenAt,
      sources: sourcesOf(s, new Date("2025-06-30T23:59:59+07:00")).map((x) => x.channel)
    }),
    expected: { firstSeenAt: Date.parse("2025-03-01T02:00:00Z"), lastSeenAt: Date.parse("2025-03-01T02:00:00Z"), sources: ["web"] }
  },
  // ---- the spend chart and other currencies
  {
    rule: "the spend chart counts only orders in the workspace currency: a USD order adds neither spend nor an order",
    events: [
      order("Order Completed", "SO-1", [p1], { at: "2025-03-01T10:00:00+07:00" }),
      track("Order Completed", { orderId: "SO-2", ...usd }, { at: "2025-03-02T10:00:00+07:00" })
    ],
    read: (s) => {
      const march = spendChart(s, 2025, { asOf: new Date("2025-12-31T23:59:59+07:00"), timeZone: VN, currency: "VND" }).months[2]
      return { spend: march?.spend, orders: march?.orders, otherCurrencies: metricsAt("2025-12-31T23:59:59+07:00")(s).successfulOrdersInOtherCurrencies }
    },
    expected: { spend: 100_000, orders: 1, otherCurrencies: 1 }
  },
  // ---- ties of first and most recent product
  {
    rule: "two successful orders at the same instant: the first product is that of the smaller orderId, the most recent that of the larger",
    events: [
      order("Order Completed", "SO-B", [p2], { at: "2025-03-01T10:00:00+07:00" }),
      order("Order Completed", "SO-A", [p1], { at: "2025-03-01T10:00:00+07:00" })
    ],
    read: (s) => {
      const m = metricsAt("2025-06-30T23:59:59+07:00")(s)
      return [m.firstProduct?.productId, m.mostRecentProduct?.productId]
    },
    expected: ["p1", "p2"]
  },
  {
    rule: "orderIds are compared by code unit, not by locale: 'SO-Z' comes before 'SO-a'",
    events: [
      order("Order Completed", "SO-a", [p2], { at: "2025-03-01T10:00:00+07:00" }),
      order("Order Completed", "SO-Z", [p1], { at: "2025-03-01T10:00:00+07:00" })
    ],
    read: (s) => {
      const m = metricsAt("2025-06-30T23:59:59+07:00")(s)
      return [m.firstProduct?.productId, m.mostRecentProduct?.productId]
    },
    expected: ["p1", "p2"]
  },
  // ---- a redemption at the expiry instant
  {
    rule: "points expire at their expiresAt: a redemption at exactly that instant cannot spend them (they lapse first)",
    events: [
      track("Points Earned", { points: 100, expiresAt: "2025-04-01T00:00:00+07:00" }, { at: "2025-03-01T10:00:00+07:00", messageId: "earn" }),
      track("Points Redeemed", { points: 30 }, { at: "2025-04-01T00:00:00+07:00", messageId: "redeem" })
    ],
    read: (s) => {
      const l = ledgerAt("2025-06-30T23:59:59+07:00")(s)
      return { balance: l.balance, expired: l.expired }
    },
    expected: { balance: -30, expired: 100 }
  },
  {
    rule: "a redemption one millisecond before the expiry spends them",
    events: [
      track("Points Earned", { points: 100, expiresAt: "2025-04-01T00:00:00+07:00" }, { at: "2025-03-01T10:00:00+07:00", messageId: "earn" }),
      track("Points Redeemed", { points: 30 }, { at: "2025-03-31T23:59:59.999+07:00", messageId: "redeem" })
    ],
    read: (s) => {
      const l = ledgerAt("2025-06-30T23:59:59+07:00")(s)
      return { balance: l.balance, expired: l.expired }
    },
    expected: { balance: 0, expired: 70 }
  },
  {
    rule: "read at exactly the expiry instant, the points have lapsed",
    events: [track("Points Earned", { points: 100, expiresAt: "2025-04-01T00:00:00+07:00" }, { at: "2025-03-01T10:00:00+07:00" })],
    read: (s) => [ledgerAt("2025-03-31T23:59:59.999+07:00")(s).balance, ledgerAt("2025-04-01T00:00:00+07:00")(s).balance],
    expected: [100, 0]
  }
]

describe("Profile 360 rules a reader could guess two ways (PRF-2, PRF-3, PRF-4, PRF-7, PRF-8)", () => {
  it.each(rows)("$rule", ({ events, read, expected }) => {
    expect(read(summarizer.summarize(events))).toEqual(expected)
    // The same in any arrival order.
    expect(read(summarizer.summarize([...events].reverse()))).toEqual(expected)
  })
})
