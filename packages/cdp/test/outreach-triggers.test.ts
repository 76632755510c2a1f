// Automated plans through `cdp.outreach.tick` on every engine: each trigger kind the spec names (abandoned cart,
// unfinished payment, price drop on a favorited or carted product, LIVE reminder, thank-you after purchase) writes
// one outbox row per occurrence when it is due, never before, never twice however often tick runs.
import type { CdpClient } from "@kith/cdp"
import type { PlanDefinitionInput, ShopEvent } from "@kith/outreach"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { at, engines, identify, owner, track, workspacesOn } from "./outreach/engines.js"
import { rejection } from "./rejection.js"

const DAY = "2026-02-02"
const product = (id: string, time: string, event: string, productId: string, date = DAY) => track(id, date, time, "u-an", event, { productId, price: 100_000, currency: "VND" })
const order = (id: string, time: string, date = DAY) =>
  track(id, date, time, "u-an", "Order Completed", { orderId: id, currency: "VND", total: 200_000, products: [{ productId: "sku-ao", price: 200_000, quantity: 1 }, { productId: "sku-mu", price: 0, quantity: 1 }] })
const checkout = (id: string, time: string, orderId: string) => track(id, DAY, time, "u-an", "Checkout Started", { orderId, currency: "VND", total: 200_000, products: [{ productId: "sku-ao", price: 200_000, quantity: 1 }] })
const paymentFailed = (id: string, time: string, orderId: string) => track(id, DAY, time, "u-an", "Payment Failed", { orderId })
const follow = (id: string, time: string, date = DAY) => track(id, date, time, "u-an", "Followed", { channel: "zalo" })
const priceChanged = (key: string, productId: string, from: number, to: number, time: string): ShopEvent => ({ kind: "price_changed", key, productId, from, to, at: at(DAY, time) })
const liveScheduled = (key: string, liveId: string, startsAt: string, announced: string): ShopEvent => ({ kind: "live_scheduled", key, liveId, startsAt: at(DAY, startsAt), at: at(DAY, announced) })

const automated = (trigger: NonNullable<PlanDefinitionInput["automation"]>["trigger"]): PlanDefinitionInput => ({
  name: `Tự động ${trigger.kind}`, purpose: "care", channel: "zalo", audience: { include: ["named"], exclude: [] },
  content: { variants: { vi: 'Chào {{firstName | "bạn"}}, shop nhắc bạn nhé!' }, fallbackLocale: "vi" },
  voucher: { kind: "none" }, products: [], callToAction: { kind: "product_list" }, holdoutPercent: 0,
  automation: { trigger, activePeriod: { from: at("2026-02-01", "00:00"), to: null } }
})

interface Scenario {
  readonly name: string
  readonly trigger: NonNullable<PlanDefinitionInput["automation"]>["trigger"]
  /** An's activity (Bo, also in the audience, does nothing: never a row). */
  readonly events: ReadonlyArray<unknown>
  /** Ticks in order: the local time, the shop events the host passes, the rows the tick writes. */
  readonly ticks: ReadonlyArray<readonly [time: string, shopEvents: ReadonlyArray<ShopEvent>, queued: number]>
  /** Every row at the end: occurrence and products. */
  readonly rows: ReadonlyArray<readonly [occurrence: string, products: ReadonlyArray<string>]>
}

