// Trigger scenarios as data (OUT-4): each is a list of steps — things the
// profile or the shop does, and moments the clock is advanced to with the
// trigger instances expected by then and when the next one falls due.
import { activityRow, type ActivityKind, type ActivityRow, emptyFacts, type SegmentRule } from "@kith/segments"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { planOccurrences, type ShopEvent, triggerInstances, type TriggerDefinition } from "../src/index.js"

const at = (local: string) => new Date(`${local}+07:00`)

type Step =
  | { readonly at: string; readonly does: ActivityKind; readonly key: string; readonly columns?: Partial<Omit<ActivityRow, "kind" | "at" | "key">> }
  | { readonly shop: ShopEvent }
  | { readonly advanceTo: string; readonly expect: ReadonlyArray<readonly [instance: string, due: string, products: ReadonlyArray<string>]>; readonly next?: string | null }

interface Scenario {
  readonly name: string
  readonly trigger: TriggerDefinition
  readonly steps: ReadonlyArray<Step>
}

const drop = (key: string, productId: string, from: number, to: number, when: string): Step => ({ shop: { kind: "price_changed", key, productId, from, to, at: at(when) } })
const live = (liveId: string, startsAt: string, announced: string): Step => ({ shop: { kind: "live_scheduled", key: liveId, liveId, startsAt: at(startsAt), at: at(announced) } })

