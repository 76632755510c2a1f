import { type KithEvent, decodeEventResult } from "@kith/core"
import { type RfmLabel, makeSummarizer, purchaseMetrics, rfmScores } from "@kith/profile"
import { generateShop } from "@kith/testkit"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  type SegmentInputs,
  compileRule,
  customerTypeTemplates,
  decodeRuleResult,
  rfmCutoffs,
  rfmTemplates,
  segmentInputsOf,
  segmentTemplate,
  segmentTemplates,
  sellerTemplates,
  templateRuleResult
} from "@kith/segments"

// Every template on a testkit shop: its members must be exactly the people
// its written definition names, computed here from the raw events by plain
// code that shares nothing with the engine (no rows, no windows helpers).

const TZ = "Asia/Ho_Chi_Minh"
const OFFSET = 7 * 3_600_000 // Vietnam has no daylight saving time
const DAY = 86_400_000
const localDay = (ms: number) => Math.floor((ms + OFFSET) / DAY)
const startOfLocalDay = (day: number) => day * DAY - OFFSET

interface Person {
  readonly id: string
  readonly events: ReadonlyArray<KithEvent>
}

const shop = generateShop({ seed: 2024, people: 3_000 })
const people: Array<Person> = (() => {
  const byPerson = new Map<string, Array<KithEvent>>()
  for (const { record, event } of shop.events()) {
    const decoded = decodeEventResult(event)
    if (Result.isFailure(decoded)) throw new Error(decoded.failure.message)
    const list = byPerson.get(record.personId) ?? []
    list.push(decoded.success)
    byPerson.set(record.personId, list)
  }
  return [...byPerson].map(([id, events]) => ({ id, events }))
})()

type Props = Record<string, unknown>
const props = (e: KithEvent): Props => (e.type === "track" ? ((e.properties ?? {}) as Props) : {})
const nameOf = (e: KithEvent): string | undefined => (e.type === "track" ? e.event : undefined)
const time = (e: KithEvent) => e.timestamp.getTime()

// ---- The written definitions, by hand -------------------------------------

interface PlainOrder {
  placed: number
  completed: number
  failed: number
  first: number
}

const successfulOrderTimes = (person: Person, asOf: number): Array<number> => {
  const orders = new Map<string, PlainOrder>()
  for (const e of person.events) {
    const name = nameOf(e)
    if (name === undefined || !name.startsWith("Order ")) continue
    const id = props(e)["orderId"] as string
    const o = orders.get(id) ?? { placed: Infinity, completed: Infinity, failed: Infinity, first: Infinity }
    const t = time(e)
    o.first = Math.min(o.first, t)
    if (name === "Order Placed") o.placed = Math.min(o.placed, t)
    if (name === "Order Completed") o.completed = Math.min(o.completed, t)
    if (name === "Order Cancelled" || name === "Order Delivery Failed") o.failed = Math.min(o.failed, t)
    orders.set(id, o)
  }
  const out: Array<number> = []
  for (const o of orders.values()) {
    const purchased = Math.min(o.placed, o.completed) === Infinity ? o.first : Math.min(o.placed, o.completed)
    if (purchased <= asOf && o.completed <= asOf && !(o.failed <= asOf)) out.push(purchased)
  }
  return out
}

interface Window {
  readonly asOf: number
  /** Start of the last `n` local days, today included. */
  readonly since: (n: number) => number
}
const windowAt = (asOf: number): Window => ({ asOf, since: (n) => startOfLocalDay(localDay(asOf) - n + 1) })

const within = (t: number, w: Window, n: number) => t >= w.since(n) && t <= w.asOf
const happened = (person: Person, w: Window, n: number, test: (e: KithEvent) => boolean) => person.events.some((e) => within(time(e), w, n) && test(e))

const follows = (person: Person, w: Window, sinceDays?: number): boolean => {
  const channelOf = (e: KithEvent) => (props(e)["channel"] as string | undefined) ?? e.context?.channel ?? null
  const lastUnfollow = new Map<string | null, number>()
  for (const e of person.events) {
    if (nameOf(e) === "Unfollowed" && time(e) <= w.asOf) lastUnfollow.set(channelOf(e), Math.max(lastUnfollow.get(channelOf(e)) ?? -Infinity, time(e)))
  }
  const since = new Map<string | null, number>()
  for (const e of person.events) {
    if (nameOf(e) !== "Followed" || time(e) > w.asOf || time(e) <= (lastUnfollow.get(channelOf(e)) ?? -Infinity)) continue
    since.set(channelOf(e), Math.min(since.get(channelOf(e)) ?? Infinity, time(e)))
  }
  return [...since.values()].some((t) => sinceDays === undefined || t >= w.since(sinceDays))
}

