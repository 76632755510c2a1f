import { decodeEventResult, type KithEvent, type ProfileId } from "@kith/core"
import { acceptsContactValue, createResolver, type LedgerEntry, recordOfEvent, resolveBatch } from "@kith/identity"
import { makeSummarizer, summaryToJson } from "@kith/profile"
import { Effect, Option, Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { EventStore } from "../port/events.js"
import { IdentityGraph } from "../port/identity-graph.js"
import { ProfileStore } from "../port/profiles.js"
import { sampleShopEvents } from "./sample-events.js"
import { decodeAll, identify, view } from "./contract-events.js"
import type { ContractHelpers } from "./contract-helpers.js"

/**
 * Registers the identity graph tests of the storage contract: linking, merging, splitting, the policy of `@kith/identity`, the ledger, explain and manual merges (IDN-1, IDN-4, IDN-5, IDN-7, IDN-8, IDN-9), on the engine the helpers run on.
 *
 * @example
 * ```ts
 * registerIdentityGraphContract(contractHelpers(() => store, 12))
 * ```
 */
export const registerIdentityGraphContract = (h: ContractHelpers): void => {
  const { numRuns, run, failureTag, newWorkspace, ingest, ledgerOf, profile, byIdentifier, search, partitionOf } = h
  const graph = <A, E>(f: (g: typeof IdentityGraph.Service) => Effect.Effect<A, E>) => IdentityGraph.use(f)

  describe("identity graph (IDN-1, IDN-7, IDN-8)", () => {
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
      const expectedSummary = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh", acceptsContact: acceptsContactValue() }).summarize(all as ReadonlyArray<KithEvent>)
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
      // The later view carries only the cookie both sides now hold: it leads to both, so it joins neither (never a guess).
      expect(partition).toEqual([["s1", "s2"], ["s3"], ["s4"]])
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

  describe("identity policy of @kith/identity (IDN-4, IDN-5)", () => {
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

    describe("traps of real shops: shared identifiers link nobody, ambiguous records join nobody", () => {
      const phoneOf = (i: number) => `0912${String(100000 + i).padStart(6, "0")}`
      const emailsOf = async (workspaceId: Parameters<typeof profile>[0], profileId: string) =>
        (await profile(workspaceId, profileId)).identifiers.filter((i) => i.type === "email").map((i) => i.value)

      for (const mode of ["one by one", "one batch"] as const) {
        it(`a hotline typed by 8 customers with emails of their own: 8 profiles, each email found on its own (${mode})`, async () => {
          const workspaceId = await newWorkspace(`hotline-${mode === "one batch" ? "b" : "s"}`)
          const customers = Array.from({ length: 8 }, (_, i) => person(`h${i}`, i + 1, { traits: { email: `khach${i}@gmail.com`, phone: "028 3822 1234" } }))
          if (mode === "one batch") await ingest(workspaceId, [...customers].reverse())
          else for (const e of customers) await ingest(workspaceId, [e])
          const partition = await partitionOf(workspaceId, idsOf(customers))
          expect(partition).toEqual(resolverPartition(customers))
          expect(partition).toHaveLength(8)
          for (let i = 0; i < 8; i++) {
            const found = Option.getOrThrow(await byIdentifier(workspaceId, "email", `khach${i}@gmail.com`))
            expect(found.profileId).toBe(`p_h${i}`)
            expect(await emailsOf(workspaceId, `p_h${i}`)).toEqual([`khach${i}@gmail.com`])
          }
          const ledger = await ledgerOf(workspaceId)
          expect(ledger.some((e) => e.kind === "warning" && e.warning.kind === "dropped")).toBe(false)
          if (mode === "one by one") {
            expect(ledger.some((e) => e.kind === "warning" && e.warning.kind === "quarantined" && e.warning.identifier.value === "+842838221234")).toBe(true)
          }
          // The hotline links nobody, yet reads find every profile whose records carry it.
          const carrying = await run(ProfileStore.use((p) => p.findAllByIdentifier(workspaceId, { type: "phone", value: "(028) 3822 1234" })))
          expect(carrying.map((p) => p.profileId)).toEqual(customers.map((c) => `p_${c.messageId}`))
          expect((await search(workspaceId, "028 3822 1234")).items.map((p) => p.profileId)).toEqual(customers.map((c) => `p_${c.messageId}`))
        })
      }

      it("a kiosk's device id used by 20 buyers with phones of their own: 20 profiles, in any order", async () => {
        const workspaceId = await newWorkspace("kiosk")
        const buyers = Array.from({ length: 20 }, (_, i) => ({
          ...person(`k${String(i).padStart(2, "0")}`, 1 + (i % 5), { traits: { phone: phoneOf(i) } }),
          context: { device: { id: "pos-tablet-1" } }
        }))
        const order = [...buyers].sort((a, b) => (a.messageId.split("").reverse().join("") < b.messageId.split("").reverse().join("") ? -1 : 1))
        for (let i = 0; i < order.length; i += 3) await ingest(workspaceId, order.slice(i, i + 3))
        const partition = await partitionOf(workspaceId, idsOf(buyers))
        expect(partition).toEqual(resolverPartition(buyers))
        expect(partition).toHaveLength(20)
      })

      it("a family email shared by six people with different phones: six profiles", async () => {
        const workspaceId = await newWorkspace("family-email")
        const family = Array.from({ length: 6 }, (_, i) => person(`fe${i}`, i + 1, { traits: { email: "giadinh@gmail.com", phone: phoneOf(40 + i) } }))
        for (const e of [...family].reverse()) await ingest(workspaceId, [e])
        const partition = await partitionOf(workspaceId, idsOf(family))
        expect(partition).toEqual(resolverPartition(family))
        expect(partition).toHaveLength(6)
      })

      it("a junk, invalid or service phone never makes a lead and never shows as a trait; the ledger keeps it", async () => {
        const workspaceId = await newWorkspace("junk-contact")
        await ingest(workspaceId, [
          person("jc1", 1, { traits: { fullName: "Khách", phone: "12345", email: "test@test.com" } }),
          person("jc2", 2, { traits: { phone: "1900 1234", otherPhones: ["0000000000"] } })
        ])
        for (const id of ["p_jc1", "p_jc2"]) {
          const stored = await profile(workspaceId, id)
          expect(stored.summary.contactAt).toBeUndefined()
          expect(stored.traits["phone"]).toBeUndefined()
          expect(stored.traits["email"]).toBeUndefined()
        }
        expect((await profile(workspaceId, "p_jc2")).traits["otherPhones"]?.value ?? []).toEqual([])
        expect((await profile(workspaceId, "p_jc1")).traits["fullName"]?.value).toBe("Khách")
        const reasons = (await ledgerOf(workspaceId)).flatMap((e) => (e.kind === "warning" && e.warning.kind === "rejected" ? [e.warning.reason] : []))
        expect(reasons.sort()).toEqual(["blocked", "blocked", "invalid_phone", "service_number"])
        // A valid phone later makes the same visitor a lead.
        await ingest(workspaceId, [{ ...person("jc3", 3, { traits: { phone: "0912 345 678" } }), anonymousId: "cookie-jc1" }])
        const lead = await profile(workspaceId, "p_jc1")
        expect(lead.summary.contactAt).toBe(Date.parse(at(3)))
        expect(lead.traits["phone"]?.value).toBe("0912 345 678")
      })

      it("three accounts share a phone; a record with only that phone joins none of them, with an ambiguous entry", async () => {
        const workspaceId = await newWorkspace("ambiguous")
        const accounts = [1, 2, 3].map((i) => person(`acc${i}`, i, { userId: `u-${i}`, traits: { phone: "0912345678" } }))
        const anonymous = person("anon", 9, { traits: { phone: "0912 345 678" } })
        await ingest(workspaceId, accounts)
        await ingest(workspaceId, [anonymous])
        const all = [...accounts, anonymous]
        const partition = await partitionOf(workspaceId, idsOf(all))
        expect(partition).toEqual(resolverPartition(all))
        expect(partition).toEqual([["acc1"], ["acc2"], ["acc3"], ["anon"]])
        const ambiguous = (await ledgerOf(workspaceId)).find((e) => e.kind === "warning" && e.warning.kind === "ambiguous")
        expect(ambiguous).toMatchObject({ warning: { recordId: "anon", candidateProfileIds: ["p_acc1", "p_acc2", "p_acc3"] } })
        const holders = await run(ProfileStore.use((p) => p.findAllByIdentifier(workspaceId, { type: "phone", value: "+84 912 345 678" })))
        expect(holders.map((p) => p.profileId)).toEqual(["p_acc1", "p_acc2", "p_acc3", "p_anon"])
        expect(await run(ProfileStore.use((p) => p.findAllByIdentifier(workspaceId, { type: "phone", value: "0987 000 000" })))).toEqual([])
      })
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
          const summarizer = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh", acceptsContact: acceptsContactValue() })
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
      const summarizer = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh", acceptsContact: acceptsContactValue() })
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