const scenarios: ReadonlyArray<Scenario> = [
  {
    name: "abandoned cart: due 2 hours after the last change, products most recent first, never twice for the same cart",
    trigger: { kind: "abandoned_cart", afterHours: 2 },
    steps: [
      { at: "2025-03-07T20:00:00", does: "product_added", key: "m-1", columns: { productId: "p-ao" } },
      { advanceTo: "2025-03-07T21:00:00", expect: [], next: "2025-03-07T22:00:00" },
      { at: "2025-03-07T21:30:00", does: "product_added", key: "m-2", columns: { productId: "p-quan" } },
      { advanceTo: "2025-03-07T22:00:00", expect: [], next: "2025-03-07T23:30:00" },
      { advanceTo: "2025-03-07T23:30:00", expect: [["cart:m-1", "2025-03-07T23:30:00", ["p-quan", "p-ao"]]], next: null },
      // Touched again after the reminder: the same cart, no second occurrence.
      { at: "2025-03-08T09:00:00", does: "product_added", key: "m-3", columns: { productId: "p-mu" } },
      { advanceTo: "2025-03-08T12:00:00", expect: [["cart:m-1", "2025-03-07T23:30:00", ["p-quan", "p-ao"]]], next: null }
    ]
  },
  {
    name: "abandoned cart: an order ends the cart; the next add starts a new one",
    trigger: { kind: "abandoned_cart", afterHours: 1 },
    steps: [
      { at: "2025-03-07T10:00:00", does: "product_added", key: "m-1", columns: { productId: "p-ao" } },
      { at: "2025-03-07T10:30:00", does: "order", key: "SO-1", columns: { value: 225000, currency: "VND" } },
      { advanceTo: "2025-03-07T12:00:00", expect: [], next: null },
      { at: "2025-03-07T13:00:00", does: "product_added", key: "m-2", columns: { productId: "p-quan" } },
      { advanceTo: "2025-03-07T14:00:00", expect: [["cart:m-2", "2025-03-07T14:00:00", ["p-quan"]]], next: null }
    ]
  },
  {
    name: "abandoned cart: emptied by removing everything, nothing is due; at most 4 products",
    trigger: { kind: "abandoned_cart", afterHours: 1 },
    steps: [
      { at: "2025-03-07T10:00:00", does: "product_added", key: "m-1", columns: { productId: "p-1" } },
      { at: "2025-03-07T10:10:00", does: "product_removed", key: "m-2", columns: { productId: "p-1" } },
      { advanceTo: "2025-03-07T12:00:00", expect: [], next: null },
      ...["p-1", "p-2", "p-3", "p-4", "p-5"].map((productId, i): Step => ({ at: `2025-03-07T13:0${i}:00`, does: "product_added", key: `m-${i + 3}`, columns: { productId } })),
      { advanceTo: "2025-03-07T15:00:00", expect: [["cart:m-3", "2025-03-07T14:04:00", ["p-5", "p-4", "p-3", "p-2"]]], next: null }
    ]
  },
  {
    name: "unfinished payment: a failed payment reminded after 1 hour unless the order is placed",
    trigger: { kind: "unfinished_payment", afterHours: 1 },
    steps: [
      { at: "2025-03-07T10:00:00", does: "checkout_started", key: "m-1", columns: { orderId: "SO-1", value: 450000 } },
      { at: "2025-03-07T10:05:00", does: "payment_failed", key: "m-2", columns: { orderId: "SO-1", value: 450000 } },
      { advanceTo: "2025-03-07T10:30:00", expect: [], next: "2025-03-07T11:05:00" },
      { at: "2025-03-07T10:40:00", does: "checkout_started", key: "m-3", columns: { orderId: "SO-2", value: 90000 } },
      { at: "2025-03-07T11:00:00", does: "order", key: "SO-2", columns: { orderId: "SO-2", value: 90000 } },
      { advanceTo: "2025-03-07T12:00:00", expect: [["payment:SO-1", "2025-03-07T11:05:00", []]], next: null }
    ]
  },
  {
    name: "price drop: for a product in the cart or favorited recently, when it drops enough",
    trigger: { kind: "price_drop", minDropPercent: 10, interestDays: 30 },
    steps: [
      { at: "2025-02-01T09:00:00", does: "product_favorited", key: "m-1", columns: { productId: "p-old" } },
      { at: "2025-03-01T09:00:00", does: "product_favorited", key: "m-2", columns: { productId: "p-fav" } },
      { at: "2025-03-06T09:00:00", does: "product_added", key: "m-3", columns: { productId: "p-cart" } },
      drop("pc-1", "p-fav", 300000, 240000, "2025-03-07T12:00:00"),
      drop("pc-2", "p-cart", 100000, 95000, "2025-03-07T12:00:00"),
      drop("pc-3", "p-cart", 100000, 80000, "2025-03-07T13:00:00"),
      drop("pc-4", "p-old", 100000, 50000, "2025-03-07T13:00:00"),
      drop("pc-5", "p-other", 100000, 50000, "2025-03-07T13:00:00"),
      drop("pc-6", "p-fav", 240000, 260000, "2025-03-07T14:00:00"),
      { advanceTo: "2025-03-07T15:00:00", expect: [["price:pc-1", "2025-03-07T12:00:00", ["p-fav"]], ["price:pc-3", "2025-03-07T13:00:00", ["p-cart"]]], next: null }
    ]
  },
  {
    name: "LIVE reminder: 30 minutes before, to followers then; a late announcement reminds at once",
    trigger: { kind: "live_reminder", beforeMinutes: 30 },
    steps: [
      { at: "2025-03-01T09:00:00", does: "followed", key: "m-1", columns: { channel: "tiktok" } },
      live("live-1", "2025-03-07T20:00:00", "2025-03-05T10:00:00"),
      live("live-2", "2025-03-07T21:00:00", "2025-03-07T20:50:00"),
      { advanceTo: "2025-03-07T19:00:00", expect: [], next: "2025-03-07T19:30:00" },
      { advanceTo: "2025-03-07T21:00:00", expect: [["live:live-1", "2025-03-07T19:30:00", []], ["live:live-2", "2025-03-07T20:50:00", []]], next: null },
      { at: "2025-03-08T09:00:00", does: "unfollowed", key: "m-2" },
      live("live-3", "2025-03-09T20:00:00", "2025-03-08T10:00:00"),
      { advanceTo: "2025-03-09T21:00:00", expect: [["live:live-1", "2025-03-07T19:30:00", []], ["live:live-2", "2025-03-07T20:50:00", []]], next: null }
    ]
  },
  {
    name: "thank you: 24 hours after completion, unless the order failed by then; products from its lines",
    trigger: { kind: "thank_you", afterHours: 24 },
    steps: [
      { at: "2025-03-05T10:00:00", does: "order", key: "SO-1", columns: { orderId: "SO-1", completedAt: at("2025-03-06T09:00:00").getTime() } },
      { at: "2025-03-05T10:00:00", does: "order_line", key: "SO-1#1", columns: { orderId: "SO-1", productId: "p-ao" } },
      { at: "2025-03-05T10:00:00", does: "order_line", key: "SO-1#2", columns: { orderId: "SO-1", productId: "p-quan" } },
      { at: "2025-03-05T11:00:00", does: "order", key: "SO-2", columns: { orderId: "SO-2", completedAt: at("2025-03-06T09:00:00").getTime(), failedAt: at("2025-03-06T20:00:00").getTime() } },
      { advanceTo: "2025-03-06T12:00:00", expect: [], next: "2025-03-07T09:00:00" },
      { advanceTo: "2025-03-07T09:00:00", expect: [["order:SO-1", "2025-03-07T09:00:00", ["p-ao", "p-quan"]]], next: null }
    ]
  }
]

