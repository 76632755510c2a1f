import { Instant } from "@kith/core"
import { Schema } from "effect"
import type { OrderView } from "./order-view.js"
import type { ProfileSummary } from "./profile-summary.js"

const MS_PER_DAY = 86_400_000

/**
 * How purchases earn points (PRF-7): `points` for every full `per` units of
 * an order's net value in the workspace currency, credited when the order
 * completes, optionally expiring `expiresAfterDays` later. An order that
 * already has an explicit `Points Earned` event with its `orderId` earns
 * nothing more by the rule (the host credited it itself).
 *
 * @example
 * ```ts
 * const rule: PointsRule = { points: 1, per: 10_000, expiresAfterDays: 365 } // 1 point per 10,000 đ, valid one year
 * ```
 */
export const PointsRule = Schema.Struct({
  points: Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)),
  per: Schema.Number.check(Schema.isGreaterThan(0)),
  expiresAfterDays: Schema.optionalKey(Schema.Number.check(Schema.isGreaterThan(0)))
})
/** A {@link PointsRule} after decoding. */
export type PointsRule = typeof PointsRule.Type

/**
 * The default rule: 1 point per 10,000 đ spent, no expiry.
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
 * const asOf = new Date("2025-06-30T17:00:00Z")
 * pointsLedger(summary, ordersAt(summary, asOf), { asOf, currency: "VND", rule: defaultPointsRule }).balance // => 25 (for a 250,000 đ order)
 * ```
 */
export const defaultPointsRule: PointsRule = { points: 1, per: 10_000 }

/** One line of the ledger. */
export const PointsLedgerEntry = Schema.Struct({
  at: Instant,
  kind: Schema.Literals(["earned", "redeemed", "adjusted", "purchase"]),
  /** Signed: redemptions are negative. */
  points: Schema.Number,
  expiresAt: Schema.NullOr(Instant),
  orderId: Schema.NullOr(Schema.String),
  reason: Schema.NullOr(Schema.String)
})
/** A {@link PointsLedgerEntry} after decoding. */
export type PointsLedgerEntry = typeof PointsLedgerEntry.Type

/** The points ledger at `asOf`: its lines (oldest first) and totals. */
export const PointsLedger = Schema.Struct({
  balance: Schema.Number,
  /** Credited: `Points Earned` plus the purchase rule. */
  earned: Schema.Number,
  /** Spent: `Points Redeemed`, as a positive number. */
  redeemed: Schema.Number,
  /** Net of manual `Points Adjusted`. */
  adjusted: Schema.Number,
  /** Points that lapsed unspent by `asOf`. */
  expired: Schema.Number,
  entries: Schema.Array(PointsLedgerEntry)
})
/** A {@link PointsLedger} after decoding. */
export type PointsLedger = typeof PointsLedger.Type

/** Options of {@link pointsLedger}. */
export interface PointsLedgerOptions {
  readonly asOf: Date
  readonly currency: string
  readonly rule: PointsRule
}

interface Lot {
  remaining: number
  readonly expiresAt: number | undefined
}

const kindRank = { purchase: 0, earned: 1, adjusted: 2, redeemed: 3 } as const

