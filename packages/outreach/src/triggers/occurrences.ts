import type { ActivityRow } from "@kith/segments"
import { cartAt, walkCarts } from "./cart.js"
import type { ShopEvent } from "./shop-event.js"
import type { TriggerDefinition, TriggerKind } from "./trigger-definition.js"

/** Products a message carries at most (OUT-4). */
export const MAX_PRODUCTS_PER_MESSAGE = 4

/**
 * One instance of a trigger for one profile: which instance (`cart:<key of
 * the first add>`, `payment:<order>`, `price:<change>`, `live:<live>`,
 * `order:<order>`), when it is due, and the products it is about (at most 4,
 * most recent first).
 */
export interface TriggerInstance {
  readonly trigger: TriggerKind
  readonly instance: string
  readonly dueAt: Date
  readonly products: ReadonlyArray<string>
}

/** What a trigger finds at `asOf`: the instances due by then, and when the next one falls due if nothing else happens. */
export interface TriggerFindings {
  readonly due: ReadonlyArray<TriggerInstance>
  /** The earliest due instant after `asOf`, or `null`: when to look again. */
  readonly nextDueAt: Date | null
}

const HOUR = 3_600_000
const MINUTE = 60_000
const DAY = 24 * HOUR

// Rows in time order, then by kind and key, so the walk is the same whatever order a store returns them in.
const inTimeOrder = (rows: ReadonlyArray<ActivityRow>, asOf: number): ReadonlyArray<ActivityRow> =>
  rows.filter((r) => r.at <= asOf).sort((a, b) => a.at - b.at || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))

const top = (products: ReadonlyArray<string>) => products.slice(0, MAX_PRODUCTS_PER_MESSAGE)

class Findings {
  readonly due: Array<TriggerInstance> = []
  private readonly seen = new Set<string>()
  next: number | null = null
  constructor(readonly trigger: TriggerKind, readonly asOf: number) {}
  offer(instance: string, dueAt: number, products: ReadonlyArray<string>): void {
    if (this.seen.has(instance)) return
    if (dueAt <= this.asOf) {
      this.seen.add(instance)
      this.due.push({ trigger: this.trigger, instance, dueAt: new Date(dueAt), products: top(products) })
    } else if (this.next === null || dueAt < this.next) this.next = dueAt
  }
  result(): TriggerFindings {
    return { due: this.due.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime()), nextDueAt: this.next === null ? null : new Date(this.next) }
  }
}

const abandonedCart = (afterHours: number, rows: ReadonlyArray<ActivityRow>, findings: Findings) => {
  const wait = afterHours * HOUR
  // A cart is due when it stays untouched for the wait; a change after that is too late to stop it.
  const end = walkCarts(rows, (cart, at) => {
    if (cart.lastTouchedAt + wait <= at) findings.offer(`cart:${cart.startedBy}`, cart.lastTouchedAt + wait, cart.products)
  })
  if (end !== undefined) findings.offer(`cart:${end.startedBy}`, end.lastTouchedAt + wait, end.products)
}

const unfinishedPayment = (afterHours: number, rows: ReadonlyArray<ActivityRow>, findings: Findings) => {
  const wait = afterHours * HOUR
  const attempts = new Map<string, { first: ActivityRow; dueAt: number }>()
  for (const row of rows) {
    if (row.kind !== "checkout_started" && row.kind !== "payment_failed") continue
    const instance = `payment:${row.orderId ?? row.key}`
    const open = attempts.get(instance)
    // Another attempt before the reminder is due moves it; after, the reminder has gone.
    if (open === undefined || open.dueAt > row.at) attempts.set(instance, { first: open?.first ?? row, dueAt: row.at + wait })
  }
  const orders = rows.filter((r) => r.kind === "order")
  for (const [instance, { first, dueAt }] of attempts) {
    const paid = orders.some((o) => (first.orderId !== null ? o.orderId === first.orderId || o.key === first.orderId : o.at >= first.at) && o.at <= dueAt)
    if (!paid) findings.offer(instance, dueAt, [])
  }
}

const priceDrop = (
  trigger: { readonly minDropPercent: number; readonly interestDays: number },
  rows: ReadonlyArray<ActivityRow>,
  shop: ReadonlyArray<ShopEvent>,
  findings: Findings
) => {
  for (const change of shop) {
    if (change.kind !== "price_changed" || change.from <= 0 || change.to >= change.from) continue
    if ((change.from - change.to) * 100 < trigger.minDropPercent * change.from) continue
    const t = change.at.getTime()
    const inCart = cartAt(rows, t)?.products.includes(change.productId) === true
    const favorited = rows.some((r) => r.kind === "product_favorited" && r.productId === change.productId && r.at <= t && r.at > t - trigger.interestDays * DAY)
    if (inCart || favorited) findings.offer(`price:${change.key}`, t, [change.productId])
  }
}

