// A server that embeds kith for months must hold steady memory: what the domain code keeps between calls
// (the zoned clock's caches, scratch state) is bounded, whatever the volume and time span of the events.
import { decodeEventResult, type KithEvent } from "@kith/core"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { heapAfterCollection } from "../../../test/support/heap.js"
import { makeSummarizer, type ProfileSummary, profile360, purchaseMetrics, summaryToJson, timelinePage, workspaceSummaryOf } from "../src/index.js"

const PEOPLE = 50
const EVENTS_PER_ROUND = 12_000
const SLOT_MS = 15 * 60_000

// One round of a shop's traffic in year 2001 + round: every event in its own quarter hour, so a cache keyed
// by time sees new keys all the time, as a host does over the months.
const roundOf = (round: number): Array<KithEvent> => {
  const start = Date.UTC(2001 + round, 0, 1)
  const out: Array<KithEvent> = []
  for (let i = 0; i < EVENTS_PER_ROUND; i++) {
    const person = i % PEOPLE
    const turn = Math.floor(i / PEOPLE)
    const timestamp = new Date(start + i * SLOT_MS + 7 * 60_000).toISOString()
    const envelope = { messageId: `m-${round}-${i}`, timestamp, anonymousId: `c-${person}` }
    const input =
      turn % 4 === 0
        ? { type: "track", ...envelope, event: "Order Completed", properties: { orderId: `o-${round}-${i}`, currency: "VND", total: 100_000, products: [{ productId: `p-${i % 7}`, quantity: 1, price: 100_000 }] } }
        : { type: "track", ...envelope, event: "Campaign Joined", properties: { campaignId: `camp-${i % 3}` } }
    const decoded = decodeEventResult(input)
    if (Result.isFailure(decoded)) throw new Error(decoded.failure.message)
    out.push(decoded.success)
  }
  return out
}

// Ingests a round (summaries per person) and reads every profile: Profile 360 and a timeline page.
const ingestAndRead = (round: number): void => {
  const summarizer = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" })
  const events = roundOf(round)
  const byPerson = summarizer.summarizeBy(events, (e) => (e as { anonymousId: string }).anonymousId, (e) => e)
  const workspace = workspaceSummaryOf([...byPerson.values()])
  const asOf = new Date(Date.UTC(2002 + round, 0, 1))
  for (const [profileId, summary] of byPerson) {
    const view = profile360({ profileId, summary, workspace, asOf })
    if (view.purchases.successfulOrders === 0) throw new Error("every person bought something")
  }
  const page = timelinePage(events.slice(0, 500), { limit: 20, asOf })
  if (Result.isFailure(page)) throw new Error(page.failure.message)
}

describe("steady memory in a long-running host", () => {
  it("keeps heap growth under 1 MB over 10 rounds of 12,000 events after warm-up (soak)", () => {
    const warmUp = 2
    const rounds = 12
    let settled = 0
    const heap: Array<number> = []
    for (let round = 0; round < rounds; round++) {
      ingestAndRead(round)
      const used = heapAfterCollection()
      heap.push(used)
      if (round === warmUp - 1) settled = used
    }
    // Each round's events and summaries are garbage once it ends; what stays is what the code keeps. Before the
    // caches were bounded, every quarter hour ever seen stayed (≈ 35,000 entries per year of data).
    const growth = heap[rounds - 1]! - settled
    expect(growth, `heap after each round (MB): ${heap.map((h) => (h / 1e6).toFixed(2)).join(", ")}`).toBeLessThan(1_000_000)
  })
})

describe("purchaseMetrics keeps no shared scratch state", () => {
  it("gives the same metrics when called again from inside a call (a summary whose orders compute others' metrics)", () => {
    const options = { asOf: new Date("2026-01-01T00:00:00Z"), timeZone: "Asia/Ho_Chi_Minh", currency: "VND" }
    const summarizer = makeSummarizer({ timeZone: options.timeZone })
    const mine = summarizer.summarize(roundOf(0).filter((e) => (e as { anonymousId: string }).anonymousId === "c-0").slice(0, 40))
    // Someone else's orders, in another currency and with other amounts, so a shared scratch would show.
    const theirs = summarizer.summarize(
      [1, 2, 3].map((n) => {
        const input = {
          type: "track", messageId: `t-${n}`, timestamp: `2025-0${n}-01T00:00:00Z`, anonymousId: "c-other", event: "Order Completed",
          properties: { orderId: `t-${n}`, currency: "USD", total: 999 * n, paid: 1, products: [{ productId: `q-${n}`, quantity: 3, price: 333 * n }] }
        }
        const decoded = decodeEventResult(input)
        if (Result.isFailure(decoded)) throw new Error(decoded.failure.message)
        return decoded.success
      })
    )
    const expected = purchaseMetrics(mine, options)
    // Order lines whose iteration computes another profile's metrics in between (as a lazy view over a store
    // might): a call made while the first one is half-way through its orders.
    class ReentrantLines<A> extends Array<A> {
      override *[Symbol.iterator](): ArrayIterator<A> {
        for (let i = 0; i < this.length; i++) {
          purchaseMetrics(theirs, options)
          yield this[i]!
        }
      }
    }
    const orders = new Map(
      [...mine.orders].map(([id, record]) => [
        id,
        record.completed === undefined ? record : { ...record, completed: { ...record.completed, products: ReentrantLines.from(record.completed.products) } }
      ])
    )
    const reentrant: ProfileSummary = { ...mine, orders }
    expect(purchaseMetrics(reentrant, options)).toEqual(expected)
  })
})

describe("the summarizer's scratch of instants", () => {
  it("gives the same summary when a fold starts inside another (an event whose getter summarizes other events)", () => {
    const summarizer = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" })
    const mine = roundOf(0).filter((e) => (e as { anonymousId: string }).anonymousId === "c-0").slice(0, 40)
    const theirs = roundOf(1).slice(0, 60)
    const expected = summaryToJson(summarizer.summarize(mine))
    // Each event's context is read after every instant of the fold is in the scratch: a fold of 60 other events
    // started there would overwrite them if it shared the scratch.
    const reentrant = mine.map((event) => {
      const context = event.context
      return Object.defineProperty({ ...event }, "context", {
        enumerable: true,
        get: () => {
          summarizer.summarize(theirs)
          return context
        }
      }) as typeof event
    })
    expect(summaryToJson(summarizer.summarize(reentrant))).toEqual(expected)
  })
})
