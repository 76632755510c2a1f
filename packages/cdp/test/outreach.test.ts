// cdp.outreach on every engine (memory, SQLite, Postgres): a plan scheduled, started by tick at its instant with its
// recipients resolved from the segment then (versions recorded), every decision and reason in the outbox, delivery by
// two workers at once that never send past a frequency cap, performance with attribution (inside and outside the window,
// the control group), cancel stopping what was not claimed, and typed errors that write nothing.
import { type CdpClient, createCdp } from "@kith/cdp"
import type { PlanDefinitionInput } from "@kith/outreach"
import { makeMemoryBackend, type StorageBackend, storageLayer } from "@kith/storage"
import { openPostgresStorage } from "@kith/storage-postgres"
import { openSqliteStorage } from "@kith/storage-sqlite"
import { afterAll, describe, expect, it } from "vitest"
import { dropSchema, freshSchemaName, pgUrl, probePostgres } from "../../storage-postgres/test/pg-test-schema.js"
import { rejection } from "./rejection.js"

const local = (date: string, time = "09:00") => `${date}T${time}:00+07:00`
const at = (date: string, time = "09:00") => new Date(local(date, time))
const owner = (date: string, time = "09:00") => ({ actor: { kind: "staff", id: "s-lan", role: "owner" } as const, at: at(date, time) })

const identify = (messageId: string, date: string, userId: string, traits: Record<string, unknown>) => ({ type: "identify", messageId, timestamp: local(date), userId, traits })
const track = (messageId: string, date: string, time: string, userId: string, event: string, properties: Record<string, unknown>) => ({
  type: "track", event, messageId, timestamp: local(date, time), userId, properties
})
const order = (messageId: string, date: string, time: string, userId: string, total: number, coupon?: string) =>
  track(messageId, date, time, userId, "Order Completed", { orderId: messageId, currency: "VND", total, products: [{ productId: "sku-ao", price: total, quantity: 1 }], ...(coupon === undefined ? {} : { coupon }) })

const thankYou = (overrides: Partial<PlanDefinitionInput> = {}): PlanDefinitionInput => ({
  name: "Cảm ơn khách mua hàng", purpose: "care", channel: "zalo",
  audience: { include: ["buyers"], exclude: [] },
  content: { variants: { vi: 'Cảm ơn {{firstName | "bạn"}}! Tặng bạn mã {{voucher.code}}' }, fallbackLocale: "vi" },
  voucher: { kind: "targeted", code: "CAMON10" }, products: ["sku-ao"], callToAction: { kind: "product_list" }, holdoutPercent: 0,
  ...overrides
})

interface Opened { readonly backend: StorageBackend; readonly cdp: (workspace: string) => Promise<CdpClient>; readonly close: () => Promise<void> }
const pgSkip = await probePostgres()
const engines: ReadonlyArray<{ name: string; skip?: string | undefined; open: () => Promise<Opened> }> = [
  {
    name: "memory",
    open: async () => {
      const backend = makeMemoryBackend()
      const layer = storageLayer(backend)
      return { backend, cdp: (workspace) => createCdp({ storage: layer, workspace }), close: async () => undefined }
    }
  },
  {
    name: "SQLite",
    open: async () => {
      const store = await openSqliteStorage()
      return { backend: store.backend, cdp: (workspace) => createCdp({ storage: store, workspace }), close: () => store.close() }
    }
  },
  {
    name: "Postgres",
    skip: pgSkip,
    open: async () => {
      const schema = freshSchemaName()
      const store = await openPostgresStorage({ connectionString: pgUrl, schema, maxConnections: 4 })
      return {
        backend: store.backend,
        cdp: (workspace) => createCdp({ storage: store, workspace }),
        close: async () => {
          await store.close()
          await dropSchema(schema)
        }
      }
    }
  }
]

// Delivers everything claimable at `now` through one worker id, recording each message's idempotency key.
const deliver = async (backend: StorageBackend, workspace: string, workerId: string, now: Date, sent: Array<{ key: string; to: string }>) => {
  for (;;) {
    const claimed = await backend.delivery.claim(workspace, { workerId, limit: 2, leaseMs: 30_000, now: now.getTime() })
    if (claimed.length === 0) return
    for (const row of claimed) sent.push({ key: row.outboxId, to: (JSON.parse(row.message) as { to: string }).to })
    await backend.delivery.complete(workspace, workerId, claimed.map((r) => r.outboxId), now.getTime())
  }
}