const followsAt = (rows: ReadonlyArray<ActivityRow>, t: number): boolean => {
  let follows = false
  for (const row of rows) {
    if (row.at > t) break
    if (row.kind === "followed") follows = true
    else if (row.kind === "unfollowed") follows = false
  }
  return follows
}

const liveReminder = (beforeMinutes: number, rows: ReadonlyArray<ActivityRow>, shop: ReadonlyArray<ShopEvent>, findings: Findings) => {
  for (const live of shop) {
    if (live.kind !== "live_scheduled") continue
    const startsAt = live.startsAt.getTime()
    // Announced after the reminder time: remind at the announcement, if the LIVE has not begun.
    const dueAt = Math.max(startsAt - beforeMinutes * MINUTE, live.at.getTime())
    if (dueAt >= startsAt) continue
    if (dueAt > findings.asOf || followsAt(rows, dueAt)) findings.offer(`live:${live.liveId}`, dueAt, [])
  }
}

const thankYou = (afterHours: number, rows: ReadonlyArray<ActivityRow>, findings: Findings) => {
  for (const order of rows) {
    // A completion after asOf is not known yet.
    if (order.kind !== "order" || order.completedAt === null || order.completedAt > findings.asOf) continue
    const dueAt = order.completedAt + afterHours * HOUR
    if (order.failedAt !== null && order.failedAt <= dueAt) continue
    const products = rows.filter((r) => r.kind === "order_line" && r.orderId === order.key && r.productId !== null).map((r) => r.productId!)
    findings.offer(`order:${order.key}`, dueAt, [...new Set(products)])
  }
}

/**
 * The instances of a trigger for one profile at `asOf` (OUT-4): a pure
 * function of the profile's activity rows (the `@kith/segments` activity
 * model), the shop's events and `asOf`; nothing after `asOf` is seen. Each
 * instance is found once, with its due instant:
 *
 * | trigger | instance | due | products |
 * |---|---|---|---|
 * | `abandoned_cart` | a cart, from its first add to an empty cart until emptied or an order | last add/remove/checkout + `afterHours` | the cart's, most recent first |
 * | `unfinished_payment` | an order's checkout or failed payment (or the attempt, without an order id) | the attempt + `afterHours`, moved by a new attempt before then; none if the order is placed by then | none |
 * | `price_drop` | a price change down by `minDropPercent` % or more | the change, for a product in the cart then or favorited in the `interestDays` days before | the product |
 * | `live_reminder` | a scheduled LIVE | `beforeMinutes` before the start (or at the announcement, if later), for a follower of the shop then | none |
 * | `thank_you` | a completed order | completion + `afterHours`, unless it failed by then | the order's lines |
 *
 * @param trigger - the plan's trigger
 * @param activity - the profile's activity rows, in any order
 * @param shop - the shop's price changes and LIVE schedule
 * @param options - `asOf`
 * @returns the instances due by `asOf` (oldest first) and the next due instant
 *
 * @example
 * ```ts
 * import { activityRow } from "@kith/segments"
 * const at = (s: string) => Date.parse(s)
 * const rows = [
 *   activityRow("product_added", at("2025-03-07T20:00:00+07:00"), "m-1", { productId: "p-ao" }),
 *   activityRow("product_added", at("2025-03-07T20:05:00+07:00"), "m-2", { productId: "p-quan" })
 * ]
 * const trigger = { kind: "abandoned_cart", afterHours: 2 } as const
 * triggerInstances(trigger, rows, [], { asOf: new Date("2025-03-07T21:00:00+07:00") })
 * // => { due: [], nextDueAt: new Date("2025-03-07T22:05:00+07:00") }
 * triggerInstances(trigger, rows, [], { asOf: new Date("2025-03-08T09:00:00+07:00") }).due
 * // => [{ trigger: "abandoned_cart", instance: "cart:m-1", dueAt: new Date("2025-03-07T22:05:00+07:00"), products: ["p-quan", "p-ao"] }]
 * ```
 */
export const triggerInstances = (
  trigger: TriggerDefinition,
  activity: ReadonlyArray<ActivityRow>,
  shop: ReadonlyArray<ShopEvent>,
  options: { readonly asOf: Date }
): TriggerFindings => {
  const asOf = options.asOf.getTime()
  const rows = inTimeOrder(activity, asOf)
  const seenShop = shop.filter((e) => e.at.getTime() <= asOf)
  const findings = new Findings(trigger.kind, asOf)
  switch (trigger.kind) {
    case "abandoned_cart":
      abandonedCart(trigger.afterHours, rows, findings)
      break
    case "unfinished_payment":
      unfinishedPayment(trigger.afterHours, rows, findings)
      break
    case "price_drop":
      priceDrop(trigger, rows, seenShop, findings)
      break
    case "live_reminder":
      liveReminder(trigger.beforeMinutes, rows, seenShop, findings)
      break
    case "thank_you":
      thankYou(trigger.afterHours, rows, findings)
      break
  }
  return findings.result()
}
