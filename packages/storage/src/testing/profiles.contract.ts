import { type ProfileId, type WorkspaceId } from "@kith/core"
import { acceptsContactValue } from "@kith/identity"
import { lifecycleOf, makeSummarizer, ordersAt, summaryToJson, workspaceSummaryOf } from "@kith/profile"
import { Effect, Option } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { EventStore } from "../port/events.js"
import { IdentityGraph } from "../port/identity-graph.js"
import { ProfileStore } from "../port/profiles.js"
import { Workspaces } from "../port/workspaces.js"
import { sampleShopEvents } from "./sample-events.js"
import { identify, view, engagement, decodeAll } from "./contract-events.js"
import type { ContractHelpers } from "./contract-helpers.js"

/**
 * Registers the profile tests of the storage contract: traits and summaries, trait strategies, search and pagination, the workspace summary and lifecycle lists (PRF-2, PRF-5, PRF-12, IDN-10), on the engine the helpers run on.
 *
 * @example
 * ```ts
 * registerProfileContract(contractHelpers(() => store, 12))
 * ```
 */
export const registerProfileContract = (h: ContractHelpers): void => {
  const { numRuns, run, newWorkspace, ingest, profile, search } = h
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

    it("writes an attached profile's traits and search text again when one of its traits changed", async () => {
      const workspaceId = await newWorkspace("attach-traits")
      await ingest(workspaceId, [identify("a1", 1, "cookie-a", { fullName: "Trần Thị Mai", phone: "0912 777 888" })])
      // Only held identifiers and no trait: attached, its traits and search text kept as stored.
      await ingest(workspaceId, [view("a2", 2, "cookie-a")])
      expect((await profile(workspaceId, "p_a1")).traits["fullName"]?.value).toBe("Trần Thị Mai")
      expect((await search(workspaceId, "mai")).items.map((p) => p.profileId)).toEqual(["p_a1"])
      // Only held identifiers and a new trait: attached, the trait stored and searched.
      await ingest(workspaceId, [identify("a3", 3, "cookie-a", { companyName: "Công ty Hoa Sen" })])
      const p = await profile(workspaceId, "p_a1")
      expect(p.traits["companyName"]?.value).toBe("Công ty Hoa Sen")
      expect(p.traits["fullName"]?.value).toBe("Trần Thị Mai")
      expect((await search(workspaceId, "hoa sen")).items.map((q) => q.profileId)).toEqual(["p_a1"])
    })

    it("records when and where an attached profile's trait was seen again with the same value, and still finds it", async () => {
      const workspaceId = await newWorkspace("attach-seen-again")
      await ingest(workspaceId, [identify("a1", 1, "cookie-a", { fullName: "Trần Thị Mai", phone: "0912 777 888" })])
      // The same name again, later: attached, its value and search text as they were, its observation the new one.
      await ingest(workspaceId, [identify("a2", 3, "cookie-a", { fullName: "Trần Thị Mai" })])
      const p = await profile(workspaceId, "p_a1")
      expect(p.traits["fullName"]).toEqual({ value: "Trần Thị Mai", at: Date.parse("2025-03-03T02:00:00Z"), source: "unknown" })
      expect((await search(workspaceId, "tran thi mai")).items.map((q) => q.profileId)).toEqual(["p_a1"])
    })

    it("keeps each profile's summary equal to the summary of its events", async () => {
      const workspaceId = await newWorkspace("summary")
      const events = sampleShopEvents({ people: 4, eventsPerPerson: 8, seed: 21 })
      for (let i = 0; i < events.length; i += 5) await ingest(workspaceId, events.slice(i, i + 5))
      const summarizer = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh", acceptsContact: acceptsContactValue() })
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

  describe("trait names are data (IDN-10)", () => {
    // The names a plain object already answers to: a lookup by name must never find these.
    const objectNames = ["constructor", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "__proto__", "__defineGetter__"]
    // JSON.parse makes "__proto__" an own key, as a JSON body would.
    const traitsNamed = (names: ReadonlyArray<string>, value: (name: string) => unknown): Record<string, unknown> =>
      JSON.parse(`{${names.map((n) => `${JSON.stringify(n)}: ${JSON.stringify(value(n))}`).join(", ")}}`) as Record<string, unknown>
    const traitOf = (traits: Readonly<Record<string, { readonly value: unknown }>>, name: string) => Object.getOwnPropertyDescriptor(traits, name)?.value as { readonly value: unknown } | undefined

    it("ingests, merges, edits and reads back traits named like Object.prototype members", async () => {
      const workspaceId = await newWorkspace("proto-traits")
      await ingest(workspaceId, [identify("pt1", 1, "cookie-pt", traitsNamed(objectNames, (n) => `first ${n}`))])
      let p = await profile(workspaceId, "p_pt1")
      for (const name of objectNames) expect(traitOf(p.traits, name)?.value, name).toBe(`first ${name}`)
      expect(Object.getPrototypeOf(p.traits) === null || Object.getPrototypeOf(p.traits) === Object.prototype).toBe(true)
      // Newer observations win, through another event of the same person and through a merge.
      await ingest(workspaceId, [identify("pt2", 2, "cookie-pt", traitsNamed(objectNames, (n) => `second ${n}`))])
      await ingest(workspaceId, [identify("pt3", 3, "cookie-other", { ...traitsNamed(objectNames, (n) => `third ${n}`), phone: "0912 000 111" })])
      await ingest(workspaceId, [identify("pt4", 4, "cookie-pt", { phone: "0912 000 111" })])
      p = await profile(workspaceId, "p_pt1")
      expect(p.mergedIds).toEqual(["p_pt3"])
      for (const name of objectNames) expect(traitOf(p.traits, name)?.value, name).toBe(`third ${name}`)
      // Edits by hand, and a manual merge choosing a side for one of them.
      p = await run(Effect.flatMap(ProfileStore, (s) => s.setTraits(workspaceId, "p_pt1" as ProfileId, traitsNamed(objectNames, (n) => `edited ${n}`), { at: new Date("2025-04-01T00:00:00Z"), source: "manual" })))
      for (const name of objectNames) expect(traitOf(p.traits, name)?.value, name).toBe(`edited ${name}`)
      await ingest(workspaceId, [identify("pt5", 5, "cookie-apart", traitsNamed(["constructor", "__proto__"], (n) => `apart ${n}`))])
      const plan = await run(Effect.flatMap(IdentityGraph, (g) => g.previewMerge(workspaceId, "p_pt1" as ProfileId, "p_pt5" as ProfileId)))
      expect(plan.traitConflicts.map((c) => c.name)).toEqual(["__proto__", "constructor"])
      const choices = JSON.parse(`{"__proto__": "b", "constructor": "b"}`) as Record<string, "b">
      await run(Effect.flatMap(IdentityGraph, (g) => g.merge(workspaceId, "p_pt1" as ProfileId, "p_pt5" as ProfileId, { at: new Date("2025-05-01T00:00:00Z"), choices })))
      p = await profile(workspaceId, "p_pt1")
      expect(traitOf(p.traits, "constructor")?.value).toBe("apart constructor")
      expect(traitOf(p.traits, "__proto__")?.value).toBe("apart __proto__")
      expect(traitOf(p.traits, "toString")?.value).toBe("edited toString")
    })

    it("round-trips every trait name a JSON object can hold (property)", async () => {
      const typed = new Set(["avatar", "fullName", "firstName", "lastName", "gender", "birthday", "phone", "otherPhones", "email", "otherEmails", "address", "zaloId", "companyName", "taxCode", "nationalId", "tags", "customerGroups", "assigneeId", "collaboratorId"])
      const arbName = fc
        .oneof(fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }), fc.constantFrom(...objectNames), fc.string({ unit: fc.constantFrom("a", ".", "[", "0", " ", "\\", "'", "\"", "_", "%"), minLength: 1 }))
        .filter((n) => !typed.has(n) && !/[\u0000\p{Cs}]/u.test(n))
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(arbName, { minLength: 1, maxLength: 6 }), fc.string({ minLength: 1, maxLength: 8 }).filter((v) => v.trim() !== "" && !/[\u0000\p{Cs}]/u.test(v)), async (names, value) => {
          const workspaceId = await newWorkspace("trait-names")
          await ingest(workspaceId, [identify("tn1", 1, "cookie-tn", traitsNamed(names, (n) => `${value}:${n}`))])
          const p = await profile(workspaceId, "p_tn1")
          expect(Object.keys(p.traits).sort()).toEqual([...names].sort())
          for (const name of names) expect(traitOf(p.traits, name)?.value).toBe(`${value}:${name}`)
        }),
        { numRuns }
      )
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

    it("matches control characters in search text literally, the same on every engine", async () => {
      const workspaceId = await newWorkspace("search-control")
      await ingest(workspaceId, [
        identify("sc1", 1, "cookie-sc1", { fullName: "An\u0001Bình" }),
        identify("sc2", 2, "cookie-sc2", { fullName: "Chi\tDũng" }),
        identify("sc3", 3, "cookie-sc3", { fullName: "Lê Hoa" })
      ])
      const ids = async (text: string) => (await search(workspaceId, text)).items.map((p) => p.profileId)
      // No stored text holds a NUL or a lone surrogate (they are refused on the way in), so nothing matches them.
      expect(await ids("a\u0000b")).toEqual([])
      expect(await ids("\u0000")).toEqual([])
      expect(await ids("\uD800")).toEqual([])
      expect(await ids("an\u0001binh")).toEqual(["p_sc1"])
      expect(await ids("\u0001")).toEqual(["p_sc1"])
      expect(await ids("chi dung")).toEqual(["p_sc2"])
      expect(await ids("\\")).toEqual([])
    })

    it("refuses traits it could not store with a typed InvalidInput, and writes nothing", async () => {
      const workspaceId = await newWorkspace("set-traits-bad")
      await ingest(workspaceId, [identify("st1", 1, "cookie-st", { fullName: "Lê Hoa" })])
      const before = await profile(workspaceId, "p_st1")
      for (const traits of [{ fullName: "Lê\u0000Hoa" }, { "nick\u0000": "x" }, { note: "\uD800" }, { big: 10n }, { when: new Date(8.64e15) }]) {
        const error = await h.failureTag(Effect.flatMap(ProfileStore, (s) => s.setTraits(workspaceId, "p_st1" as ProfileId, traits, { at: new Date("2025-04-01T00:00:00Z"), source: "manual" })))
        expect(error).toMatchObject({ _tag: "InvalidInput", subject: "traits" })
      }
      expect(await profile(workspaceId, "p_st1")).toEqual(before)
      expect((await search(workspaceId, "le hoa")).items.map((p) => p.profileId)).toEqual(["p_st1"])
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
      const expected = workspaceSummaryOf([makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh", acceptsContact: acceptsContactValue() }).summarize(decodeAll(events))])
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
}