for (const engine of engines) {
  describe.skipIf(engine.skip !== undefined)(`cdp outreach on ${engine.name}`, () => {
    let opened: Opened | undefined
    const clients: Array<CdpClient> = []
    let n = 0
    const open = async () => {
      opened ??= await engine.open()
      const workspace = `outreach-${++n}`
      const cdp = await opened.cdp(workspace)
      clients.push(cdp)
      return { cdp, workspace, backend: opened.backend }
    }
    afterAll(async () => {
      for (const c of clients) await c.close()
      await opened?.close()
    })

    // Four buyers with a phone (reachable on Zalo); three consented to marketing on Zalo, Minh did not.
    const shop = async (cdp: CdpClient) => {
      await cdp.batch([
        identify("i-lan", "2026-01-02", "u-lan", { firstName: "Lan", phone: "0912 000 001" }),
        identify("i-hoa", "2026-01-02", "u-hoa", { firstName: "Hoa", phone: "0912 000 002" }),
        identify("i-minh", "2026-01-02", "u-minh", { firstName: "Minh", phone: "0912 000 003" }),
        identify("i-tu", "2026-01-02", "u-tu", { phone: "0912 000 004" }),
        order("o-lan", "2026-01-03", "10:00", "u-lan", 300_000),
        order("o-hoa", "2026-01-03", "11:00", "u-hoa", 200_000),
        order("o-minh", "2026-01-03", "12:00", "u-minh", 150_000),
        order("o-tu", "2026-01-03", "13:00", "u-tu", 100_000)
      ])
      for (const user of ["u-lan", "u-hoa", "u-tu"]) {
        await cdp.consent.record({ type: "user_id", value: user }, [{ purpose: "marketing", channel: "zalo", status: "granted" }], { actor: "s-lan", at: at("2026-01-02"), source: "zalo_oa" })
      }
      await cdp.segments.create({ id: "buyers", name: "Bought in the last 30 days", rule: { version: 1, rule: { kind: "orders", during: { withinLastDays: 30 }, count: { min: 1 } } }, actor: "s-lan", at: at("2026-01-04") })
      const ids = Object.fromEntries(
        await Promise.all(["u-lan", "u-hoa", "u-minh", "u-tu"].map(async (u) => [u, (await cdp.profiles.get({ type: "user_id", value: u }, { asOf: at("2026-01-05") })).profileId] as const))
      )
      return ids
    }

    it("starts a scheduled plan at its instant: recipients from the segment then, its version recorded, a decision and reason per recipient, the move and the rows together (OUT-3, OUT-7)", async () => {
      const { cdp } = await open()
      const ids = await shop(cdp)
      await cdp.outreach.create({ id: "plan-camon", definition: thankYou() }, owner("2026-01-04"))
      const scheduled = await cdp.outreach.schedule("plan-camon", { sendAt: "2026-01-05T10:00" }, owner("2026-01-04"))
      expect(scheduled).toMatchObject({ status: "scheduled", startAt: at("2026-01-05", "10:00") })

      expect(await cdp.outreach.tick({ now: at("2026-01-05", "09:59") })).toEqual({ started: [], queued: 0, redecided: 0, completed: [] })
      expect(await cdp.outreach.tick({ now: at("2026-01-05", "10:00") })).toEqual({ started: ["plan-camon"], queued: 4, redecided: 0, completed: [] })
      const plan = await cdp.outreach.get("plan-camon")
      expect(plan).toMatchObject({ status: "in_progress", resolution: { at: at("2026-01-05", "10:00"), segments: [{ segmentId: "buyers", version: 1 }] } })

      const rows = (await cdp.outreach.outbox("plan-camon")).items
      const byProfile = new Map<string, (typeof rows)[number]>(rows.map((r) => [r.profileId, r]))
      expect(byProfile.get(ids["u-lan"]!)).toMatchObject({ decision: "send", reason: "consented", state: "pending", message: { text: "Cảm ơn Lan! Tặng bạn mã CAMON10", to: "+84912000001" } })
      expect(byProfile.get(ids["u-tu"]!)).toMatchObject({ decision: "send", message: { text: "Cảm ơn bạn! Tặng bạn mã CAMON10" } })
      expect(byProfile.get(ids["u-minh"]!)).toMatchObject({ decision: "skip", reason: "no_consent", state: "skipped" })
      // A second tick starts nothing again and writes no second row.
      expect((await cdp.outreach.tick({ now: at("2026-01-05", "10:01") })).queued).toBe(0)
      expect((await cdp.outreach.outbox("plan-camon")).items).toHaveLength(4)
    })

    it("decides when rows are written, so two workers delivering at once never send past a cap (OUT-5)", async () => {
      const { cdp } = await open()
      await shop(cdp)
      // Zalo promotion is capped by the default policy at one per recipient and local day: two plans the same day.
      await cdp.outreach.create({ id: "plan-a", definition: thankYou({ name: "A", purpose: "promotion" }) }, owner("2026-01-05"))
      await cdp.outreach.create({ id: "plan-b", definition: thankYou({ name: "B", purpose: "promotion" }) }, owner("2026-01-05"))
      await Promise.all([cdp.outreach.sendNow("plan-a", owner("2026-01-05", "10:00")), cdp.outreach.sendNow("plan-b", owner("2026-01-05", "10:00"))])
      // Two workers at once through the facade, one sender recording every call.
      const sent: Array<{ key: string; to: string }> = []
      const sender = { send: async (message: { readonly to: string }, { idempotencyKey }: { readonly idempotencyKey: string }) => void sent.push({ key: idempotencyKey, to: message.to }) }
      const clock = () => at("2026-01-05", "10:01").getTime()
      await Promise.all(["w-1", "w-2"].map((workerId) => cdp.outreach.runWorker({ sender, concurrency: 2, untilDrained: true, workerId, clock })))
      const perRecipient = new Map<string, number>()
      for (const s of sent) perRecipient.set(s.to, (perRecipient.get(s.to) ?? 0) + 1)
      expect([...perRecipient.values()].every((count) => count === 1)).toBe(true)
      expect(perRecipient.size).toBe(3)
      expect(new Set(sent.map((s) => s.key)).size).toBe(sent.length)
      const b = (await cdp.outreach.outbox("plan-b")).items.filter((r) => r.decision === "skip").map((r) => r.reason)
      const a = (await cdp.outreach.outbox("plan-a")).items.filter((r) => r.decision === "skip").map((r) => r.reason)
      expect([...a, ...b].filter((r) => r.startsWith("cap_"))).toHaveLength(3)
    })

    it("attributes orders within the window after delivery and counts the control group's, per plan and per segment (OUT-8, SEG-10)", async () => {
      const { cdp, workspace, backend } = await open()
      const ids = await shop(cdp)
      // Half of the audience held out: which half is the hash's; the figures below follow whoever it is.
      await cdp.outreach.create({ id: "plan-half", definition: thankYou({ holdoutPercent: 50 }) }, owner("2026-01-05"))
      await cdp.outreach.sendNow("plan-half", owner("2026-01-05", "10:00"))
      await deliver(backend, workspace, "w-1", at("2026-01-05", "10:05"), [])
      const rows = (await cdp.outreach.outbox("plan-half")).items
      const userOf = new Map(Object.entries(ids).map(([u, p]) => [p, u]))
      const events: Array<unknown> = []
      for (const row of rows) {
        const user = userOf.get(row.profileId)!
        if (row.state === "sent") events.push(track(`d-${user}`, "2026-01-05", "11:00", user, "Message Delivered", { deliveryId: row.outboxId, planId: "plan-half", channel: "zalo" }))
        // Everyone messaged or held out orders the next day (inside a 3-day window) and a month later (outside).
        if (row.state === "sent" || row.holdout) {
          events.push(order(`in-${user}`, "2026-01-06", "20:00", user, 100_000, row.holdout ? undefined : "CAMON10"))
          events.push(order(`out-${user}`, "2026-02-06", "20:00", user, 900_000))
        }
      }
      await cdp.batch(events)
      // The Profile 360 timeline shows the message sent, then its delivery (PRF-6).
      const sentRow = rows.find((r) => r.state === "sent")!
      const timeline = await cdp.profiles.timeline(sentRow.profileId, { kinds: ["message"] })
      expect(timeline.items.map((i) => [i.action, i.details["deliveryId"]])).toEqual([["delivered", sentRow.outboxId], ["sent", sentRow.outboxId]])
      expect(timeline.items[1]).toMatchObject({ kind: "message", channel: "zalo", at: at("2026-01-05", "10:05"), details: { planId: "plan-half" } })
      const messaged = rows.filter((r) => r.state === "sent").length
      const controls = rows.filter((r) => r.holdout).length
      const figures = await cdp.outreach.performance({ plan: "plan-half", attributionWindowDays: 3 })
      expect(figures).toMatchObject({
        recipients: 4,
        sent: messaged,
        delivered: messaged,
        messaged: { recipients: messaged, orders: messaged, revenue: messaged * 100_000, vouchersClaimed: messaged, vouchersUsed: messaged },
        holdout: { recipients: controls, orders: controls, revenue: controls * 100_000, vouchersClaimed: 0, vouchersUsed: 0 }
      })
      expect(figures.skipped["holdout"] ?? 0).toBe(controls)
      const ofSegment = await cdp.outreach.performance({ segment: "buyers", attributionWindowDays: 3 })
      expect(ofSegment).toMatchObject({ segmentId: "buyers", plans: ["plan-half"], messaged: figures.messaged, holdout: figures.holdout })
      expect(await rejection(cdp.outreach.performance({ plan: "plan-half", attributionWindowDays: 0 }))).toMatchObject({ _tag: "InvalidArgument", field: "attributionWindowDays" })
    })

    it("cancels what no worker claimed, completes a drained plan, and refuses bad moves writing nothing (OUT-2)", async () => {
      const { cdp, workspace, backend } = await open()
      await shop(cdp)
      await cdp.outreach.create({ id: "plan-x", definition: thankYou() }, owner("2026-01-05"))
      // At 23:00 Zalo care is outside its hours: every row is held until 07:00.
      await cdp.outreach.sendNow("plan-x", owner("2026-01-05", "23:00"))
      const held = (await cdp.outreach.outbox("plan-x")).items.filter((r) => r.state === "held")
      expect(held.map((r) => r.availableAt)).toEqual(held.map(() => at("2026-01-06", "07:00")))
      expect((await cdp.outreach.tick({ now: at("2026-01-06", "07:00") })).redecided).toBe(3)
      const claimed = await backend.delivery.claim(workspace, { workerId: "w-1", limit: 1, leaseMs: 30_000, now: at("2026-01-06", "07:01").getTime() })
      expect(claimed).toHaveLength(1)
      const cancelled = await cdp.outreach.cancel("plan-x", owner("2026-01-06", "07:02"))
      expect(cancelled.status).toBe("cancelled")
      const states = (await cdp.outreach.outbox("plan-x")).items.map((r) => r.state).sort()
      expect(states).toEqual(["cancelled", "cancelled", "claimed", "skipped"])

      await cdp.outreach.create({ id: "plan-y", definition: thankYou() }, owner("2026-01-06"))
      await cdp.outreach.sendNow("plan-y", owner("2026-01-06", "10:00"))
      await deliver(backend, workspace, "w-1", at("2026-01-06", "10:01"), [])
      expect((await cdp.outreach.tick({ now: at("2026-01-06", "10:02") })).completed).toEqual(["plan-y"])
      expect((await cdp.outreach.get("plan-y")).status).toBe("sent")

      const before = (await cdp.outreach.list()).items.map((p) => [p.id, p.version])
      expect(await rejection(cdp.outreach.create({ id: "plan-y", definition: thankYou() }, owner("2026-01-07")))).toMatchObject({ _tag: "PlanExists" })
      expect(await rejection(cdp.outreach.create({ id: "plan-z", definition: thankYou({ products: [] }) }, owner("2026-01-07")))).toMatchObject({ _tag: "InvalidInput" })
      expect(await rejection(cdp.outreach.update("plan-y", thankYou(), owner("2026-01-07")))).toMatchObject({ _tag: "IllegalPlanAction" })
      expect(await rejection(cdp.outreach.sendNow("plan-y", { ...owner("2026-01-07"), actor: { kind: "staff", id: "s-an", role: "marketer" } }))).toMatchObject({ _tag: "NotPermitted" })
      await cdp.outreach.create({ id: "plan-gone", definition: thankYou({ audience: { include: ["nobody"], exclude: [] } }) }, owner("2026-01-07"))
      expect(await rejection(cdp.outreach.sendNow("plan-gone", owner("2026-01-07")))).toMatchObject({ _tag: "SegmentNotFound" })
      expect(await rejection(cdp.outreach.get("plan-none"))).toMatchObject({ _tag: "PlanNotFound" })
      expect((await cdp.outreach.list()).items.filter((p) => p.id !== "plan-gone").map((p) => [p.id, p.version])).toEqual(before)
      expect((await cdp.outreach.get("plan-gone")).status).toBe("draft")
    })
  })
}
