import type { ProfileId } from "@kith/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type EventKinds, EventStore } from "../port/events.js"
import { IdentityGraph } from "../port/identity-graph.js"
import { type ProfileQuery, ProfileStore, type StoredProfile } from "../port/profiles.js"
import { foldForSearch } from "../search-text.js"
import { identify, view } from "./contract-events.js"
import type { ContractHelpers } from "./contract-helpers.js"
import { sampleShopEvents } from "./sample-events.js"

const stages = [undefined, "visitor", "lead", "buyer"] as const

/**
 * Registers the read-at-scale tests of the storage contract: counts beside
 * every list and search, search ranking (exact matches first), the search
 * index following every write, and a profile's events newest first (PRF-6,
 * PRF-12), on the engine the helpers run on.
 *
 * @example
 * ```ts
 * registerReadsContract(contractHelpers(() => store, 12))
 * ```
 */
export const registerReadsContract = (h: ContractHelpers): void => {
  const { run, newWorkspace, ingest, numRuns } = h
  const ids = async (workspaceId: string, query: ProfileQuery) => {
    const out: Array<string> = []
    let cursor: string | undefined
    do {
      const page = await run(ProfileStore.use((p) => p.search(workspaceId as never, { ...query, cursor })))
      out.push(...page.items.map((p) => p.profileId))
      cursor = page.nextCursor
    } while (cursor !== undefined)
    return out
  }
  const count = (workspaceId: string, query: Omit<ProfileQuery, "limit" | "cursor">) => run(ProfileStore.use((p) => p.count(workspaceId as never, query)))

  describe("counts and search (PRF-12)", () => {
    it("counts exactly what paging each list and search to the end gives, and search finds what the folded text holds", async () => {
      const workspaceId = await newWorkspace("counts")
      await ingest(workspaceId, sampleShopEvents({ people: 30, eventsPerPerson: 6, seed: 41 }))
      await ingest(workspaceId, [view("cv1", 3, "cookie-cv"), identify("cl1", 4, "cookie-cl", { phone: "0912 777 888", fullName: "Võ Thị Lụa" })])
      const all = (await h.search(workspaceId, undefined, 1000)).items
      // What a profile is searched by: its names, emails, company and address, folded.
      const textOf = (p: StoredProfile): string => {
        const parts: Array<unknown> = ["fullName", "firstName", "lastName", "email", "companyName"].map((name) => p.traits[name]?.value)
        const others = p.traits["otherEmails"]?.value
        if (Array.isArray(others)) parts.push(...(others as Array<unknown>))
        const address = p.traits["address"]?.value
        if (address !== null && typeof address === "object") parts.push(...Object.values(address as Record<string, unknown>))
        for (const i of p.identifiers) if (i.type === "email") parts.push(i.value)
        return foldForSearch(parts.filter((v): v is string => typeof v === "string").join(" | "))
      }
      const texts = all.map(textOf)
      const members = new Map<string | undefined, ReadonlySet<string>>()
      for (const stage of stages) members.set(stage, new Set(await ids(workspaceId, { stage, limit: 1000 })))
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: all.length - 1 }),
          fc.nat(),
          fc.integer({ min: 1, max: 8 }),
          fc.constantFrom(...stages),
          fc.integer({ min: 1, max: 7 }),
          async (who, start, length, stage, limit) => {
            const source = texts[who]!
            const from = source.length === 0 ? 0 : start % source.length
            const text = source.slice(from, from + length)
            const paged = await ids(workspaceId, { text, stage, limit })
            expect(new Set(paged).size).toBe(paged.length)
            expect(await count(workspaceId, { text, stage })).toBe(paged.length)
            const folded = foldForSearch(text)
            const expected = all.filter((p, i) => members.get(stage)!.has(p.profileId) && texts[i]!.includes(folded)).map((p) => p.profileId)
            expect(new Set(paged)).toEqual(new Set(expected))
          }
        ),
        { numRuns }
      )
      for (const stage of stages) {
        const listed = await ids(workspaceId, { stage, limit: 7 })
        expect(await count(workspaceId, { stage }), String(stage)).toBe(listed.length)
      }
      expect(await count(workspaceId, {})).toBe(all.length)
      expect(await count(workspaceId, { text: "0912.777.888" })).toBe(1)
      expect(await count(workspaceId, { text: "0912.777.888", stage: "buyer" })).toBe(0)
      expect(await count(workspaceId, { text: "vo thi lua" })).toBe(1)
      expect(await count(workspaceId, { text: "no such person anywhere" })).toBe(0)
      expect(await count(workspaceId, { text: "a\u0000b" })).toBe(0)
    })

    it("lists profiles holding the whole email first, then those containing it, each by id, across pages", async () => {
      const workspaceId = await newWorkspace("ranking")
      await ingest(workspaceId, [
        identify("r1", 1, "cookie-r1", { email: "ngoclan@shop.vn", fullName: "Ngọc Lan" }),
        identify("r2", 2, "cookie-r2", { email: "lan@shop.vn.com", fullName: "Lan B" }),
        identify("r3", 3, "cookie-r3", { email: "lan@shop.vn", fullName: "Lan A" }),
        identify("r4", 4, "cookie-r4", { fullName: "Hồ Lan", email: "ho.lan@shop.vn" }),
        identify("r5", 5, "cookie-r5", { fullName: "Không Liên Quan" })
      ])
      expect((await h.search(workspaceId, "LAN@shop.vn")).items.map((p) => p.profileId)).toEqual(["p_r3", "p_r1", "p_r2", "p_r4"])
      for (const limit of [1, 2, 3]) expect(await ids(workspaceId, { text: "lan@shop.vn", limit }), `limit ${limit}`).toEqual(["p_r3", "p_r1", "p_r2", "p_r4"])
      expect(await count(workspaceId, { text: "lan@shop.vn" })).toBe(4)
      expect(await ids(workspaceId, { text: "lan@shop.vn", stage: "lead", limit: 1 })).toEqual(["p_r3", "p_r1", "p_r2", "p_r4"])
      expect(await ids(workspaceId, { text: "lan@shop.vn", stage: "buyer", limit: 1 })).toEqual([])
      expect(await ids(workspaceId, { text: "shop.vn", limit: 2 })).toEqual(["p_r1", "p_r2", "p_r3", "p_r4"])
      const foreign = await h.failureTag(ProfileStore.use((p) => p.search(workspaceId, { text: "lan", limit: 1, cursor: "=x" })))
      expect(foreign).toMatchObject({ _tag: "InvalidCursor" })
    })

    it("keeps the search index in step with every write: new text, edits by hand, merges", async () => {
      const workspaceId = await newWorkspace("index-writes")
      await ingest(workspaceId, [identify("w1", 1, "cookie-w1", { fullName: "Đặng Thị Mai" }), identify("w2", 2, "cookie-w2", { fullName: "Phan Văn Mai", phone: "0912 111 222" })])
      expect(await ids(workspaceId, { text: "thi mai", limit: 10 })).toEqual(["p_w1"])
      await ingest(workspaceId, [identify("w3", 3, "cookie-w1", { fullName: "Đặng Ngọc Mai" })])
      expect(await ids(workspaceId, { text: "thi mai", limit: 10 })).toEqual([])
      expect(await ids(workspaceId, { text: "ngoc mai", limit: 10 })).toEqual(["p_w1"])
      await run(ProfileStore.use((p) => p.setTraits(workspaceId, "p_w2" as ProfileId, { fullName: "Phan Bảo Châu" }, { at: new Date("2025-06-01T00:00:00Z"), source: "manual" })))
      expect(await ids(workspaceId, { text: "bao chau", limit: 10 })).toEqual(["p_w2"])
      expect(await count(workspaceId, { text: "mai" })).toBe(1)
      await run(IdentityGraph.use((g) => g.merge(workspaceId, "p_w1" as ProfileId, "p_w2" as ProfileId, { at: new Date("2025-06-02T00:00:00Z") })))
      const survivors = await ids(workspaceId, { text: "phan", limit: 10 })
      expect(survivors.length + (await ids(workspaceId, { text: "dang", limit: 10 })).length).toBeLessThanOrEqual(2)
      expect(await count(workspaceId, {})).toBe(1)
    })
    it("lists as searchEntries exactly the profiles search pages through, each with search's traits, identifiers and first and last seen", async () => {
      const workspaceId = await newWorkspace("entries")
      await ingest(workspaceId, sampleShopEvents({ people: 30, eventsPerPerson: 6, seed: 43 }))
      await ingest(workspaceId, [view("ev1", 3, "cookie-ev"), identify("el1", 4, "cookie-el", { phone: "0912 777 999", email: "lua@gmail.com", fullName: "Võ Thị Lụa" })])
      for (const query of [...stages.map((stage) => ({ stage, limit: 4 })), { text: "nguyen", limit: 3 }, { text: "lua@gmail.com", limit: 2 }, { text: "0912777999", limit: 5 }, { text: "zzz", limit: 5 }]) {
        let cursor: string | undefined
        let pages = 0
        do {
          const request = { ...query, cursor }
          const whole = await run(ProfileStore.use((p) => p.search(workspaceId as never, request)))
          const entries = await run(ProfileStore.use((p) => p.searchEntries(workspaceId as never, request)))
          expect(entries.nextCursor, JSON.stringify(request)).toBe(whole.nextCursor)
          expect(entries.items).toEqual(
            whole.items.map((p) => ({ profileId: p.profileId, traits: p.traits, identifiers: p.identifiers, firstSeenAt: p.summary.firstSeenAt, lastSeenAt: p.summary.lastSeenAt }))
          )
          cursor = whole.nextCursor
        } while (cursor !== undefined && ++pages < 100)
      }
    })
  })

  describe("a profile's events newest first (PRF-6)", () => {
    it("pages the events in exactly the reverse order of oldest first, from any position", async () => {
      const workspaceId = await newWorkspace("newest-first")
      const r = await ingest(workspaceId, sampleShopEvents({ people: 1, eventsPerPerson: 11, seed: 43 }))
      const profileId = [...r.profileOf.values()][0]!
      const oldest = (await run(EventStore.use((s) => s.listByProfile(workspaceId, profileId, { limit: 100 })))).items.map((e) => e.event.messageId)
      const newest: Array<string> = []
      let cursor: string | undefined
      do {
        const page = await run(EventStore.use((s) => s.listByProfileNewestFirst(workspaceId, profileId, { limit: 3, cursor })))
        newest.push(...page.items.map((e) => e.event.messageId))
        cursor = page.nextCursor
      } while (cursor !== undefined)
      expect(newest).toEqual([...oldest].reverse())
      const middle = (await run(EventStore.use((s) => s.listByProfile(workspaceId, profileId, { limit: 100 })))).items[5]!.event
      const before = await run(EventStore.use((s) => s.listByProfileNewestFirst(workspaceId, profileId, { limit: 100, before: { timestamp: middle.timestamp.getTime(), messageId: middle.messageId } })))
      expect(before.items.map((e) => e.event.messageId)).toEqual(oldest.slice(0, 5).reverse())
      // Only some kinds: the same order, the other events left out.
      const all = (await run(EventStore.use((s) => s.listByProfile(workspaceId, profileId, { limit: 100 })))).items.map((e) => e.event)
      const onlies: Array<EventKinds> = [{ types: ["page"], trackNames: [], trackNamePrefixes: [] }, { types: [], trackNames: ["Order Completed", "Product Viewed"], trackNamePrefixes: ["Order "] }, { types: [], trackNames: [], trackNamePrefixes: [] }]
      for (const only of onlies) {
        const kept = all.filter((e) => only.types.includes(e.type) || (e.type === "track" && (only.trackNames.includes(e.event) || only.trackNamePrefixes.some((p) => e.event.startsWith(p)))))
        const page = await run(EventStore.use((s) => s.listByProfileNewestFirst(workspaceId, profileId, { limit: 100, only })))
        expect(page.items.map((e) => e.event.messageId), JSON.stringify(only)).toEqual(kept.map((e) => e.messageId).reverse())
      }
    })
  })
}
