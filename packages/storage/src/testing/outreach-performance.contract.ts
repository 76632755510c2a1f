import type { ProfileId, WorkspaceId } from "@kith/core"
import { type CommerceEventRow, type MessageEventRow, type PerformanceRow, planPerformance } from "@kith/outreach"
import { Effect, Option } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { EventStore, isSentMessageRow, type TimelineRow, timelineRowPosition } from "../port/events.js"
import { type OutboxEntry, OutreachStore } from "../port/outreach.js"
import { OutreachPerformance } from "../port/outreach-performance.js"
import { IdentityGraph } from "../port/identity-graph.js"
import type { ContractHelpers } from "./contract-helpers.js"
import { samplePlan } from "./outreach.contract.js"

const T0 = Date.UTC(2026, 0, 5, 2)
const HOUR = 3_600_000
const iso = (ms: number) => new Date(ms).toISOString()

/** What one recipient's outbox row becomes: sent (in the first or second delivery batch), held out, skipped, pending or held. */
type Fate = "sent-early" | "sent-late" | "holdout" | "no_consent" | "pending" | "held"
const arbFate = fc.constantFrom<Fate>("sent-early", "sent-late", "holdout", "no_consent", "pending", "held")
const arbMessageEvent = fc.record({ name: fc.constantFrom("Message Delivered", "Message Read", "Message Clicked", "Message Replied", "Message Unsubscribed"), hour: fc.integer({ min: 0, max: 6 }) })
const arbCommerceEvent = fc.record({
  name: fc.constantFrom("Order Completed", "Order Completed", "Order Placed", "Checkout Started"),
  hour: fc.integer({ min: -3, max: 90 }),
  total: fc.integer({ min: 1, max: 50 }).map((k) => k * 10_000),
  withCode: fc.boolean()
})
interface ScenarioRecipient {
  readonly fate: Fate
  readonly messages: ReadonlyArray<{ readonly name: string; readonly hour: number }>
  readonly commerce: ReadonlyArray<{ readonly name: string; readonly hour: number; readonly total: number; readonly withCode: boolean }>
}
const arbRecipient: fc.Arbitrary<ScenarioRecipient> = fc.record({ fate: arbFate, messages: fc.array(arbMessageEvent, { maxLength: 3 }), commerce: fc.array(arbCommerceEvent, { maxLength: 3 }) })

/**
 * Registers the tests of the outreach performance slice (OUT-8, SEG-10):
 * every engine's figures equal `@kith/outreach`'s `planPerformance` over the
 * same outbox rows and events (a property over random recipients, fates,
 * message events and orders, with a voucher code), and a segment's are the
 * sum over the plans whose audience includes it.
 *
 * @example
 * ```ts
 * registerOutreachPerformanceContract(contractHelpers(() => store, 12))
 * ```
 */
