import type { ProfileId, WorkspaceId } from "@kith/core"
import type { SegmentRule } from "@kith/segments"
import fc from "fast-check"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Privacy } from "../port/privacy.js"
import { type MembershipRefresh, type ScheduleRange, Segments } from "../port/segments.js"
import type { ContractHelpers } from "./contract-helpers.js"
import { identify } from "./contract-events.js"

const recent: SegmentRule = { version: 1, rule: { kind: "orders", during: { withinLastDays: 30 }, count: { min: 1 } } }
const vip: SegmentRule = { version: 1, rule: { kind: "field", field: "tags", hasAny: ["vip"] } }
const day = (d: number) => new Date(Date.UTC(2026, 0, d, 2))
const staff = (d: number) => ({ actor: "staff-lan", at: day(d) })
const ids = (...names: ReadonlyArray<string>) => names.map((n) => `p_${n}` as ProfileId)

/**
 * Registers the tests of stored segments and membership (SEG-6, SEG-8):
 * definitions with versions; applying a membership enters and exits
 * profiles at its instant, kept in their history, in one transaction; a
 * scoped application touches only its scope; counts, stable member pages, a
 * profile's segments and history; the re-evaluation schedule; erasure;
 * and workspace isolation as a property.
 *
 * @example
 * ```ts
 * registerSegmentContract(contractHelpers(() => store, 12))
 * ```
 */