const play = (scenario: Scenario) => {
  const rows: Array<ActivityRow> = []
  const shop: Array<ShopEvent> = []
  for (const step of scenario.steps) {
    if ("does" in step) rows.push(activityRow(step.does, at(step.at).getTime(), step.key, step.columns))
    else if ("shop" in step) shop.push(step.shop)
    else {
      // Rows in reverse order: the trigger must not depend on the order a store returns them in.
      const found = triggerInstances(scenario.trigger, [...rows].reverse(), shop, { asOf: at(step.advanceTo) })
      expect(found.due.map((d) => [d.instance, d.dueAt, d.products])).toEqual(step.expect.map(([instance, due, products]) => [instance, at(due), products]))
      if (step.next !== undefined) expect(found.nextDueAt).toEqual(step.next === null ? null : at(step.next))
    }
  }
}

describe("trigger scenarios", () => {
  it.each(scenarios.map((s) => [s.name, s] as const))("%s", (_, scenario) => play(scenario))
})

describe("automated plan occurrences", () => {
  const boughtBefore: SegmentRule = { version: 1, rule: { kind: "orders", status: "placed", count: { min: 1 } } }
  const plan = (condition?: SegmentRule) => ({
    id: "plan-cart",
    kind: "automated" as const,
    definition: {
      products: [],
      automation: {
        trigger: { kind: "abandoned_cart", afterHours: 1 } as const,
        activePeriod: { from: at("2025-03-07T00:00:00"), to: at("2025-03-10T00:00:00") },
        ...(condition === undefined ? {} : { condition })
      }
    }
  })
  const cart = (key: string, when: string, productId = "p-ao") => activityRow("product_added", at(when).getTime(), key, { productId })

  it("keep occurrences due in the active period only, keyed by plan, profile and cart", () => {
    const inputs = { facts: emptyFacts("p-1"), activity: [cart("m-0", "2025-03-06T20:00:00"), activityRow("order", at("2025-03-06T21:30:00").getTime(), "SO-0"), cart("m-1", "2025-03-08T20:00:00"), activityRow("order", at("2025-03-08T22:00:00").getTime(), "SO-1"), cart("m-2", "2025-03-09T23:30:00")] }
    const found = planOccurrences(plan(), inputs, [], { asOf: at("2025-03-12T00:00:00") })
    // m-0 fell due before the period (21:00 on the 6th), m-2 after it (00:30 on the 10th).
    expect(found.occurrences).toEqual([{ planId: "plan-cart", profileId: "p-1", trigger: "abandoned_cart", instance: "cart:m-1", dueAt: at("2025-03-08T21:00:00"), products: ["p-ao"] }])
  })

  it("keep an occurrence only when the profile matches the plan's segment condition at the due instant", () => {
    const order = activityRow("order", at("2025-03-08T08:00:00").getTime(), "SO-1", { value: 100000, currency: "VND" })
    const activity = [cart("m-1", "2025-03-07T20:00:00"), order, cart("m-2", "2025-03-08T20:00:00")]
    const found = planOccurrences(plan(boughtBefore), { facts: emptyFacts("p-1"), activity }, [], { asOf: at("2025-03-09T12:00:00") })
    // The first cart fell due before the profile's first order; the second after.
    expect(found.occurrences.map((o) => o.instance)).toEqual(["cart:m-2"])
  })

  it("owe nothing for a one-time plan", () => {
    expect(planOccurrences({ id: "p", definition: { products: ["p-1"] } }, { facts: emptyFacts("p-1"), activity: [cart("m-1", "2025-03-07T20:00:00")] }, [], { asOf: at("2025-03-09T00:00:00") })).toEqual({ occurrences: [], nextDueAt: null })
  })
})