const scenarios: ReadonlyArray<Scenario> = [
  {
    name: "abandoned cart: due once the cart stays untouched for the wait; a new cart after an order is another occurrence",
    trigger: { kind: "abandoned_cart", afterHours: 2 },
    events: [product("add-1", "10:00", "Product Added", "sku-ao"), product("add-2", "10:30", "Product Added", "sku-mu"), order("o-1", "15:00"), product("add-3", "16:00", "Product Added", "sku-vi")],
    ticks: [["12:29", [], 0], ["12:30", [], 1], ["13:00", [], 0], ["17:59", [], 0], ["18:00", [], 1], ["18:00", [], 0]],
    rows: [["cart:add-1", ["sku-mu", "sku-ao"]], ["cart:add-3", ["sku-vi"]]]
  },
  {
    name: "unfinished payment: due the wait after the last attempt unless paid meanwhile; a checkout paid in time never triggers",
    trigger: { kind: "unfinished_payment", afterHours: 1 },
    events: [checkout("co-1", "10:00", "SO-1"), paymentFailed("pf-1", "10:10", "SO-1"), checkout("co-2", "11:00", "o-2"), order("o-2", "11:30")],
    ticks: [["11:09", [], 0], ["11:10", [], 1], ["12:30", [], 0]],
    rows: [["payment:SO-1", []]]
  },
  {
    name: "price drop: a product in the cart or favorited within the interest days, dropped by at least the minimum",
    trigger: { kind: "price_drop", minDropPercent: 10, interestDays: 7 },
    events: [product("fav-1", "09:00", "Product Favorited", "sku-ao"), product("add-1", "09:30", "Product Added", "sku-mu"), product("fav-old", "09:00", "Product Favorited", "sku-vi", "2026-01-20")],
    ticks: [
      ["10:00", [priceChanged("pc-1", "sku-ao", 200_000, 150_000, "10:00"), priceChanged("pc-2", "sku-mu", 100_000, 95_000, "10:00")], 1],
      ["11:00", [priceChanged("pc-3", "sku-mu", 100_000, 80_000, "11:00"), priceChanged("pc-4", "sku-vi", 100_000, 50_000, "11:00")], 1],
      ["11:05", [priceChanged("pc-1", "sku-ao", 200_000, 150_000, "10:00"), priceChanged("pc-3", "sku-mu", 100_000, 80_000, "11:00")], 0]
    ],
    rows: [["price:pc-1", ["sku-ao"]], ["price:pc-3", ["sku-mu"]]]
  },
  {
    name: "LIVE reminder: to followers, the set minutes before the LIVE (at the announcement when announced later), never after it began",
    trigger: { kind: "live_reminder", beforeMinutes: 60 },
    events: [follow("fol-1", "08:00")],
    ticks: [
      ["09:00", [liveScheduled("ls-1", "live-1", "20:00", "09:00"), liveScheduled("ls-2", "live-2", "12:30", "12:00")], 0],
      ["12:00", [liveScheduled("ls-1", "live-1", "20:00", "09:00"), liveScheduled("ls-2", "live-2", "12:30", "12:00")], 1],
      ["19:00", [liveScheduled("ls-1", "live-1", "20:00", "09:00")], 1],
      ["20:30", [liveScheduled("ls-1", "live-1", "20:00", "09:00"), liveScheduled("ls-2", "live-2", "12:30", "12:00")], 0]
    ],
    rows: [["live:live-1", []], ["live:live-2", []]]
  },
  {
    name: "LIVE reminder from a LIVE the host reports once, when it is announced: kith remembers it until the reminder is due",
    trigger: { kind: "live_reminder", beforeMinutes: 60 },
    events: [follow("fol-1", "08:00")],
    ticks: [["09:00", [liveScheduled("ls-1", "live-1", "20:00", "09:00")], 0], ["18:59", [], 0], ["19:00", [], 1], ["19:30", [liveScheduled("ls-1", "live-1", "20:00", "09:00")], 0]],
    rows: [["live:live-1", []]]
  },
  {
    name: "thank-you: the set hours after an order completed, with the order's products",
    trigger: { kind: "thank_you", afterHours: 3 },
    events: [order("o-1", "09:00"), order("o-2", "10:00")],
    ticks: [["11:59", [], 0], ["12:00", [], 1], ["13:00", [], 1], ["21:00", [], 0]],
    rows: [["order:o-1", ["sku-ao", "sku-mu"]], ["order:o-2", ["sku-ao", "sku-mu"]]]
  }
]

// An and Bo, both club members (the audience), both consented to marketing on Zalo.
const shop = async (cdp: CdpClient, events: ReadonlyArray<unknown>) => {
  await cdp.batch([identify("i-an", "2026-01-10", "u-an", { firstName: "An", phone: "0912 000 001", club: "zalo" }), identify("i-bo", "2026-01-10", "u-bo", { firstName: "Bo", phone: "0912 000 002", club: "zalo" }), ...events])
  for (const u of ["u-an", "u-bo"]) await cdp.consent.record({ type: "user_id", value: u }, [{ purpose: "marketing", channel: "zalo", status: "granted" }], { actor: "s-lan", at: at("2026-01-10"), source: "zalo_oa" })
  await cdp.segments.create({ id: "named", name: "Named", rule: { version: 1, rule: { kind: "trait", name: "club", in: ["zalo"] } }, actor: "s-lan", at: at("2026-01-31") })
}

const rowsOf = async (cdp: CdpClient, planId: string) =>
  (await cdp.outreach.outbox(planId)).items.map((r) => [r.occurrence, [...r.message.products]] as const).sort(([a], [b]) => (a < b ? -1 : 1))

