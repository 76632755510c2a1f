import { decodeEventResult, type KithEvent } from "@kith/core"
import { generateShop } from "@kith/testkit"
import { makeSummarizer, purchaseMetrics } from "@kith/profile"
import { Result } from "effect"
import { defineBench } from "../harness.js"

// 1,000,000 events into ~100,000 profile summaries, then the PRF-3 purchase
// metrics of every profile at one asOf. Baseline: a hand-written one-pass loop
// computing the same metrics into plain objects (no mergeability, a fixed
// +07:00 offset as a host in Vietnam would write it).

const TARGET_EVENTS = 1_000_000
const TIME_ZONE = "Asia/Ho_Chi_Minh"
const ASOF = new Date("2026-01-01T00:00:00+07:00")

interface Item {
  readonly personId: string
  readonly event: KithEvent
}

// Setup (not timed) groups the decoded events by ground-truth person, as the
// storage layer hands a profile's events to the summarizer; both sides read
// the same groups.
interface Data {
  readonly profiles: ReadonlyArray<ReadonlyArray<KithEvent>>
  readonly events: number
}

const groupByPerson = (items: ReadonlyArray<Item>): Data => {
  const byPerson = new Map<string, Array<KithEvent>>()
  for (const { personId, event } of items) {
    let events = byPerson.get(personId)
    if (events === undefined) byPerson.set(personId, (events = []))
    events.push(event)
  }
  return { profiles: [...byPerson.values()], events: items.length }
}

const decodeAll = (encoded: Iterable<{ personId: string; event: unknown }>, limit: number): Array<Item> => {
  const items: Array<Item> = []
  for (const { personId, event } of encoded) {
    const decoded = decodeEventResult(event)
    if (Result.isFailure(decoded)) throw new Error(decoded.failure.message)
    items.push({ personId, event: decoded.success })
    if (items.length >= limit) break
  }
  return items
}

// The testkit's deterministic shop of 100,000 people with ~10 events each
// (visits, orders through their lifecycle, campaigns, messages, minigames,
// points), cut at the first 1,000,000 events.
const setup = (): Data => {
  const shop = generateShop({ seed: 20261123, people: 100_000, activity: 2.1 })
  const encoded = (function* () {
    for (const { record, event } of shop.events()) yield { personId: record.personId, event }
  })()
  return groupByPerson(decodeAll(encoded, TARGET_EVENTS))
}

const summarizeAndMeasure = (data: Data): number => {
  const summarizer = makeSummarizer({ timeZone: TIME_ZONE })
  const options = { asOf: ASOF, timeZone: TIME_ZONE, currency: "VND" }
  let spend = 0
  for (const events of data.profiles) spend += purchaseMetrics(summarizer.summarize(events), options).totalSpend
  return spend
}

// ---- Baseline: one pass into plain objects, then the metrics per profile ----

const OFFSET = 7 * 3_600_000
const DAY = 86_400_000

interface PlainOrder {
  at: number
  currency: string
  total: number
  paid: number | undefined
  products: ReadonlyArray<{ readonly productId: string; readonly name?: string; readonly quantity: number; readonly price: number }>
  completed: boolean
  failed: boolean
  returned: boolean
  refunded: number
}

const baselineLoop = (data: Data): number => {
  const asOf = ASOF.getTime()
  const windowStart = (() => {
    const d = new Date(asOf + OFFSET)
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 3, d.getUTCDate()) - OFFSET
  })()
  let totalSpend = 0
  for (const events of data.profiles) {
    // One pass over the person's events into plain per-order objects...
    const orders = new Map<string, PlainOrder>()
    const orderOf = (orderId: string, at: number): PlainOrder => {
      let o = orders.get(orderId)
      if (o === undefined) orders.set(orderId, (o = { at, currency: "", total: 0, paid: undefined, products: [], completed: false, failed: false, returned: false, refunded: 0 }))
      return o
    }
    for (const event of events) {
      if (event.type !== "track") continue
      const at = event.timestamp.getTime()
      if (at > asOf) continue
      const p = event.properties as Record<string, unknown> & { orderId: string }
      switch (event.event) {
        case "Order Placed":
        case "Order Completed": {
          const o = orderOf(p.orderId, at)
          o.at = Math.min(o.at, at)
          o.currency = p["currency"] as string
          o.total = p["total"] as number
          o.paid = p["paid"] as number | undefined
          o.products = p["products"] as PlainOrder["products"]
          if (event.event === "Order Completed") o.completed = true
          break
        }
        case "Order Cancelled":
        case "Order Delivery Failed":
          orderOf(p.orderId, at).failed = true
          break
        case "Order Returned":
          orderOf(p.orderId, at).returned = true
          break
        case "Order Refunded":
          orderOf(p.orderId, at).refunded += p["amount"] as number
          break
      }
    }
    // ...then the PRF-3 metrics from them.
    const m = { spend: 0, placed: 0, successful: 0, failed: 0, items: 0, returned: 0, first: Infinity, last: -Infinity, spend3: 0, receivable: 0, firstProduct: "", lastProduct: "" }
    const quantities = new Map<string, number>()
    for (const o of orders.values()) {
      m.placed++
      if (o.returned) m.returned++
      if (o.failed) {
        m.failed++
        continue
      }
      if (!o.completed) continue
      m.successful++
      const net = Math.max(0, o.total - o.refunded)
      if (o.currency === "VND") {
        m.spend += net
        if (o.at >= windowStart) m.spend3 += net
        if (o.paid !== undefined) m.receivable += Math.max(0, net - o.paid)
      }
      if (o.at < m.first) {
        m.first = o.at
        m.firstProduct = o.products[0]?.productId ?? ""
      }
      if (o.at > m.last) {
        m.last = o.at
        m.lastProduct = o.products[0]?.productId ?? ""
      }
      for (const line of o.products) {
        m.items += line.quantity
        quantities.set(line.productId, (quantities.get(line.productId) ?? 0) + line.quantity)
      }
    }
    let mostBought = ""
    let most = 0
    for (const [productId, quantity] of quantities) {
      if (quantity > most) {
        most = quantity
        mostBought = productId
      }
    }
    const averageOrderValue = m.successful === 0 ? null : Math.round(m.spend / m.successful)
    const averageDays = m.successful < 2 ? null : (Math.floor((m.last + OFFSET) / DAY) - Math.floor((m.first + OFFSET) / DAY)) / (m.successful - 1)
    // Every metric is used, so none of the work above can be optimized away.
    if (averageOrderValue === -1 || averageDays === -1 || mostBought === "\u0000") throw new Error("unreachable")
    totalSpend += m.spend
  }
  return totalSpend
}

export default defineBench({
  name: "profile.summarize",
  n: TARGET_EVENTS,
  setup: async () => {
    const data = await setup()
    console.error(`profile.summarize: ${data.events} events of ${data.profiles.length} profiles`)
    const [a, b] = [summarizeAndMeasure(data), baselineLoop(data)]
    if (a !== b) console.error(`profile.summarize: total spend differs (summaries ${a}, baseline ${b}): the baseline ignores returns`)
    return data
  },
  run: summarizeAndMeasure,
  baseline: baselineLoop,
  // More repetitions than the default: the machine is shared and medians of 5 swing.
  repeat: 9,
  processes: 3,
  targetRatio: 1.5
})
