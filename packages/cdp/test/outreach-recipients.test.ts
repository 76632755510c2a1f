// The recipients plan execution decides for, on every engine: the privacy slice's records give the true reasons
// (an erased person's rows go with them, an anonymized person's are skipped as erased, one holding a suppressed identifier as suppressed, a
// withdrawal as withdrawn — never as a missing address), and the records are read a page at a time with the same
// answer as reading each profile alone.
import type { CdpClient } from "@kith/cdp"
import type { ProfileId, WorkspaceId } from "@kith/core"
import type { PlanDefinitionInput } from "@kith/outreach"
import { ContactRestrictions, makeMemoryBackend, OutreachRuns, Privacy, ProfileStore, type RecipientRecords, storageLayer, type StorageServices } from "@kith/storage"
import { Effect, type Layer } from "effect"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { at, engines, identify, local, owner, track, workspacesOn } from "./outreach/engines.js"

const order = (messageId: string, userId: string) =>
  track(messageId, "2026-01-03", "10:00", userId, "Order Completed", { orderId: messageId, currency: "VND", total: 100_000, products: [{ productId: "sku-ao", price: 100_000, quantity: 1 }] })

const careDefinition: PlanDefinitionInput = {
  name: "Cảm ơn", purpose: "care", channel: "zalo", audience: { include: ["buyers"], exclude: [] },
  content: { variants: { vi: 'Cảm ơn {{firstName | "bạn"}}!' }, fallbackLocale: "vi" },
  voucher: { kind: "none" }, products: ["sku-ao"], callToAction: { kind: "product_list" }, holdoutPercent: 0
}

const USERS = ["u-lan", "u-hoa", "u-minh", "u-tu", "u-kim"] as const
const dpo = (date: string, time: string) => ({ actor: "dpo", at: at(date, time) })

// Five buyers with a phone, all consented to marketing on Zalo (Kim withdraws later); a "buyers" segment.
const shop = async (cdp: CdpClient) => {
  await cdp.batch([
    ...USERS.map((u, i) => identify(`i-${u}`, "2026-01-02", u, { firstName: u.slice(2), phone: `0912 000 00${i + 1}` })),
    ...USERS.map((u) => order(`o-${u}`, u))
  ])
  for (const u of USERS) await cdp.consent.record({ type: "user_id", value: u }, [{ purpose: "marketing", channel: "zalo", status: "granted" }], { actor: "s-lan", at: at("2026-01-02"), source: "zalo_oa" })
  await cdp.segments.create({ id: "buyers", name: "Buyers", rule: { version: 1, rule: { kind: "orders", during: { withinLastDays: 30 }, count: { min: 1 } } }, actor: "s-lan", at: at("2026-01-04") })
  const ids: Record<string, ProfileId> = {}
  for (const u of USERS) ids[u] = (await cdp.profiles.get({ type: "user_id", value: u }, { asOf: at("2026-01-05") })).profileId as ProfileId
  return ids
}

const run = <A, E>(layer: Layer.Layer<StorageServices>, program: Effect.Effect<A, E, StorageServices>) => Effect.runPromise(program.pipe(Effect.provide(layer)))
// The facade has no call that suppresses an identifier a live profile holds: the storage service does (a hard bounce, a shared phone of someone erased).
const suppressPhone = (layer: Layer.Layer<StorageServices>, workspace: string, phone: string, by: { readonly actor: string; readonly at: Date }) =>
  run(layer, Effect.gen(function* () { return yield* (yield* Privacy).suppress(workspace as WorkspaceId, [{ type: "phone", value: phone }], by) }))
const recipients = (layer: Layer.Layer<StorageServices>, workspace: string, ids: ReadonlyArray<ProfileId>) =>
  run(layer, Effect.gen(function* () { return yield* (yield* OutreachRuns).recipients(workspace as WorkspaceId, ids) }))

