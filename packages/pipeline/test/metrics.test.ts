// Metrics and funnel (PIPE-5): the README's definitions on a worked example,
// and properties (the parts add up; a past period never moves).
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  assign,
  createLead,
  createOpportunity,
  funnel,
  type Lead,
  moveLead,
  moveOpportunity,
  type Opportunity,
  type OpportunityMove,
  pipelineMetrics
} from "../src/index.js"
import { DAY, HOUR, ok, staff, T0 } from "./helpers.js"

const march = { from: new Date("2025-03-01T00:00:00+07:00"), to: new Date("2025-04-01T00:00:00+07:00") }

describe("pipeline metrics (worked example)", () => {
  const manager = staff("s-manager")
  const opp = (id: string, profileId: string, created: string, assignee: string | null, cartValue: number) =>
    ok(createOpportunity({ id, profileId, originRecordId: id, at: created, actor: manager, cartValue, ...(assignee === null ? {} : { assignee }) }))
  const won = ok(moveOpportunity(opp("o-1", "p-1", "2025-03-02T09:00:00+07:00", "s-lan", 300_000), { action: "win", orderId: "SO-1", value: 280_000 }, { at: "2025-03-04T09:00:00+07:00", actor: manager }))
  const lost = ok(moveOpportunity(opp("o-2", "p-2", "2025-03-03T09:00:00+07:00", "s-lan", 150_000), { action: "lose", lostReason: "abandoned_checkout" }, { at: "2025-03-06T09:00:00+07:00", actor: manager }))
  const working = ok(moveOpportunity(opp("o-3", "p-1", "2025-03-10T09:00:00+07:00", "s-minh", 90_000), { action: "start" }, { at: "2025-03-10T10:00:00+07:00", actor: manager }))
  // Won in April: in March's figures it is still open, and assigned to Minh (reassigned in April).
  const wonLater = ok(
    moveOpportunity(
      ok(assign(opp("o-4", "p-4", "2025-03-20T09:00:00+07:00", "s-minh", 500_000), "s-lan", { at: "2025-04-02T09:00:00+07:00", actor: manager })),
      { action: "win", orderId: "SO-4", value: 500_000 },
      { at: "2025-04-03T09:00:00+07:00", actor: manager }
    )
  )
  const february = opp("o-0", "p-0", "2025-02-27T09:00:00+07:00", "s-lan", 1_000)
  const lead = (id: string, profileId: string, created: string, source: Lead["source"]) => ok(createLead({ id, profileId, originRecordId: id, source, at: created, actor: manager }))
  const closedLead = ok(
    moveLead(
      ok(moveLead(ok(moveLead(ok(assign(lead("l-1", "p-5", "2025-03-05T09:00:00+07:00", "website_form"), "s-lan", { at: "2025-03-05T09:01:00+07:00", actor: manager })), "receive", { at: "2025-03-05T10:00:00+07:00", actor: manager })), "process", { at: "2025-03-05T11:00:00+07:00", actor: manager })),
      "close",
      { at: "2025-03-05T12:00:00+07:00", actor: manager }
    )
  )
  const spam = ok(moveLead(lead("l-2", "p-6", "2025-03-07T09:00:00+07:00", "chatbot_form"), "mark_spam", { at: "2025-03-07T09:10:00+07:00", actor: manager }))
  const metrics = pipelineMetrics({ leads: [closedLead, spam], opportunities: [won, lost, working, wonLater, february] }, march)

  it("counts the period's opportunities by their status at the end of it", () => {
    expect(metrics.opportunities).toEqual({
      total: 4,
      open: 1,
      inProgress: 1,
      won: 1,
      lost: 1,
      closeRate: 0.25,
      value: { open: { VND: 500_000 }, in_progress: { VND: 90_000 }, won: { VND: 280_000 }, lost: { VND: 150_000 } }
    })
  })

  it("counts the period's leads by status and source", () => {
    expect(metrics.leads.total).toBe(2)
    expect(metrics.leads.byStatus).toEqual({ draft: 0, new: 0, received: 0, processed: 0, closed: 1, spam: 1 })
    expect(metrics.leads.bySource).toMatchObject({ website_form: 1, chatbot_form: 1, manual: 0 })
  })

  it("attributes work to the assignee at the end of the period", () => {
    expect(metrics.assignees).toEqual([
      { staffId: "s-lan", customers: 3, leads: 1, leadsClosed: 1, opportunities: 2, won: 1, lost: 1, closeRate: 0.5, wonValue: { VND: 280_000 } },
      { staffId: "s-minh", customers: 2, leads: 0, leadsClosed: 0, opportunities: 2, won: 0, lost: 0, closeRate: 0, wonValue: {} },
      { staffId: null, customers: 1, leads: 1, leadsClosed: 0, opportunities: 0, won: 0, lost: 0, closeRate: null, wonValue: {} }
    ])
  })

  it("the funnel counts customers who reached each stage or a later one", () => {
    const steps = funnel({ visitors: ["p-1", "p-2", "p-7", "p-8"] as never, buyers: ["p-9"] as never, leads: [closedLead, spam], opportunities: [won, lost, working, wonLater, february] }, march)
    // buyers: p-9 (order) and p-1 (won o-1); o-4 was won in April.
    // opportunity: + p-2, p-4; lead: + p-5 (spam lead p-6 is not a lead); visitor: + p-7, p-8.
    expect(steps).toEqual([
      { stage: "visitor", customers: 7, conversion: null },
      { stage: "lead", customers: 5, conversion: 5 / 7 },
      { stage: "opportunity", customers: 4, conversion: 0.8 },
      { stage: "buyer", customers: 2, conversion: 0.5 }
    ])
  })
})

