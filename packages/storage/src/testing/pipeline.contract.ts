import type { ProfileId, WorkspaceId } from "@kith/core"
import { addNote, assign, createLead, type Lead, leadMovesFrom, moveLead, setCareStatus } from "@kith/pipeline"
import fc from "fast-check"
import { Effect, Result } from "effect"
import { describe, expect, it } from "vitest"
import { IdentityGraph } from "../port/identity-graph.js"
import { Pipelines } from "../port/pipeline.js"
import type { ContractHelpers } from "./contract-helpers.js"
import { at, identify } from "./contract-events.js"

const staff = (id: string) => ({ kind: "staff" as const, id })

const form = (messageId: string, day: number, anonymousId: string, fields: Record<string, string>) => ({
  type: "track", event: "Form Submitted", messageId, timestamp: at(day), anonymousId, properties: { formId: "lien-he", kind: "website", fields }
})
const added = (messageId: string, day: number, anonymousId: string, price: number) => ({
  type: "track", event: "Product Added", messageId, timestamp: at(day), anonymousId, properties: { productId: "sku-ao", quantity: 1, price }
})

const ok = <A, E>(result: Result.Result<A, E>): A => {
  if (Result.isFailure(result)) throw new Error(`expected a success, got ${String(result.failure)}`)
  return result.success
}

/**
 * Registers the tests of the stored pipeline (PIPE-1 … PIPE-8, IDN-8): the
 * event rules applied to stored events once each; writes that compare
 * versions (a stale one is a typed conflict and writes nothing); lists with
 * filters, text search and paging; care records; and items following
 * identity merges and splits.
 *
 * @example
 * ```ts
 * registerPipelineContract(contractHelpers(() => store, 12))
 * ```
 */