const complained = (person: Person, w: Window, days: number) =>
  happened(person, w, days, (e) => {
    const p = props(e)
    return (
      (nameOf(e) === "Ticket Opened" && p["kind"] === "complaint") ||
      (nameOf(e) === "Conversation Ended" && typeof p["csat"] === "number" && p["csat"] <= 2) ||
      (nameOf(e) === "Review Submitted" && typeof p["rating"] === "number" && p["rating"] <= 2)
    )
  })

const leftContact = (person: Person, asOf: number) =>
  person.events.some((e) => {
    if (time(e) > asOf) return false
    if (nameOf(e) === "Form Submitted") return true
    if (e.type !== "identify" || e.traits === undefined) return false
    const t = e.traits
    return t.phone !== undefined || t.email !== undefined || (t.otherPhones?.length ?? 0) > 0 || (t.otherEmails?.length ?? 0) > 0
  })

// Anything the person did: a page, or a track event that is not an order,
// points movement, or the shop's own sending of a message.
const didSomething = (e: KithEvent) => {
  if (e.type === "page") return true
  const name = nameOf(e)
  return name !== undefined && !name.startsWith("Order ") && !name.startsWith("Points ") && name !== "Message Sent" && name !== "Message Delivered"
}

const INTERACTIONS = new Set(["Live Viewed", "Live Product Clicked", "Video Product Viewed", "Video Product Liked", "Video Product Clicked", "Product Viewed"])

const definitions: Record<string, (person: Person, w: Window) => boolean> = {
  potential_new: (p, w) =>
    successfulOrderTimes(p, w.asOf).length === 0 && happened(p, w, 30, (e) => nameOf(e) === "Product Added" || nameOf(e) === "Product Favorited"),
  recent: (p, w) => {
    const times = successfulOrderTimes(p, w.asOf)
    return times.length > 0 && within(Math.min(...times), w, 30)
  },
  repeat: (p, w) => {
    const times = successfulOrderTimes(p, w.asOf)
    return times.some((t) => within(t, w, 30)) && Math.min(...times) < w.since(30)
  },
  regular: (p, w) => successfulOrderTimes(p, w.asOf).filter((t) => within(t, w, 90)).length >= 2,
  lapsed: (p, w) => {
    const times = successfulOrderTimes(p, w.asOf)
    const last = Math.max(...times)
    return times.length > 0 && last >= w.since(365) && last < w.since(90)
  },
  new_followers: (p, w) => follows(p, w, 30),
  active_followers: (p, w) => follows(p, w) && happened(p, w, 30, (e) => INTERACTIONS.has(nameOf(e) ?? "")),
  customer_potential: (p, w) => successfulOrderTimes(p, w.asOf).length === 0 && leftContact(p, w.asOf) && happened(p, w, 30, didSomething),
  customer_new: (p, w) => {
    const times = successfulOrderTimes(p, w.asOf)
    return times.length === 1 && within(times[0] as number, w, 30)
  },
  customer_loyal: (p, w) => {
    const times = successfulOrderTimes(p, w.asOf)
    return times.filter((t) => within(t, w, 365)).length >= 3 && times.some((t) => within(t, w, 90))
  },
  customer_casual: (p, w) => {
    const times = successfulOrderTimes(p, w.asOf)
    const recent = times.filter((t) => within(t, w, 365)).length
    return recent >= 1 && recent <= 2 && Math.min(...times) < w.since(30)
  },
  customer_lost: (p, w) => {
    const times = successfulOrderTimes(p, w.asOf)
    return times.length > 0 && Math.max(...times) < w.since(365)
  },
  customer_complaining: (p, w) => complained(p, w, 90),
  customer_advocate: (p, w) =>
    successfulOrderTimes(p, w.asOf).length >= 2 &&
    happened(p, w, 180, (e) => {
      const q = props(e)
      return (nameOf(e) === "Review Submitted" && (q["rating"] as number) >= 4) || (nameOf(e) === "Conversation Ended" && typeof q["csat"] === "number" && q["csat"] >= 4)
    }) &&
    !complained(p, w, 90)
}

