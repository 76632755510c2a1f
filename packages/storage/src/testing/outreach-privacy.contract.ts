import type { ProfileId, WorkspaceId } from "@kith/core"
import { consentPurposeOf, unsubscribeWithdraws } from "@kith/outreach"
import { consentFor } from "@kith/privacy"
import { Effect, Option } from "effect"
import { describe, expect, it } from "vitest"
import { type OutboxEntry, OutreachStore } from "../port/outreach.js"
import { OutreachPerformance } from "../port/outreach-performance.js"
import { Privacy } from "../port/privacy.js"
import type { ContractHelpers } from "./contract-helpers.js"
import { samplePlan } from "./outreach.contract.js"

const T0 = Date.UTC(2026, 0, 5, 2)
const HOUR = 3_600_000
const iso = (ms: number) => new Date(ms).toISOString()
const PHONE = "0912 345 678"

/**
 * Registers the tests where outreach meets privacy (PRIV-1, PRIV-2, OUT-5,
 * OUT-8): an erasure deletes the person's outbox rows, those of the
 * profiles merged into them too, in its transaction — the plan's figures are
 * then those of a workspace the person was never in, and a worker holding
 * one of their rows can no longer complete it; an anonymization keeps the
 * rows without text or address (a row not delivered yet skipped as
 * `erased`) and the orders its figures count; an ingested `Message
 * Unsubscribed` withdraws marketing consent on its channel, whatever order
 * the events arrive in, until the person grants it again.
 *
 * @example
 * ```ts
 * registerOutreachPrivacyContract(contractHelpers(() => store, 12))
 * ```
 */
