// cdp.leads, cdp.opportunities, cdp.care and cdp.pipeline on every engine (memory, SQLite, Postgres): the stored
// pipeline equals what @kith/pipeline computes from the same events, and staff changes go through the machines
// with optimistic concurrency.
import { decodeEventResult, type KithEvent } from "@kith/core"
import { type CdpClient, createCdp } from "@kith/cdp"
import { applyEvent, type CustomerPipeline, emptyPipeline, funnel, type Lead, type Opportunity, pipelineMetrics } from "@kith/pipeline"
import { generateShop } from "@kith/testkit"
import { Result } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { engines } from "./engines.js"
import { rejection } from "./rejection.js"

const shop = generateShop({ seed: 5, people: 120 })
const rawEvents: ReadonlyArray<Record<string, unknown>> = [...shop.events()].map((g) => g.event as Record<string, unknown>)
const decoded = new Map<string, KithEvent>(
  rawEvents.map((raw) => {
    const result = decodeEventResult(raw)
    if (Result.isFailure(result)) throw new Error(`testkit event does not decode: ${result.failure.message}`)
    return [result.success.messageId as string, result.success]
  })
)
const byTime = (a: KithEvent, b: KithEvent) => a.timestamp.getTime() - b.timestamp.getTime() || (a.messageId < b.messageId ? -1 : 1)
const sla = { clock: "calendar" as const, lead: { new: { hours: 2 } }, opportunity: { open: { hours: 48 } } }


const all = async <T>(list: (cursor: string | undefined) => Promise<{ readonly items: ReadonlyArray<T>; readonly nextCursor: string | undefined }>): Promise<Array<T>> => {
  const out: Array<T> = []
  let cursor: string | undefined
  do {
    const page = await list(cursor)
    out.push(...page.items)
    cursor = page.nextCursor
  } while (cursor !== undefined)
  return out
}