describe("trigger instances over time", () => {
  const KINDS: ReadonlyArray<ActivityKind> = ["product_added", "product_removed", "checkout_started", "payment_failed", "order", "order_line", "product_favorited", "followed", "unfollowed"]
  const rowArb = fc.record({ kind: fc.constantFrom(...KINDS), minutes: fc.integer({ min: 0, max: 5 * 24 * 60 }), product: fc.constantFrom("p-1", "p-2", "p-3", "p-4", "p-5"), order: fc.constantFrom("SO-1", "SO-2", null), completeIn: fc.option(fc.integer({ min: 0, max: 48 * 60 })) })
  const T = at("2025-03-07T00:00:00").getTime()
  const triggers: ReadonlyArray<TriggerDefinition> = [
    { kind: "abandoned_cart", afterHours: 3 },
    { kind: "unfinished_payment", afterHours: 2 },
    { kind: "thank_you", afterHours: 12 },
    { kind: "price_drop", minDropPercent: 10, interestDays: 2 },
    { kind: "live_reminder", beforeMinutes: 60 }
  ]
  const shop: ReadonlyArray<ShopEvent> = [
    { kind: "price_changed", key: "pc-1", productId: "p-2", from: 100, to: 50, at: new Date(T + 36 * 3_600_000) },
    { kind: "live_scheduled", key: "l-1", liveId: "l-1", startsAt: new Date(T + 50 * 3_600_000), at: new Date(T) }
  ]

  it("once due, an instance stays due with the same instant and products at every later asOf, whatever happens after (the same instance never triggers twice)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...triggers), fc.array(rowArb, { maxLength: 30 }), fc.integer({ min: 0, max: 6 * 24 * 60 }), fc.integer({ min: 0, max: 3 * 24 * 60 }), (trigger, specs, early, later) => {
        const rows = specs.map((s, i) => {
          const t = T + s.minutes * 60_000
          const orderId = s.kind === "order" ? (s.order ?? `SO-x${i}`) : s.order
          return activityRow(s.kind, t, s.kind === "order" ? orderId! : `m-${i}`, { productId: s.kind === "order" ? null : s.product, orderId, completedAt: s.kind === "order" && s.completeIn !== null ? t + s.completeIn * 60_000 : null })
        })
        const first = triggerInstances(trigger, rows, shop, { asOf: new Date(T + early * 60_000) })
        const second = triggerInstances(trigger, rows, shop, { asOf: new Date(T + (early + later) * 60_000) })
        expect(new Set(first.due.map((d) => d.instance)).size).toBe(first.due.length)
        for (const d of first.due) expect(second.due).toContainEqual(d)
        for (const d of second.due) expect(d.products.length).toBeLessThanOrEqual(4)
      })
    )
  })
})