export const registerOutreachPrivacyContract = (h: ContractHelpers): void => {
  const { run, newWorkspace, ingest, byIdentifier, backend } = h
  const outreach = <A, E>(f: (s: typeof OutreachStore.Service) => Effect.Effect<A, E>) => run(OutreachStore.use(f))
  const privacy = <A, E>(f: (p: typeof Privacy.Service) => Effect.Effect<A, E>) => run(Privacy.use(f))
  const idOf = async (workspaceId: WorkspaceId, userId: string): Promise<ProfileId> => Option.getOrThrow(await byIdentifier(workspaceId, "user_id", userId)).profileId
  const plan = samplePlan("plan-erase")

  // A plan sent to Lan (two profiles merged into one: her cookie's, which survives, and her user id's) and to Minh.
  // Lan's cookie profile got a message sent and delivered, then ordered; her user profile's row is claimed by a worker
  // when she is erased. Minh got his message, and ordered. Without Lan, the same for Minh alone.
  const scenario = async (label: string, withLan: boolean) => {
    const workspaceId = await newWorkspace(label)
    await outreach((s) => s.createPlan(workspaceId, plan))
    await ingest(workspaceId, [
      ...(withLan
        ? [
            { type: "identify", messageId: "lan-1", timestamp: iso(T0 - 48 * HOUR), anonymousId: "c-lan", traits: {} },
            { type: "identify", messageId: "lan-2", timestamp: iso(T0 - 24 * HOUR), userId: "u-lan", traits: { phone: PHONE, firstName: "Lan" } }
          ]
        : []),
      { type: "identify", messageId: "minh-1", timestamp: iso(T0 - 24 * HOUR), userId: "u-minh", traits: { firstName: "Minh" } }
    ])
    const minh = await idOf(workspaceId, "u-minh")
    const entry = (profileId: ProfileId, availableAt: number, name: string, to: string): OutboxEntry => ({
      planId: plan.id, profileId, occurrence: "", channel: "zalo", purpose: "promotion", decision: "send", reason: "consented", holdout: false,
      availableAt: new Date(availableAt), message: { text: `Chào ${name}, giảm 20% hôm nay`, locale: "vi", to, products: ["sku-1"], voucher: { kind: "none" } }
    })
    const lan = withLan ? { cookie: Option.getOrThrow(await byIdentifier(workspaceId, "anonymous_id", "c-lan")).profileId, user: await idOf(workspaceId, "u-lan") } : undefined
    await outreach((s) => s.insertOutbox(workspaceId, [
      entry(minh, T0, "Minh", "+84913000111"),
      ...(lan === undefined ? [] : [entry(lan.cookie, T0, "Lan", "+84912345678"), entry(lan.user, T0 + 2 * HOUR, "Lan", "+84912345678")])
    ], new Date(T0)))
    const sent = await backend().delivery.claim(workspaceId, { workerId: "w-1", limit: 10, leaseMs: 60_000, now: T0 + HOUR })
    await backend().delivery.complete(workspaceId, "w-1", sent.map((r) => r.outboxId), T0 + HOUR)
    const claimed = await backend().delivery.claim(workspaceId, { workerId: "w-2", limit: 10, leaseMs: 600_000, now: T0 + 2 * HOUR })
    const rows = (await outreach((s) => s.outboxOf(workspaceId, plan.id, { limit: 100 }))).items
    const rowOf = (profileId: string) => rows.find((r) => r.profileId === profileId)!
    const delivered = (messageId: string, userId: string, profileId: string) => ({
      type: "track", event: "Message Delivered", messageId, timestamp: iso(T0 + 1.5 * HOUR), userId, properties: { deliveryId: rowOf(profileId).outboxId, planId: plan.id, channel: "zalo" }
    })
    const order = (messageId: string, userId: string, hours: number, total: number) => ({
      type: "track", event: "Order Completed", messageId, timestamp: iso(T0 + hours * HOUR), userId,
      properties: { orderId: `SO-${messageId}`, currency: "VND", total, products: [{ productId: "sku-1", price: total, quantity: 1 }] }
    })
    await ingest(workspaceId, [
      delivered("d-minh", "u-minh", minh),
      order("o-minh", "u-minh", 6, 200_000),
      ...(lan === undefined
        ? []
        : [
            // Lan's cookie and user id meet: one person, her cookie's profile surviving.
            { type: "identify", messageId: "lan-3", timestamp: iso(T0 - 12 * HOUR), anonymousId: "c-lan", userId: "u-lan", traits: {} },
            delivered("d-lan", "u-lan", lan.cookie),
            order("o-lan", "u-lan", 5, 300_000)
          ])
    ])
    return { workspaceId, minh, lan, claimed, rows }
  }
  const performance = (workspaceId: WorkspaceId) => run(OutreachPerformance.use((p) => p.ofPlan(workspaceId, plan.id)))

  describe("outreach and privacy", () => {
    it("an erasure deletes the person's outbox rows, merged profiles' too: the plan's figures are those of a workspace without them (PRIV-2, OUT-8)", async () => {
      const { workspaceId, minh, lan, claimed } = await scenario("erase-outbox", true)
      const without = await scenario("erase-outbox-never", false)
      const live = await idOf(workspaceId, "u-lan")
      expect(live).toBe(lan!.cookie)
      expect(claimed.map((r) => r.profileId)).toEqual([lan!.user])
      expect(await performance(workspaceId)).toMatchObject({ recipients: 3, sent: 2, delivered: 2, messaged: { recipients: 2, orders: 2, revenue: 500_000 } })

      const report = await privacy((p) => p.erase(workspaceId, live, { actor: "dpo", at: new Date(T0 + 24 * HOUR) }))
      expect(report).toMatchObject({ mode: "delete", outreachMessages: 2 })
      expect(await backend().read.outreach.outboxOfProfiles(workspaceId, [lan!.cookie, lan!.user])).toEqual([])
      const left = (await outreach((s) => s.outboxOf(workspaceId, plan.id, { limit: 100 }))).items
      expect(left.map((r) => r.profileId)).toEqual([minh])
      expect(JSON.stringify(left)).not.toMatch(/Lan|912345678/)
      // The same figures as the plan sent to Minh alone.
      expect(await performance(workspaceId)).toEqual(await performance(without.workspaceId))
      expect(await performance(workspaceId)).toMatchObject({ recipients: 1, sent: 1, delivered: 1, messaged: { recipients: 1, orders: 1, revenue: 200_000 } })
      // The worker holding her row can no longer complete it, and nothing of hers is claimable.
      expect(await backend().delivery.complete(workspaceId, "w-2", claimed.map((r) => r.outboxId), T0 + 25 * HOUR)).toBe(0)
      expect(await backend().delivery.claim(workspaceId, { workerId: "w-3", limit: 10, leaseMs: 60_000, now: T0 + 100 * HOUR })).toEqual([])
      expect(await run(OutreachPerformance.use((p) => p.received(workspaceId, live, 10)))).toEqual([])
    })

    it("an anonymization keeps the rows without text or address, skips those not delivered as erased, and keeps the orders counted (PRIV-2, OUT-8)", async () => {
      const { workspaceId, minh, lan, claimed, rows } = await scenario("anonymize-outbox", true)
      const live = await idOf(workspaceId, "u-lan")
      const report = await privacy((p) => p.erase(workspaceId, live, { actor: "dpo", at: new Date(T0 + 24 * HOUR), mode: "anonymize" }))
      expect(report).toMatchObject({ mode: "anonymize", outreachMessages: 2 })
      const kept = new Map((await outreach((s) => s.outboxOf(workspaceId, plan.id, { limit: 100 }))).items.map((r) => [r.profileId as string, r]))
      expect([...kept.keys()].sort()).toEqual([lan!.cookie, lan!.user, minh].sort())
      const before = new Map(rows.map((r) => [r.profileId as string, r]))
      // Her sent row: the same row and instants, no text, no address.
      expect(kept.get(lan!.cookie)).toEqual({ ...before.get(lan!.cookie)!, message: { ...before.get(lan!.cookie)!.message, text: "", to: "" } })
      expect(kept.get(lan!.user)).toMatchObject({ state: "skipped", decision: "skip", reason: "erased", leaseOwner: null, leaseExpiresAt: null, message: { text: "", to: "" } })
      expect(kept.get(minh)).toEqual(before.get(minh))
      const stored = JSON.stringify(await backend().read.outreach.outboxOfProfiles(workspaceId, [lan!.cookie, lan!.user]))
      expect(stored).not.toMatch(/Lan|912345678/)
      expect(await backend().delivery.complete(workspaceId, "w-2", claimed.map((r) => r.outboxId), T0 + 25 * HOUR)).toBe(0)
      // Her delivery event went with the anonymization; her order stays, attributed from the send.
      expect(await performance(workspaceId)).toMatchObject({
        recipients: 3, sent: 2, skipped: { erased: 1 }, delivered: 1, messaged: { recipients: 2, orders: 2, revenue: 500_000 }
      })
    })

    it("an ingested Message Unsubscribed withdraws marketing on its channel, in any arrival order, until granted again (OUT-5, PRIV-1)", async () => {
      const events = [
        { type: "identify", messageId: "k-1", timestamp: iso(T0 - 24 * HOUR), userId: "u-kim", traits: { phone: PHONE } },
        {
          type: "track", event: "Consent Updated", messageId: "k-2", timestamp: iso(T0 - 20 * HOUR), userId: "u-kim",
          properties: { decisions: [{ purpose: "marketing", channel: "zalo", status: "granted" }, { purpose: "marketing", channel: "sms", status: "granted" }], source: "zalo_oa" }
        },
        { type: "track", event: "Message Unsubscribed", messageId: "k-3", timestamp: iso(T0 + 2 * HOUR), userId: "u-kim", properties: { deliveryId: "ob_kim", planId: "plan-1", channel: "zalo" } }
      ]
      const regrant = {
        type: "track", event: "Consent Updated", messageId: "k-4", timestamp: iso(T0 + 48 * HOUR), userId: "u-kim",
        properties: { decisions: [{ purpose: "marketing", channel: "zalo", status: "granted" }], source: "zalo_oa" }
      }
      const stateOf = async (workspaceId: WorkspaceId) => {
        const kim = await idOf(workspaceId, "u-kim")
        const history = await privacy((p) => p.consent.history(workspaceId, kim))
        const status = (channel: string, hours: number) => consentFor(history, consentPurposeOf.promotion, channel, { asOf: new Date(T0 + hours * HOUR) }).status
        return { history, table: [status("zalo", 1), status("zalo", 3), status("sms", 3), status("zalo", 49)] }
      }
      const inOrder = await newWorkspace("unsubscribe-in-order")
      await ingest(inOrder, events)
      await ingest(inOrder, [regrant])
      const reversed = await newWorkspace("unsubscribe-reversed")
      for (const event of [regrant, ...events].reverse()) await ingest(reversed, [event])
      const a = await stateOf(inOrder)
      expect(a.table).toEqual(["granted", "withdrawn", "granted", "granted"])
      expect((await stateOf(reversed)).table).toEqual(a.table)
      expect(unsubscribeWithdraws).toEqual([consentPurposeOf.promotion])
      expect(a.history.filter((r) => r.source === "message_unsubscribed")).toMatchObject([
        { purpose: "marketing", channel: "zalo", status: "withdrawn", at: new Date(T0 + 2 * HOUR), anchorRecordId: "k-3", evidence: { messageId: "k-3", deliveryId: "ob_kim", planId: "plan-1" } }
      ])
    })
  })
}
