// cdp.segments on every engine (memory, SQLite, Postgres): segments created from a rule or a template, refreshed with
// progress, explained; membership kept current by ingestion, merges and splits; a "bought in the last 30 days" member
// exits at the local midnight its order leaves the window, through refreshDue alone; bad rules, unknown segments and
// cycles are typed errors that write nothing.
import type { CdpClient } from "@kith/cdp"
import { describe, expect, it } from "vitest"
import { engines, facadesOn } from "./engines.js"
import { rejection } from "./rejection.js"

const local = (date: string, time = "09:00") => `${date}T${time}:00+07:00`
const staff = (date: string) => ({ actor: "staff-lan", at: new Date(local(date)) })

const identify = (messageId: string, date: string, anonymousId: string, traits: Record<string, unknown>) => ({ type: "identify", messageId, timestamp: local(date), anonymousId, traits })
const order = (messageId: string, date: string, anonymousId: string, orderId: string, total: number, time = "20:00") => ({
  type: "track", event: "Order Completed", messageId, timestamp: local(date, time), anonymousId,
  properties: { orderId, currency: "VND", total, products: [{ productId: "sku-ao", price: total, quantity: 1 }] }
})

const boughtIn30Days = { version: 1, rule: { kind: "orders", during: { withinLastDays: 30 }, count: { min: 1 } } }
const vip = { version: 1, rule: { kind: "field", field: "tags", hasAny: ["vip"] } }

// Each profile's segments as stored, and as evaluating every segment's rule for it at the clock's instant says.
const membershipOf = async (cdp: CdpClient, profileIds: ReadonlyArray<string>) =>
  Promise.all(profileIds.map(async (p) => (await cdp.segments.of(p)).map((m) => m.segmentId)))
const evaluatedNow = async (cdp: CdpClient, profileIds: ReadonlyArray<string>, asOf = clockNow()) => {
  const segments = await cdp.segments.list()
  return Promise.all(
    profileIds.map(async (p) => {
      const verdicts = await Promise.all(segments.map(async (s) => [s.segmentId, (await cdp.segments.explain(p, s.segmentId, { asOf })).verdict] as const))
      return verdicts.filter(([, verdict]) => verdict).map(([id]) => id)
    })
  )
}

// The clock of real-time re-evaluation, moved by each test.
let clock = new Date(local("2026-01-01"))
const clockNow = () => clock

