// Identity merges and splits (IDN-8, IDN-9): the survivor holds both
// customers' items, and a split gives each item back by its originating record.
import type { CareStatus, ProfileId } from "@kith/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  addNote,
  applyEvent,
  type CareRecord,
  CareTransitions,
  type CustomerPipeline,
  emptyCare,
  emptyPipeline,
  mergeCare,
  mergePipelines,
  setCareStatus,
  splitCare,
  splitPipeline
} from "../src/index.js"
import { event, HOUR, MINUTE, ok, staff, T0 } from "./helpers.js"

// A customer's pipeline built from their own events (records named after the profile) and staff notes.
const arbSteps = fc.array(fc.tuple(fc.constantFrom("form", "review", "add", "checkout", "placed", "completed", "note"), fc.integer({ min: 1, max: 50 })), { maxLength: 12 })

const pipelineOf = (side: "a" | "b", steps: ReadonlyArray<readonly [string, number]>): CustomerPipeline => {
  let pipeline = emptyPipeline(`p-${side}`)
  let t = T0
  steps.forEach(([kind, gap], n) => {
    t += gap * HOUR
    const base = { type: "track", messageId: `${side}-${n}`, timestamp: new Date(t).toISOString() }
    const order = { orderId: `SO-${side}-${Math.floor(n / 3)}`, currency: "VND", total: 100_000, products: [{ productId: "p-ao", quantity: 1, price: 100_000 }] }
    const events: Record<string, Record<string, unknown>> = {
      form: { ...base, event: "Form Submitted", properties: { formId: "f", kind: "website", fields: { n: String(n) } } },
      review: { ...base, event: "Review Submitted", properties: { rating: 3 } },
      add: { ...base, event: "Product Added", properties: { productId: "p-ao", quantity: 1, price: 100_000 } },
      checkout: { ...base, event: "Checkout Started", properties: { currency: "VND", total: 100_000, products: order.products } },
      placed: { ...base, event: "Order Placed", properties: order },
      completed: { ...base, event: "Order Completed", properties: order }
    }
    if (kind === "note") {
      const lead = pipeline.leads[0]
      if (lead !== undefined) pipeline = { ...pipeline, leads: [ok(addNote(lead, { at: new Date(t), authorId: "s-1", text: `ghi chú ${n}` })), ...pipeline.leads.slice(1)] }
      return
    }
    pipeline = applyEvent(pipeline, event(events[kind]!)).pipeline
  })
  return pipeline
}

// Each record went back to the profile named by its prefix.
const sideOf = (recordId: string): ProfileId => `p-${recordId.slice(0, 1)}` as ProfileId
const withoutVersions = (p: CustomerPipeline | undefined) =>
  p === undefined ? undefined : { ...p, leads: p.leads.map(({ version: _, ...l }) => l), opportunities: p.opportunities.map(({ version: _, ...o }) => o) }

describe("merge and split of a customer's pipeline", () => {
  it("a merge keeps every item under the survivor; a split gives each back exactly (versions aside)", () => {
    fc.assert(
      fc.property(arbSteps, arbSteps, (stepsA, stepsB) => {
        const a = pipelineOf("a", stepsA)
        const b = pipelineOf("b", stepsB)
        const merged = mergePipelines(a, b)
        expect(merged.leads.length).toBe(a.leads.length + b.leads.length)
        expect(merged.opportunities.length).toBe(a.opportunities.length + b.opportunities.length)
        expect([...merged.leads, ...merged.opportunities].every((item) => item.profileId === "p-a")).toBe(true)
        const parts = splitPipeline(merged, sideOf)
        expect(withoutVersions(parts.get("p-a" as ProfileId))).toEqual(withoutVersions(a))
        expect(withoutVersions(parts.get("p-b" as ProfileId) ?? emptyPipeline("p-b"))).toEqual(withoutVersions(b))
        // Every moved item's version went up, so a writer holding the old one gets a conflict.
        for (const o of merged.opportunities.filter((x) => x.originRecordId.startsWith("b"))) expect(o.version).toBe(b.opportunities.find((x) => x.id === o.id)!.version + 1)
      })
    )
  })

  it("after a merge, events go to the survivor's most recently active open opportunity", () => {
    const at = (h: number) => new Date(T0 + h * HOUR).toISOString()
    const add = (id: string, h: number) => event({ type: "track", messageId: id, timestamp: at(h), event: "Product Added", properties: { productId: "p-ao", quantity: 1, price: 100 } })
    const a = applyEvent(emptyPipeline("p-a"), add("a-1", 0)).pipeline
    const b = applyEvent(emptyPipeline("p-b"), add("b-1", 1)).pipeline
    const merged = mergePipelines(a, b)
    expect(merged.opportunities.map((o) => o.status)).toEqual(["open", "open"])
    const next = applyEvent(merged, add("a-2", 2)).pipeline
    expect(next.opportunities.map((o) => [o.id, o.cartValue])).toEqual([
      ["opp_a-1", 100],
      ["opp_b-1", 200]
    ])
  })
})

const arbCare = (side: "a" | "b") =>
  fc.array(fc.tuple(fc.nat(5), fc.integer({ min: 1, max: 600 })), { maxLength: 10 }).map((steps) => {
    let care: CareRecord = emptyCare(`p-${side}`)
    let t = T0
    for (const [pick, gap] of steps) {
      t += gap * MINUTE
      const options = CareTransitions[care.status ?? "none"]
      const to = options[pick % options.length] as CareStatus
      care = ok(setCareStatus(care, to, { at: new Date(t), actor: staff("s-1"), recordId: `${side}-anchor` }))
    }
    return care
  })

describe("merge and split of care status", () => {
  it("a merge shows the latest judgment of either; a split gives each its own history and status back", () => {
    fc.assert(
      fc.property(arbCare("a"), arbCare("b"), (a, b) => {
        const merged = mergeCare(a, b)
        expect(merged.history.length).toBe(a.history.length + b.history.length)
        const latest = [...a.history, ...b.history].sort((x, y) => x.at.getTime() - y.at.getTime()).at(-1)
        expect(merged.status).toBe(latest?.to ?? null)
        const parts = splitCare(merged, sideOf)
        expect({ ...parts.get("p-a" as ProfileId)!, version: 0 }).toEqual({ ...a, version: 0 })
        expect({ ...(parts.get("p-b" as ProfileId) ?? emptyCare("p-b")), version: 0 }).toEqual({ ...b, version: 0 })
      })
    )
  })
})