// ---- The check -------------------------------------------------------------

const AS_OFS = [new Date("2025-03-15T12:00:00+07:00"), new Date("2025-12-31T20:00:00+07:00")]

describe.each(AS_OFS.map((asOf) => [asOf.toISOString(), asOf] as const))("templates on a testkit shop at %s (SEG-3)", (_, asOf) => {
  const w = windowAt(asOf.getTime())
  const inputs: ReadonlyArray<SegmentInputs> = people.map((p) => segmentInputsOf({ profileId: p.id, events: p.events }, { asOf, timeZone: TZ, currency: "VND" }))
  const personById = new Map(people.map((p) => [p.id, p]))

  // RFM by hand: @kith/profile's purchase metrics and scores of every buyer.
  const summarizer = makeSummarizer({ timeZone: TZ })
  const buyers = people.map((p) => {
    const m = purchaseMetrics(summarizer.summarize(p.events), { asOf, timeZone: TZ, currency: "VND" })
    return { profileId: p.id, lastPurchaseAt: m.lastPurchaseAt, successfulOrders: m.successfulOrders, totalSpend: m.totalSpend }
  })
  const labels = new Map([...rfmScores(buyers, { asOf, timeZone: TZ })].map(([id, s]) => [id, s.label]))
  const context = { timeZone: TZ, currency: "VND", rfm: rfmCutoffs(buyers, { asOf, timeZone: TZ }) }

  const members = (id: string) => {
    const compiled = compileRule(segmentTemplate(id).rule(), context)
    return inputs.filter((i) => compiled.evaluate(i, asOf)).map((i) => i.facts.profileId).sort()
  }

  it.each([...sellerTemplates, ...customerTypeTemplates].map((t) => t.id))("%s: members are exactly those its definition names", (id) => {
    const definition = definitions[id]
    if (definition === undefined) throw new Error(`no hand-written definition for ${id}`)
    const expected = people.filter((p) => definition(personById.get(p.id) as Person, w)).map((p) => p.id).sort()
    expect(members(id)).toEqual(expected)
    if (asOf === AS_OFS[1]) expect(expected.length, `${id} should have members at the end of the shop`).toBeGreaterThan(0)
  })

  it.each(rfmTemplates.map((t) => t.id))("%s: members are the buyers @kith/profile labels so", (id) => {
    const label = id.slice("rfm_".length) as RfmLabel
    const expected = people.filter((p) => labels.get(p.id) === label).map((p) => p.id).sort()
    expect(members(id)).toEqual(expected)
  })
})

describe("templates", () => {
  it("build valid rules, named and described in Vietnamese and English", () => {
    expect(segmentTemplates).toHaveLength(24)
    expect(new Set(segmentTemplates.map((t) => t.id)).size).toBe(24)
    for (const template of segmentTemplates) {
      expect(Result.isSuccess(decodeRuleResult(JSON.parse(JSON.stringify(template.rule()))))).toBe(true)
      for (const text of [template.name.vi, template.name.en, template.description.vi, template.description.en]) expect(text.length).toBeGreaterThan(2)
    }
  })

  it("take their parameters and refuse bad ones, naming each", () => {
    expect(segmentTemplate("regular").rule({ days: 60, minOrders: 3 })).toEqual({ version: 1, rule: { kind: "orders", during: { withinLastDays: 60 }, count: { min: 3 } } })
    const bad = templateRuleResult("lapsed", { days: 30, inactiveDays: 90 })
    expect(Result.isFailure(bad) && bad.failure.issues).toEqual([{ path: "inactiveDays", message: "must be less than days" }])
    const worse = templateRuleResult("regular", { days: 1.5, weeks: 2 })
    expect(Result.isFailure(worse) && worse.failure.issues).toEqual([
      { path: "weeks", message: "unknown parameter; regular takes days, minOrders" },
      { path: "days", message: "must be a whole number from 1 to 3650, got 1.5" }
    ])
    const unknown = templateRuleResult("vip")
    expect(Result.isFailure(unknown) && unknown.failure.issues[0]?.path).toBe("id")
  })
})