for (const engine of engines) {
  describe.skipIf(engine.skip !== undefined)(`outreach triggers on ${engine.name} (OUT-4)`, () => {
    const workspaces = workspacesOn(engine)
    afterAll(() => workspaces.closeAll())

    for (const scenario of scenarios) {
      it(scenario.name, async () => {
        const { cdp } = await workspaces.open()
        await shop(cdp, scenario.events)
        await cdp.outreach.create({ id: "auto", definition: automated(scenario.trigger) }, owner("2026-01-31"))
        await cdp.outreach.sendNow("auto", owner("2026-02-01", "08:00"))
        const queued: Array<number> = []
        for (const [time, shopEvents] of scenario.ticks) queued.push((await cdp.outreach.tick({ now: at(DAY, time), shopEvents })).queued)
        expect(queued).toEqual(scenario.ticks.map(([, , n]) => n))
        expect(await rowsOf(cdp, "auto")).toEqual(scenario.rows)
        const an = (await cdp.profiles.lookup({ type: "user_id", value: "u-an" })).profileId
        const rows = (await cdp.outreach.outbox("auto")).items
        expect(rows.every((r) => r.profileId === an && r.decision === "send" && r.reason === "consented")).toBe(true)
      })
    }

    it("refuses a tick with a bad shop event, naming it, and keeps none of its events", async () => {
      const { cdp } = await workspaces.open()
      await shop(cdp, [follow("fol-1", "08:00")])
      await cdp.outreach.create({ id: "auto", definition: automated({ kind: "live_reminder", beforeMinutes: 60 }) }, owner("2026-01-31"))
      await cdp.outreach.sendNow("auto", owner("2026-02-01", "08:00"))
      const good = liveScheduled("ls-1", "live-1", "20:00", "09:00")
      const bad: ReadonlyArray<readonly [unknown, string]> = [
        [{ ...good, startsAt: new Date(Number.NaN) }, "shopEvents[1].startsAt"],
        [{ ...good, kind: "flash_sale" }, "shopEvents[1].kind"],
        [{ kind: "price_changed", key: "pc-1", productId: "sku-ao", from: 100, to: -1, at: at(DAY, "09:00") }, "shopEvents[1].to"],
        [{ ...good, key: "" }, "shopEvents[1].key"]
      ]
      for (const [event, field] of bad) {
        expect(await rejection(cdp.outreach.tick({ now: at(DAY, "09:00"), shopEvents: [good, event as ShopEvent] }))).toMatchObject({ _tag: "InvalidArgument", field })
      }
      // Nothing of the refused ticks was kept: the reminder never comes.
      expect((await cdp.outreach.tick({ now: at(DAY, "19:00") })).queued).toBe(0)
    })

    it("writes the same rows whatever instants tick runs at, in any order and as often as it likes, once the last is reached (property)", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...scenarios),
          fc.array(fc.integer({ min: 0, max: 14 * 60 }), { maxLength: 4 }),
          async (scenario, extra) => {
            const { cdp } = await workspaces.open()
            await shop(cdp, scenario.events)
            await cdp.outreach.create({ id: "auto", definition: automated(scenario.trigger) }, owner("2026-01-31"))
            await cdp.outreach.sendNow("auto", owner("2026-02-01", "08:00"))
            const everyShopEvent = [...new Map(scenario.ticks.flatMap(([, events]) => events).map((e) => [e.key, e])).values()]
            const last = at(DAY, scenario.ticks.at(-1)![0])
            // Ticks at random earlier instants (from 08:00), each passed every shop event known by then; then the last one, twice.
            for (const minutes of extra) {
              const now = new Date(at(DAY, "08:00").getTime() + minutes * 60_000)
              if (now > last) continue
              await cdp.outreach.tick({ now, shopEvents: everyShopEvent.filter((e) => e.at <= now) })
            }
            await cdp.outreach.tick({ now: last, shopEvents: everyShopEvent })
            await cdp.outreach.tick({ now: last, shopEvents: everyShopEvent })
            // A LIVE reminder due before the last tick needs a tick between its due instant and the LIVE's start.
            const expected = scenario.trigger.kind === "live_reminder" ? undefined : scenario.rows
            if (expected !== undefined) expect(await rowsOf(cdp, "auto")).toEqual(expected)
            const rows = await rowsOf(cdp, "auto")
            expect(new Set(rows.map(([o]) => o)).size).toBe(rows.length)
          }
        ),
        { numRuns: engine.name === "Postgres" ? 6 : 10 }
      )
    })
  })
}