for (const engine of engines) {
  describe.skipIf(engine.skip !== undefined)(`outreach recipients on ${engine.name}`, () => {
    const workspaces = workspacesOn(engine)
    afterAll(() => workspaces.closeAll())

    it("skips held and new rows for the privacy slice's reasons: erased (deleted or anonymized), suppressed, withdrawn (OUT-5, PRIV-2)", async () => {
      const { cdp, workspace, layer } = await workspaces.open()
      const ids = await shop(cdp)
      // At 23:00 Zalo care is outside its hours: every row is held until 07:00.
      await cdp.outreach.create({ id: "night", definition: careDefinition }, owner("2026-01-05"))
      await cdp.outreach.sendNow("night", owner("2026-01-05", "23:00"))
      expect((await cdp.outreach.outbox("night")).items.map((r) => r.state)).toEqual(USERS.map(() => "held"))

      // Before the hold ends: Lan is erased, Hoa anonymized, Tu's phone put on the suppression list, Kim withdraws.
      await cdp.privacy.erase({ type: "user_id", value: "u-lan" }, dpo("2026-01-06", "01:00"))
      await cdp.privacy.erase({ type: "user_id", value: "u-hoa" }, { ...dpo("2026-01-06", "01:00"), mode: "anonymize" })
      await suppressPhone(layer, workspace, "0912 000 004", dpo("2026-01-06", "01:00"))
      await cdp.consent.record({ type: "user_id", value: "u-kim" }, [{ purpose: "marketing", channel: "zalo", status: "withdrawn" }], { actor: "s-lan", at: at("2026-01-06", "01:00"), source: "zalo_oa" })

      // The erasures took their held rows in their own transactions: Lan's deleted, Hoa's kept without text or
      // address, skipped as erased. The tick decides the three rows still held.
      expect((await cdp.outreach.tick({ now: at("2026-01-06", "07:00") })).redecided).toBe(3)
      const expected: ReadonlyArray<readonly [string, string | undefined, string | undefined]> = [
        ["u-lan", undefined, undefined],
        ["u-hoa", "skip", "erased"],
        ["u-minh", "send", "consented"],
        ["u-tu", "skip", "suppressed"],
        ["u-kim", "skip", "withdrawn"]
      ]
      const rows = new Map((await cdp.outreach.outbox("night")).items.map((r) => [r.profileId, r]))
      expect(expected.map(([u]) => [u, rows.get(ids[u]!)?.decision, rows.get(ids[u]!)?.reason])).toEqual(expected)
      expect(rows.get(ids["u-hoa"]!)?.message).toMatchObject({ text: "", to: "" })

      // A plan started now: the erased are no longer members; the suppressed and the withdrawn keep their reasons.
      await cdp.outreach.create({ id: "morning", definition: careDefinition }, owner("2026-01-06", "09:00"))
      await cdp.outreach.sendNow("morning", owner("2026-01-06", "10:00"))
      const morning = new Map((await cdp.outreach.outbox("morning")).items.map((r) => [r.profileId, `${r.decision}/${r.reason}`]))
      expect(morning.get(ids["u-tu"]!)).toBe("skip/suppressed")
      expect(morning.get(ids["u-kim"]!)).toBe("skip/withdrawn")
      expect(morning.get(ids["u-minh"]!)).toBe("send/consented")
      for (const gone of [ids["u-lan"]!, ids["u-hoa"]!]) expect([undefined, "skip/erased"]).toContain(morning.get(gone))
    })

    it("skips as withdrawn whoever unsubscribed from an earlier message: the ingested Message Unsubscribed withdraws marketing on its channel (OUT-5, PRIV-1)", async () => {
      const { cdp } = await workspaces.open()
      const ids = await shop(cdp)
      await cdp.outreach.create({ id: "day", definition: careDefinition }, owner("2026-01-05"))
      await cdp.outreach.sendNow("day", owner("2026-01-05", "10:00"))
      const day = new Map((await cdp.outreach.outbox("day")).items.map((r) => [r.profileId, r]))
      expect([...day.values()].map((r) => `${r.decision}/${r.reason}`)).toEqual(USERS.map(() => "send/consented"))
      // The sender reports Kim's unsubscribe from that message as the host's events come in.
      await cdp.batch([track("unsub-kim", "2026-01-05", "12:00", "u-kim", "Message Unsubscribed", { deliveryId: day.get(ids["u-kim"]!)!.outboxId, planId: "day", channel: "zalo" })])

      await cdp.outreach.create({ id: "next", definition: careDefinition }, owner("2026-01-06"))
      await cdp.outreach.sendNow("next", owner("2026-01-06", "10:00"))
      const next = new Map((await cdp.outreach.outbox("next")).items.map((r) => [r.profileId, `${r.decision}/${r.reason}`]))
      expect(USERS.map((u) => [u, next.get(ids[u]!)])).toEqual(USERS.map((u) => [u, u === "u-kim" ? "skip/withdrawn" : "send/consented"]))
      // Before her unsubscribe she was still consented: the withdrawal counts from the event's time.
      const history = await cdp.consent.history({ type: "user_id", value: "u-kim" })
      expect(history.filter((r) => r.source === "message_unsubscribed").map((r) => [r.purpose, r.channel, r.status, r.at.toISOString()])).toEqual([
        ["marketing", "zalo", "withdrawn", at("2026-01-05", "12:00").toISOString()]
      ])
    })

    it("reads recipients a page at a time with the answer of reading each profile alone, in the order asked (property)", async () => {
      const { cdp, workspace, layer } = await workspaces.open()
      const ids = await shop(cdp)
      // A merge: a visitor's cookie profile joins Minh's, so its id now names Minh's profile.
      await cdp.batch([{ type: "identify", messageId: "i-c9", timestamp: local("2026-01-04"), anonymousId: "c-9", traits: { email: "minh@example.vn" } }])
      const visitor = (await cdp.profiles.get({ type: "anonymous_id", value: "c-9" }, { asOf: at("2026-01-05") })).profileId as ProfileId
      await cdp.batch([{ type: "identify", messageId: "i-c9-minh", timestamp: local("2026-01-04", "10:00"), anonymousId: "c-9", userId: "u-minh", traits: {} }])
      await cdp.privacy.erase({ type: "user_id", value: "u-lan" }, dpo("2026-01-06", "01:00"))
      await cdp.privacy.erase({ type: "user_id", value: "u-hoa" }, { ...dpo("2026-01-06", "01:00"), mode: "anonymize" })
      await suppressPhone(layer, workspace, "0912 000 004", dpo("2026-01-06", "01:00"))
      // Kim blocked the shop on Zalo, and Minh (through his visitor's merged-away id) asked not to be contacted.
      await cdp.contactRestrictions.record({ type: "user_id", value: "u-kim" }, [{ kind: "blocked_shop", channel: "zalo", status: "active" }], { ...dpo("2026-01-06", "02:00"), source: "zalo_oa" })
      await cdp.contactRestrictions.record(visitor, [{ kind: "do_not_contact", status: "active" }], { ...dpo("2026-01-06", "02:00"), source: "phone_call" })
      const pool = [...Object.values(ids), visitor, "p_nobody" as ProfileId]
      const erased = new Set([ids["u-lan"], ids["u-hoa"], "p_nobody"])

      // Each id read alone through the profile and consent reads, once.
      const alone = new Map<ProfileId, RecipientRecords>()
      for (const id of pool) {
        alone.set(
          id,
          await run(
            layer,
            Effect.gen(function* () {
              const profile = yield* (yield* ProfileStore).get(workspace as WorkspaceId, id).pipe(Effect.catchTag("ProfileNotFound", () => Effect.succeed(undefined)))
              const consent = profile === undefined ? [] : yield* (yield* Privacy).consent.history(workspace as WorkspaceId, profile.profileId)
              const restrictions = profile === undefined ? [] : yield* (yield* ContactRestrictions).history(workspace as WorkspaceId, profile.profileId)
              return { profileId: id, ...(profile === undefined ? {} : { profile }), consent, restrictions, erased: erased.has(id), suppressed: id === ids["u-tu"] }
            })
          )
        )
      }
      expect(alone.get(visitor)?.profile?.profileId).toBe(alone.get(ids["u-minh"]!)?.profile?.profileId)
      expect(alone.get(ids["u-hoa"]!)?.profile?.identifiers).toEqual([])

      await fc.assert(
        fc.asyncProperty(fc.array(fc.constantFrom(...pool), { maxLength: 2_600 }), async (asked) => {
          const read = await recipients(layer, workspace, asked)
          expect(read).toEqual(asked.map((id) => alone.get(id)))
        }),
        { numRuns: 12, examples: [[[]], [pool]] }
      )
    })
  })
}