for (const engine of engines) {
  describe.skipIf(engine.skip !== undefined)(`cdp segments on ${engine.name}`, () => {
    const newCdp = facadesOn(engine, "segments", { segments: { now: () => clock } })

    it("creates segments from a rule and from a template, versions updates, and refuses bad rules, unknown segments and cycles, writing nothing (SEG-6)", async () => {
      const cdp = await newCdp()
      const byRule = await cdp.segments.create({ id: "buyers-30d", name: "Bought in the last 30 days", rule: boughtIn30Days, ...staff("2026-01-02") })
      expect(byRule).toMatchObject({ segmentId: "buyers-30d", version: 1, rule: boughtIn30Days, createdBy: "staff-lan" })
      const byTemplate = await cdp.segments.create({ id: "lapsed", name: "Lapsed", template: "lapsed", params: { days: 365, inactiveDays: 60 }, ...staff("2026-01-02") })
      expect(byTemplate.rule).toEqual({ version: 1, rule: { kind: "last_order", during: { withinLastDays: 365, notWithinLastDays: 60 } } })
      const before = await cdp.segments.list()
      expect(await rejection(cdp.segments.create({ id: "bad", name: "Bad", rule: { version: 1, rule: { kind: "orders", during: { withinLastDays: -1 } } }, ...staff("2026-01-03") }))).toMatchObject({ _tag: "InvalidInput" })
      expect(await rejection(cdp.segments.create({ id: "bad", name: "Bad", template: "no-such-template", ...staff("2026-01-03") }))).toMatchObject({ _tag: "InvalidInput" })
      expect(await rejection(cdp.segments.create({ id: "bad", name: "Bad", template: "recent", rule: vip, ...staff("2026-01-03") }))).toMatchObject({ _tag: "InvalidArgument", field: "rule" })
      expect(await rejection(cdp.segments.create({ id: "bad", name: "Bad", rule: { version: 1, rule: { kind: "segment", segmentId: "nobody" } }, ...staff("2026-01-03") }))).toMatchObject({ _tag: "UnknownSegmentReference", segmentId: "nobody" })
      expect(await rejection(cdp.segments.create({ id: "lapsed", name: "Again", rule: vip, ...staff("2026-01-03") }))).toMatchObject({ _tag: "SegmentExists" })
      // a → buyers-30d is fine; buyers-30d → a would close a cycle.
      await cdp.segments.create({ id: "loyal", name: "Loyal", rule: { version: 1, rule: { all: [{ kind: "segment", segmentId: "buyers-30d" }, { not: { kind: "segment", segmentId: "lapsed" } }] } }, ...staff("2026-01-03") })
      expect(await rejection(cdp.segments.update("buyers-30d", { rule: { version: 1, rule: { kind: "segment", segmentId: "loyal" } }, ...staff("2026-01-04") }))).toMatchObject({
        _tag: "SegmentReferenceCycle",
        cycle: ["buyers-30d", "loyal", "buyers-30d"]
      })
      expect(await rejection(cdp.segments.remove("lapsed", staff("2026-01-04")))).toMatchObject({ _tag: "UnknownSegmentReference", segmentId: "lapsed" })
      expect(await rejection(cdp.segments.get("nobody"))).toMatchObject({ _tag: "SegmentNotFound", segmentId: "nobody" })
      expect(await rejection(cdp.segments.refresh("nobody", { asOf: new Date(local("2026-01-04")) }))).toMatchObject({ _tag: "SegmentNotFound" })
      expect((await cdp.segments.list()).map((s) => [s.segmentId, s.version])).toEqual([...before.map((s) => [s.segmentId, s.version]), ["loyal", 1]].sort())
      const updated = await cdp.segments.update("lapsed", { template: "lapsed", params: { days: 365, inactiveDays: 90 }, actor: "staff-minh", at: new Date(local("2026-01-05")) })
      expect(updated).toMatchObject({ version: 2, updatedBy: "staff-minh", createdAt: byTemplate.createdAt })
      await cdp.segments.remove("loyal", staff("2026-01-06"))
      expect((await cdp.segments.list()).map((s) => s.segmentId)).toEqual(["buyers-30d", "lapsed"])
    })

    it("refreshes with progress, counts, pages members, explains a verdict, and gives a profile's segments and history (SEG-6, SEG-7)", async () => {
      const cdp = await newCdp()
      await cdp.batch([
        identify("lan-1", "2026-01-02", "cookie-lan", { fullName: "Nguyễn Thị Lan", phone: "0912 345 678", tags: ["vip"] }),
        order("lan-2", "2026-01-10", "cookie-lan", "SO-1", 450_000),
        identify("minh-1", "2026-01-03", "cookie-minh", { fullName: "Trần Văn Minh", phone: "0987 654 321" }),
        identify("ha-1", "2026-01-04", "cookie-ha", { fullName: "Lê Thu Hà", phone: "0933 222 111", tags: ["vip"] }),
        order("ha-2", "2025-10-01", "cookie-ha", "SO-0", 990_000)
      ])
      await cdp.segments.create({ id: "buyers-30d", name: "Bought in the last 30 days", rule: boughtIn30Days, ...staff("2026-01-15") })
      await cdp.segments.create({ id: "vip", name: "VIP", rule: vip, ...staff("2026-01-15") })
      const progress: Array<string> = []
      const outcome = await cdp.segments.refresh("buyers-30d", { asOf: new Date(local("2026-01-15")), onProgress: (p) => progress.push(`${p.phase} ${p.done}/${p.total}`) })
      expect(outcome).toEqual({ entered: ["p_lan-1"], exited: [], members: 1 })
      expect(progress).toEqual(["members 1/1", "scheduling 3/3", "applied 1/1"])
      expect(await cdp.segments.refresh("vip", { asOf: new Date(local("2026-01-15")) })).toEqual({ entered: ["p_ha-2", "p_lan-1"], exited: [], members: 2 })
      expect(await cdp.segments.count("vip")).toBe(2)
      const first = await cdp.segments.members("vip", { limit: 1 })
      expect(first.items.map((m) => m.profileId)).toEqual(["p_ha-2"])
      expect((await cdp.segments.members("vip", { limit: 1, cursor: first.nextCursor })).items.map((m) => m.profileId)).toEqual(["p_lan-1"])
      const lan = { type: "phone", value: "0912345678" }
      expect((await cdp.segments.of(lan)).map((m) => [m.segmentId, m.enteredAt])).toEqual([["buyers-30d", new Date(local("2026-01-15"))], ["vip", new Date(local("2026-01-15"))]])
      const why = await cdp.segments.explain({ type: "phone", value: "0987 654 321" }, "buyers-30d", { asOf: new Date(local("2026-01-15")) })
      expect(why).toMatchObject({ verdict: false, observed: 0, path: "rule" })
      expect(why.text).toContain("needs ≥ 1")
      expect((await cdp.segments.explain(lan, "buyers-30d", { asOf: new Date(local("2026-01-15")) })).verdict).toBe(true)
      // A later refresh: Lan's order left the 30 days.
      expect(await cdp.segments.refresh("buyers-30d", { asOf: new Date(local("2026-02-20")) })).toEqual({ entered: [], exited: ["p_lan-1"], members: 0 })
      expect((await cdp.segments.history(lan)).map((c) => [c.segmentId, c.change, c.at.toISOString()])).toEqual([
        ["buyers-30d", "entered", "2026-01-15T02:00:00.000Z"],
        ["vip", "entered", "2026-01-15T02:00:00.000Z"],
        ["buyers-30d", "exited", "2026-02-20T02:00:00.000Z"]
      ])
      expect(await rejection(cdp.segments.members("vip", { limit: 0 }))).toMatchObject({ _tag: "InvalidArgument", field: "limit" })
      // RFM scores need the workspace's cut-offs, which only a refresh's engine computes.
      await cdp.segments.create({ id: "at-risk", name: "At risk", template: "rfm_at_risk", ...staff("2026-01-15") })
      expect(await rejection(cdp.segments.explain(lan, "at-risk", { asOf: new Date(local("2026-01-15")) }))).toMatchObject({ _tag: "MissingRfmCutoffs" })
      // Ingestion does not evaluate it in memory, and does not fail for it.
      await cdp.track({ messageId: "lan-3", timestamp: local("2026-02-21"), anonymousId: "cookie-lan", event: "Product Viewed", properties: { productId: "sku-ao" } })
      expect(await cdp.segments.count("at-risk")).toBe(0)
    })

    it("ingestion makes a buyer a member at once; refreshDue alone makes her exit at the local midnight her order leaves the 30 days (SEG-8)", async () => {
      const cdp = await newCdp()
      await cdp.segments.create({ id: "buyers-30d", name: "Bought in the last 30 days", rule: boughtIn30Days, ...staff("2026-01-01") })
      await cdp.segments.refresh("buyers-30d", { asOf: new Date(local("2026-01-01")) })
      clock = new Date(local("2026-01-10", "20:05"))
      await cdp.batch([identify("lan-1", "2026-01-10", "cookie-lan", { phone: "0912 345 678" }), order("lan-2", "2026-01-10", "cookie-lan", "SO-1", 450_000)])
      // No refresh: the ingestion re-evaluated her.
      expect((await cdp.segments.members("buyers-30d")).items.map((m) => [m.profileId, m.enteredAt])).toEqual([["p_lan-1", clock]])
      // 10 January + 30 days: from 00:00 on 9 February, Ho Chi Minh City time, the order is no longer in the window.
      const midnight = new Date("2026-02-09T00:00:00+07:00")
      expect(await cdp.segments.refreshDue({ now: new Date(midnight.getTime() - 1) })).toEqual({ evaluated: 0, changes: [] })
      expect(await cdp.segments.count("buyers-30d")).toBe(1)
      const due = await cdp.segments.refreshDue({ now: new Date(local("2026-02-09", "08:00")) })
      expect(due).toEqual({ evaluated: 1, changes: [{ segmentId: "buyers-30d", profileId: "p_lan-1", change: "exited", at: midnight }] })
      expect(await cdp.segments.count("buyers-30d")).toBe(0)
      expect((await cdp.segments.history("p_lan-1")).map((c) => [c.change, c.at])).toEqual([["entered", clock], ["exited", midnight]])
      // Nothing else is due: a second run evaluates nothing.
      expect(await cdp.segments.refreshDue({ now: new Date(local("2026-12-31")) })).toEqual({ evaluated: 0, changes: [] })
    })

    it("an RFM segment changes at refreshes only: a schedule it had before becoming one comes due without touching its members", async () => {
      const cdp = await newCdp()
      await cdp.segments.create({ id: "buyers-30d", name: "Bought in the last 30 days", rule: boughtIn30Days, ...staff("2026-01-01") })
      clock = new Date(local("2026-01-10", "20:05"))
      await cdp.batch([identify("lan-1", "2026-01-10", "cookie-lan", { phone: "0912 345 678" }), order("lan-2", "2026-01-10", "cookie-lan", "SO-1", 450_000)])
      expect(await cdp.segments.count("buyers-30d")).toBe(1)
      // Lan is due on 9 February; meanwhile the segment becomes an RFM one.
      await cdp.segments.update("buyers-30d", { template: "rfm_at_risk", ...staff("2026-01-11") })
      expect(await cdp.segments.refreshDue({ now: new Date(local("2026-02-09", "08:00")) })).toEqual({ evaluated: 0, changes: [] })
      expect(await cdp.segments.count("buyers-30d")).toBe(1)
      expect(await cdp.segments.refreshDue({ now: new Date(local("2026-12-31")) })).toEqual({ evaluated: 0, changes: [] })
      // Its refresh scores Lan against the workspace's buyers: the only buyer is a champion, not at risk.
      expect(await cdp.segments.refresh("buyers-30d", { asOf: new Date(local("2026-02-09", "08:00")) })).toEqual({ entered: [], exited: ["p_lan-1"], members: 0 })
    })

    it("a merge of two members of different segments and a split recompute membership (SEG-8, IDN-8)", async () => {
      const cdp = await newCdp()
      await cdp.segments.create({ id: "buyers-30d", name: "Bought in the last 30 days", rule: boughtIn30Days, ...staff("2026-01-01") })
      await cdp.segments.create({ id: "vip", name: "VIP", rule: vip, ...staff("2026-01-01") })
      clock = new Date(local("2026-01-12"))
      await cdp.batch([
        identify("lan-1", "2026-01-10", "cookie-lan", { phone: "0912 345 678" }),
        order("lan-2", "2026-01-10", "cookie-lan", "SO-1", 450_000),
        identify("vy-1", "2026-01-11", "cookie-vy", { email: "vy@example.vn", tags: ["vip"] })
      ])
      expect((await cdp.segments.of("p_lan-1")).map((m) => m.segmentId)).toEqual(["buyers-30d"])
      expect((await cdp.segments.of("p_vy-1")).map((m) => m.segmentId)).toEqual(["vip"])
      clock = new Date(local("2026-01-13"))
      const merged = await cdp.identity.merge("p_lan-1", "p_vy-1", { actor: "staff-lan", at: clock })
      expect(merged.dryRun).toBe(false)
      const survivor = merged.dryRun ? "" : merged.into
      const absorbed = merged.dryRun ? "" : merged.from
      expect((await cdp.segments.of(survivor)).map((m) => m.segmentId)).toEqual(["buyers-30d", "vip"])
      expect(await cdp.segments.count("vip")).toBe(1)
      expect(await cdp.segments.count("buyers-30d")).toBe(1)
      expect((await cdp.segments.members("vip")).items.map((m) => m.profileId)).toEqual([survivor])
      expect(await evaluatedNow(cdp, [survivor])).toEqual(await membershipOf(cdp, [survivor]))
      // The absorbed profile left its segment at the merge; the person's history holds it.
      const absorbedSegment = absorbed === "p_vy-1" ? "vip" : "buyers-30d"
      expect((await cdp.segments.history(survivor)).filter((c) => c.profileId === absorbed).map((c) => [c.segmentId, c.change, c.at])).toEqual([
        [absorbedSegment, "entered", new Date(local("2026-01-12"))],
        [absorbedSegment, "exited", new Date(local("2026-01-13"))]
      ])
      // Split Vy's email back off: her tagged events leave with it, and so does the VIP membership.
      clock = new Date(local("2026-01-14"))
      const split = await cdp.identity.split(survivor, [{ type: "email", value: "vy@example.vn" }], { actor: "staff-lan", at: clock })
      const vyNow = (await cdp.profiles.lookup({ type: "email", value: "vy@example.vn" })).profileId
      const lanNow = (await cdp.profiles.lookup({ type: "phone", value: "0912345678" })).profileId
      expect(vyNow).not.toBe(lanNow)
      expect([split.from, split.into]).toContain(vyNow)
      // Lan keeps her order; Vy's tagged identify went with her email. Each one's membership is what a fresh evaluation says.
      expect((await cdp.segments.of(lanNow)).map((m) => m.segmentId)).toContain("buyers-30d")
      expect((await cdp.segments.of(vyNow)).map((m) => m.segmentId)).toEqual(["vip"])
      expect(await evaluatedNow(cdp, [lanNow, vyNow])).toEqual(await membershipOf(cdp, [lanNow, vyNow]))
    })
  })
}