// Random items with random histories, to state the laws.
const arbOpportunityPlan = fc.record({
  createdHours: fc.integer({ min: 0, max: 60 * 24 }),
  assignee: fc.constantFrom<string | null>(null, "s-1", "s-2"),
  cart: fc.integer({ min: 0, max: 1_000_000 }),
  moves: fc.array(fc.tuple(fc.integer({ min: 1, max: 400 }), fc.constantFrom<OpportunityMove>({ action: "start" }, { action: "win", orderId: "SO-1" }, { action: "lose", lostReason: "other" }, { action: "reopen" })), { maxLength: 5 })
})

type OpportunityPlan = typeof arbOpportunityPlan extends fc.Arbitrary<infer P> ? P : never

const build = (plan: OpportunityPlan, i: number): Opportunity => {
  let o = ok(createOpportunity({ id: `o-${i}`, profileId: `p-${i % 5}`, originRecordId: `r-${i}`, at: new Date(T0 + plan.createdHours * HOUR), actor: staff("s-m"), cartValue: plan.cart, ...(plan.assignee === null ? {} : { assignee: plan.assignee }) }))
  let t = o.createdAt.getTime()
  for (const [hours, move] of plan.moves) {
    t += hours * HOUR
    const moved = moveOpportunity(o, move, { at: new Date(t), actor: staff("s-m") })
    if (moved._tag === "Success") o = moved.success
  }
  return o
}

describe("pipeline metrics (properties)", () => {
  it("the parts add up: statuses, assignees and values", () => {
    fc.assert(
      fc.property(fc.array(arbOpportunityPlan, { maxLength: 30 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 60 }), (plans, fromDay, days) => {
        const opportunities = plans.map(build)
        const period = { from: new Date(T0 + fromDay * DAY), to: new Date(T0 + (fromDay + days) * DAY) }
        const m = pipelineMetrics({ leads: [], opportunities }, period)
        const o = m.opportunities
        expect(o.open + o.inProgress + o.won + o.lost).toBe(o.total)
        expect(o.total).toBe(opportunities.filter((x) => x.createdAt >= period.from && x.createdAt < period.to).length)
        expect(m.assignees.reduce((s, a) => s + a.opportunities, 0)).toBe(o.total)
        expect(m.assignees.reduce((s, a) => s + a.won, 0)).toBe(o.won)
        expect(m.assignees.reduce((s, a) => s + (a.wonValue["VND"] ?? 0), 0)).toBe(o.value.won["VND"] ?? 0)
      })
    )
  })

  it("a past period never moves: later changes leave its figures as they were", () => {
    fc.assert(
      fc.property(fc.array(arbOpportunityPlan, { maxLength: 20 }), fc.array(fc.tuple(fc.nat(19), fc.constantFrom<OpportunityMove>({ action: "start" }, { action: "win" }, { action: "lose", lostReason: "cancelled" }, { action: "reopen" })), { maxLength: 20 }), (plans, later) => {
        let opportunities = plans.map(build)
        const to = new Date(Math.max(T0, ...opportunities.flatMap((o) => o.history.map((c) => c.at.getTime()))) + HOUR)
        const period = { from: new Date(T0), to }
        const before = pipelineMetrics({ leads: [], opportunities }, period)
        later.forEach(([index, move], k) => {
          const target = opportunities[index]
          if (target === undefined) return
          const moved = moveOpportunity(target, move, { at: new Date(to.getTime() + k * HOUR), actor: staff("s-m") })
          if (moved._tag === "Success") opportunities = opportunities.map((o) => (o.id === target.id ? moved.success : o))
        })
        expect(pipelineMetrics({ leads: [], opportunities }, period)).toEqual(before)
      })
    )
  })

  it("funnel stages are nested: each holds the next, conversions between 0 and 1", () => {
    fc.assert(
      fc.property(fc.array(arbOpportunityPlan, { maxLength: 20 }), fc.subarray(["p-0", "p-1", "p-2", "p-7"]), fc.subarray(["p-3", "p-8"]), (plans, visitors, buyers) => {
        const steps = funnel({ visitors: visitors as never, buyers: buyers as never, leads: [], opportunities: plans.map(build) }, { from: new Date(T0), to: new Date(T0 + 30 * DAY) })
        for (let i = 1; i < steps.length; i++) {
          expect(steps[i]!.customers).toBeLessThanOrEqual(steps[i - 1]!.customers)
          if (steps[i]!.conversion !== null) expect(steps[i]!.conversion).toBeGreaterThanOrEqual(0)
        }
      })
    )
  })
})
