import type { ProfileId, WorkspaceId } from "@kith/core"
import { actOnPlan, createPlan, outboxIdOf, type Plan, type PlanActor } from "@kith/outreach"
import { Effect, Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type OutboxEntry, OutreachStore } from "../port/outreach.js"
import type { ContractHelpers } from "./contract-helpers.js"

const marketer: PlanActor = { kind: "staff", id: "s-lan", role: "marketer" }
const T0 = Date.UTC(2026, 0, 5, 2)
const at = (ms: number) => new Date(T0 + ms)

/**
 * A one-time plan draft with this id, created at `T0`.
 *
 * @example
 * ```ts
 * const draft = samplePlan("plan-1")
 * ```
 */
export const samplePlan = (id: string): Plan =>
  Result.getOrThrow(
    createPlan(
      {
        id,
        definition: {
          name: "Tri ân khách VIP",
          purpose: "promotion",
          channel: "zalo",
          audience: { include: ["seg-vip"], exclude: [] },
          content: { variants: { vi: 'Chào {{firstName | "bạn"}}, giảm 20% hôm nay' }, fallbackLocale: "vi" },
          voucher: { kind: "none" },
          products: ["sku-1"],
          callToAction: { kind: "product_list" },
          holdoutPercent: 10
        }
      },
      { at: at(0), actor: marketer }
    )
  )

/**
 * An outbox entry of a plan for a profile, decided `send` unless told, due at `T0 + dueMs`.
 *
 * @example
 * ```ts
 * const entry = sampleEntry("plan-1", "p_1")
 * ```
 */
export const sampleEntry = (planId: string, profileId: string, change: Partial<OutboxEntry> = {}, dueMs = 0): OutboxEntry => ({
  planId,
  profileId: profileId as ProfileId,
  occurrence: "",
  channel: "zalo",
  purpose: "promotion",
  decision: "send",
  reason: "consented",
  holdout: false,
  availableAt: at(dueMs),
  message: { text: `Chào ${profileId}`, locale: "vi", to: `zalo:${profileId}`, products: ["sku-1"], voucher: { kind: "none" } },
  ...change
})

/**
 * Registers the tests of the outreach slice (OUT-7): plans stored whole
 * with optimistic versions; the outbox written once per (plan, profile,
 * occurrence) with its decisions, counted, paged, cancelled and re-decided;
 * and delivery — claims lease disjoint batches, an expired lease is taken
 * over and the stale owner can change nothing, failures retry or die, leases
 * renew, and rate limits are shared by every worker.
 *
 * @example
 * ```ts
 * registerOutreachContract(contractHelpers(() => store, 12))
 * ```
 */
