import { type KithEvent, decodeEventResult } from "@kith/core"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { type SegmentRule, decodeRuleResult, evaluate, nextChange, segmentInputsOf, segmentTemplate } from "@kith/segments"

// Scenario tests as data (Dittofeed's style): a rule, then steps — events
// the profile sends, time moving on, and what must hold at that time.

type Step =
  | { readonly submit: ReadonlyArray<Record<string, unknown>> }
  | { readonly at: string }
  | { readonly expect: "member" | "not member" }
  | { readonly nextChangeAt: string | null }

interface Scenario {
  readonly name: string
  readonly rule: unknown
  readonly timeZone?: string
  readonly steps: ReadonlyArray<Step>
}

const completed = (orderId: string, timestamp: string, total = 300_000) => ({
  type: "track",
  event: "Order Completed",
  timestamp,
  properties: { orderId, currency: "VND", total, products: [{ productId: "p-1", quantity: 1, price: total }] }
})
const placed = (orderId: string, timestamp: string, total = 300_000) => ({ ...completed(orderId, timestamp, total), event: "Order Placed" })
const cancelled = (orderId: string, timestamp: string) => ({ type: "track", event: "Order Cancelled", timestamp, properties: { orderId } })
const simple = (event: string, timestamp: string, properties: Record<string, unknown> = {}, context?: Record<string, unknown>) => ({
  type: "track",
  event,
  timestamp,
  properties,
  ...(context === undefined ? {} : { context })
})

const scenarios: ReadonlyArray<Scenario> = [
  {
    name: "bought in the last 30 days: exits at the local midnight the purchase leaves the window",
    rule: { version: 1, rule: { kind: "orders", during: { withinLastDays: 30 }, count: { min: 1 } } },
    steps: [
      { at: "2025-05-01T09:00:00+07:00" },
      { expect: "not member" },
      { nextChangeAt: null },
      { submit: [completed("SO-1", "2025-05-01T22:15:00+07:00")] },
      { at: "2025-05-01T22:15:00+07:00" },
      { expect: "member" },
      { nextChangeAt: "2025-05-31T00:00:00+07:00" },
      { at: "2025-05-30T23:59:59.999+07:00" },
      { expect: "member" },
      { at: "2025-05-31T00:00:00+07:00" },
      { expect: "not member" },
      { nextChangeAt: null }
    ]
  },
  {
    name: "a placed order counts once completed, and not once cancelled",
    rule: { version: 1, rule: { kind: "orders", during: { withinLastDays: 7 }, count: { min: 1 } } },
    steps: [
      { submit: [placed("SO-1", "2025-05-01T10:00:00+07:00")] },
      { at: "2025-05-02T10:00:00+07:00" },
      { expect: "not member" },
      { submit: [completed("SO-1", "2025-05-03T08:00:00+07:00")] },
      { at: "2025-05-03T08:00:00+07:00" },
      { expect: "member" },
      { nextChangeAt: "2025-05-08T00:00:00+07:00" },
      { submit: [cancelled("SO-1", "2025-05-04T09:00:00+07:00")] },
      { at: "2025-05-04T09:00:00+07:00" },
      { expect: "not member" }
    ]
  },
  {
    name: "an event known before it happens (a scheduled completion) is the next change",
    rule: { version: 1, rule: { kind: "orders", count: { min: 1 } } },
    steps: [
      { submit: [placed("SO-1", "2025-05-01T10:00:00+07:00"), completed("SO-1", "2025-05-05T15:30:00+07:00")] },
      { at: "2025-05-02T00:00:00+07:00" },
      { expect: "not member" },
      { nextChangeAt: "2025-05-05T15:30:00+07:00" }
    ]
  },
  {
    name: "the seller's new followers: in on follow, out on unfollow, out again 30 days after a re-follow",
    rule: { template: "new_followers" },
    steps: [
      { submit: [simple("Followed", "2025-03-10T20:00:00+07:00", { channel: "zalo" })] },
      { at: "2025-03-10T20:00:00+07:00" },
      { expect: "member" },
      { nextChangeAt: "2025-04-09T00:00:00+07:00" },
      { submit: [simple("Unfollowed", "2025-03-12T08:00:00+07:00", { channel: "zalo" })] },
      { at: "2025-03-12T08:00:00+07:00" },
      { expect: "not member" },
      { submit: [simple("Followed", "2025-03-20T08:00:00+07:00", { channel: "zalo" })] },
      { at: "2025-04-10T08:00:00+07:00" },
      { expect: "member" },
      { nextChangeAt: "2025-04-19T00:00:00+07:00" }
    ]
  },
  {
    name: "the seller's potential new customers leave once they buy",
    rule: { template: "potential_new" },
    steps: [
      { submit: [simple("Product Added", "2025-06-01T21:00:00+07:00", { productId: "p-1" })] },
      { at: "2025-06-02T09:00:00+07:00" },
      { expect: "member" },
      { nextChangeAt: "2025-07-01T00:00:00+07:00" },
      { submit: [completed("SO-9", "2025-06-03T10:00:00+07:00")] },
      { at: "2025-06-03T10:00:00+07:00" },
      { expect: "not member" }
    ]
  },
  {
    name: "the seller's lapsed buyers: in 90 days after the last purchase, out at 365",
    rule: { template: "lapsed" },
    steps: [
      { submit: [completed("SO-1", "2024-06-15T12:00:00+07:00")] },
      { at: "2024-09-12T23:59:59+07:00" },
      { expect: "not member" },
      { nextChangeAt: "2024-09-13T00:00:00+07:00" },
      { at: "2024-09-13T00:00:00+07:00" },
      { expect: "member" },
      { nextChangeAt: "2025-06-15T00:00:00+07:00" }
    ]
  },
  {
    name: "windows follow the workspace timezone (New York, across the end of DST)",
    timeZone: "America/New_York",
    rule: { version: 1, rule: { kind: "activity", of: ["product_viewed"], during: { withinLastDays: 2 } } },
    steps: [
      { submit: [simple("Product Viewed", "2025-11-01T23:30:00-04:00", { productId: "p-1" })] },
      { at: "2025-11-02T12:00:00-05:00" },
      { expect: "member" },
      { nextChangeAt: "2025-11-03T00:00:00-05:00" }
    ]
  },
  {
    name: "birthday within the next 7 days, around the new year",
    rule: { version: 1, rule: { kind: "birthday", withinNextDays: 7 } },
    steps: [
      { submit: [{ type: "identify", timestamp: "2024-01-01T00:00:00+07:00", traits: { birthday: "03/01/1990" } }] },
      { at: "2024-12-27T12:00:00+07:00" },
      { expect: "not member" },
      { nextChangeAt: "2024-12-28T00:00:00+07:00" },
      { at: "2024-12-28T00:00:00+07:00" },
      { expect: "member" },
      { nextChangeAt: "2025-01-04T00:00:00+07:00" }
    ]
  }
]

