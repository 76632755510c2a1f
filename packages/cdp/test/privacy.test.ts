// cdp.consent, cdp.privacy and cdp.audit on every engine (memory, SQLite, Postgres): a person erased by any written
// form of their phone is not re-created by their old events or a spreadsheet holding them, and the suppression list
// counts what it stopped; consent answers exactly; every change is in the audit trail with its actor.
import { Cdp } from "@kith/cdp"
import { makeMemoryBackend, storageLayer } from "@kith/storage"
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { engines, facadesOn } from "./engines.js"
import { rejection } from "./rejection.js"


const ts = (day: number, hour = 9) => `2026-01-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00+07:00`
const dpo = (day: number) => ({ actor: "dpo-hoa", at: new Date(ts(day)) })

// Lan's history: she comes as a visitor, leaves her phone, agrees to Zalo marketing, then buys.
const lanEvents = [
  { type: "page", messageId: "lan-1", timestamp: ts(2), anonymousId: "cookie-lan", name: "Trang chủ" },
  { type: "identify", messageId: "lan-2", timestamp: ts(3), anonymousId: "cookie-lan", traits: { fullName: "Nguyễn Thị Lan", phone: "0912 345 678", email: "lan.nguyen@example.vn" } },
  {
    type: "track", event: "Consent Updated", messageId: "lan-3", timestamp: ts(3, 10), anonymousId: "cookie-lan",
    properties: { decisions: [{ purpose: "marketing", channel: "zalo", status: "granted" }], source: "website_form", evidence: { formId: "dang-ky", ip: "203.0.113.7" } }
  },
  {
    type: "track", event: "Order Completed", messageId: "lan-4", timestamp: ts(4), anonymousId: "cookie-lan",
    properties: { orderId: "SO-1", currency: "VND", total: 450_000, products: [{ productId: "sku-ao", price: 450_000, quantity: 1 }] }
  }
]
const minhEvents = [{ type: "identify", messageId: "minh-1", timestamp: ts(3), anonymousId: "cookie-minh", traits: { fullName: "Trần Văn Minh", phone: "0987 654 321" } }]
const encode = (text: string) => new TextEncoder().encode(text)

