import type { ProfileId, WorkspaceId } from "@kith/core"
import { decodeEventResult, type KithEvent } from "@kith/core"
import { createResolver, type LedgerEntry, recordOfEvent } from "@kith/identity"
import { lifecycleOf, makeSummarizer, ordersAt, workspaceSummaryOf } from "@kith/profile"
import { type Effect, Option, Result } from "effect"
import { describe, expect, it } from "vitest"
import { EventStore } from "../port/events.js"
import { IdentityGraph } from "../port/identity-graph.js"
import type { Page } from "../port/page.js"
import { ProfileStore, type StoredProfile } from "../port/profiles.js"
import { Workspaces } from "../port/workspaces.js"
import type { StorageServices } from "../storage-layer.js"
import { sampleShopEvents } from "./sample-events.js"

/**
 * What the contract suite hands the groups of tests registered in other
 * files: running programs on the engine under test, and its small helpers.
 *
 * @example
 * ```ts
 * registerIdentityOperationTests(helpers)
 * ```
 */
export interface ContractHelpers {
  readonly run: <A, E>(program: Effect.Effect<A, E, StorageServices>) => Promise<A>
  readonly failureTag: <A, E>(program: Effect.Effect<A, E, StorageServices>) => Promise<E>
  readonly newWorkspace: (label: string) => Promise<WorkspaceId>
  readonly ingest: (workspaceId: WorkspaceId, events: ReadonlyArray<unknown>) => Promise<unknown>
  readonly profile: (workspaceId: WorkspaceId, profileId: string) => Promise<StoredProfile>
  readonly search: (workspaceId: WorkspaceId, text: string | undefined, limit?: number, cursor?: string) => Promise<Page<StoredProfile>>
  readonly partitionOf: (workspaceId: WorkspaceId, messageIds: ReadonlyArray<string>) => Promise<Array<Array<string>>>
}

const at = (day: number) => `2025-03-${String(day).padStart(2, "0")}T09:00:00+07:00`
const identify = (messageId: string, day: number, anonymousId: string, traits: Record<string, unknown>) => ({
  type: "identify", messageId, timestamp: at(day), anonymousId, traits
})
const view = (messageId: string, day: number, anonymousId: string) => ({
  type: "track", event: "Product Viewed", messageId, timestamp: at(day), anonymousId, properties: { productId: "sku-1" }
})
const engagement = (messageId: string, day: number, anonymousId: string, n: number) =>
  n % 2 === 0
    ? { type: "track", event: "Campaign Joined", messageId, timestamp: at(day), anonymousId, properties: { campaignId: `camp-${n % 3}` } }
    : { type: "track", event: "Message Delivered", messageId, timestamp: at(day), anonymousId, properties: { deliveryId: `d-${n}`, channel: "zalo" } }
const decodeAll = (events: ReadonlyArray<unknown>): Array<KithEvent> =>
  events.map((e) => decodeEventResult(e)).flatMap((r) => (Result.isSuccess(r) ? [r.success] : []))

/**
 * The contract tests of workspace summaries, lifecycle lists, explain and
 * manual merges (IDN-7, IDN-9, PRF-2, PRF-5), registered by the storage
 * contract suite for every engine.
 *
 * @example
 * ```ts
 * describe("identity operations", () => registerIdentityOperationTests(helpers))
 * ```
 */