let counter = 0
const decode = (raw: Record<string, unknown>): KithEvent => {
  const decoded = decodeEventResult({ messageId: `s-${++counter}`, userId: "u-1", ...raw })
  if (Result.isFailure(decoded)) throw new Error(decoded.failure.message)
  return decoded.success
}

const ruleOf = (raw: unknown): SegmentRule => {
  if (typeof raw === "object" && raw !== null && "template" in raw) return segmentTemplate((raw as { readonly template: string }).template).rule()
  const decoded = decodeRuleResult(raw)
  if (Result.isFailure(decoded)) throw new Error(decoded.failure.message)
  return decoded.success
}

describe("segment scenarios", () => {
  it.each(scenarios)("$name", (scenario) => {
    const rule = ruleOf(scenario.rule)
    const timeZone = scenario.timeZone ?? "Asia/Ho_Chi_Minh"
    const context = { timeZone, currency: "VND" }
    const events: Array<KithEvent> = []
    let asOf = new Date("2000-01-01T00:00:00Z")
    const inputs = () => segmentInputsOf({ profileId: "p-1", events }, { asOf, timeZone, currency: "VND" })
    scenario.steps.forEach((step, i) => {
      const where = `step ${i}: ${JSON.stringify(step)}`
      if ("submit" in step) events.push(...step.submit.map(decode))
      else if ("at" in step) asOf = new Date(step.at)
      else if ("expect" in step) expect(evaluate(rule, inputs(), { asOf, context }) ? "member" : "not member", where).toBe(step.expect)
      else expect(nextChange(rule, inputs(), { asOf, context })?.toISOString() ?? null, where).toBe(step.nextChangeAt === null ? null : new Date(step.nextChangeAt).toISOString())
    })
  })
})
