// Properties of the event rules over random streams of a customer's events.
import type { KithEvent } from "@kith/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { applyEvent, type CustomerPipeline, defaultPipelineRules, emptyPipeline, expireCheckouts, LeadTransitions, OpportunityTransitions } from "../src/index.js"
import { DAY, event, HOUR, MINUTE, T0 } from "./helpers.js"

const products = ["p-ao", "p-mu", "p-giay"] as const
const orders = ["SO-1", "SO-2", "SO-3"] as const

// One step of a customer's stream: what happened, and how long after the previous step.
type Action =
  | { readonly kind: "add" | "remove" | "view"; readonly product: number; readonly quantity: number }
  | { readonly kind: "checkout"; readonly order: number | null; readonly total: number }
  | { readonly kind: "placed" | "completed" | "cancelled" | "failed"; readonly order: number; readonly total: number }
  | { readonly kind: "page" | "form" | "review" | "chat" }

const arbAction: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constantFrom("add" as const, "remove" as const, "view" as const), product: fc.nat(2), quantity: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant("checkout" as const), order: fc.option(fc.nat(2), { nil: null }), total: fc.integer({ min: 0, max: 2_000_000 }) }),
  fc.record({ kind: fc.constantFrom("placed" as const, "completed" as const, "cancelled" as const, "failed" as const), order: fc.nat(2), total: fc.integer({ min: 0, max: 2_000_000 }) }),
  fc.record({ kind: fc.constantFrom("page" as const, "form" as const, "review" as const, "chat" as const) })
)

const arbGap = fc.oneof(fc.integer({ min: 0, max: 90 }).map((m) => m * MINUTE), fc.integer({ min: 1, max: 120 }).map((h) => h * HOUR))
const arbStream = fc.array(fc.tuple(arbGap, arbAction), { maxLength: 40 })

const eventOf = (action: Action, at: number, n: number): KithEvent => {
  const base = { messageId: `e-${n}`, timestamp: new Date(at).toISOString() }
  const track = (name: string, properties: Record<string, unknown>) => event({ type: "track", ...base, event: name, properties })
  const order = (i: number, total: number) => ({ orderId: orders[i], currency: "VND", total, products: [{ productId: "p-ao", quantity: 1, price: total }] })
  switch (action.kind) {
    case "add":
      return track("Product Added", { productId: products[action.product], quantity: action.quantity, price: 100_000 })
    case "remove":
      return track("Product Removed", { productId: products[action.product], quantity: action.quantity })
    case "view":
      return track("Product Viewed", { productId: products[action.product] })
    case "checkout":
      return track("Checkout Started", { currency: "VND", total: action.total, products: [{ productId: "p-ao", quantity: 1, price: action.total }], ...(action.order === null ? {} : { orderId: orders[action.order] }) })
    case "placed":
      return track("Order Placed", order(action.order, action.total))
    case "completed":
      return track("Order Completed", order(action.order, action.total))
    case "cancelled":
      return track("Order Cancelled", { orderId: orders[action.order] })
    case "failed":
      return track("Order Delivery Failed", { orderId: orders[action.order] })
    case "page":
      return event({ type: "page", ...base, properties: { url: "https://shop.vn" } })
    case "form":
      return track("Form Submitted", { formId: "lien-he", kind: "website", fields: { noi_dung: "Tư vấn" } })
    case "review":
      return track("Review Submitted", { rating: 4 })
    case "chat":
      return track("Conversation Ended", { conversationId: `c-${n}`, agent: "staff" })
  }
}

const eventsOf = (stream: ReadonlyArray<readonly [number, Action]>): Array<KithEvent> => {
  let at = T0
  return stream.map(([gap, action], n) => {
    at += gap
    return eventOf(action, at, n)
  })
}