for (const engine of engines) {
  describe.skipIf(engine.skip !== undefined)(`cdp pipeline on ${engine.name}`, () => {
    let cdp: CdpClient
    let close: () => Promise<void>
    beforeAll(async () => {
      const opened = await engine.open()
      close = opened.close
      cdp = await createCdp({ storage: opened.storage, workspace: "shop-pipeline", pipeline: { sla } })
      await cdp.batch(rawEvents)
    }, 120_000)
    afterAll(async () => {
      await cdp.close()
      await close()
    })

    it("gives each customer the leads and opportunities @kith/pipeline computes from their events, and follows each event once", async () => {
      const followed = await cdp.pipeline.follow()
      expect(followed.applied).toBe(decoded.size)
      expect(await cdp.pipeline.follow()).toEqual({ applied: 0, skipped: decoded.size, happened: [] })
      const leads = await all((cursor) => cdp.leads.list({ limit: 1000, cursor }))
      const opportunities = await all((cursor) => cdp.opportunities.list({ limit: 1000, cursor }))
      expect(leads.length).toBeGreaterThan(0)
      expect(opportunities.length).toBeGreaterThan(0)
      // The pure fold of each customer's events in time order, on the store's final partition.
      const customers = new Set([...leads, ...opportunities].map((i) => i.profileId as string))
      for (const profileId of customers) {
        const events = await all((cursor) => cdp.events.list(profileId, { limit: 1000, cursor }))
        let expected: CustomerPipeline = emptyPipeline(profileId)
        for (const e of events.map((x) => decoded.get(x.event.messageId)!).sort(byTime)) expected = applyEvent(expected, e).pipeline
        const byId = <T extends { readonly id: string }>(items: ReadonlyArray<T>) => [...items].sort((a, b) => (a.id < b.id ? -1 : 1))
        expect(byId(leads.filter((l) => l.profileId === profileId))).toEqual(byId(expected.leads))
        expect(byId(opportunities.filter((o) => o.profileId === profileId))).toEqual(byId(expected.opportunities))
      }
      // The period's figures are @kith/pipeline's over the stored items.
      const period = { from: new Date(Math.min(...[...decoded.values()].map((e) => e.timestamp.getTime()))), to: new Date(Math.max(...[...decoded.values()].map((e) => e.timestamp.getTime())) + 1) }
      expect(await cdp.pipeline.metrics(period)).toEqual(pipelineMetrics({ leads, opportunities }, period))
      expect(await cdp.opportunities.metrics(period)).toEqual(pipelineMetrics({ leads, opportunities }, period).opportunities)
      // The funnel's visitors and buyers, from each live profile's events.
      const visitors = new Set<string>()
      const buyers = new Set<string>()
      for (const p of await all((cursor) => cdp.profiles.search("", { limit: 1000, cursor }))) {
        for (const e of await all((cursor) => cdp.events.list(p.profileId, { limit: 1000, cursor }))) {
          if (e.event.type === "identify" || e.event.type === "alias" || e.event.type === "group") continue
          visitors.add(p.profileId)
          if (e.event.type === "track" && e.event.event === "Order Completed") buyers.add(p.profileId)
        }
      }
      expect(await cdp.pipeline.funnel(period)).toEqual(funnel({ visitors, buyers, leads, opportunities }, period))
    }, 120_000)

    it("moves, notes and assigns through the machines; a stale version is a typed conflict and an illegal move a typed refusal", async () => {
      const profile = (await cdp.profiles.search("", { limit: 1 })).items[0]!.profileId
      const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 2, minute))
      const lead = await cdp.leads.create({ profile, source: "manual", at: at(0), actor: "s-lan", id: "l-staff", details: { ghi_chu: "Khách hỏi size áo Đà Nẵng" } })
      expect([lead.status, lead.version]).toEqual(["new", 1])
      const received = await cdp.leads.move("l-staff", "received", { at: at(5), actor: "s-lan", expectedVersion: 1 })
      expect([received.status, received.version]).toEqual(["received", 2])
      // Two staff decided on version 1: the second is refused, and nothing of it is written.
      expect(await rejection(cdp.leads.move("l-staff", "spam", { at: at(6), actor: "s-minh", expectedVersion: 1 }))).toMatchObject({ _tag: "PipelineConflict", foundVersion: 2 })
      expect(await rejection(cdp.leads.move("l-staff", "closed", { at: at(6), actor: "s-minh" }))).toMatchObject({ _tag: "IllegalMove", state: "received" })
      const noted = await cdp.leads.note("l-staff", { at: at(7), author: "s-minh", text: "Đã gọi, hẹn chiều" })
      const assigned = await cdp.leads.assign("l-staff", "s-minh", { at: at(8), actor: "s-lan" })
      expect([noted.notes.length, assigned.assignee, assigned.version]).toEqual([1, "s-minh", 4])
      expect((await cdp.leads.list({ assignee: "s-minh", search: "da nang" })).items.map((l: Lead) => l.id)).toEqual(["l-staff"])
      expect((await cdp.leads.list({ profile, source: "manual" })).items.map((l: Lead) => l.id)).toEqual(["l-staff"])
      const opportunity = await cdp.opportunities.create({ profile, at: at(10), actor: "s-lan", id: "o-staff", potential: "high", cartValue: 450_000 })
      const lost = await cdp.opportunities.move("o-staff", { action: "lose", lostReason: "other" }, { at: at(20), actor: "s-lan", reason: "khách đổi ý", expectedVersion: opportunity.version })
      expect([lost.status, lost.lostReason]).toEqual(["lost", "other"])
      expect((await cdp.opportunities.list({ status: "lost", profile })).items.map((o: Opportunity) => o.id)).toContain("o-staff")
      // The customer's care status, and the pipeline timeline newest first.
      await cdp.care.set(profile, "contacted", { at: at(30), actor: "s-lan" })
      const care = await cdp.care.set(profile, "potential", { at: at(31), actor: "s-lan", expectedVersion: 1 })
      expect(care.history.map((c) => c.to)).toEqual(["contacted", "potential"])
      expect(await rejection(cdp.care.set(profile, "closed", { at: at(32), actor: "s-lan" }))).toMatchObject({ _tag: "IllegalMove" })
      const timeline = await cdp.pipeline.timeline(profile)
      expect(timeline.filter((e) => e.item.id === "l-staff").map((e) => e.detail)).toEqual(["assigned to s-minh", "Đã gọi, hẹn chiều", "new → received", "created (new)"])
      // The SLA of the options: an open lead still `new` after two hours is overdue.
      const late = await cdp.pipeline.overdue({ asOf: at(200) })
      expect(late.map((s) => s.item.id)).not.toContain("l-staff")
      await cdp.leads.create({ profile, source: "manual", at: at(100), actor: "s-lan", id: "l-waiting" })
      expect((await cdp.pipeline.overdue({ asOf: at(221) })).map((s) => s.item.id)).toContain("l-waiting")
      expect((await cdp.pipeline.overdue({ asOf: at(219) })).map((s) => s.item.id)).not.toContain("l-waiting")
      expect(await rejection(cdp.pipeline.metrics({ from: at(10), to: at(0) }))).toMatchObject({ _tag: "InvalidArgument", field: "to" })
      // The deprecated call form of cdp.leads still lists the lead-stage profiles.
      expect(await cdp.leads()).toEqual(await cdp.profiles.leads())
    })
  })
}