export const registerOutreachPerformanceContract = (h: ContractHelpers): void => {
  const { run, newWorkspace, ingest, byIdentifier, backend, numRuns, failureTag } = h
  const outreach = <A, E>(f: (s: typeof OutreachStore.Service) => Effect.Effect<A, E>) => run(OutreachStore.use(f))

  // One workspace with one plan (voucher CAMON10) and these recipients' rows and events; returns what the reference reads.
  const scenario = async (recipients: ReadonlyArray<ScenarioRecipient>) => {
    const workspaceId: WorkspaceId = await newWorkspace("perf")
    const plan = { ...samplePlan("plan-perf"), definition: { ...samplePlan("plan-perf").definition, voucher: { kind: "targeted" as const, code: "CAMON10" } } }
    await outreach((s) => s.createPlan(workspaceId, plan))
    await ingest(workspaceId, recipients.map((_, i) => ({ type: "identify", messageId: `i-${i}`, timestamp: iso(T0 - 24 * HOUR), userId: `u-${i}`, traits: {} })))
    const ids: Array<ProfileId> = []
    for (let i = 0; i < recipients.length; i++) ids.push(Option.getOrThrow(await byIdentifier(workspaceId, "user_id", `u-${i}`)).profileId)
    const entry = (i: number, change: Partial<OutboxEntry>): OutboxEntry => ({
      planId: plan.id, profileId: ids[i]!, occurrence: "", channel: "zalo", purpose: "promotion", decision: "send", reason: "consented", holdout: false,
      availableAt: new Date(T0), message: { text: "Cảm ơn", locale: "vi", to: `zalo:${i}`, products: ["sku-1"], voucher: plan.definition.voucher }, ...change
    })
    // Two delivery batches: the early one sent an hour after T0, the late one three hours after.
    for (const [fate, sentAt] of [["sent-early", T0 + HOUR], ["sent-late", T0 + 3 * HOUR]] as const) {
      const batch = recipients.flatMap((r, i) => (r.fate === fate ? [entry(i, {})] : []))
      if (batch.length === 0) continue
      await outreach((s) => s.insertOutbox(workspaceId, batch, new Date(T0)))
      const claimed = await backend().delivery.claim(workspaceId, { workerId: "w", limit: 1_000, leaseMs: 60_000, now: sentAt })
      await backend().delivery.complete(workspaceId, "w", claimed.map((c) => c.outboxId), sentAt)
    }
    const rest = recipients.flatMap((r, i) => {
      switch (r.fate) {
        case "holdout": return [entry(i, { decision: "skip", reason: "holdout", holdout: true })]
        case "no_consent": return [entry(i, { decision: "skip", reason: "no_consent" })]
        case "pending": return [entry(i, { availableAt: new Date(T0 + 1_000 * HOUR) })]
        case "held": return [entry(i, { decision: "hold", reason: "quiet_hours", availableAt: new Date(T0 + 5 * HOUR) })]
        default: return []
      }
    })
    if (rest.length > 0) await outreach((s) => s.insertOutbox(workspaceId, rest, new Date(T0)))
    const records = (await outreach((s) => s.outboxOf(workspaceId, plan.id, { limit: 1_000 }))).items
    const rows: Array<PerformanceRow> = records.map((r) => ({ outboxId: r.outboxId, profileId: r.profileId, decision: r.decision, reason: r.reason, holdout: r.holdout, state: r.state, createdAt: r.createdAt.getTime(), sentAt: r.sentAt?.getTime() ?? null }))
    const byProfile = new Map(records.map((r) => [r.profileId as string, r.outboxId]))
    const events: Array<unknown> = []
    const messageEvents: Array<MessageEventRow> = []
    const commerceEvents: Array<CommerceEventRow> = []
    recipients.forEach((r, i) => {
      const outboxId = byProfile.get(ids[i]!)!
      r.messages.forEach((m, k) => {
        const at = T0 + m.hour * HOUR + 60_000
        events.push({ type: "track", event: m.name, messageId: `m-${i}-${k}`, timestamp: iso(at), userId: `u-${i}`, properties: { deliveryId: outboxId, planId: plan.id, channel: "zalo" } })
        messageEvents.push({ deliveryId: outboxId, name: m.name, at })
      })
      r.commerce.forEach((c, k) => {
        const at = T0 + c.hour * HOUR + 120_000
        const coupon = c.withCode ? "CAMON10" : null
        events.push({
          type: "track", event: c.name, messageId: `c-${i}-${k}`, timestamp: iso(at), userId: `u-${i}`,
          properties: { orderId: `o-${i}-${k}`, currency: "VND", total: c.total, products: [{ productId: "sku-1", price: c.total, quantity: 1 }], ...(coupon === null ? {} : { coupon }) }
        })
        commerceEvents.push({ eventId: `c-${i}-${k}`, profileId: ids[i]!, name: c.name, at, total: c.total, coupon })
      })
    })
    if (events.length > 0) await ingest(workspaceId, events)
    return { workspaceId, plan, rows, messageEvents, commerceEvents }
  }

  describe("outreach performance", () => {
    it("equals the reference over random recipients, message events and orders, for any attribution window (OUT-8)", async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(arbRecipient, { minLength: 1, maxLength: 7 }), fc.constantFrom(1, 2, 3), async (recipients, days) => {
          const { workspaceId, plan, rows, messageEvents, commerceEvents } = await scenario(recipients)
          const stored = await run(OutreachPerformance.use((p) => p.ofPlan(workspaceId, plan.id, { attributionWindowDays: days })))
          const expected = planPerformance({ voucherCode: "CAMON10", rows, messageEvents, commerceEvents }, { attributionWindowMs: days * 24 * HOUR })
          expect(stored).toEqual(expected)
        }),
        { numRuns, seed: 22 }
      )
    })

    it("sums a segment's plans, and a plan without rows has the empty performance (SEG-10)", async () => {
      const { workspaceId, plan } = await scenario([
        { fate: "sent-early", messages: [{ name: "Message Delivered", hour: 2 }], commerce: [{ name: "Order Completed", hour: 5, total: 100_000, withCode: true }] },
        { fate: "holdout", messages: [], commerce: [{ name: "Order Completed", hour: 30, total: 70_000, withCode: false }] }
      ])
      await outreach((s) => s.createPlan(workspaceId, { ...samplePlan("plan-empty") }))
      const ofPlan = await run(OutreachPerformance.use((p) => p.ofPlan(workspaceId, plan.id)))
      expect(ofPlan).toMatchObject({ recipients: 2, sent: 1, delivered: 1, messaged: { orders: 1, revenue: 100_000, vouchersClaimed: 1, vouchersUsed: 1 }, holdout: { recipients: 1, orders: 1, revenue: 70_000 } })
      const ofSegment = await run(OutreachPerformance.use((p) => p.ofSegment(workspaceId, "seg-vip")))
      expect(ofSegment).toEqual({ segmentId: "seg-vip", plans: ["plan-empty", "plan-perf"], ...ofPlan })
      const none = await run(OutreachPerformance.use((p) => p.ofSegment(workspaceId, "seg-nobody")))
      expect(none).toMatchObject({ plans: [], recipients: 0, messaged: { orders: 0 } })
    })

    it("reads the messages a person was sent, theirs and those of the profiles merged into them, newest first (PRF-6)", async () => {
      const nothing = { messages: [], commerce: [] }
      const { workspaceId, plan, rows } = await scenario([{ fate: "sent-early", ...nothing }, { fate: "sent-late", ...nothing }, { fate: "no_consent", ...nothing }])
      const early = rows.find((r) => r.sentAt === T0 + HOUR)!
      const late = rows.find((r) => r.sentAt === T0 + 3 * HOUR)!
      const skipped = rows.find((r) => r.state === "skipped")!
      const received = async (profileId: string, limit = 10) =>
        (await run(OutreachPerformance.use((p) => p.received(workspaceId, profileId as ProfileId, limit)))).map((r) => r.outboxId)
      expect(await received(early.profileId)).toEqual([early.outboxId])
      expect(await received(skipped.profileId)).toEqual([])
      const { from, into } = await run(IdentityGraph.use((g) => g.merge(workspaceId, early.profileId as ProfileId, late.profileId as ProfileId, { at: new Date(T0 + 5 * HOUR) })))
      // The survivor's and the merged-away id's read the same person's messages, the later one first.
      expect(await received(into)).toEqual([late.outboxId, early.outboxId])
      expect(await received(from)).toEqual([late.outboxId, early.outboxId])
      expect(await received(from, 1)).toEqual([late.outboxId])
      expect(await received("p_nobody")).toEqual([])
      expect(await failureTag(OutreachPerformance.use((p) => p.received("no-such-shop" as WorkspaceId, into, 10)))).toMatchObject({ _tag: "UnknownWorkspace" })
      // A timeline page reads them with the person's events, in one order by position; a cursor continues after the last row.
      const timeline = async (profileId: string, page: { readonly limit: number; readonly sent: boolean; readonly cursor?: string }) =>
        run(EventStore.use((e) => e.listTimelineRowsNewestFirst(workspaceId, profileId as ProfileId, page)))
      const whole = await timeline(from, { limit: 100, sent: true })
      const positions = whole.items.map(timelineRowPosition)
      expect(positions).toEqual([...positions].sort((a, b) => b.timestamp - a.timestamp || (a.messageId < b.messageId ? 1 : -1)))
      expect(whole.items.filter(isSentMessageRow).map((r) => [r.outboxId, r.sentAt, r.planId, (JSON.parse(r.message) as { text: string }).text])).toEqual(
        [late, early].map((r) => [r.outboxId, r.sentAt, plan.id, "Cảm ơn"])
      )
      const events = await run(EventStore.use((e) => e.listRowsByProfileNewestFirst(workspaceId, into, { limit: 100 })))
      expect(whole.items.filter((r) => !isSentMessageRow(r))).toEqual(events.items)
      expect((await timeline(into, { limit: 100, sent: false })).items).toEqual(events.items)
      const paged: Array<TimelineRow> = []
      for (let cursor: string | undefined, first = true; first || cursor !== undefined; first = false) {
        const page = await timeline(into, { limit: 1, sent: true, ...(cursor === undefined ? {} : { cursor }) })
        paged.push(...page.items)
        cursor = page.nextCursor
      }
      expect(paged).toEqual(whole.items)
      expect(await failureTag(EventStore.use((e) => e.listTimelineRowsNewestFirst(workspaceId, "p_nobody" as ProfileId, { limit: 10, sent: true })))).toMatchObject({ _tag: "ProfileNotFound" })
    })
  })
}
