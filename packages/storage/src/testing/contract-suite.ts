import type { ProfileId, WorkspaceId } from "@kith/core"
import { makeSummarizer, summaryToJson } from "@kith/profile"
import { Effect, Exit, Layer, Option } from "effect"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { EventStore } from "../port/events.js"
import { IdentityGraph } from "../port/identity-graph.js"
import { ProfileStore } from "../port/profiles.js"
import { Workspaces } from "../port/workspaces.js"
import type { StorageServices } from "../storage-layer.js"
import { decodeEventResult, type KithEvent } from "@kith/core"
import { recordOfEvent, resolveBatch } from "@kith/identity"
import { Result } from "effect"
import { registerIdentityOperationTests } from "./identity-operations-contract.js"
import { sampleShopEvents } from "./sample-events.js"

/**
 * One engine under test: the port's layer and how to release it.
 *
 * @example
 * ```ts
 * const store: StoreUnderTest = { layer: storageLayer(makeMemoryBackend()), close: async () => {} }
 * ```
 */
export interface StoreUnderTest {
  readonly layer: Layer.Layer<StorageServices>
  readonly close: () => Promise<void>
}

/**
 * Options of {@link storageContract}.
 *
 * @example
 * ```ts
 * const options: ContractOptions = { numRuns: 8, skip: process.env.NO_PG ? "no Postgres" : undefined }
 * ```
 */
export interface ContractOptions {
  /** Runs of each property test (default 12: every run writes to the engine). */
  readonly numRuns?: number
  /** Skip every test (e.g. an unreachable Postgres outside CI), with the reason in the test names. */
  readonly skip?: string | undefined
}

let counter = 0
const freshWorkspace = (label: string): WorkspaceId => `ws-${label}-${Date.now().toString(36)}-${(counter++).toString(36)}` as WorkspaceId

const phoneOf = (event: Record<string, unknown>): string => (event["traits"] as { phone: string }).phone

/**
 * The storage contract (STO-1), drizzle style: one function that registers
 * every test of the port, called once per engine. It covers workspaces,
 * idempotent and atomic ingestion, bad input leaving the store unchanged,
 * identity (attach, merge, merged-away ids, split, kept-apart pairs),
 * traits and summaries, search and pagination, order and batching
 * independence, and workspace isolation as a property.
 *
 * @param name - the engine's name, shown in the test names
 * @param makeStore - opens a fresh store (called once, in `beforeAll`)
 * @param options - property-test runs, or a reason to skip
 *
 * @example
 * ```ts
 * // packages/storage/test/memory.test.ts
 * import { storageContract } from "@kith/storage/testing"
 * storageContract("memory", async () => ({ layer: storageLayer(makeMemoryBackend()), close: async () => {} }))
 * ```
 */