describe("outreach recipients, read in pages", () => {
  it("costs one profile read and one identifier read per page of profiles, whatever the page holds", async () => {
    const memory = makeMemoryBackend()
    const calls = { profiles: 0, identifiers: 0 }
    const backend = {
      ...memory,
      read: {
        ...memory.read,
        profiles: { ...memory.read.profiles, get: (w: string, ids: ReadonlyArray<string>) => (calls.profiles++, memory.read.profiles.get(w, ids)) },
        identity: { ...memory.read.identity, identifiersOf: (w: string, ids: ReadonlyArray<string>) => (calls.identifiers++, memory.read.identity.identifiersOf(w, ids)) }
      }
    }
    const layer = storageLayer(backend)
    const { createCdp } = await import("@kith/cdp")
    const cdp = await createCdp({ storage: layer, workspace: "shop-pages" })
    await cdp.batch(Array.from({ length: 2_500 }, (_, i) => identify(`i-${i}`, "2026-01-02", `u-${i}`, { phone: `0913 ${String(i).padStart(6, "0")}` })))
    const all = (await memory.read.profiles.list("shop-pages", { limit: 3_000 })).map((r) => r.profileId as ProfileId)
    expect(all).toHaveLength(2_500)
    // 3,000 ids asked (some twice): three pages.
    const asked = [...all, ...all.slice(0, 500)]
    calls.profiles = 0
    calls.identifiers = 0
    const read = await recipients(layer, "shop-pages", asked)
    expect(read.map((r) => r.profile?.profileId)).toEqual(asked)
    expect(calls).toEqual({ profiles: 3, identifiers: 3 })
    await cdp.close()
  })
})