export const registerSegmentContract = (h: ContractHelpers): void => {
  const { numRuns, run, failureTag, newWorkspace } = h
  const segments = <A, E>(f: (s: typeof Segments.Service) => Effect.Effect<A, E>) => Segments.use(f)
  const define = (workspaceId: WorkspaceId, segmentId: string, rule: SegmentRule = recent, d = 1) =>
    run(segments((s) => s.define(workspaceId, { segmentId, name: `Segment ${segmentId}`, rule, ...staff(d) })))
  const apply = (workspaceId: WorkspaceId, segmentId: string, refresh: MembershipRefresh) => run(segments((s) => s.apply(workspaceId, segmentId, refresh)))
  const allMembers = async (workspaceId: WorkspaceId, segmentId: string) =>
    (await run(segments((s) => s.members(workspaceId, segmentId, { limit: 10_000 })))).items.map((m) => m.profileId)

  describe("segments and membership (SEG-6, SEG-8)", () => {
    it("stores a definition, makes a new version on update, refuses a second define, a bad rule and an unknown id (nothing written)", async () => {
      const workspaceId = await newWorkspace("segments-define")
      const defined = await define(workspaceId, "seg-recent")
      expect(defined).toMatchObject({ segmentId: "seg-recent", version: 1, rule: recent, createdBy: "staff-lan", createdAt: day(1), updatedAt: day(1) })
      expect(await run(segments((s) => s.get(workspaceId, "seg-recent")))).toEqual(defined)
      expect(await failureTag(segments((s) => s.define(workspaceId, { segmentId: "seg-recent", name: "again", rule: vip, ...staff(2) })))).toMatchObject({
        _tag: "SegmentExists",
        segmentId: "seg-recent"
      })
      const updated = await run(segments((s) => s.update(workspaceId, "seg-recent", { rule: vip, actor: "staff-minh", at: day(3) })))
      expect(updated).toMatchObject({ version: 2, rule: vip, name: "Segment seg-recent", createdBy: "staff-lan", createdAt: day(1), updatedBy: "staff-minh", updatedAt: day(3) })
      const bad = { version: 1, rule: { kind: "orders", during: { withinLastDays: -3 } } } as unknown as SegmentRule
      expect(await failureTag(segments((s) => s.update(workspaceId, "seg-recent", { rule: bad, ...staff(4) })))).toMatchObject({ _tag: "InvalidInput" })
      expect(await failureTag(segments((s) => s.define(workspaceId, { segmentId: "seg-bad", name: "bad", rule: bad, ...staff(4) })))).toMatchObject({ _tag: "InvalidInput" })
      expect(await failureTag(segments((s) => s.update(workspaceId, "seg-none", { name: "x", ...staff(4) })))).toMatchObject({ _tag: "SegmentNotFound", segmentId: "seg-none" })
      expect(await failureTag(segments((s) => s.get(workspaceId, "seg-\u0000")))).toMatchObject({ _tag: "SegmentNotFound" })
      expect((await run(segments((s) => s.list(workspaceId)))).map((s) => [s.segmentId, s.version])).toEqual([["seg-recent", 2]])
      expect(await failureTag(segments((s) => s.list(h.freshWorkspace("segments-none"))))).toMatchObject({ _tag: "UnknownWorkspace" })
    })

    it("enters and exits members at the refresh's instant, keeps each profile's history, counts and lists them", async () => {
      const workspaceId = await newWorkspace("segments-apply")
      await define(workspaceId, "seg-recent")
      await define(workspaceId, "seg-vip", vip)
      const first = await apply(workspaceId, "seg-recent", { version: 1, asOf: day(5), scope: "all", members: ids("b", "a", "c"), due: [] })
      expect(first).toEqual({ entered: ids("a", "b", "c"), exited: [], members: 3 })
      await apply(workspaceId, "seg-vip", { version: 1, asOf: day(5), scope: "all", members: ids("a"), due: [] })
      const second = await apply(workspaceId, "seg-recent", { version: 1, asOf: day(9), scope: "all", members: ids("a", "d"), due: [] })
      expect(second).toEqual({ entered: ids("d"), exited: ids("b", "c"), members: 2 })
      expect(await run(segments((s) => s.count(workspaceId, "seg-recent")))).toBe(2)
      expect(await allMembers(workspaceId, "seg-recent")).toEqual(ids("a", "d"))
      expect((await run(segments((s) => s.of(workspaceId, "p_a" as ProfileId)))).map((m) => [m.segmentId, m.enteredAt])).toEqual([
        ["seg-recent", day(5)],
        ["seg-vip", day(5)]
      ])
      expect((await run(segments((s) => s.history(workspaceId, "p_b" as ProfileId)))).map((c) => [c.segmentId, c.change, c.at, c.version])).toEqual([
        ["seg-recent", "entered", day(5), 1],
        ["seg-recent", "exited", day(9), 1]
      ])
      // The same membership again changes nothing.
      expect(await apply(workspaceId, "seg-recent", { version: 1, asOf: day(10), scope: "all", members: ids("d", "a"), due: [] })).toEqual({ entered: [], exited: [], members: 2 })
      expect(await run(segments((s) => s.history(workspaceId, "p_a" as ProfileId)))).toHaveLength(2)
    })

    it("applies a scoped membership to its scope only, refuses a stale version and a member outside the scope (nothing written)", async () => {
      const workspaceId = await newWorkspace("segments-scope")
      await define(workspaceId, "seg-recent")
      await apply(workspaceId, "seg-recent", { version: 1, asOf: day(5), scope: "all", members: ids("a", "b"), due: [] })
      expect(await apply(workspaceId, "seg-recent", { version: 1, asOf: day(6), scope: ids("b", "c"), members: ids("c"), due: [] })).toEqual({
        entered: ids("c"),
        exited: ids("b"),
        members: 2
      })
      expect(await allMembers(workspaceId, "seg-recent")).toEqual(ids("a", "c"))
      await run(segments((s) => s.update(workspaceId, "seg-recent", { name: "Recent buyers", ...staff(7) })))
      expect(await failureTag(segments((s) => s.apply(workspaceId, "seg-recent", { version: 1, asOf: day(8), scope: "all", members: [], due: [] })))).toMatchObject({
        _tag: "SegmentVersionChanged",
        expectedVersion: 1,
        foundVersion: 2
      })
      expect(await failureTag(segments((s) => s.apply(workspaceId, "seg-recent", { version: 2, asOf: day(8), scope: ids("a"), members: ids("z"), due: [] })))).toMatchObject({
        _tag: "InvalidInput"
      })
      expect(await allMembers(workspaceId, "seg-recent")).toEqual(ids("a", "c"))
      expect(await failureTag(segments((s) => s.apply(workspaceId, "seg-none", { version: 1, asOf: day(8), scope: "all", members: [], due: [] })))).toMatchObject({
        _tag: "SegmentNotFound"
      })
    })

    it("pages members with a stable cursor: members added or removed between pages never repeat or skip one that stays", async () => {
      const workspaceId = await newWorkspace("segments-pages")
      await define(workspaceId, "seg-recent")
      const everyone = Array.from({ length: 25 }, (_, i) => `p_${String(i).padStart(2, "0")}` as ProfileId)
      await apply(workspaceId, "seg-recent", { version: 1, asOf: day(5), scope: "all", members: everyone, due: [] })
      const first = await run(segments((s) => s.members(workspaceId, "seg-recent", { limit: 10 })))
      expect(first.items.map((m) => m.profileId)).toEqual(everyone.slice(0, 10))
      // Between pages: one listed and one not yet listed leave, a newcomer sorts before the cursor.
      await apply(workspaceId, "seg-recent", { version: 1, asOf: day(6), scope: ids("03", "15", "000"), members: ids("000"), due: [] })
      const seen = [...first.items.map((m) => m.profileId)]
      let cursor = first.nextCursor
      while (cursor !== undefined) {
        const page = await run(segments((s) => s.members(workspaceId, "seg-recent", { limit: 10, cursor })))
        seen.push(...page.items.map((m) => m.profileId))
        cursor = page.nextCursor
      }
      expect(seen).toEqual(everyone.filter((p) => p !== "p_15"))
      expect(await failureTag(segments((s) => s.members(workspaceId, "seg-recent", { limit: 10, cursor: "\u0000" })))).toMatchObject({ _tag: "InvalidCursor" })
    })

    it("keeps each profile's next-change instant and lists those due at an instant; a scoped refresh replaces its scope's schedule", async () => {
      const workspaceId = await newWorkspace("segments-due")
      await define(workspaceId, "seg-recent")
      await define(workspaceId, "seg-vip", vip)
      await apply(workspaceId, "seg-recent", {
        version: 1, asOf: day(5), scope: "all", members: ids("a", "b"),
        due: [{ profileId: "p_a" as ProfileId, at: day(20) }, { profileId: "p_b" as ProfileId, at: day(10) }, { profileId: "p_x" as ProfileId, at: day(12) }]
      })
      await apply(workspaceId, "seg-vip", { version: 1, asOf: day(5), scope: "all", members: [], due: [{ profileId: "p_a" as ProfileId, at: day(10) }] })
      const due = (now: Date) => run(segments((s) => s.due(workspaceId, now, 100))).then((list) => list.map((d) => [d.segmentId, d.profileId, d.at.getUTCDate()]))
      expect(await due(day(9))).toEqual([])
      expect(await due(day(12))).toEqual([["seg-recent", "p_b", 10], ["seg-vip", "p_a", 10], ["seg-recent", "p_x", 12]])
      expect(await run(segments((s) => s.due(workspaceId, day(30), 2)))).toHaveLength(2)
      await apply(workspaceId, "seg-recent", { version: 1, asOf: day(10), scope: ids("b"), members: [], due: [] })
      expect(await due(day(25))).toEqual([["seg-vip", "p_a", 10], ["seg-recent", "p_x", 12], ["seg-recent", "p_a", 20]])
      // Removing a segment exits its members (in their history) and drops its schedule.
      expect(await run(segments((s) => s.remove(workspaceId, "seg-recent", staff(26))))).toBe(1)
      expect(await due(day(30))).toEqual([["seg-vip", "p_a", 10]])
      expect((await run(segments((s) => s.history(workspaceId, "p_a" as ProfileId)))).map((c) => [c.change, c.at])).toEqual([["entered", day(5)], ["exited", day(26)]])
      expect(await failureTag(segments((s) => s.count(workspaceId, "seg-recent")))).toMatchObject({ _tag: "SegmentNotFound" })
    })

    it("schedules a range of profile ids at a time, leaving the membership and the other ranges and segments as they were; a kept schedule stays", async () => {
      const workspaceId = await newWorkspace("segments-schedule")
      await define(workspaceId, "seg-recent")
      await define(workspaceId, "seg-vip", vip)
      const at = (profileId: string, d: number) => ({ profileId: `p_${profileId}` as ProfileId, at: day(d) })
      await apply(workspaceId, "seg-recent", { version: 1, asOf: day(5), scope: "all", members: ids("a"), due: [at("a", 20), at("c", 11), at("m", 12), at("x", 13)] })
      await apply(workspaceId, "seg-vip", { version: 1, asOf: day(5), scope: "all", members: [], due: [at("c", 14)] })
      const schedule = (range: Omit<ScheduleRange, "version">, version = 1) => segments((s) => s.schedule(workspaceId, "seg-recent", { version, ...range }))
      const due = () => run(segments((s) => s.due(workspaceId, day(31), 100))).then((list) => list.map((d) => [d.segmentId, d.profileId, d.at.getUTCDate()]))
      // (p_b, p_m]: p_c moves, p_m goes, p_d comes; p_a and p_x, outside, and seg-vip stay.
      expect(await run(schedule({ after: "p_b" as ProfileId, through: "p_m" as ProfileId, due: [at("c", 15), at("d", 16)] }))).toBe(2)
      expect(await due()).toEqual([["seg-recent", "p_x", 13], ["seg-vip", "p_c", 14], ["seg-recent", "p_c", 15], ["seg-recent", "p_d", 16], ["seg-recent", "p_a", 20]])
      // Open ends: up to p_b, and after p_m.
      await run(schedule({ through: "p_b" as ProfileId, due: [] }))
      await run(schedule({ after: "p_m" as ProfileId, due: [at("x", 13), at("y", 17)] }))
      expect(await due()).toEqual([["seg-recent", "p_x", 13], ["seg-vip", "p_c", 14], ["seg-recent", "p_c", 15], ["seg-recent", "p_d", 16], ["seg-recent", "p_y", 17]])
      // A refresh that keeps the schedule changes only the membership.
      await apply(workspaceId, "seg-recent", { version: 1, asOf: day(6), scope: "all", members: ids("d"), due: "kept" })
      expect(await due()).toHaveLength(5)
      expect(await run(segments((s) => s.members(workspaceId, "seg-recent", { limit: 10 })))).toMatchObject({ items: [{ profileId: "p_d" }] })
      // Entries outside the range, a range that ends before it starts and a stale version write nothing.
      expect(await failureTag(schedule({ after: "p_b" as ProfileId, through: "p_m" as ProfileId, due: [at("z", 18)] }))).toMatchObject({ _tag: "InvalidInput" })
      expect(await failureTag(schedule({ after: "p_m" as ProfileId, through: "p_b" as ProfileId, due: [] }))).toMatchObject({ _tag: "InvalidInput" })
      expect(await failureTag(schedule({ due: [] }, 2))).toMatchObject({ _tag: "SegmentVersionChanged" })
      expect(await due()).toHaveLength(5)
    })

    it("remembers the instant a schedule holds from: set by a whole schedule, moved forward (never back) by later entries, forgotten by a schedule under way and an update", async () => {
      const workspaceId = await newWorkspace("segments-from")
      await define(workspaceId, "seg-recent")
      await define(workspaceId, "seg-vip", vip)
      const at = (profileId: string, d: number) => ({ profileId: `p_${profileId}` as ProfileId, at: day(d) })
      const from = (segmentId = "seg-recent") => run(segments((s) => s.scheduledFrom(workspaceId, segmentId)))
      const dueIn = (d: number) => run(segments((s) => s.dueIn(workspaceId, "seg-recent", day(d))))
      const reschedule = (d: number, profiles: ReadonlyArray<ProfileId>, due: ReadonlyArray<{ profileId: ProfileId; at: Date }>, version = 1) =>
        segments((s) => s.reschedule(workspaceId, "seg-recent", { version, asOf: day(d), profiles, due }))
      expect(await from()).toBeNull()
      await apply(workspaceId, "seg-recent", { version: 1, asOf: day(5), scope: "all", members: [], due: [at("a", 20), at("c", 11), at("m", 12)] })
      await apply(workspaceId, "seg-vip", { version: 1, asOf: day(5), scope: "all", members: [], due: [at("c", 9)] })
      expect(await from()).toEqual(day(5))
      // What has come due, by id, in this segment only.
      expect(await dueIn(10)).toEqual([])
      expect(await dueIn(12)).toEqual(ids("c", "m"))
      // Entries computed later move it forward; earlier ones leave it.
      expect(await run(reschedule(12, ids("c", "m", "q"), [at("c", 25), at("q", 14)]))).toBe(2)
      expect(await from()).toEqual(day(12))
      expect(await dueIn(19)).toEqual(ids("q"))
      await apply(workspaceId, "seg-recent", { version: 1, asOf: day(8), scope: ids("a"), members: [], due: [at("a", 21)] })
      expect(await from()).toEqual(day(12))
      await apply(workspaceId, "seg-recent", { version: 1, asOf: day(13), scope: ids("a"), members: [], due: [at("a", 22)] })
      expect(await from()).toEqual(day(13))
      // A schedule written in ranges forgets it with its first range and sets it with its last.
      await run(segments((s) => s.schedule(workspaceId, "seg-recent", { version: 1, asOf: day(14), through: "p_b" as ProfileId, due: [at("a", 23)] })))
      expect(await from()).toBeNull()
      await apply(workspaceId, "seg-recent", { version: 1, asOf: day(15), scope: ids("a"), members: [], due: [at("a", 23)] })
      expect(await from()).toBeNull()
      await run(segments((s) => s.schedule(workspaceId, "seg-recent", { version: 1, asOf: day(14), after: "p_b" as ProfileId, due: [at("q", 16)] })))
      expect(await from()).toEqual(day(14))
      // Entries of other profiles, a stale version: nothing written.
      expect(await failureTag(reschedule(16, ids("q"), [at("z", 18)]))).toMatchObject({ _tag: "InvalidInput" })
      expect(await failureTag(reschedule(16, ids("q"), [], 2))).toMatchObject({ _tag: "SegmentVersionChanged" })
      expect(await dueIn(31)).toEqual(ids("a", "q"))
      // A new version of any segment forgets every segment's instant (a rule may refer to the one updated).
      await apply(workspaceId, "seg-vip", { version: 1, asOf: day(16), scope: "all", members: [], due: [] })
      expect(await from("seg-vip")).toEqual(day(16))
      await run(segments((s) => s.update(workspaceId, "seg-vip", { name: "VIP", ...staff(17) })))
      expect([await from(), await from("seg-vip")]).toEqual([null, null])
      expect(await failureTag(segments((s) => s.scheduledFrom(workspaceId, "seg-none")))).toMatchObject({ _tag: "SegmentNotFound" })
    })

    it("applies several segments in one transaction; a profile merged into one of the scope exits (it is no longer live)", async () => {
      const workspaceId = await newWorkspace("segments-many")
      await h.ingest(workspaceId, [identify("m1", 1, "cookie-m", { phone: "0912345678" }), identify("m2", 1, "cookie-n", { phone: "0987654321" })])
      await define(workspaceId, "seg-recent")
      await define(workspaceId, "seg-vip", vip)
      await apply(workspaceId, "seg-recent", { version: 1, asOf: day(2), scope: "all", members: ids("m1"), due: [] })
      await apply(workspaceId, "seg-vip", { version: 1, asOf: day(2), scope: "all", members: ids("m2"), due: [{ profileId: "p_m2" as ProfileId, at: day(20) }] })
      const merged = await h.ingest(workspaceId, [identify("m3", 3, "cookie-m", { phone: "0987654321" })])
      const survivor = merged.profileOf.get("m3")!
      const absorbed = survivor === "p_m1" ? "p_m2" : "p_m1"
      const outcomes = await run(
        segments((s) =>
          s.applyMany(workspaceId, [
            { segmentId: "seg-recent", version: 1, asOf: day(3), scope: [survivor], members: [survivor], due: [] },
            { segmentId: "seg-vip", version: 1, asOf: day(3), scope: [survivor], members: [survivor], due: [] }
          ])
        )
      )
      // Each segment held one of the two: the survivor stays or enters, the absorbed one exits.
      const was = { "seg-recent": "p_m1", "seg-vip": "p_m2" }
      expect(outcomes.map((o) => [o.segmentId, o.entered, o.exited])).toEqual(
        (["seg-recent", "seg-vip"] as const).map((id) => (was[id] === survivor ? [id, [], []] : [id, [survivor], [absorbed]]))
      )
      expect(await allMembers(workspaceId, "seg-recent")).toEqual([survivor])
      expect(await allMembers(workspaceId, "seg-vip")).toEqual([survivor])
      expect(await run(segments((s) => s.of(workspaceId, absorbed as ProfileId)))).toEqual([])
      expect(await run(segments((s) => s.due(workspaceId, day(30), 10)))).toEqual([])
      // One refused refresh (a stale version) and the other is not written either.
      const before = await run(segments((s) => s.history(workspaceId, survivor)))
      expect(
        await failureTag(
          segments((s) =>
            s.applyMany(workspaceId, [
              { segmentId: "seg-recent", version: 1, asOf: day(4), scope: [survivor], members: [], due: [] },
              { segmentId: "seg-vip", version: 9, asOf: day(4), scope: [survivor], members: [], due: [] }
            ])
          )
        )
      ).toMatchObject({ _tag: "SegmentVersionChanged" })
      expect(await run(segments((s) => s.history(workspaceId, survivor)))).toEqual(before)
    })

    it("erasing a profile erases its membership, history and schedule (PRIV-2)", async () => {
      const workspaceId = await newWorkspace("segments-erase")
      await h.ingest(workspaceId, [identify("e1", 1, "cookie-e", { phone: "0912345678" }), identify("e2", 1, "cookie-f", { phone: "0987654321" })])
      await define(workspaceId, "seg-recent")
      await apply(workspaceId, "seg-recent", { version: 1, asOf: day(5), scope: "all", members: ids("e1", "e2"), due: [{ profileId: "p_e1" as ProfileId, at: day(9) }] })
      await run(Effect.flatMap(Privacy, (p) => p.erase(workspaceId, "p_e1" as ProfileId, { actor: "dpo", at: day(6) })))
      expect(await allMembers(workspaceId, "seg-recent")).toEqual(ids("e2"))
      expect(await run(segments((s) => s.history(workspaceId, "p_e1" as ProfileId)))).toEqual([])
      expect(await run(segments((s) => s.due(workspaceId, day(30), 10)))).toEqual([])
    })

    it("applying memberships in one workspace never changes another's (property)", async () => {
      const a = await newWorkspace("segments-iso-a")
      const b = await newWorkspace("segments-iso-b")
      await define(a, "seg-recent")
      await define(b, "seg-recent")
      const profile = fc.integer({ min: 0, max: 12 }).map((n) => `p_${n}` as ProfileId)
      const memberSet = fc.uniqueArray(profile, { maxLength: 8 })
      const snapshot = async (w: WorkspaceId) => ({
        members: await run(segments((s) => s.members(w, "seg-recent", { limit: 100 }))),
        due: await run(segments((s) => s.due(w, day(31), 100))),
        histories: await Promise.all(Array.from({ length: 13 }, (_, n) => run(segments((s) => s.history(w, `p_${n}` as ProfileId)))))
      })
      let d = 0
      await fc.assert(
        fc.asyncProperty(memberSet, memberSet, fc.boolean(), async (inB, inA, scoped) => {
          d = (d % 27) + 1
          await apply(b, "seg-recent", { version: 1, asOf: day(d), scope: "all", members: inB, due: inB.map((p) => ({ profileId: p, at: day(d + 1) })) })
          const before = await snapshot(b)
          const scope = scoped ? [...new Set([...inA, ...ids("1", "2")])] : "all"
          const outcome = await apply(a, "seg-recent", { version: 1, asOf: day(d), scope, members: inA, due: inA.map((p) => ({ profileId: p, at: day(d + 2) })) })
          expect(await snapshot(b)).toEqual(before)
          expect(outcome.members).toBe(await run(segments((s) => s.count(a, "seg-recent"))))
        }),
        { numRuns }
      )
    })
  })
}