export const storageContract = (name: string, makeStore: () => Promise<StoreUnderTest>, options: ContractOptions = {}): void => {
  const numRuns = options.numRuns ?? 12
  const describeOrSkip = options.skip === undefined ? describe : describe.skip
  describeOrSkip(`storage contract: ${name}${options.skip === undefined ? "" : ` (skipped: ${options.skip})`}`, () => {
    let store: StoreUnderTest | undefined
    beforeAll(async () => {
      store = await makeStore()
    })
    afterAll(async () => {
      await store?.close()
    })
    const run = <A, E>(program: Effect.Effect<A, E, StorageServices>): Promise<A> => Effect.runPromise(program.pipe(Effect.provide(store!.layer)))
    const exit = <A, E>(program: Effect.Effect<A, E, StorageServices>): Promise<Exit.Exit<A, E>> =>
      Effect.runPromiseExit(program.pipe(Effect.provide(store!.layer)))
    const failureTag = async <A, E>(program: Effect.Effect<A, E, StorageServices>): Promise<E> => {
      const result = await exit(program)
      if (Exit.isSuccess(result)) throw new Error("expected a failure")
      const error = result.cause.reasons.find((r) => r._tag === "Fail")
      if (error === undefined || error._tag !== "Fail") throw new Error(`expected a typed failure, got ${String(result.cause)}`)
      return error.error
    }
    const newWorkspace = async (label: string): Promise<WorkspaceId> => {
      const workspaceId = freshWorkspace(label)
      await run(Effect.flatMap(Workspaces, (w) => w.create({ workspaceId, name: label })))
      return workspaceId
    }
    const ingest = (workspaceId: WorkspaceId, events: ReadonlyArray<unknown>) => run(Effect.flatMap(EventStore, (s) => s.ingest(workspaceId, events)))
    const count = (workspaceId: WorkspaceId) => run(Effect.flatMap(EventStore, (s) => s.count(workspaceId)))
    const ledgerOf = (workspaceId: WorkspaceId) =>
      run(Effect.flatMap(IdentityGraph, (g) => g.ledger(workspaceId, { limit: 100_000 }))).then((p) => p.items)
    const profile = (workspaceId: WorkspaceId, profileId: string) =>
      run(Effect.flatMap(ProfileStore, (p) => p.get(workspaceId, profileId as ProfileId)))
    const byIdentifier = (workspaceId: WorkspaceId, type: string, value: string) =>
      run(Effect.flatMap(ProfileStore, (p) => p.findByIdentifier(workspaceId, { type, value })))
    const search = (workspaceId: WorkspaceId, text: string | undefined, limit = 100, cursor?: string) =>
      run(Effect.flatMap(ProfileStore, (p) => p.search(workspaceId, { text, limit, cursor })))
    /** messageId → profile, as the store says now. */
    const partitionOf = async (workspaceId: WorkspaceId, messageIds: ReadonlyArray<string>): Promise<Array<Array<string>>> => {
      const groups = new Map<string, Array<string>>()
      for (const messageId of messageIds) {
        const stored = await run(Effect.flatMap(EventStore, (s) => s.get(workspaceId, messageId)))
        const owner = Option.getOrThrow(stored).profileId
        groups.set(owner, [...(groups.get(owner) ?? []), messageId])
      }
      return [...groups.values()].map((g) => g.sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1))
    }
    const snapshot = async (workspaceId: WorkspaceId) => ({
      events: await count(workspaceId),
      ledger: (await ledgerOf(workspaceId)).length,
      profiles: (await search(workspaceId, undefined, 10_000)).items.map((p) => [p.profileId, JSON.stringify(summaryToJson(p.summary)), JSON.stringify(p.traits)])
    })

    describe("workspaces", () => {
      it("creates a workspace once and returns it unchanged afterwards", async () => {
        const workspaceId = freshWorkspace("ws")
        const created = await run(Effect.flatMap(Workspaces, (w) => w.create({ workspaceId, name: "Shop", timeZone: "Asia/Bangkok" })))
        const again = await run(Effect.flatMap(Workspaces, (w) => w.create({ workspaceId, name: "Other" })))
        expect(created).toEqual({ workspaceId, name: "Shop", timeZone: "Asia/Bangkok" })
        expect(again).toEqual(created)
        expect(await run(Effect.flatMap(Workspaces, (w) => w.get(workspaceId)))).toEqual(created)
      })

      it("reports an unknown workspace on reads and writes, and creates nothing", async () => {
        const workspaceId = freshWorkspace("missing")
        const events = sampleShopEvents({ people: 1, eventsPerPerson: 2, seed: 1 })
        expect(await failureTag(Effect.flatMap(EventStore, (s) => s.ingest(workspaceId, events)))).toMatchObject({ _tag: "UnknownWorkspace", workspaceId })
        expect(await failureTag(Effect.flatMap(EventStore, (s) => s.count(workspaceId)))).toMatchObject({ _tag: "UnknownWorkspace" })
        expect(await failureTag(Effect.flatMap(Workspaces, (w) => w.get(workspaceId)))).toMatchObject({ _tag: "UnknownWorkspace" })
        expect(await failureTag(Effect.flatMap(ProfileStore, (p) => p.search(workspaceId, { limit: 10 })))).toMatchObject({ _tag: "UnknownWorkspace" })
      })
    })

    describe("ingestion (ING-3, ING-4, ING-5)", () => {
      it("appends events, returns their profiles and reads them back as decoded", async () => {
        const workspaceId = await newWorkspace("append")
        const events = sampleShopEvents({ people: 3, eventsPerPerson: 4, seed: 11 })
        const result = await ingest(workspaceId, events)
        expect(result.appended).toBe(12)
        expect(result.duplicates).toBe(0)
        expect(result.profileOf.size).toBe(12)
        expect(await count(workspaceId)).toBe(12)
        for (const raw of events) {
          const stored = Option.getOrThrow(await run(Effect.flatMap(EventStore, (s) => s.get(workspaceId, raw["messageId"] as string))))
          const expected = decodeEventResult(raw)
          expect(Result.isSuccess(expected)).toBe(true)
          if (Result.isSuccess(expected)) expect(stored.event).toEqual(expected.success)
          expect(stored.profileId).toBe(result.profileOf.get(raw["messageId"] as string))
        }
        expect(Option.isNone(await run(Effect.flatMap(EventStore, (s) => s.get(workspaceId, "no-such-message"))))).toBe(true)
      })

      it("is idempotent by messageId: re-ingesting changes nothing", async () => {
        const workspaceId = await newWorkspace("idem")
        const events = sampleShopEvents({ people: 4, eventsPerPerson: 5, seed: 12 })
        await ingest(workspaceId, events)
        const before = await snapshot(workspaceId)
        const again = await ingest(workspaceId, events)
        expect(again).toMatchObject({ appended: 0, duplicates: 20 })
        const half = await ingest(workspaceId, [...events.slice(0, 10), ...events.slice(0, 10)])
        expect(half).toMatchObject({ appended: 0, duplicates: 20 })
        expect(await snapshot(workspaceId)).toEqual(before)
      })

      it("counts a messageId repeated inside one batch once", async () => {
        const workspaceId = await newWorkspace("repeat")
        const [first, second] = sampleShopEvents({ people: 2, eventsPerPerson: 1, seed: 13 })
        const result = await ingest(workspaceId, [first, first, second, first])
        expect(result).toMatchObject({ appended: 2, duplicates: 2 })
        expect(await count(workspaceId)).toBe(2)
      })

      it("refuses a batch with a malformed event, naming the event and field, and writes nothing", async () => {
        const workspaceId = await newWorkspace("bad")
        await ingest(workspaceId, sampleShopEvents({ people: 2, eventsPerPerson: 2, seed: 14 }))
        const before = await snapshot(workspaceId)
        const batch = sampleShopEvents({ people: 3, eventsPerPerson: 2, seed: 15, messagePrefix: "b" })
        batch[3] = { ...batch[3], timestamp: "not a time" }
        const error = await failureTag(Effect.flatMap(EventStore, (s) => s.ingest(workspaceId, batch)))
        expect(error).toMatchObject({ _tag: "InvalidEventBatch", index: 3, messageId: batch[3]!["messageId"] })
        expect((error as { issues: ReadonlyArray<{ path: string }> }).issues.map((i) => i.path)).toContain("timestamp")
        const noType = await failureTag(Effect.flatMap(EventStore, (s) => s.ingest(workspaceId, [batch[0], { messageId: "x" }])))
        expect(noType).toMatchObject({ _tag: "InvalidEventBatch", index: 1, messageId: "x" })
        expect(await failureTag(Effect.flatMap(EventStore, (s) => s.ingest(workspaceId, [batch[0], null])))).toMatchObject({ _tag: "InvalidEventBatch", index: 1 })
        expect(await snapshot(workspaceId)).toEqual(before)
      })

      it("refuses an oversized event and writes nothing of its batch", async () => {
        const workspaceId = await newWorkspace("large")
        const batch = sampleShopEvents({ people: 2, eventsPerPerson: 2, seed: 16 })
        const big = { ...batch[1], type: "track", event: "Custom Blob", properties: { blob: "x".repeat(70_000) } }
        const error = await failureTag(Effect.flatMap(EventStore, (s) => s.ingest(workspaceId, [batch[0], big])))
        expect(error).toMatchObject({ _tag: "EventTooLarge", index: 1, limit: 65_536 })
        expect(await count(workspaceId)).toBe(0)
        expect(await ledgerOf(workspaceId)).toEqual([])
      })

      it("gives the same partition for one batch, many batches, and any order (property)", async () => {
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 6 }), async (seed, batchSize) => {
            const events = sampleShopEvents({ people: 5, eventsPerPerson: 4, seed })
            const shuffled = fc.sample(fc.shuffledSubarray(events, { minLength: events.length }), { seed, numRuns: 1 })[0]!
            const one = await newWorkspace("p1")
            await ingest(one, events)
            const many = await newWorkspace("pn")
            for (let i = 0; i < shuffled.length; i += batchSize) await ingest(many, shuffled.slice(i, i + batchSize))
            const ids = events.map((e) => e["messageId"] as string)
            const expected = await partitionOf(one, ids)
            expect(await partitionOf(many, ids)).toEqual(expected)
            // Each synthetic person is one profile.
            expect(expected.length).toBe(5)
          }),
          { numRuns }
        )
      })
    })

    describe("identity graph (IDN-1, IDN-7, IDN-8)", () => {
      const at = (day: number) => `2025-03-${String(day).padStart(2, "0")}T09:00:00+07:00`
      const identify = (messageId: string, day: number, anonymousId: string, traits: Record<string, unknown>) => ({
        type: "identify", messageId, timestamp: at(day), anonymousId, traits
      })
      const view = (messageId: string, day: number, anonymousId: string) => ({
        type: "track", event: "Product Viewed", messageId, timestamp: at(day), anonymousId, properties: { productId: "sku-1" }
      })

      it("links a phone in any written form and finds the profile by any identifier", async () => {
        const workspaceId = await newWorkspace("link")
        const r = await ingest(workspaceId, [
          identify("a1", 1, "cookie-a", { phone: "0912 345 678", fullName: "Nguyễn Thị Lan" }),
          identify("a2", 2, "cookie-b", { phone: "+84-91-234-5678" }),
          view("a3", 3, "cookie-b")
        ])
        expect(new Set(r.profileOf.values())).toEqual(new Set(["p_a1"]))
        const found = Option.getOrThrow(await byIdentifier(workspaceId, "phone", "84912345678"))
        expect(found.profileId).toBe("p_a1")
        expect(found.identifiers).toEqual([
          { type: "anonymous_id", value: "cookie-a" },
          { type: "anonymous_id", value: "cookie-b" },
          { type: "phone", value: "+84912345678" }
        ])
        expect(Option.getOrThrow(await byIdentifier(workspaceId, "anonymous_id", "cookie-b")).profileId).toBe("p_a1")
        expect(Option.isNone(await byIdentifier(workspaceId, "phone", "0987 000 111"))).toBe(true)
        expect(Option.isNone(await byIdentifier(workspaceId, "phone", "not a phone"))).toBe(true)
      })

      it("matches identifiers holding quotes, commas, braces and backslashes exactly (engines may bind them as arrays)", async () => {
        const workspaceId = await newWorkspace("quoting")
        const odd = `c{1,"2"}\\'x' NULL`
        const r = await ingest(workspaceId, [
          identify("q1", 1, odd, { email: "lan@example.vn" }),
          view("q2", 2, odd),
          view("q3", 3, `c{1,"2"}\\'x'`),
          identify("q4", 4, "cookie-plain", { email: "lan@example.vn" })
        ])
        expect(r.profileOf.get("q2")).toBe("p_q1")
        expect(r.profileOf.get("q4")).toBe("p_q1")
        expect(r.profileOf.get("q3")).toBe("p_q3")
        expect(Option.getOrThrow(await byIdentifier(workspaceId, "anonymous_id", odd)).profileId).toBe("p_q1")
        // A later batch finds the stored holder through the same lookups.
        const later = await ingest(workspaceId, [view("q5", 5, odd), view("q6", 6, `c{1,"2"}\\'x'`)])
        expect(later.profileOf.get("q5")).toBe("p_q1")
        expect(later.profileOf.get("q6")).toBe("p_q3")
      })

      it("merges two profiles bridged by one event; the merged-away id resolves to the survivor", async () => {
        const workspaceId = await newWorkspace("merge")
        const first = [identify("b1", 1, "cookie-a", { phone: "0912345678" }), view("b2", 2, "cookie-a")]
        const second = [identify("c1", 3, "cookie-b", { email: "lan@example.vn" }), view("c2", 4, "cookie-b")]
        await ingest(workspaceId, first)
        await ingest(workspaceId, second)
        const bridge = [identify("d1", 5, "cookie-c", { phone: "0912 345 678", email: "LAN@example.vn" })]
        const result = await ingest(workspaceId, bridge)
        expect(result.profileOf.get("d1")).toBe("p_b1")
        const survivor = await profile(workspaceId, "p_c1")
        expect(survivor.profileId).toBe("p_b1")
        expect(survivor.mergedIds).toEqual(["p_c1"])
        expect(await run(Effect.flatMap(IdentityGraph, (g) => g.resolve(workspaceId, "p_c1" as ProfileId)))).toBe("p_b1")
        const events = await run(Effect.flatMap(EventStore, (s) => s.listByProfile(workspaceId, "p_c1" as ProfileId, { limit: 10 })))
        expect(events.items.map((e) => e.event.messageId)).toEqual(["b1", "b2", "c1", "c2", "d1"])
        const all = [...first, ...second, ...bridge].map((e) => decodeEventResult(e)).flatMap((r) => (Result.isSuccess(r) ? [r.success] : []))
        const expectedSummary = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }).summarize(all as ReadonlyArray<KithEvent>)
        expect(summaryToJson(survivor.summary)).toEqual(summaryToJson(expectedSummary))
        const ledger = await ledgerOf(workspaceId)
        // The ledger is @kith/identity's: the bridging record merges the two profiles and links to the survivor.
        expect(ledger.map((e) => e.kind).sort()).toEqual(["created", "created", "linked", "linked", "linked", "merged"])
        expect(ledger.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6])
        expect(ledger.find((e) => e.kind === "merged")).toMatchObject({ kind: "merged", from: "p_c1", into: "p_b1", recordId: "d1", at: new Date("2025-03-05T02:00:00Z") })
        expect(await failureTag(Effect.flatMap(ProfileStore, (p) => p.get(workspaceId, "p_nobody" as ProfileId)))).toMatchObject({ _tag: "ProfileNotFound" })
      })

      it("keeps the oldest profile as survivor when a late event links an earlier one", async () => {
        const workspaceId = await newWorkspace("late")
        await ingest(workspaceId, [identify("e2", 10, "cookie-x", { phone: "0912345678" })])
        await ingest(workspaceId, [identify("e1", 2, "cookie-y", { email: "x@example.vn" })])
        await ingest(workspaceId, [identify("e3", 12, "cookie-y", { phone: "0912345678" })])
        const p = await profile(workspaceId, "p_e2")
        expect(p.profileId).toBe("p_e1")
        expect(p.createdAt).toBe(Date.parse("2025-03-02T02:00:00Z"))
      })

      it("splits a profile, recomputes both sides and does not merge the pair again", async () => {
        const workspaceId = await newWorkspace("split")
        await ingest(workspaceId, [
          identify("s1", 1, "cookie-a", { phone: "0912345678", fullName: "Trần Văn Hùng" }),
          view("s2", 2, "cookie-a"),
          identify("s3", 3, "cookie-a", { email: "wife@example.vn", fullName: "Lê Thị Mai" }),
          view("s4", 4, "cookie-a")
        ])
        const before = await profile(workspaceId, "p_s1")
        expect(before.traits["fullName"]?.value).toBe("Lê Thị Mai")
        expect(await failureTag(Effect.flatMap(IdentityGraph, (g) => g.split(workspaceId, "p_s1" as ProfileId, [{ type: "phone", value: "0999999999" }], { at: new Date("2025-04-01T00:00:00Z") })))).toMatchObject({ _tag: "InvalidIdentityChange" })
        const { from, into } = await run(
          Effect.flatMap(IdentityGraph, (g) =>
            g.split(workspaceId, "p_s1" as ProfileId, [{ type: "email", value: "wife@example.vn" }], { at: new Date("2025-04-01T00:00:00Z"), actor: "agent-1", reason: "shared device" })
          )
        )
        expect(from).toBe("p_s1")
        const moved = await profile(workspaceId, into)
        // The cookie both sides used is held by both (kept apart by the do-not-merge pair), as @kith/identity decides.
        expect(moved.identifiers).toEqual([
          { type: "anonymous_id", value: "cookie-a" },
          { type: "email", value: "wife@example.vn" }
        ])
        expect(into).toBe("p_s3")
        expect(moved.traits["fullName"]?.value).toBe("Lê Thị Mai")
        const stayed = await profile(workspaceId, "p_s1")
        expect(stayed.traits["fullName"]?.value).toBe("Trần Văn Hùng")
        expect(stayed.identifiers.map((i) => i.type).sort()).toEqual(["anonymous_id", "phone"])
        const partition = await partitionOf(workspaceId, ["s1", "s2", "s3", "s4"])
        expect(partition).toEqual([["s1", "s2", "s4"], ["s3"]])
        // The same evidence again does not merge the pair back.
        await ingest(workspaceId, [identify("s5", 5, "cookie-a", { phone: "0912345678", email: "wife@example.vn" })])
        expect((await profile(workspaceId, into)).profileId).toBe(into)
        expect((await profile(workspaceId, "p_s1")).profileId).toBe("p_s1")
        const ledger = await ledgerOf(workspaceId)
        expect(ledger.find((e) => e.kind === "split")).toMatchObject({ kind: "split", from: "p_s1", actor: "agent-1", reason: "shared device" })
      })

      it("revives a merged-away profile id when a split gives it back its records", async () => {
        const workspaceId = await newWorkspace("revive")
        await ingest(workspaceId, [identify("r1", 1, "cookie-a", { phone: "0912345670", fullName: "Trần Văn Hùng" })])
        await ingest(workspaceId, [identify("r3", 3, "cookie-b", { email: "mai@example.vn", fullName: "Lê Thị Mai" })])
        await ingest(workspaceId, [identify("r5", 5, "cookie-b", { phone: "0912345670" })])
        // p_r3 was merged into the older p_r1: its id now leads there.
        expect((await profile(workspaceId, "p_r3")).profileId).toBe("p_r1")
        const { into } = await run(
          Effect.flatMap(IdentityGraph, (g) => g.split(workspaceId, "p_r1" as ProfileId, [{ type: "email", value: "mai@example.vn" }], { at: new Date("2025-04-01T00:00:00Z") }))
        )
        expect(into).toBe("p_r3")
        const revived = await profile(workspaceId, "p_r3")
        expect(revived.profileId).toBe("p_r3")
        expect(revived.traits["fullName"]?.value).toBe("Lê Thị Mai")
        expect((await profile(workspaceId, "p_r1")).mergedIds).not.toContain("p_r3")
        const listed = (await search(workspaceId, undefined, 100)).items.map((p) => p.profileId)
        expect(listed).toContain("p_r3")
      })

      it("records rejected identifiers in the ledger instead of dropping them silently", async () => {
        const workspaceId = await newWorkspace("reject")
        await ingest(workspaceId, [identify("r1", 1, "cookie-r", { phone: "0000000000", email: "test@test.com" })])
        const warnings = (await ledgerOf(workspaceId)).filter((e) => e.kind === "warning")
        expect(warnings.length).toBe(2)
        expect(Option.isNone(await byIdentifier(workspaceId, "email", "test@test.com"))).toBe(true)
      })
    })

    describe("identity policy of @kith/identity (IDN-4, IDN-5, issue 5)", () => {
      const at = (day: number, hour = 9) => `2025-03-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00+07:00`
      const person = (messageId: string, day: number, ids: { userId?: string; anonymousId?: string; traits?: Record<string, unknown> }) => ({
        type: "identify", messageId, timestamp: at(day), anonymousId: ids.anonymousId ?? `cookie-${messageId}`, ...(ids.userId === undefined ? {} : { userId: ids.userId }), traits: ids.traits ?? {}
      })
      /** The partition @kith/identity gives the same events, resolved in one batch. */
      const resolverPartition = (events: ReadonlyArray<unknown>): Array<Array<string>> => {
        const records = events.map((raw) => {
          const decoded = decodeEventResult(raw)
          if (Result.isFailure(decoded)) throw new Error(`test event does not decode: ${decoded.failure.message}`)
          return recordOfEvent(decoded.success)
        })
        return resolveBatch(records)
          .partition()
          .map((g) => [...g].sort())
          .sort((a, b) => (a[0]! < b[0]! ? -1 : 1))
      }
      const idsOf = (events: ReadonlyArray<unknown>) => events.map((e) => (e as { messageId: string }).messageId)

      it("keeps family members sharing one phone apart by their user ids, also after a record carrying only the phone", async () => {
        const workspaceId = await newWorkspace("family")
        const mother = person("f1", 1, { userId: "u-mother", traits: { phone: "0912 345 678", fullName: "Nguyễn Thị Hoa" } })
        const son = person("f2", 2, { userId: "u-son", traits: { phone: "+84 912 345 678", fullName: "Trần Minh Khoa" } })
        const phoneOnly = person("f3", 3, { traits: { phone: "0912345678" } })
        await ingest(workspaceId, [mother])
        await ingest(workspaceId, [son])
        await ingest(workspaceId, [phoneOnly])
        const all = [mother, son, phoneOnly]
        const partition = await partitionOf(workspaceId, idsOf(all))
        expect(partition).toEqual(resolverPartition(all))
        expect((await profile(workspaceId, "p_f1")).profileId).toBe("p_f1")
        expect((await profile(workspaceId, "p_f2")).profileId).toBe("p_f2")
        expect(partition.some((g) => g.includes("f1") && g.includes("f2"))).toBe(false)
        // Both profiles hold the shared phone; the guard is in the ledger.
        const p1 = await profile(workspaceId, "p_f1")
        const p2 = await profile(workspaceId, "p_f2")
        expect(p1.identifiers).toContainEqual({ type: "phone", value: "+84912345678" })
        expect(p2.identifiers).toContainEqual({ type: "phone", value: "+84912345678" })
        const ledger = await ledgerOf(workspaceId)
        expect(ledger.some((e) => e.kind === "warning" && e.warning.kind === "kept_apart" && e.warning.reason === "unique_conflict")).toBe(true)
        expect(ledger.some((e) => e.kind === "merged")).toBe(false)
        // Same answer in one batch, in any order.
        const once = await newWorkspace("family-1")
        await ingest(once, [phoneOnly, son, mother])
        expect(await partitionOf(once, idsOf(all))).toEqual(partition)
      })

      it("never links through junk values (0000000000, test@test.com)", async () => {
        const workspaceId = await newWorkspace("junk")
        const events = [
          person("j1", 1, { traits: { phone: "0000000000", email: "test@test.com" } }),
          person("j2", 2, { traits: { phone: "0000000000", email: "test@test.com" } }),
          person("j3", 3, { traits: { phone: "000-000-0000" } })
        ]
        for (const e of events) await ingest(workspaceId, [e])
        expect(await partitionOf(workspaceId, idsOf(events))).toEqual([["j1"], ["j2"], ["j3"]])
        expect(await partitionOf(workspaceId, idsOf(events))).toEqual(resolverPartition(events))
        expect(Option.isNone(await byIdentifier(workspaceId, "phone", "0000000000"))).toBe(true)
        const rejected = (await ledgerOf(workspaceId)).filter((e) => e.kind === "warning" && e.warning.kind === "rejected")
        expect(rejected.length).toBe(5)
      })

      it("quarantines an identifier shared by more profiles than the threshold: in the ledger, linking nothing", async () => {
        const workspaceId = await newWorkspace("quarantine")
        // Seven account holders typed the shop's hotline (default threshold: 5 profiles).
        const holders = Array.from({ length: 7 }, (_, i) => person(`q${i + 1}`, i + 1, { userId: `u-${i + 1}`, traits: { phone: "0283 822 1234" } }))
        const later = person("q9", 20, { traits: { phone: "028 3822 1234", fullName: "Khách lẻ" } })
        for (const e of holders) await ingest(workspaceId, [e])
        await ingest(workspaceId, [later])
        const all = [...holders, later]
        const partition = await partitionOf(workspaceId, idsOf(all))
        expect(partition).toEqual(resolverPartition(all))
        expect(partition.length).toBe(8)
        const quarantined = (await ledgerOf(workspaceId)).filter((e) => e.kind === "warning" && e.warning.kind === "quarantined")
        expect(quarantined.length).toBeGreaterThan(0)
        expect(quarantined[0]).toMatchObject({ warning: { identifier: { type: "phone", value: "+842838221234" } } })
        // The record carrying only the hotline stays on its own.
        expect((await profile(workspaceId, "p_q9")).profileId).toBe("p_q9")
      })

      it("drops the lower-priority identifier over a per-type limit, with a ledger warning", async () => {
        const workspaceId = await newWorkspace("limit")
        // user_id allows one value per profile: the second account's id is dropped, the email links.
        const first = person("l1", 1, { userId: "u-1", traits: { email: "an@example.vn" } })
        const second = person("l2", 2, { userId: "u-2", traits: { email: "an@example.vn" } })
        const phones = ["0912000001", "0912000002", "0912000003", "0912000004", "0912000005", "0912000006"]
        const many = person("l3", 3, { userId: "u-1", traits: { phone: phones[0], otherPhones: phones.slice(1) } })
        const events = [first, second, many]
        for (const e of events) await ingest(workspaceId, [e])
        const partition = await partitionOf(workspaceId, idsOf(events))
        expect(partition).toEqual(resolverPartition(events))
        const dropped = (await ledgerOf(workspaceId)).filter((e) => e.kind === "warning" && e.warning.kind === "dropped")
        expect(dropped.length).toBeGreaterThan(0)
        expect(dropped.every((e) => e.kind === "warning" && e.warning.kind === "dropped" && e.warning.reason === "limit")).toBe(true)
        const holder = await profile(workspaceId, "p_l1")
        expect(holder.identifiers.filter((i) => i.type === "phone").length).toBeLessThanOrEqual(5)
      })

      it("partitions events exactly as resolveBatch of @kith/identity, for any batching and order (property)", async () => {
        const users = ["u-1", "u-2", "u-3", undefined, undefined]
        const phones = ["0912 000 111", "+84912000222", "0912000333", "0000000000", undefined]
        const emails = ["an@example.vn", "binh@example.vn", "test@test.com", undefined]
        const cookies = ["c-1", "c-2", "c-3", "c-4"]
        const eventArb = fc.record({
          user: fc.constantFrom(...users),
          phone: fc.constantFrom(...phones),
          email: fc.constantFrom(...emails),
          cookie: fc.constantFrom(...cookies),
          day: fc.integer({ min: 1, max: 28 }),
          hour: fc.integer({ min: 0, max: 23 })
        })
        await fc.assert(
          // Chronological arrival is the common case, where ingestion attaches records without re-resolving: both orders must agree.
          fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 1_000_000 }), fc.boolean(), async (specs, batchSize, seed, chronological) => {
            const events = specs.map((e, i) => ({
              type: "identify",
              messageId: `r${i}`,
              timestamp: at(e.day, e.hour),
              anonymousId: e.cookie,
              ...(e.user === undefined ? {} : { userId: e.user }),
              traits: { ...(e.phone === undefined ? {} : { phone: e.phone }), ...(e.email === undefined ? {} : { email: e.email }) }
            }))
            const shuffled = chronological
              ? [...events].sort((a, b) => a.timestamp.localeCompare(b.timestamp) || (a.messageId < b.messageId ? -1 : 1))
              : fc.sample(fc.shuffledSubarray(events, { minLength: events.length }), { seed, numRuns: 1 })[0]!
            const workspaceId = await newWorkspace("prop")
            for (let i = 0; i < shuffled.length; i += batchSize) await ingest(workspaceId, shuffled.slice(i, i + batchSize))
            const partition = await partitionOf(workspaceId, idsOf(events))
            expect(partition).toEqual(resolverPartition(events))
            // Every profile's summary is the summary of the events it holds now, whatever merged or moved.
            const summarizer = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" })
            const byId = new Map(events.map((e) => [e.messageId, e]))
            for (const group of partition) {
              const stored = Option.getOrThrow(await run(Effect.flatMap(EventStore, (s) => s.get(workspaceId, group[0]!))))
              const decoded = group.map((m) => decodeEventResult(byId.get(m))).flatMap((r) => (Result.isSuccess(r) ? [r.success] : []))
              expect(summaryToJson((await profile(workspaceId, stored.profileId)).summary)).toEqual(summaryToJson(summarizer.summarize(decoded)))
            }
          }),
          { numRuns }
        )
      })
    })

    describe("profiles: traits and summaries", () => {
      it("keeps the newest trait value whatever the arrival order, and setTraits records provenance", async () => {
        const workspaceId = await newWorkspace("traits")
        const newer = { type: "identify", messageId: "t2", timestamp: "2025-05-02T09:00:00+07:00", anonymousId: "c", traits: { fullName: "Phạm Minh Anh" } }
        const older = { type: "identify", messageId: "t1", timestamp: "2025-05-01T09:00:00+07:00", anonymousId: "c", traits: { fullName: "Pham Anh", gender: "female" } }
        await ingest(workspaceId, [newer])
        await ingest(workspaceId, [older])
        const p = await profile(workspaceId, "p_t2")
        expect(p.traits["fullName"]).toEqual({ value: "Phạm Minh Anh", at: Date.parse("2025-05-02T02:00:00Z"), source: "unknown" })
        expect(p.traits["gender"]?.value).toBe("female")
        const updated = await run(
          Effect.flatMap(ProfileStore, (s) =>
            s.setTraits(workspaceId, "p_t2" as ProfileId, { tier: "gold", fullName: "Phạm M. Anh" }, { at: new Date("2025-06-01T00:00:00Z"), source: "crm" })
          )
        )
        expect(updated.traits["tier"]).toEqual({ value: "gold", at: Date.parse("2025-06-01T00:00:00Z"), source: "crm" })
        expect((await profile(workspaceId, "p_t2")).traits["fullName"]?.value).toBe("Phạm M. Anh")
      })

      it("keeps each profile's summary equal to the summary of its events", async () => {
        const workspaceId = await newWorkspace("summary")
        const events = sampleShopEvents({ people: 4, eventsPerPerson: 8, seed: 21 })
        for (let i = 0; i < events.length; i += 5) await ingest(workspaceId, events.slice(i, i + 5))
        const summarizer = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" })
        const { items } = await search(workspaceId, undefined)
        expect(items.length).toBe(4)
        for (const p of items) {
          const mine = await run(Effect.flatMap(EventStore, (s) => s.listByProfile(workspaceId, p.profileId, { limit: 1000 })))
          expect(summaryToJson(p.summary)).toEqual(summaryToJson(summarizer.summarize(mine.items.map((e) => e.event))))
        }
      })

      it("pages a profile's events with a stable cursor", async () => {
        const workspaceId = await newWorkspace("events-page")
        const events = sampleShopEvents({ people: 1, eventsPerPerson: 7, seed: 22 })
        const r = await ingest(workspaceId, events)
        const profileId = [...r.profileOf.values()][0]!
        const seen: Array<string> = []
        let cursor: string | undefined
        do {
          const page = await run(Effect.flatMap(EventStore, (s) => s.listByProfile(workspaceId, profileId, { limit: 3, cursor })))
          seen.push(...page.items.map((e) => e.event.messageId))
          cursor = page.nextCursor
        } while (cursor !== undefined)
        expect(seen.length).toBe(7)
        expect(new Set(seen).size).toBe(7)
      })
    })

    describe("search and pagination (PRF-12)", () => {
      it("finds by accent-insensitive name, phone in any written form, email and address", async () => {
        const workspaceId = await newWorkspace("search")
        await ingest(workspaceId, [
          { type: "identify", messageId: "q1", timestamp: "2025-01-01T09:00:00+07:00", anonymousId: "c1", traits: { fullName: "Nguyễn Thị Đoan", phone: "0912 345 678", address: { province: "Đà Nẵng" } } },
          { type: "identify", messageId: "q2", timestamp: "2025-01-02T09:00:00+07:00", anonymousId: "c2", traits: { fullName: "Trần Văn Nguyên", email: "Tran.Nguyen@Example.vn" } },
          { type: "identify", messageId: "q3", timestamp: "2025-01-03T09:00:00+07:00", anonymousId: "c3", traits: { fullName: "Lê Hoa" } }
        ])
        const ids = async (text: string) => (await search(workspaceId, text)).items.map((p) => p.profileId)
        expect(await ids("nguyen")).toEqual(["p_q1", "p_q2"])
        expect(await ids("NGUYỄN thị doan")).toEqual(["p_q1"])
        expect(await ids("+84 91 234 5678")).toEqual(["p_q1"])
        expect(await ids("84912345678")).toEqual(["p_q1"])
        expect(await ids("0912.345.678")).toEqual(["p_q1"])
        expect(await ids("tran.nguyen@example")).toEqual(["p_q2"])
        expect(await ids("da nang")).toEqual(["p_q1"])
        expect(await ids("0987 654 321")).toEqual([])
        expect(await ids("100%")).toEqual([])
        expect(await ids("")).toEqual(["p_q1", "p_q2", "p_q3"])
      })

      it("pages every live profile exactly once, in a stable order, even with writes between pages", async () => {
        const workspaceId = await newWorkspace("paging")
        await ingest(workspaceId, sampleShopEvents({ people: 9, eventsPerPerson: 2, seed: 23 }))
        const seen: Array<string> = []
        let cursor: string | undefined
        let pages = 0
        do {
          const page = await search(workspaceId, undefined, 4, cursor)
          seen.push(...page.items.map((p) => p.profileId))
          cursor = page.nextCursor
          if (pages++ === 0) await ingest(workspaceId, sampleShopEvents({ people: 2, eventsPerPerson: 1, seed: 24, messagePrefix: "late" }))
        } while (cursor !== undefined)
        expect(new Set(seen).size).toBe(seen.length)
        expect([...seen].sort()).toEqual(seen)
        const all = (await search(workspaceId, undefined, 1000)).items.map((p) => p.profileId)
        expect(all.length).toBe(11)
        for (const id of seen) expect(all).toContain(id)
      })
    })

    registerIdentityOperationTests({ run, failureTag, newWorkspace, ingest, profile, search, partitionOf })

    describe("workspace isolation (STO-4)", () => {
      it("never shows anything written in workspace A from workspace B (property)", async () => {
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 4 }), async (seed, people) => {
            const a = await newWorkspace("iso-a")
            const b = await newWorkspace("iso-b")
            const events = sampleShopEvents({ people, eventsPerPerson: 3, seed })
            const written = await ingest(a, events)
            expect(await count(b)).toBe(0)
            expect(await ledgerOf(b)).toEqual([])
            expect((await search(b, undefined)).items).toEqual([])
            for (const raw of events) {
              expect(Option.isNone(await run(Effect.flatMap(EventStore, (s) => s.get(b, raw["messageId"] as string))))).toBe(true)
              if (raw["type"] === "identify") {
                expect(Option.isNone(await byIdentifier(b, "phone", phoneOf(raw)))).toBe(true)
                expect((await search(b, phoneOf(raw))).items).toEqual([])
              }
            }
            for (const profileId of new Set(written.profileOf.values())) {
              expect(await failureTag(Effect.flatMap(ProfileStore, (p) => p.get(b, profileId)))).toMatchObject({ _tag: "ProfileNotFound" })
            }
            // And the same messageIds are new in B: idempotence is per workspace.
            expect((await ingest(b, events)).appended).toBe(events.length)
            expect(await count(a)).toBe(events.length)
          }),
          { numRuns }
        )
      })
    })
  })
}