/**
 * The points ledger of a profile at `asOf` (PRF-7): explicit earn, redeem and
 * adjust events up to `asOf`, plus points earned on purchase by `rule`.
 * Expiry is first-in-first-out by expiry date: a redemption or a negative
 * adjustment spends the points that expire soonest; points still unspent at
 * their `expiresAt` lapse. Spending more than the balance leaves a negative
 * balance (a debt) that later credits pay off first.
 *
 * @param summary - the profile's summary
 * @param orders - its orders at `asOf` (from `ordersAt`)
 * @param options - asOf, workspace currency and earning rule
 *
 * @example
 * ```ts
 * import { KithEvent } from "@kith/core"
 * import { Schema } from "effect"
 *
 * const events = Schema.decodeUnknownSync(Schema.Array(KithEvent))([
 *   { type: "track", messageId: "m-1", timestamp: "2025-03-01T00:30:00+07:00", userId: "u-1", event: "Order Completed",
 *     properties: { orderId: "SO-1", currency: "VND", total: 250000, products: [{ productId: "p-ao", quantity: 1, price: 250000 }] } },
 *   { type: "track", messageId: "m-2", timestamp: "2025-03-08T10:00:00+07:00", userId: "u-1", event: "Points Earned", properties: { points: 20, reason: "review" } }
 * ])
 * const summary = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }).summarize(events)
 * const asOf = new Date("2025-06-30T17:00:00Z")
 * const ledger = pointsLedger(summary, ordersAt(summary, asOf), { asOf, currency: "VND", rule: defaultPointsRule })
 * ledger.balance // => 45
 * ledger.entries.map((e) => e.kind) // => ["purchase", "earned"]
 * ```
 */
export const pointsLedger = (summary: ProfileSummary, orders: ReadonlyArray<OrderView>, options: PointsLedgerOptions): PointsLedger => {
  const asOf = options.asOf.getTime()
  const entries: Array<PointsLedgerEntry & { readonly key: string }> = []
  const creditedOrders = new Set<string>()
  for (const [key, entry] of summary.points) {
    if (entry.at > asOf) continue
    if (entry.kind === "earned" && entry.orderId !== undefined) creditedOrders.add(entry.orderId)
    entries.push({
      key,
      at: new Date(entry.at),
      kind: entry.kind,
      points: entry.points,
      expiresAt: entry.expiresAt === undefined ? null : new Date(entry.expiresAt),
      orderId: entry.orderId ?? null,
      reason: entry.reason ?? null
    })
  }
  const { rule } = options
  for (const order of orders) {
    if (order.status !== "successful" || order.currency !== options.currency || creditedOrders.has(order.orderId)) continue
    const points = Math.floor(order.net / rule.per) * rule.points
    if (points <= 0) continue
    const at = order.completedAt ?? order.purchasedAt
    entries.push({
      key: `order:${order.orderId}`,
      at: new Date(at),
      kind: "purchase",
      points,
      expiresAt: rule.expiresAfterDays === undefined ? null : new Date(at + rule.expiresAfterDays * MS_PER_DAY),
      orderId: order.orderId,
      reason: null
    })
  }
  entries.sort((a, b) => a.at.getTime() - b.at.getTime() || kindRank[a.kind] - kindRank[b.kind] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))

  let lots: Array<Lot> = []
  let debt = 0
  let expired = 0
  let earned = 0
  let redeemed = 0
  let adjusted = 0
  const expireUpTo = (t: number) => {
    lots = lots.filter((lot) => {
      if (lot.expiresAt === undefined || lot.expiresAt > t) return true
      expired += lot.remaining
      return false
    })
  }
  for (const entry of entries) {
    const t = entry.at.getTime()
    expireUpTo(t)
    if (entry.kind === "earned" || entry.kind === "purchase") earned += entry.points
    else if (entry.kind === "redeemed") redeemed -= entry.points
    else adjusted += entry.points
    if (entry.points > 0) {
      const paysDebt = Math.min(debt, entry.points)
      debt -= paysDebt
      if (entry.points > paysDebt) lots.push({ remaining: entry.points - paysDebt, expiresAt: entry.expiresAt?.getTime() })
    } else {
      let owed = -entry.points
      lots.sort((a, b) => (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity))
      for (const lot of lots) {
        const spent = Math.min(lot.remaining, owed)
        lot.remaining -= spent
        owed -= spent
        if (owed === 0) break
      }
      lots = lots.filter((lot) => lot.remaining > 0)
      debt += owed
    }
  }
  expireUpTo(asOf)
  let balance = 0 - debt
  for (const lot of lots) balance += lot.remaining
  return { balance, earned, redeemed, adjusted, expired, entries: entries.map(({ key: _key, ...entry }) => entry) }
}