export const registerOutreachContract = (h: ContractHelpers): void => {
  const { run, failureTag, newWorkspace, numRuns } = h
  const store = <A, E>(f: (s: typeof OutreachStore.Service) => Effect.Effect<A, E>) => OutreachStore.use(f)
  const fill = (workspaceId: WorkspaceId, entries: ReadonlyArray<OutboxEntry>) => run(store((s) => s.insertOutbox(workspaceId, entries, at(0))))
  const states = async (workspaceId: WorkspaceId, planId: string) =>
    Object.fromEntries((await run(store((s) => s.outboxOf(workspaceId, planId, { limit: 10_000 })))).items.map((r) => [r.profileId, r.state]))
  const delivery = () => h.backend().delivery
  const claim = (workspaceId: WorkspaceId, workerId: string, limit: number, now: number, leaseMs = 30_000, rateLimits?: Record<string, { limit: number; windowMs: number }>) =>
    delivery().claim(workspaceId, { workerId, limit, leaseMs, now: T0 + now, rateLimits })

  describe("outreach plans and outbox (OUT-7)", () => {
    it("stores a plan whole, refuses a second create, saves only from the version it holds", async () => {
      const ws = await newWorkspace("outreach-plans")
      const draft = samplePlan("plan-1")
      expect(await run(store((s) => s.createPlan(ws, draft)))).toEqual(draft)
      expect(await run(store((s) => s.getPlan(ws, "plan-1")))).toEqual(draft)
      expect(await failureTag(store((s) => s.createPlan(ws, draft)))).toMatchObject({ _tag: "PlanExists", planId: "plan-1" })
      const scheduled = Result.getOrThrow(actOnPlan(draft, { action: "schedule", sendAt: "2026-01-06T09:00" }, { at: at(1_000), actor: marketer }))
      expect(await run(store((s) => s.savePlan(ws, scheduled, draft.version)))).toEqual(scheduled)
      expect(await run(store((s) => s.getPlan(ws, "plan-1")))).toEqual(scheduled)
      expect(await failureTag(store((s) => s.savePlan(ws, scheduled, draft.version)))).toMatchObject({
        _tag: "PlanVersionChanged",
        expectedVersion: draft.version,
        foundVersion: scheduled.version
      })
      expect(await failureTag(store((s) => s.savePlan(ws, samplePlan("plan-9"), 1)))).toMatchObject({ _tag: "PlanNotFound", planId: "plan-9" })
      expect(await failureTag(store((s) => s.getPlan(ws, "plan-9")))).toMatchObject({ _tag: "PlanNotFound" })
      await run(store((s) => s.createPlan(ws, samplePlan("plan-2"))))
      await run(store((s) => s.createPlan(ws, samplePlan("plan-3"))))
      const first = await run(store((s) => s.listPlans(ws, { page: { limit: 2 } })))
      expect(first.items.map((p) => p.id)).toEqual(["plan-1", "plan-2"])
      const second = await run(store((s) => s.listPlans(ws, { page: { limit: 2, cursor: first.nextCursor } })))
      expect(second.items.map((p) => p.id)).toEqual(["plan-3"])
      expect((await run(store((s) => s.listPlans(ws, { status: "scheduled", page: { limit: 10 } })))).items.map((p) => p.id)).toEqual(["plan-1"])
      expect((await run(store((s) => s.duePlans(ws, new Date(scheduled.startAt!.getTime() - 1), 10)))).map((p) => p.id)).toEqual([])
      expect((await run(store((s) => s.duePlans(ws, scheduled.startAt!, 10)))).map((p) => p.id)).toEqual(["plan-1"])
      expect(await failureTag(store((s) => s.getPlan(h.freshWorkspace("outreach-none"), "plan-1")))).toMatchObject({ _tag: "UnknownWorkspace" })
    })

    it("writes one row per (plan, profile, occurrence) whatever is written again, with decisions, counts and pages", async () => {
      const ws = await newWorkspace("outreach-outbox")
      const entries = [
        sampleEntry("plan-1", "p_a"),
        sampleEntry("plan-1", "p_b", { decision: "hold", reason: "quiet_hours" }, 3_600_000),
        sampleEntry("plan-1", "p_c", { decision: "skip", reason: "no_consent" }),
        sampleEntry("plan-1", "p_d", { decision: "skip", reason: "holdout", holdout: true })
      ]
      expect(await fill(ws, entries)).toBe(4)
      expect(await fill(ws, [...entries, sampleEntry("plan-1", "p_a", { occurrence: "cart-1" })])).toBe(1)
      expect(await states(ws, "plan-1")).toEqual({ p_a: "pending", p_b: "held", p_c: "skipped", p_d: "skipped" })
      const page1 = await run(store((s) => s.outboxOf(ws, "plan-1", { limit: 3 })))
      const page2 = await run(store((s) => s.outboxOf(ws, "plan-1", { limit: 3, cursor: page1.nextCursor })))
      const all = [...page1.items, ...page2.items]
      expect(all.length).toBe(5)
      expect(all.map((r) => r.outboxId)).toEqual([...all.map((r) => r.outboxId)].sort())
      const a = all.find((r) => r.profileId === "p_a" && r.occurrence === "")!
      expect(a).toMatchObject({ outboxId: outboxIdOf(ws, "plan-1", "p_a", ""), attempts: 0, message: entries[0]!.message, availableAt: at(0), sentAt: null })
      expect(await run(store((s) => s.outboxCounts(ws, "plan-1")))).toEqual([
        { state: "held", decision: "hold", reason: "quiet_hours", holdout: false, count: 1 },
        { state: "pending", decision: "send", reason: "consented", holdout: false, count: 2 },
        { state: "skipped", decision: "skip", reason: "holdout", holdout: true, count: 1 },
        { state: "skipped", decision: "skip", reason: "no_consent", holdout: false, count: 1 }
      ])
      expect(await run(store((s) => s.planDrained(ws, "plan-1")))).toBe(false)
    })

    it("re-decides held rows when due, cancels what no worker claimed, and counts a recipient's sends for the caps", async () => {
      const ws = await newWorkspace("outreach-held")
      await fill(ws, [
        sampleEntry("plan-1", "p_a", { decision: "hold", reason: "quiet_hours" }, 1_000),
        sampleEntry("plan-1", "p_b", { decision: "hold", reason: "quiet_hours" }, 5_000),
        sampleEntry("plan-1", "p_c"),
        sampleEntry("plan-1", "p_d", {}, 10)
      ])
      expect((await run(store((s) => s.heldDue(ws, at(1_000), 10)))).map((r) => r.profileId)).toEqual(["p_a"])
      const [held] = await run(store((s) => s.heldDue(ws, at(1_000), 10)))
      expect(await run(store((s) => s.redecide(ws, [{ outboxId: held!.outboxId, decision: "send", reason: "consented", availableAt: at(1_000) }])))).toBe(1)
      // A row no longer held is not re-decided.
      expect(await run(store((s) => s.redecide(ws, [{ outboxId: held!.outboxId, decision: "skip", reason: "no_consent", availableAt: at(1_000) }])))).toBe(0)
      const claimed = await claim(ws, "w-1", 1, 0)
      expect(claimed.map((r) => r.profileId)).toEqual(["p_c"])
      await delivery().complete(ws, "w-1", [claimed[0]!.outboxId], T0 + 10)
      const history = await run(store((s) => s.sentHistory(ws, ["p_a", "p_c", "p_zz"] as Array<ProfileId>, at(0))))
      expect(history.map((r) => [r.profileId, r.state, r.at.getTime() - T0])).toEqual([
        ["p_a", "pending", 1_000],
        ["p_c", "sent", 10]
      ])
      const [d] = await claim(ws, "w-1", 1, 10)
      expect(d!.profileId).toBe("p_d")
      // A claimed row counts at the instant its send was decided (when written), never at its lease's end (T0 + 30,010).
      const whileClaimed = await run(store((s) => s.sentHistory(ws, ["p_a", "p_d"] as Array<ProfileId>, at(0))))
      expect(whileClaimed.map((r) => [r.profileId, r.state, r.at.getTime() - T0])).toEqual([
        ["p_a", "pending", 1_000],
        ["p_d", "claimed", 0]
      ])
      const [a] = await claim(ws, "w-2", 1, 2_000)
      expect(a!.profileId).toBe("p_a")
      expect((await run(store((s) => s.sentHistory(ws, ["p_a"] as Array<ProfileId>, at(0))))).map((r) => [r.state, r.at.getTime() - T0])).toEqual([["claimed", 1_000]])
      await delivery().fail(ws, "w-2", [{ outboxId: a!.outboxId, error: "refused", retryAt: T0 + 9_000 }], T0 + 2_100)
      // Put back for a retry: still counted at its decision, not at the retry.
      expect((await run(store((s) => s.sentHistory(ws, ["p_a"] as Array<ProfileId>, at(0))))).map((r) => [r.state, r.at.getTime() - T0])).toEqual([["pending", 1_000]])
      expect(await run(store((s) => s.cancelPlanOutbox(ws, "plan-1", at(20))))).toBe(2)
      expect(await states(ws, "plan-1")).toEqual({ p_a: "cancelled", p_b: "cancelled", p_c: "sent", p_d: "claimed" })
      expect(await run(store((s) => s.planDrained(ws, "plan-1")))).toBe(false)
      await delivery().complete(ws, "w-1", [d!.outboxId], T0 + 30)
      expect(await run(store((s) => s.planDrained(ws, "plan-1")))).toBe(true)
    })
  })

  describe("outbox delivery: leases, takeover, retries, rate limits (OUT-7)", () => {
    it("leases a row to one worker; after its lease another takes it over and the stale owner can change nothing", async () => {
      const ws = await newWorkspace("outreach-lease")
      await fill(ws, [sampleEntry("plan-1", "p_a"), sampleEntry("plan-1", "p_b", {}, 50), sampleEntry("plan-1", "p_c", {}, 60_000)])
      const first = [...(await claim(ws, "w-1", 10, 100, 1_000))].sort((x, y) => (x.profileId < y.profileId ? -1 : 1))
      expect(first.map((r) => [r.profileId, r.attempts, r.leaseExpiresAt - T0])).toEqual([
        ["p_a", 1, 1_100],
        ["p_b", 1, 1_100]
      ])
      expect(JSON.parse(first[0]!.message)).toEqual(sampleEntry("plan-1", "p_a").message)
      expect(await claim(ws, "w-2", 10, 1_099, 1_000)).toEqual([])
      expect(await delivery().renew(ws, "w-1", [first[1]!.outboxId], T0 + 1_000, 1_000)).toBe(1)
      const taken = await claim(ws, "w-2", 10, 1_100, 1_000)
      expect(taken.map((r) => [r.profileId, r.attempts])).toEqual([["p_a", 2]])
      expect(await delivery().complete(ws, "w-1", first.map((r) => r.outboxId), T0 + 1_200)).toBe(1)
      expect(await delivery().fail(ws, "w-1", [{ outboxId: first[0]!.outboxId, error: "late", retryAt: T0 }], T0 + 1_200)).toBe(0)
      expect(await delivery().renew(ws, "w-1", [first[0]!.outboxId], T0 + 1_200, 1_000)).toBe(0)
      expect(await delivery().complete(ws, "w-2", [taken[0]!.outboxId], T0 + 1_300)).toBe(1)
      const rows = await h.backend().read.outreach.outboxRows(ws, first.map((r) => r.outboxId))
      expect(rows.map((r) => [r.profileId, r.state, r.attempts, r.sentAt === null ? null : r.sentAt - T0, r.leaseOwner])).toEqual(
        [
          ["p_a", "sent", 2, 1_300, null],
          ["p_b", "sent", 1, 1_200, null]
        ].sort((x, y) => (outboxIdOf(ws, "plan-1", x[0] as string, "") < outboxIdOf(ws, "plan-1", y[0] as string, "") ? -1 : 1))
      )
    })

    it("puts a failed row back at its retry instant, and a dead one out of reach, keeping the error", async () => {
      const ws = await newWorkspace("outreach-retry")
      await fill(ws, [sampleEntry("plan-1", "p_a"), sampleEntry("plan-1", "p_b")])
      const [a, b] = await claim(ws, "w-1", 2, 0)
      expect(await delivery().fail(ws, "w-1", [{ outboxId: a!.outboxId, error: "503", retryAt: T0 + 5_000 }, { outboxId: b!.outboxId, error: "bad number", retryAt: "dead" }], T0 + 10)).toBe(2)
      expect(await claim(ws, "w-1", 2, 4_999)).toEqual([])
      const again = await claim(ws, "w-2", 2, 5_000)
      expect(again.map((r) => [r.outboxId, r.attempts])).toEqual([[a!.outboxId, 2]])
      const rows = await h.backend().read.outreach.outboxRows(ws, [a!.outboxId, b!.outboxId])
      expect(rows.find((r) => r.outboxId === b!.outboxId)).toMatchObject({ state: "dead", lastError: "bad number", attempts: 1 })
      expect(rows.find((r) => r.outboxId === a!.outboxId)).toMatchObject({ state: "claimed", lastError: "503", leaseOwner: "w-2" })
    })

    it("shares a channel's rate limit between workers, window by window, and leaves other channels unlimited", async () => {
      const ws = await newWorkspace("outreach-rate")
      await fill(ws, [
        ...Array.from({ length: 6 }, (_, i) => sampleEntry("plan-1", `p_z${i}`)),
        ...Array.from({ length: 3 }, (_, i) => sampleEntry("plan-1", `p_s${i}`, { channel: "sms" }))
      ])
      const limits = { zalo: { limit: 2, windowMs: 1_000 } }
      const w1 = await claim(ws, "w-1", 10, 0, 30_000, limits)
      const w2 = await claim(ws, "w-2", 10, 500, 30_000, limits)
      expect(w1.filter((r) => r.channel === "zalo").length).toBe(2)
      expect(w1.filter((r) => r.channel === "sms").length).toBe(3)
      expect(w2).toEqual([])
      const w3 = await claim(ws, "w-3", 10, 1_000, 30_000, limits)
      expect(w3.map((r) => r.channel)).toEqual(["zalo", "zalo"])
    })

    it("never leases one row to two workers claiming at once (property)", async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 15 }), async (rows, workers, batch) => {
          const ws = await newWorkspace("outreach-disjoint")
          await fill(ws, Array.from({ length: rows }, (_, i) => sampleEntry("plan-1", `p_${i}`, {}, i)))
          const seen: Array<string> = []
          for (let round = 0; round < rows; round++) {
            const claims = await Promise.all(Array.from({ length: workers }, (_, w) => claim(ws, `w-${w}`, batch, 1_000)))
            const ids = claims.flat().map((r) => r.outboxId)
            if (ids.length === 0) break
            seen.push(...ids)
            await Promise.all(claims.map((c, w) => delivery().complete(ws, `w-${w}`, c.map((r) => r.outboxId), T0 + 1_000)))
          }
          expect(new Set(seen).size).toBe(seen.length)
          expect(seen.length).toBe(rows)
        }),
        { numRuns, seed: 22 }
      )
    })
  })
}