export const registerIdentityOperationTests = (h: ContractHelpers): void => {
  const graph = <A, E>(f: (g: typeof IdentityGraph.Service) => Effect.Effect<A, E>) => IdentityGraph.use(f)

  describe("workspace summary and lifecycle lists (PRF-2, PRF-5)", () => {
    it("keeps the workspace summary equal to the sum of its profiles' activity, through re-ingestion", async () => {
      const workspaceId = await h.newWorkspace("wsum")
      const events = [
        ...sampleShopEvents({ people: 8, eventsPerPerson: 10, seed: 31 }),
        ...Array.from({ length: 24 }, (_, n) => engagement(`g${n}`, 1 + (n % 28), `cookie-${n % 5}`, n))
      ]
      for (let i = 0; i < events.length; i += 7) await h.ingest(workspaceId, events.slice(i, i + 7))
      await h.ingest(workspaceId, events.slice(0, 20))
      const stored = await h.run(Workspaces.use((w) => w.summary(workspaceId)))
      const expected = workspaceSummaryOf([makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }).summarize(decodeAll(events))])
      expect(stored.activity.size).toBeGreaterThan(0)
      expect([...stored.activity].sort(([a], [b]) => a - b)).toEqual([...expected.activity].sort(([a], [b]) => a - b))
      const profiles = (await h.search(workspaceId, undefined, 1000)).items
      expect(workspaceSummaryOf(profiles.map((p) => p.summary)).activity).toEqual(stored.activity)
      expect(await h.failureTag(Workspaces.use((w) => w.summary("ws-never" as WorkspaceId)))).toMatchObject({ _tag: "UnknownWorkspace" })
    })

    it("lists visitors, leads and buyers: each profile once, at the stage of its latest event", async () => {
      const workspaceId = await h.newWorkspace("stage")
      await h.ingest(workspaceId, sampleShopEvents({ people: 12, eventsPerPerson: 12, seed: 5 }))
      await h.ingest(workspaceId, [view("v1", 3, "cookie-visitor"), identify("l1", 4, "cookie-lead", { phone: "0912 777 888" }), view("l2", 5, "cookie-lead")])
      const all = (await h.search(workspaceId, undefined, 1000)).items
      const listed = new Map<string, string>()
      for (const stage of ["visitor", "lead", "buyer"] as const) {
        const page = await h.run(ProfileStore.use((p) => p.search(workspaceId, { stage, limit: 1000 })))
        expect(page.items.length, stage).toBeGreaterThan(0)
        for (const p of page.items) {
          expect(listed.has(p.profileId)).toBe(false)
          listed.set(p.profileId, stage)
          const asOf = new Date(p.summary.lastSeenAt!)
          const traits = Object.fromEntries(Object.entries(p.traits).map(([k, t]) => [k, t.value]))
          expect(lifecycleOf(p.summary, ordersAt(p.summary, asOf), traits as never, asOf).stage).toBe(stage)
        }
      }
      expect(new Set(listed.keys())).toEqual(new Set(all.map((p) => p.profileId)))
      const stageOf = async (cookie: string) =>
        listed.get(Option.getOrThrow(await h.run(ProfileStore.use((p) => p.findByIdentifier(workspaceId, { type: "anonymous_id", value: cookie })))).profileId)
      expect(await stageOf("cookie-visitor")).toBe("visitor")
      expect(await stageOf("cookie-lead")).toBe("lead")
      // Pages of one stage are stable and complete.
      const firstPage = await h.run(ProfileStore.use((p) => p.search(workspaceId, { stage: "buyer", limit: 1 })))
      expect(firstPage.nextCursor).toBeDefined()
    })

    it("moves a profile between stage lists as later batches change its stage, on every write path", async () => {
      const workspaceId = await h.newWorkspace("stage-moves")
      const listedAs = async (): Promise<Array<string>> => {
        const out: Array<string> = []
        for (const stage of ["visitor", "lead", "buyer"] as const) {
          const page = await h.run(ProfileStore.use((p) => p.search(workspaceId, { stage, limit: 100 })))
          for (const p of page.items) out.push(`${p.profileId}:${stage}`)
        }
        return out
      }
      const order = (messageId: string, day: number) => ({
        type: "track", event: "Order Completed", messageId, timestamp: `2025-03-${String(day).padStart(2, "0")}T09:00:00+07:00`, anonymousId: "cookie-s",
        properties: { orderId: `o-${messageId}`, currency: "VND", total: 250_000, products: [] }
      })
      await h.ingest(workspaceId, [view("s1", 1, "cookie-s")])
      expect(await listedAs()).toEqual(["p_s1:visitor"])
      // A new phone: re-resolved with its stored component.
      await h.ingest(workspaceId, [identify("s2", 2, "cookie-s", { phone: "0912 555 666" })])
      expect(await listedAs()).toEqual(["p_s1:lead"])
      // Only held identifiers, later: attached directly.
      await h.ingest(workspaceId, [order("s3", 3)])
      expect(await listedAs()).toEqual(["p_s1:buyer"])
      await h.ingest(workspaceId, [view("s4", 4, "cookie-s")])
      expect(await listedAs()).toEqual(["p_s1:buyer"])
    })
  })

  describe("ledger (IDN-7)", () => {
    it("writes the links and merges @kith/identity's incremental resolver writes, for chronological batches", async () => {
      const events = [
        ...sampleShopEvents({ people: 10, eventsPerPerson: 6, seed: 12 }),
        // Two profiles, then one cookie carrying both: a merge, then plain attaches; and a junk value that links nothing.
        identify("z1", 1, "cookie-y", { phone: "0912 000 999" }),
        identify("z2", 2, "cookie-z", { email: "z@example.vn" }),
        identify("z3", 3, "cookie-z", { phone: "0912000999", otherEmails: [] }),
        view("z4", 4, "cookie-y"),
        identify("z5", 5, "cookie-z", { phone: "0000000000" }),
        // Later records carrying only held identifiers (several, of different priorities): attached.
        identify("z6", 6, "cookie-y", { email: "z@example.vn", phone: "0912000999" }),
        { ...identify("z7", 7, "cookie-z", { email: "z@example.vn" }), userId: "u-z" },
        { ...view("z8", 8, "cookie-y"), userId: "u-z" }
      ]
      const decoded = decodeAll(events).sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime() || (a.messageId < b.messageId ? -1 : 1))
      const workspaceId = await h.newWorkspace("ledger")
      for (let i = 0; i < decoded.length; i += 2) await h.ingest(workspaceId, events.filter((e) => decoded.slice(i, i + 2).some((d) => d.messageId === e.messageId)))
      const resolver = createResolver()
      for (const e of decoded) resolver.ingest(recordOfEvent(e))
      const decisions = (entries: ReadonlyArray<LedgerEntry>) =>
        entries
          .filter((e) => e.kind === "created" || e.kind === "linked" || e.kind === "merged")
          .map(({ seq: _seq, ...rest }) => JSON.stringify(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1))))
          .sort()
      const stored = (await h.run(graph((g) => g.ledger(workspaceId, { limit: 10_000 })))).items
      expect(decisions(stored)).toEqual(decisions(resolver.ledger()))
      expect(stored.some((e) => e.kind === "merged" && e.recordId === "z3")).toBe(true)
    })

    it("pages the ledger with a cursor across transactions: every entry once, numbered 1, 2, 3, … in order", async () => {
      const workspaceId = await h.newWorkspace("ledger-pages")
      const events = sampleShopEvents({ people: 6, eventsPerPerson: 4, seed: 3 })
      for (let i = 0; i < events.length; i += 5) await h.ingest(workspaceId, events.slice(i, i + 5))
      const all = (await h.run(graph((g) => g.ledger(workspaceId, { limit: 10_000 })))).items
      expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1))
      for (const size of [1, 3, 7]) {
        const paged: Array<unknown> = []
        let cursor: string | undefined
        do {
          const page = await h.run(graph((g) => g.ledger(workspaceId, { limit: size, cursor })))
          expect(page.items.length).toBeLessThanOrEqual(size)
          paged.push(...page.items)
          cursor = page.nextCursor
        } while (cursor !== undefined)
        expect(paged).toEqual(all)
      }
    })
  })

  describe("trait strategies (IDN-10)", () => {
    it("unions other phones and emails across events and merges, in any arrival order", async () => {
      const a = identify("o1", 2, "cookie-o", { phone: "0912345678", otherPhones: ["0987 654 321"], fullName: "Lan" })
      const b = identify("o2", 3, "cookie-o", { otherPhones: ["0933 333 333", "0987 654 321"], otherEmails: ["lan@work.vn"] })
      const c = identify("o3", 1, "cookie-o", { otherEmails: ["lan@home.vn"], fullName: "Nguyễn Thị Lan" })
      const results = []
      for (const order of [[a, b, c], [c, b, a]]) {
        const workspaceId = await h.newWorkspace("union")
        for (const e of order) await h.ingest(workspaceId, [e])
        results.push((await h.profile(workspaceId, "p_o3")).traits)
      }
      expect(results[1]).toEqual(results[0])
      expect(new Set(results[0]!["otherPhones"]?.value as Array<string>)).toEqual(new Set(["0987 654 321", "0933 333 333"]))
      expect(new Set(results[0]!["otherEmails"]?.value as Array<string>)).toEqual(new Set(["lan@work.vn", "lan@home.vn"]))
      expect(results[0]!["fullName"]?.value).toBe("Lan")
    })
  })

  describe("explain and manual merge (IDN-7, IDN-9)", () => {
    it("explains the chain of shared identifiers between two identifiers, and why others were kept apart", async () => {
      const workspaceId = await h.newWorkspace("explain")
      await h.ingest(workspaceId, [
        identify("x1", 1, "cookie-a", { phone: "0912 345 678" }),
        identify("x2", 2, "cookie-b", { phone: "+84912345678", email: "lan@example.vn" }),
        identify("x3", 3, "cookie-c", { email: "binh@example.vn" })
      ])
      const joined = await h.run(graph((g) => g.explain(workspaceId, { type: "anonymous_id", value: "cookie-a" }, { type: "email", value: "LAN@example.vn" })))
      expect(joined).toMatchObject({ joined: true, profileId: "p_x1" })
      if (!joined.joined) throw new Error("expected joined")
      expect(joined.chain).toEqual([{ from: "x1", to: "x2", identifier: { type: "phone", value: "+84912345678" }, rule: "shared_identifier" }])
      const apart = await h.run(graph((g) => g.explain(workspaceId, { type: "phone", value: "0912345678" }, { type: "email", value: "binh@example.vn" })))
      expect(apart).toMatchObject({ joined: false, profileIds: ["p_x1", "p_x3"], reasons: [{ kind: "no_shared_identifiers" }] })
      expect(await h.failureTag(graph((g) => g.explain(workspaceId, { type: "phone", value: "0987000111" }, { type: "email", value: "lan@example.vn" })))).toMatchObject({
        _tag: "IdentifierNotFound",
        workspaceId,
        type: "phone",
        value: "0987000111"
      })
    })

    it("previews a merge without writing, then merges with trait choices; the pair stays together on later evidence", async () => {
      const workspaceId = await h.newWorkspace("merge-by-hand")
      await h.ingest(workspaceId, [
        identify("m1", 1, "cookie-a", { phone: "0912345678", fullName: "Lan" }),
        view("m2", 2, "cookie-a"),
        identify("m3", 3, "cookie-b", { email: "lan@example.vn", fullName: "Nguyễn Thị Lan" }),
        view("m4", 4, "cookie-b")
      ])
      const before = [await h.profile(workspaceId, "p_m1"), await h.profile(workspaceId, "p_m3")]
      const plan = await h.run(graph((g) => g.previewMerge(workspaceId, "p_m3" as ProfileId, "p_m1" as ProfileId)))
      expect(plan).toMatchObject({ into: "p_m1", from: "p_m3", eventIds: ["m1", "m2", "m3", "m4"], identifierConflicts: [] })
      expect(plan.traitConflicts).toEqual([{ name: "fullName", a: before[1]!.traits["fullName"], b: before[0]!.traits["fullName"] }])
      expect([await h.profile(workspaceId, "p_m1"), await h.profile(workspaceId, "p_m3")]).toEqual(before)

      const mergedAt = new Date("2025-04-01T00:00:00Z")
      expect(await h.failureTag(graph((g) => g.merge(workspaceId, "p_m1" as ProfileId, "p_m3" as ProfileId, { at: mergedAt, choices: { birthday: "a" } })))).toMatchObject({
        _tag: "InvalidIdentityChange"
      })
      const done = await h.run(graph((g) => g.merge(workspaceId, "p_m1" as ProfileId, "p_m3" as ProfileId, { at: mergedAt, actor: "staff-7", reason: "same customer", choices: { fullName: "b" } })))
      expect(done).toEqual({ into: "p_m1", from: "p_m3" })
      const merged = await h.profile(workspaceId, "p_m3")
      expect(merged.profileId).toBe("p_m1")
      expect(merged.traits["fullName"]).toEqual({ value: "Nguyễn Thị Lan", at: mergedAt.getTime(), source: "manual" })
      expect(merged.identifiers.map((i) => i.type).sort()).toEqual(["anonymous_id", "anonymous_id", "email", "phone"])
      const summarizer = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" })
      const events = await h.run(EventStore.use((s) => s.listByProfile(workspaceId, "p_m1" as ProfileId, { limit: 10 })))
      expect(events.items.map((e) => e.event.messageId)).toEqual(["m1", "m2", "m3", "m4"])
      expect(merged.summary).toEqual(summarizer.summarize(events.items.map((e) => e.event)))
      const ledger = (await h.run(graph((g) => g.ledger(workspaceId, { limit: 100 })))).items
      expect(ledger.find((e) => e.kind === "manual_merge")).toMatchObject({ kind: "manual_merge", actor: "staff-7", reason: "same customer" })
      expect(await h.failureTag(graph((g) => g.merge(workspaceId, "p_m1" as ProfileId, "p_m3" as ProfileId, { at: mergedAt })))).toMatchObject({ _tag: "InvalidIdentityChange" })

      // Later evidence re-resolves the component (an earlier record joins it): the manual pair holds.
      await h.ingest(workspaceId, [{ ...identify("m0", 1, "cookie-z", { email: "lan@example.vn" }), timestamp: "2025-02-28T09:00:00+07:00" }, view("m5", 5, "cookie-b")])
      expect(await h.partitionOf(workspaceId, ["m0", "m1", "m2", "m3", "m4", "m5"])).toEqual([["m0", "m1", "m2", "m3", "m4", "m5"]])
    })

    it("keeps a split of a manually merged profile apart on later evidence", async () => {
      const workspaceId = await h.newWorkspace("merge-split")
      await h.ingest(workspaceId, [identify("q1", 1, "cookie-a", { phone: "0912 345 678" })])
      await h.ingest(workspaceId, [identify("q2", 2, "cookie-b", { email: "lan@example.vn" })])
      await h.run(graph((g) => g.merge(workspaceId, "p_q1" as ProfileId, "p_q2" as ProfileId, { at: new Date("2025-04-01T00:00:00Z") })))
      await h.run(graph((g) => g.split(workspaceId, "p_q1" as ProfileId, [{ type: "email", value: "lan@example.vn" }], { at: new Date("2025-04-02T00:00:00Z") })))
      expect(await h.partitionOf(workspaceId, ["q1", "q2"])).toEqual([["q1"], ["q2"]])
      await h.ingest(workspaceId, [identify("q3", 5, "cookie-a", { fullName: "Lan" })])
      expect(await h.partitionOf(workspaceId, ["q1", "q2", "q3"])).toEqual([["q1", "q3"], ["q2"]])
    })

    it("decides split, merge and split again as one @kith/identity resolver does", async () => {
      const events = [
        identify("w1", 1, "cookie-a", { email: "lan@example.vn" }),
        identify("w2", 2, "cookie-a", { phone: "0912 345 678" }),
        identify("w3", 3, "cookie-b", { phone: "0912345678", email: "other@example.vn" })
      ]
      const act = (iso: string) => ({ at: new Date(iso), actor: "staff-1" })
      const [e1, e2, e3] = decodeAll(events).map(recordOfEvent)
      const resolver = createResolver()
      resolver.ingest(e1!)
      resolver.ingest(e2!)
      resolver.split("w2", "w1", act("2025-04-02T00:00:00Z"))
      resolver.manualMerge("p_w1" as ProfileId, "p_w2" as ProfileId, act("2025-04-03T00:00:00Z"))
      resolver.ingest(e3!)
      resolver.split("w1", "w3", act("2025-04-04T00:00:00Z"))
      const expected = resolver.partition().map((g) => [...g].sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1))

      const workspaceId = await h.newWorkspace("split-merge-split")
      await h.ingest(workspaceId, [events[0], events[1]])
      await h.run(graph((g) => g.split(workspaceId, "p_w1" as ProfileId, [{ type: "email", value: "lan@example.vn" }], act("2025-04-02T00:00:00Z"))))
      await h.run(graph((g) => g.merge(workspaceId, "p_w1" as ProfileId, "p_w2" as ProfileId, act("2025-04-03T00:00:00Z"))))
      await h.ingest(workspaceId, [events[2]])
      expect(await h.partitionOf(workspaceId, ["w1", "w2", "w3"])).toEqual([["w1", "w2", "w3"]])
      await h.run(graph((g) => g.split(workspaceId, "p_w1" as ProfileId, [{ type: "email", value: "other@example.vn" }], act("2025-04-04T00:00:00Z"))))
      expect(await h.partitionOf(workspaceId, ["w1", "w2", "w3"])).toEqual(expected)
    })

    it("merges back what a split separated, and refuses unknown profiles", async () => {
      const workspaceId = await h.newWorkspace("split-merge")
      await h.ingest(workspaceId, [identify("k1", 1, "cookie-k", { phone: "0912345678" }), identify("k2", 2, "cookie-k", { email: "k@example.vn" })])
      const { into } = await h.run(graph((g) => g.split(workspaceId, "p_k1" as ProfileId, [{ type: "email", value: "k@example.vn" }], { at: new Date("2025-04-01T00:00:00Z") })))
      expect(await h.partitionOf(workspaceId, ["k1", "k2"])).toEqual([["k1"], ["k2"]])
      const apart = await h.run(graph((g) => g.explain(workspaceId, { type: "phone", value: "0912345678" }, { type: "email", value: "k@example.vn" })))
      expect(apart.joined).toBe(false)
      if (apart.joined) throw new Error("expected apart")
      expect(apart.reasons).toContainEqual({ kind: "do_not_merge", recordIds: ["k1", "k2"] })
      await h.run(graph((g) => g.merge(workspaceId, "p_k1" as ProfileId, into, { at: new Date("2025-04-02T00:00:00Z") })))
      expect(await h.partitionOf(workspaceId, ["k1", "k2"])).toEqual([["k1", "k2"]])
      await h.ingest(workspaceId, [identify("k3", 3, "cookie-k", { email: "k@example.vn" })])
      expect(await h.partitionOf(workspaceId, ["k1", "k2", "k3"])).toEqual([["k1", "k2", "k3"]])
      expect(await h.failureTag(graph((g) => g.previewMerge(workspaceId, "p_k1" as ProfileId, "p_nobody" as ProfileId)))).toMatchObject({ _tag: "ProfileNotFound" })
    })
  })
}