const isLegal = (pipeline: CustomerPipeline): boolean => {
  for (const lead of pipeline.leads) {
    const statuses = lead.history.filter((c) => c.kind === "status")
    for (let i = 1; i < statuses.length; i++) {
      const c = statuses[i]!
      const rule = LeadTransitions[c.action as keyof typeof LeadTransitions]
      if (rule === undefined || !rule.from.includes(c.from!) || rule.to !== c.to || c.from !== statuses[i - 1]!.to) return false
    }
  }
  for (const o of pipeline.opportunities) {
    const statuses = o.history.filter((c) => c.kind === "status")
    for (let i = 1; i < statuses.length; i++) {
      const c = statuses[i]!
      const rule = OpportunityTransitions[c.action as keyof typeof OpportunityTransitions]
      if (rule === undefined || !rule.from.includes(c.from!) || c.from !== statuses[i - 1]!.to) return false
    }
    for (let i = 1; i < o.history.length; i++) if (o.history[i]!.at.getTime() < o.history[i - 1]!.at.getTime()) return false
    if (o.status === "won" && (o.wonOrderId === null || !o.orderIds.includes(o.wonOrderId))) return false
  }
  return true
}

describe("event rules (properties)", () => {
  it("any stream in time order keeps every history legal, and at most one opportunity open", () => {
    const seen = new Set<string>()
    fc.assert(
      fc.property(arbStream, (stream) => {
        let pipeline = emptyPipeline("p-1")
        for (const e of eventsOf(stream)) {
          const before = pipeline
          pipeline = applyEvent(pipeline, e).pipeline
          expect(isLegal(pipeline)).toBe(true)
          // A row that changed has a higher version (a store's compare-and-set sees it); a new one starts at 1.
          for (const o of pipeline.opportunities) {
            const old = before.opportunities.find((x) => x.id === o.id)
            if (old === undefined) expect(o.version).toBe(1)
            else if (old !== o) expect(o.version).toBeGreaterThan(old.version)
          }
          expect(pipeline.opportunities.filter((o) => o.status === "open" || o.status === "in_progress").length).toBeLessThanOrEqual(1)
        }
        for (const o of pipeline.opportunities) seen.add(o.lostReason ?? o.status)
        if (pipeline.leads.some((l) => l.submissions > 1)) seen.add("resubmitted")
      })
    )
    // The streams reach every ending, so the property is not vacuous.
    expect([...seen].sort()).toEqual(["abandoned_checkout", "cancelled", "delivery_failed", "open", "resubmitted", "won"])
  })

  it("when a sweep runs does not matter: sweeping at any instants between events gives the same pipeline", () => {
    fc.assert(
      fc.property(arbStream, fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 40, maxLength: 40 }), (stream, sweeps, where) => {
        const events = eventsOf(stream)
        const end = new Date((events.at(-1)?.timestamp.getTime() ?? T0) + 10 * DAY)
        let plain = emptyPipeline("p-1")
        let swept = emptyPipeline("p-1")
        events.forEach((e, i) => {
          plain = applyEvent(plain, e).pipeline
          swept = applyEvent(swept, e).pipeline
          const next = events[i + 1]?.timestamp.getTime() ?? end.getTime()
          if (sweeps[i] === true) swept = expireCheckouts(swept, { asOf: new Date(e.timestamp.getTime() + Math.floor((next - e.timestamp.getTime()) * where[i]!)) }).pipeline
        })
        expect(expireCheckouts(swept, { asOf: end }).pipeline).toEqual(expireCheckouts(plain, { asOf: end }).pipeline)
      })
    )
  })

  it("an abandoned checkout is lost exactly N local days after the checkout started", () => {
    fc.assert(
      fc.property(arbStream, (stream) => {
        let pipeline = emptyPipeline("p-1")
        for (const e of eventsOf(stream)) pipeline = applyEvent(pipeline, e).pipeline
        pipeline = expireCheckouts(pipeline, { asOf: new Date(T0 + 400 * DAY) }).pipeline
        for (const o of pipeline.opportunities) {
          if (o.lostReason !== "abandoned_checkout") continue
          // Asia/Ho_Chi_Minh keeps one offset, so 3 local days are 72 hours.
          expect(o.closedAt!.getTime() - o.checkoutStartedAt!.getTime()).toBe((defaultPipelineRules.opportunities.abandonedCheckoutDays ?? 0) * DAY)
          expect(o.orderPlacedAt === null || o.orderPlacedAt.getTime() < o.checkoutStartedAt!.getTime()).toBe(true)
        }
        expect(pipeline.opportunities.every((o) => o.status !== "open" || o.checkoutStartedAt === null || (o.orderPlacedAt?.getTime() ?? -1) >= o.checkoutStartedAt.getTime())).toBe(true)
      })
    )
  })
})