for (const engine of engines) {
  describe.skipIf(engine.skip !== undefined)(`cdp privacy on ${engine.name}`, () => {
    const newCdp = facadesOn(engine, "privacy", { privacy: { holidays: ["2026-01-01"] } })

    it("answers consent exactly: no consent by default, the event's grant, a withdrawal by hand, transactional exempt (PRIV-1)", async () => {
      const cdp = await newCdp()
      await cdp.batch([...lanEvents, ...minhEvents])
      const lan = { type: "phone", value: "+84 912 345 678" }
      expect(await cdp.consent.check(lan, { purpose: "marketing", channel: "zalo", asOf: new Date(ts(3, 9)) })).toMatchObject({ status: "none", allowed: false })
      expect(await cdp.consent.check(lan, { purpose: "marketing", channel: "zalo", asOf: new Date(ts(5)) })).toMatchObject({ status: "granted", allowed: true })
      expect(await cdp.consent.check(lan, { purpose: "marketing", channel: "sms", asOf: new Date(ts(5)) })).toMatchObject({ status: "none", allowed: false })
      expect(await cdp.consent.check(lan, { purpose: "transactional", channel: "sms", asOf: new Date(ts(5)) })).toMatchObject({ status: "not_required", allowed: true })
      await cdp.consent.record(lan, [{ purpose: "marketing", channel: "zalo", status: "withdrawn" }], { ...dpo(6), source: "zalo_chat", evidence: { messageId: "zl-88" } })
      expect((await cdp.consent.state(lan, { asOf: new Date(ts(7)) })).map((e) => [e.purpose, e.channel, e.status])).toEqual([["marketing", "zalo", "withdrawn"]])
      expect((await cdp.consent.history(lan)).map((r) => r.status)).toEqual(["granted", "withdrawn"])
      expect(await rejection(cdp.consent.record(lan, [{ purpose: "marketing", channel: "zalo", status: "granted" }], { actor: "", at: new Date(ts(8)), source: "x" }))).toMatchObject({ _tag: "InvalidArgument", field: "actor" })
      expect(await rejection(cdp.consent.record(lan, [{ purpose: "Mkt", channel: "zalo", status: "maybe" as never }], { ...dpo(8), source: "x" }))).toMatchObject({ _tag: "InvalidInput" })
    })

    it("takes consent from Segment's context.consent on a collected call (PRIV-1)", async () => {
      const cdp = await newCdp()
      const call = (messageId: string, day: number, preferences: Record<string, unknown>) => ({
        type: "page", messageId, anonymousId: "ajs-lan", timestamp: ts(day), context: { library: { name: "analytics.js" }, traits: { phone: "0912 345 678" }, consent: { categoryPreferences: preferences } }
      })
      const outcome = await cdp.collect([call("sg-1", 2, { Advertising: true, Analytics: false }), call("sg-2", 4, { Advertising: false }), call("sg-3", 5, { Advertising: "yes" })], { receivedAt: new Date(ts(6)) })
      expect(outcome.results.map((r) => r.status)).toEqual(["accepted", "accepted", "rejected"])
      const lan = { type: "phone", value: "0912345678" }
      expect(await cdp.consent.check(lan, { purpose: "advertising", channel: "web", asOf: new Date(ts(3)) })).toMatchObject({ status: "granted", allowed: true })
      expect(await cdp.consent.check(lan, { purpose: "advertising", channel: "web", asOf: new Date(ts(5)) })).toMatchObject({ status: "denied", allowed: false })
      expect(await cdp.consent.check(lan, { purpose: "analytics", channel: "web", asOf: new Date(ts(3)) })).toMatchObject({ status: "denied" })
      expect((await cdp.consent.history(lan)).map((r) => r.source)).toEqual(["segment_consent", "segment_consent", "segment_consent"])
    })

    it("erases a person by any written form of their phone; their old events and a spreadsheet holding them re-create nothing, and are counted (PRIV-2, OUT-5, PRIV-5)", async () => {
      const cdp = await newCdp()
      await cdp.batch([...lanEvents, ...minhEvents])
      const report = await cdp.privacy.erase({ type: "phone", value: "0912345678" }, dpo(10))
      expect(report).toMatchObject({ profileIds: ["p_lan-1"], events: 4, consents: 1 })
      expect(await rejection(cdp.profiles.get({ type: "email", value: "lan.nguyen@example.vn" }, { asOf: new Date(ts(11)) }))).toMatchObject({ _tag: "NoProfileForIdentifier" })
      expect((await cdp.profiles.search("Nguyễn Thị Lan")).items).toEqual([])
      // The same events again: nothing is stored, every one is counted.
      expect(await cdp.batch(lanEvents)).toEqual({ received: 4, appended: 0, duplicates: 0, chunks: 1, suppressed: 4 })
      expect(await rejection(cdp.identify({ messageId: "lan-9", timestamp: ts(12), anonymousId: "cookie-new", traits: { phone: "+84912345678" } }))).toMatchObject({ _tag: "EventSuppressed", messageId: "lan-9" })
      // A spreadsheet of customers with her in it: her row is stopped, Hà's lands.
      const file = { name: "khach-hang.csv", content: encode(["Họ tên,SĐT,Email", "Nguyễn Thị Lan,0912.345.678,lan.nguyen@example.vn", "Lê Thu Hà,0933 222 111,ha.le@example.vn"].join("\n")) }
      const { mapping } = await cdp.imports.inspect(file)
      const summary = await cdp.imports.commit(file, mapping, { importedAt: new Date(ts(13)) })
      expect(summary).toMatchObject({ appendedEvents: 1, suppressedEvents: 1 })
      expect(await cdp.events.count()).toBe(2)
      const list = await cdp.privacy.suppressed()
      expect(list.stoppedEvents).toBe(6)
      expect(list.entries.map((e) => e.type).sort()).toEqual(["anonymous_id", "email", "phone"])
      expect(JSON.stringify(list)).not.toContain("912345678")
      // The trail proves the erasure, without her values.
      const trail = await cdp.audit.list({ profile: "p_lan-1" })
      expect(trail.items.map((e) => [e.action, e.actor])).toEqual([["privacy.erase", "dpo-hoa"]])
      expect(JSON.stringify(trail)).not.toContain("lan.nguyen")
    })

    it("anonymizes instead when the workspace says so: the counts stay, no value does, and suppression still applies (PRIV-2)", async () => {
      const cdp = await newCdp({ privacy: { erasure: "anonymize" } })
      await cdp.batch([...lanEvents, ...minhEvents])
      // A refused call of hers, kept with its raw payload.
      await cdp.collect([{ type: "track", event: "Order Completed", userId: "u-lan", properties: { order_id: "SO-2", total: "abc" }, context: { traits: { phone: "0912.345.678" } } }], { receivedAt: new Date(ts(4)) })
      const asOf = new Date(ts(11))
      const before = await cdp.profiles.lookup("p_lan-1")
      const spendBefore = (await cdp.profiles.get("p_lan-1", { asOf })).purchases.totalSpend
      const report = await cdp.privacy.erase({ type: "email", value: "LAN.NGUYEN@example.vn" }, dpo(10))
      expect(report).toMatchObject({ mode: "anonymize", profileIds: ["p_lan-1"], events: 2, keptEvents: 2, consents: 1, rejectedEvents: 1 })
      // Her orders, spend and activity still count, on an opaque id with nothing personal.
      const after = await cdp.profiles.lookup("p_lan-1")
      expect(after.identifiers).toEqual([])
      expect(after.traits).toEqual({})
      expect(after.summary).toEqual(before.summary)
      expect((await cdp.profiles.get("p_lan-1", { asOf })).purchases.totalSpend).toBe(spendBefore)
      expect(spendBefore).toBe(450_000)
      expect(await cdp.profiles.count({ list: "buyers" })).toBe(1)
      const text = JSON.stringify([after, await cdp.profiles.get("p_lan-1", { asOf }), await cdp.events.list("p_lan-1", { limit: 100 }), await cdp.privacy.export("p_lan-1", dpo(11)), await cdp.rejected.list(), await cdp.audit.list({ limit: 100 })])
      for (const value of ["912345678", "lan.nguyen", "Nguyễn Thị Lan", "cookie-lan", "203.0.113.7"]) expect(text).not.toContain(value)
      expect(await rejection(cdp.profiles.get({ type: "phone", value: "0912345678" }, { asOf }))).toMatchObject({ _tag: "NoProfileForIdentifier" })
      // Her old events again: the two kept anonymized are duplicates, the other two are stopped; nothing is re-created.
      expect(await cdp.batch(lanEvents)).toMatchObject({ appended: 0, duplicates: 2, suppressed: 2 })
      expect((await cdp.profiles.lookup("p_lan-1")).identifiers).toEqual([])
      // A call may delete instead, whatever the workspace's default.
      expect(await cdp.privacy.erase({ type: "phone", value: "0987 654 321" }, { ...dpo(12), mode: "delete" })).toMatchObject({ mode: "delete", profileIds: ["p_minh-1"], keptEvents: 0 })
      expect(await rejection(cdp.privacy.erase("p_lan-1", { ...dpo(12), mode: "shred" as never }))).toMatchObject({ _tag: "InvalidArgument", field: "mode" })
    })

    it("suppresses an identifier nobody holds yet, so the person is never created (PRIV-2)", async () => {
      const cdp = await newCdp()
      expect(await cdp.privacy.erase({ type: "email", value: "Someone@Example.vn" }, dpo(5))).toMatchObject({ profileIds: [], events: 0, suppressed: 1 })
      expect(await cdp.batch([{ type: "identify", messageId: "s-1", timestamp: ts(6), anonymousId: "c-s", traits: { email: "someone@example.vn" } }])).toMatchObject({ appended: 0, suppressed: 1 })
    })

    it("exports one person as one JSON document, and audits profile edits, merges, splits, exports and retention runs (PRIV-3, PRIV-5, PRIV-6)", async () => {
      const cdp = await newCdp()
      await cdp.batch([...lanEvents, ...minhEvents, { type: "page", messageId: "v-1", timestamp: ts(1), anonymousId: "cookie-visitor" }])
      await cdp.profiles.update("p_lan-1", { fullName: "Nguyễn Thị Lan Anh" }, { at: new Date(ts(5)), actor: "staff-lan" })
      await cdp.identity.merge("p_lan-1", "p_minh-1", { at: new Date(ts(6)), actor: "staff-minh", reason: "same household account" })
      await cdp.identity.split("p_lan-1", [{ type: "phone", value: "0987654321" }, { type: "anonymous_id", value: "cookie-minh" }], { at: new Date(ts(7)), actor: "staff-minh" })
      const doc = await cdp.privacy.export({ type: "email", value: "lan.nguyen@example.vn" }, dpo(8))
      expect(doc).toMatchObject({ kind: "kith.personal-data-export", profile: { profileId: "p_lan-1" } })
      expect(doc.events.map((e) => (e as { messageId: string }).messageId)).toEqual(["lan-1", "lan-2", "lan-3", "lan-4"])
      expect(doc.consents).toHaveLength(1)
      const chunks: Array<string> = []
      expect(await cdp.privacy.exportTo("p_lan-1", (c) => void chunks.push(c), dpo(8))).toMatchObject({ events: 4 })
      expect(chunks.length).toBeGreaterThan(4)
      const dry = await cdp.privacy.purgeInactive({ ...dpo(20), inactiveDays: 10, dryRun: true })
      expect(dry).toMatchObject({ profileIds: ["p_v-1"], events: 1 })
      expect(await cdp.events.count()).toBe(6)
      const trail = await cdp.audit.list({ limit: 100 })
      expect(trail.items.map((e) => [e.action, e.actor, e.target])).toEqual([
        ["profile.update", "staff-lan", "p_lan-1"],
        ["identity.merge", "staff-minh", "p_lan-1"],
        ["identity.split", "staff-minh", "p_lan-1"],
        ["privacy.export", "dpo-hoa", "p_lan-1"],
        ["privacy.export", "dpo-hoa", "p_lan-1"],
        ["privacy.purge", "dpo-hoa", "workspace"]
      ])
      expect(trail.items[0]!.details).toEqual({ fields: ["fullName"] })
    })

    it("records data-subject requests with the Decree 356 deadlines and lists what is late (PRIV-7)", async () => {
      const cdp = await newCdp()
      // Received on Wednesday 31 December 2025; 1 January 2026 is a holiday of this workspace.
      const request = await cdp.privacy.requests.open({ id: "r-1", kind: "access", subject: { type: "phone", value: "0912 345 678" }, receivedAt: new Date("2025-12-31T10:00:00+07:00"), actor: "staff-lan" })
      // Working days after it: Friday 2 and Monday 5 January.
      expect(request.answerBy.toISOString()).toBe("2026-01-05T17:00:00.000Z")
      expect(await cdp.privacy.requests({ overdue: true, asOf: new Date("2026-01-05T16:00:00Z") })).toEqual([])
      expect((await cdp.privacy.requests({ overdue: true, asOf: new Date("2026-01-06T00:00:00Z") })).map((r) => r.id)).toEqual(["r-1"])
      await cdp.privacy.requests.close("r-1", { ...dpo(2), status: "completed" })
      expect(await cdp.privacy.requests({ overdue: true, asOf: new Date("2026-01-06T00:00:00Z") })).toEqual([])
      expect(await rejection(cdp.privacy.requests({ overdue: true }))).toMatchObject({ _tag: "InvalidArgument", field: "asOf" })
    })
  })
}

describe("cdp privacy as an Effect service", () => {
  it("has the same namespaces on the Cdp service", async () => {
    const CdpLive = Cdp.layer({ workspace: "shop-fx" }).pipe(Layer.provide(storageLayer(makeMemoryBackend())))
    const program = Effect.gen(function* () {
      const cdp = yield* Cdp
      yield* cdp.batch(lanEvents)
      const entry = yield* cdp.consent.check("p_lan-1", { purpose: "marketing", channel: "zalo", asOf: new Date(ts(5)) })
      const report = yield* cdp.privacy.erase("p_lan-1", dpo(6))
      const trail = yield* cdp.audit.list({})
      return { entry, report, trail }
    })
    const result = await Effect.runPromise(program.pipe(Effect.provide(CdpLive)))
    expect(result.entry.allowed).toBe(true)
    expect(result.report.events).toBe(4)
    expect(result.trail.items.map((e) => e.action)).toEqual(["privacy.erase"])
  })
})
