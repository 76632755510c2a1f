import { decodeEventResult, type KithEvent, type KithEventEncoded } from "@kith/core"
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
  readonly source: string
}

const groupByPerson = (items: ReadonlyArray<Item>, source: string): Data => {
  const byPerson = new Map<string, Array<KithEvent>>()
  for (const { personId, event } of items) {
    let events = byPerson.get(personId)
    if (events === undefined) byPerson.set(personId, (events = []))
    events.push(event)
  }
  return { profiles: [...byPerson.values()], events: items.length, source }
}

interface GeneratedEvent {
  readonly record: { readonly personId: string }
  readonly event: KithEventEncoded
}
interface TestkitModule {
  readonly generateShop: (options: { seed: number; people: number; activity?: number }) => { events(): Iterable<GeneratedEvent> }
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

// Fallback until @kith/testkit exports generateShop: a deterministic shop of
// 100,000 people with ~10 events each (visits, orders through their
// lifecycle, campaigns, messages, minigames, points).
function* fallbackShop(people: number): Generator<{ personId: string; event: Record<string, unknown> }> {
  let state = 0x9e3779b9
  const random = () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(random() * xs.length)] as A
  const start = Date.parse("2024-01-01T00:00:00+07:00")
  const span = 730 * 86_400_000
  let id = 0
  for (let p = 0; p < people; p++) {
    const personId = `person-${p}`
    const anonymousId = `anon-${p}`
    const count = 4 + Math.floor(random() * 13)
    for (let i = 0; i < count; i++) {
      const at = start + Math.floor(random() * span)
      const base = { messageId: `m-${++id}`, timestamp: new Date(at).toISOString(), anonymousId, context: { channel: pick(["web", "app", "zalo", "shopee"]), source: "own_website" } }
      const roll = random()
      if (roll < 0.35) {
        const orderId = `o-${p}-${i}`
        const products = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ productId: `p-${Math.floor(random() * 500)}`, name: "Sản phẩm", quantity: 1 + Math.floor(random() * 3), price: (1 + Math.floor(random() * 100)) * 10_000 }))
        const properties = { orderId, currency: "VND", total: products.reduce((s, l) => s + l.quantity * l.price, 0), products }
        yield { personId, event: { ...base, type: "track", event: "Order Placed", properties } }
        const outcome = random()
        const later = { ...base, messageId: `m-${++id}`, timestamp: new Date(at + 2 * 86_400_000).toISOString() }
        if (outcome < 0.8) yield { personId, event: { ...later, type: "track", event: "Order Completed", properties } }
        else if (outcome < 0.95) yield { personId, event: { ...later, type: "track", event: "Order Cancelled", properties: { orderId } } }
        i++
      } else if (roll < 0.6) yield { personId, event: { ...base, type: "page", properties: { url: "https://shop.vn/" } } }
      else if (roll < 0.7) yield { personId, event: { ...base, type: "track", event: "Campaign Joined", properties: { campaignId: pick(["c1", "c2", "c3"]) } } }
      else if (roll < 0.85) yield { personId, event: { ...base, type: "track", event: pick(["Message Delivered", "Message Clicked", "Message Read"]), properties: { deliveryId: `d-${id}`, channel: "zalo" } } }
      else if (roll < 0.9) yield { personId, event: { ...base, type: "track", event: "Minigame Played", properties: { gameId: pick(["g1", "g2"]), plays: 1 + Math.floor(random() * 3) } } }
      else if (roll < 0.95) yield { personId, event: { ...base, type: "track", event: "Points Earned", properties: { points: 10 } } }
      else yield { personId, event: { ...base, type: "identify", traits: { phone: `09${String(p).padStart(8, "0")}` } } }
    }
  }
}

const setup = async (): Promise<Data> => {
  let testkit: TestkitModule | undefined
  try {
    testkit = (await import("@kith/testkit")) as unknown as TestkitModule
  } catch {
    testkit = undefined
  }
  if (testkit !== undefined && typeof testkit.generateShop === "function") {
    // At activity 2.1 a shop of 100,000 people has a little over 1,000,000
    // events; the first million (chronologically) are kept.
    const shop = testkit.generateShop({ seed: 20261123, people: 100_000, activity: 2.1 })
    const encoded = (function* () {
      for (const { record, event } of shop.events()) yield { personId: record.personId, event }
    })()
    return groupByPerson(decodeAll(encoded, TARGET_EVENTS), "testkit")
  }
  return groupByPerson(decodeAll(fallbackShop(100_000), TARGET_EVENTS), "fallback")
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
      if (o.at < m.first) (m.first = o.at), (m.firstProduct = o.products[0]?.productId ?? "")
      if (o.at > m.last) (m.last = o.at), (m.lastProduct = o.products[0]?.productId ?? "")
      for (const line of o.products) {
        m.items += line.quantity
        quantities.set(line.productId, (quantities.get(line.productId) ?? 0) + line.quantity)
      }
    }
    let mostBought = ""
    let most = 0
    for (const [productId, quantity] of quantities) if (quantity > most) (most = quantity), (mostBought = productId)
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
    console.error(`profile.summarize: ${data.events} events of ${data.profiles.length} profiles (${data.source})`)
    const [a, b] = [summarizeAndMeasure(data), baselineLoop(data)]
    if (a !== b) console.error(`profile.summarize: total spend differs (summaries ${a}, baseline ${b}): the baseline ignores returns`)
    return data
  },
  run: summarizeAndMeasure,
  baseline: baselineLoop,
  // More repetitions than the default: the machine is shared and medians of 5 swing.
  repeat: 9,
  targetRatio: 1.5
})