export const registerPipelineContract = (h: ContractHelpers): void => {
  const { numRuns, run, failureTag, newWorkspace, ingest } = h
  const pipelines = <A, E>(f: (p: typeof Pipelines.Service) => Effect.Effect<A, E>) => Pipelines.use(f)
  const follow = (workspaceId: WorkspaceId) => run(pipelines((p) => p.follow(workspaceId, {})))
  const leadsOf = (workspaceId: WorkspaceId, filter: Parameters<typeof Pipelines.Service.leads.list>[1] = { limit: 100 }) =>
    run(pipelines((p) => p.leads.list(workspaceId, filter))).then((page) => page.items)

  describe("pipeline (PIPE-1 … PIPE-8, IDN-8)", () => {
    it("opens a lead and an opportunity from stored events, applying each event once", async () => {
      const workspaceId = await newWorkspace("pipeline-follow")
      await ingest(workspaceId, [identify("f1", 1, "cookie-a", { phone: "0912345678" }), form("f2", 2, "cookie-a", { ho_ten: "Lê Thu Hà" }), added("f3", 3, "cookie-a", 250_000)])
      const first = await follow(workspaceId)
      expect(first).toMatchObject({ applied: 3, skipped: 0 })
      expect(first.happened.map((x) => x.kind)).toEqual(["lead_opened", "opportunity_opened"])
      // A second follow finds every event applied: nothing is counted twice.
      expect(await follow(workspaceId)).toEqual({ applied: 0, skipped: 3, happened: [] })
      const customer = await run(pipelines((p) => p.ofProfile(workspaceId, "p_f1")))
      expect(customer.leads.map((l) => [l.id, l.status, l.submissions, l.originRecordId])).toEqual([["lead_f2", "new", 1, "f2"]])
      expect(customer.opportunities.map((o) => [o.id, o.status, o.cartValue, o.originRecordId])).toEqual([["opp_f3", "open", 250_000, "f3"]])
      // A later event of the same customer counts on the same lead.
      await ingest(workspaceId, [form("f4", 4, "cookie-a", { ho_ten: "Lê Thu Hà", noi_dung: "Gọi lại giúp" })])
      expect(await follow(workspaceId)).toMatchObject({ applied: 1, skipped: 3 })
      expect((await leadsOf(workspaceId)).map((l) => [l.id, l.submissions])).toEqual([["lead_f2", 2]])
      // The funnel's activity: page, screen and track events in [from, to); identify calls are not visits.
      expect(await run(pipelines((p) => p.activity(workspaceId, { from: new Date(at(3)), to: new Date(at(4)) })))).toEqual({ visitors: ["p_f1"], buyers: [] })
      expect(await run(pipelines((p) => p.activity(workspaceId, { from: new Date(at(1)), to: new Date(at(2)) })))).toEqual({ visitors: [], buyers: [] })
      // A completed order wins the open opportunity, naming the order; its customer is a buyer of that day.
      await ingest(workspaceId, [
        { type: "track", event: "Order Completed", messageId: "f5", timestamp: at(5), anonymousId: "cookie-a",
          properties: { orderId: "SO-1", currency: "VND", total: 240_000, products: [{ productId: "sku-ao", quantity: 1, price: 240_000 }] } }
      ])
      expect((await follow(workspaceId)).happened.map((x) => x.kind)).toContain("opportunity_won")
      const won = await run(pipelines((p) => p.opportunities.get(workspaceId, "opp_f3")))
      expect([won.status, won.wonOrderId, won.wonValue]).toEqual(["won", "SO-1", 240_000])
      expect(await run(pipelines((p) => p.activity(workspaceId, { from: new Date(at(5)), to: new Date(at(6)) })))).toEqual({ visitors: ["p_f1"], buyers: ["p_f1"] })
    })

    it("writes a move against the version it read; a stale write is a typed conflict and writes nothing", async () => {
      const workspaceId = await newWorkspace("pipeline-conflict")
      await ingest(workspaceId, [identify("c1", 1, "cookie-a", { phone: "0912345678" })])
      const lead = ok(createLead({ id: "l-1", profileId: "p_c1", originRecordId: "c1", source: "manual", at: at(2), actor: staff("s-lan") }))
      await run(pipelines((p) => p.leads.write(workspaceId, lead, 0)))
      expect(await failureTag(pipelines((p) => p.leads.write(workspaceId, lead, 0)))).toMatchObject({ _tag: "PipelineConflict", expectedVersion: 0, foundVersion: 1 })
      const received = ok(moveLead(lead, "receive", { at: at(3), actor: staff("s-lan") }))
      const spam = ok(moveLead(lead, "mark_spam", { at: at(3), actor: staff("s-minh") }))
      await run(pipelines((p) => p.leads.write(workspaceId, received, lead.version)))
      expect(await failureTag(pipelines((p) => p.leads.write(workspaceId, spam, lead.version)))).toMatchObject({
        _tag: "PipelineConflict",
        kind: "lead",
        id: "l-1",
        expectedVersion: 1,
        foundVersion: 2
      })
      const stored = await run(pipelines((p) => p.leads.get(workspaceId, "l-1")))
      expect(stored).toEqual(received)
      // A write must carry a newer version; an unknown profile or item is a typed error.
      expect(await failureTag(pipelines((p) => p.leads.write(workspaceId, received, received.version)))).toMatchObject({ _tag: "InvalidInput" })
      expect(await failureTag(pipelines((p) => p.leads.write(workspaceId, received, -1)))).toMatchObject({ _tag: "InvalidInput" })
      expect(await failureTag(pipelines((p) => p.leads.write(workspaceId, { ...received, version: 0.5 }, 0)))).toMatchObject({ _tag: "InvalidInput" })
      const stranger = ok(createLead({ id: "l-2", profileId: "p_nobody", originRecordId: "x", source: "manual", at: at(2), actor: staff("s-lan") }))
      expect(await failureTag(pipelines((p) => p.leads.write(workspaceId, stranger, 0)))).toMatchObject({ _tag: "ProfileNotFound" })
      expect(await failureTag(pipelines((p) => p.opportunities.get(workspaceId, "o-404")))).toMatchObject({ _tag: "PipelineItemNotFound", kind: "opportunity" })
    })

    it("writes exactly the changes made on the version the store holds; every other write is a conflict that changes nothing (property)", async () => {
      const workspaceId = await newWorkspace("pipeline-versions")
      await ingest(workspaceId, [identify("v1", 1, "cookie-a", { phone: "0912345678" })])
      let runs = 0
      await fc.assert(
        fc.asyncProperty(fc.array(fc.record({ move: fc.nat({ max: 5 }), staleBy: fc.constantFrom(0, 0, 1, 2) }), { minLength: 1, maxLength: 8 }), async (steps) => {
          const id = `l-${runs++}`
          let model = ok(createLead({ id, profileId: "p_v1", originRecordId: "v1", source: "manual", at: at(2), actor: staff("s-lan") }))
          await run(pipelines((p) => p.leads.write(workspaceId, model, 0)))
          for (const [i, step] of steps.entries()) {
            const moves = leadMovesFrom(model.status)
            const options = { at: new Date(Date.parse(at(2)) + (i + 1) * 60_000), actor: staff("s-lan") }
            const next = moves.length === 0 ? ok(addNote(model, { at: options.at, authorId: "s-lan", text: `note ${i}` })) : ok(moveLead(model, moves[step.move % moves.length]!, options))
            // A write based on an older version than the store's: the store refuses it and keeps what it had.
            const basedOn = Math.max(0, model.version - step.staleBy)
            if (step.staleBy === 0) model = await run(pipelines((p) => p.leads.write(workspaceId, next, basedOn)))
            else expect(await failureTag(pipelines((p) => p.leads.write(workspaceId, { ...next, version: basedOn + 1 }, basedOn)))).toMatchObject({ _tag: "PipelineConflict", foundVersion: model.version })
            expect(await run(pipelines((p) => p.leads.get(workspaceId, id)))).toEqual(model)
          }
        }),
        { numRuns }
      )
    })

    it("lists leads by status, source, assignee, creation period and text, paged in creation order (PIPE-3)", async () => {
      const workspaceId = await newWorkspace("pipeline-list")
      await ingest(workspaceId, [
        identify("a1", 1, "cookie-a", { phone: "0912345678", fullName: "Nguyễn Văn An" }),
        identify("b1", 1, "cookie-b", { email: "binh@example.vn" }),
        form("a2", 2, "cookie-a", { ho_ten: "Nguyễn Văn An" }),
        form("b2", 3, "cookie-b", { ho_ten: "Trần Thị Bình", dia_chi: "Quận Hải Châu, Đà Nẵng", so_dien_thoai: "0905.111.222" })
      ])
      await follow(workspaceId)
      const manual = ok(assign(ok(createLead({ id: "l-m", profileId: "p_b1", originRecordId: "b1", source: "manual", at: at(5), actor: staff("s-lan") })), "s-lan", { at: at(5), actor: staff("s-lan") }))
      await run(pipelines((p) => p.leads.write(workspaceId, manual, 0)))
      const ids = (leads: ReadonlyArray<Lead>) => leads.map((l) => l.id)
      expect(ids(await leadsOf(workspaceId))).toEqual(["lead_a2", "lead_b2", "l-m"])
      expect(ids(await leadsOf(workspaceId, { limit: 100, sources: ["manual"] }))).toEqual(["l-m"])
      expect(ids(await leadsOf(workspaceId, { limit: 100, assignee: "s-lan" }))).toEqual(["l-m"])
      expect(ids(await leadsOf(workspaceId, { limit: 100, assignee: null }))).toEqual(["lead_a2", "lead_b2"])
      expect(ids(await leadsOf(workspaceId, { limit: 100, statuses: ["new"], createdFrom: new Date(at(3)), createdTo: new Date(at(5)) }))).toEqual(["lead_b2"])
      // Text matches what was submitted and the profile's name, without accents.
      expect(ids(await leadsOf(workspaceId, { limit: 100, text: "hai chau" }))).toEqual(["lead_b2"])
      expect(ids(await leadsOf(workspaceId, { limit: 100, text: "NGUYEN van" }))).toEqual(["lead_a2"])
      // A phone in any written form: the digits typed into a form, or a phone the profile holds.
      expect(ids(await leadsOf(workspaceId, { limit: 100, text: "0905 111 222" }))).toEqual(["lead_b2"])
      expect(ids(await leadsOf(workspaceId, { limit: 100, text: "+84 912 345 678" }))).toEqual(["lead_a2"])
      expect(ids(await leadsOf(workspaceId, { limit: 100, text: "x\u0000" }))).toEqual([])
      const first = await run(pipelines((p) => p.leads.list(workspaceId, { limit: 2 })))
      const second = await run(pipelines((p) => p.leads.list(workspaceId, { limit: 2, cursor: first.nextCursor })))
      expect([...ids(first.items), ...ids(second.items)]).toEqual(["lead_a2", "lead_b2", "l-m"])
      expect(second.nextCursor).toBeUndefined()
      expect(await failureTag(pipelines((p) => p.leads.list(workspaceId, { limit: 2, cursor: "nonsense" })))).toMatchObject({ _tag: "InvalidCursor" })
    })

    it("keeps a customer's care status with its history, compared by version", async () => {
      const workspaceId = await newWorkspace("pipeline-care")
      await ingest(workspaceId, [identify("k1", 1, "cookie-a", { phone: "0912345678" })])
      const empty = await run(pipelines((p) => p.care.get(workspaceId, "p_k1")))
      expect(empty).toMatchObject({ status: null, version: 0, history: [] })
      const contacted = ok(setCareStatus(empty, "contacted", { at: at(2), actor: staff("s-lan"), recordId: "k1" }))
      await run(pipelines((p) => p.care.write(workspaceId, contacted, 0)))
      const potential = ok(setCareStatus(contacted, "potential", { at: at(3), actor: staff("s-lan"), recordId: "k1" }))
      await run(pipelines((p) => p.care.write(workspaceId, potential, contacted.version)))
      expect(await failureTag(pipelines((p) => p.care.write(workspaceId, potential, contacted.version)))).toMatchObject({ _tag: "PipelineConflict", kind: "care" })
      const stored = await run(pipelines((p) => p.care.get(workspaceId, "p_k1")))
      expect(stored).toEqual(potential)
      expect(stored.history.map((c) => c.to)).toEqual(["contacted", "potential"])
    })

    it("gives the survivor of a merge both customers' leads, notes, opportunities and care, and a split gives each back", async () => {
      const workspaceId = await newWorkspace("pipeline-merge-split")
      await ingest(workspaceId, [
        identify("a1", 1, "cookie-a", { phone: "0912345678" }),
        form("a2", 2, "cookie-a", { ho_ten: "Lê Thu Hà" }),
        identify("b1", 3, "cookie-b", { email: "ha@example.vn" }),
        added("b2", 4, "cookie-b", 300_000)
      ])
      await follow(workspaceId)
      const lead = await run(pipelines((p) => p.leads.get(workspaceId, "lead_a2")))
      const noted = ok(addNote(lead, { at: at(5), authorId: "s-lan", text: "Khách hẹn gọi lại" }))
      await run(pipelines((p) => p.leads.write(workspaceId, noted, lead.version)))
      const opportunity = await run(pipelines((p) => p.opportunities.get(workspaceId, "opp_b2")))
      const notedOpportunity = ok(addNote(opportunity, { at: at(5), authorId: "s-minh", text: "Hỏi size M" }))
      await run(pipelines((p) => p.opportunities.write(workspaceId, notedOpportunity, opportunity.version)))
      for (const [profileId, recordId, day] of [["p_a1", "a1", 5], ["p_b1", "b1", 6]] as const) {
        const care = await run(pipelines((p) => p.care.get(workspaceId, profileId)))
        await run(pipelines((p) => p.care.write(workspaceId, ok(setCareStatus(care, "contacted", { at: at(day), actor: staff("s-lan"), recordId })), 0)))
      }

      // One event carrying both identifiers merges the two customers.
      await ingest(workspaceId, [identify("m1", 7, "cookie-c", { phone: "0912 345 678", email: "ha@example.vn" })])
      const merged = await run(pipelines((p) => p.ofProfile(workspaceId, "p_b1")))
      expect(merged.profileId).toBe("p_a1")
      expect(merged.leads.map((l) => [l.id, l.profileId, l.notes.length])).toEqual([["lead_a2", "p_a1", 1]])
      expect(merged.opportunities.map((o) => [o.id, o.profileId, o.notes.length, o.version])).toEqual([["opp_b2", "p_a1", 1, notedOpportunity.version + 1]])
      const mergedCare = await run(pipelines((p) => p.care.get(workspaceId, "p_b1")))
      expect(mergedCare.profileId).toBe("p_a1")
      expect(mergedCare.history.map((c) => c.recordId)).toEqual(["a1", "b1"])
      // A move based on the version before the merge is a conflict: the merge changed the item.
      expect(await failureTag(pipelines((p) => p.opportunities.write(workspaceId, { ...notedOpportunity, version: notedOpportunity.version + 1 }, notedOpportunity.version)))).toMatchObject({
        _tag: "PipelineConflict"
      })

      // Splitting the email off gives each item back to the profile its originating record went to.
      const { into } = await run(Effect.flatMap(IdentityGraph, (g) => g.split(workspaceId, "p_a1" as ProfileId, [{ type: "email", value: "ha@example.vn" }], { at: new Date(at(8)) })))
      const stayed = await run(pipelines((p) => p.ofProfile(workspaceId, "p_a1")))
      const left = await run(pipelines((p) => p.ofProfile(workspaceId, into)))
      expect(stayed.leads.map((l) => l.id)).toEqual(["lead_a2"])
      expect(stayed.opportunities).toEqual([])
      expect(left.opportunities.map((o) => [o.id, o.profileId, o.notes.length])).toEqual([["opp_b2", into, 1]])
      expect(left.leads).toEqual([])
      expect((await run(pipelines((p) => p.care.get(workspaceId, "p_a1")))).history.map((c) => c.recordId)).toEqual(["a1"])
      expect((await run(pipelines((p) => p.care.get(workspaceId, into)))).history.map((c) => c.recordId)).toEqual(["b1"])
    })
  })
}
