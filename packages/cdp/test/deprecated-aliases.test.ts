// The flat names of @kith/cdp 0.1 keep working for one minor version: each is the namespaced operation.
import { Cdp, type CdpClient, createCdp } from "@kith/cdp"
import { makeMemoryBackend, storageLayer } from "@kith/storage"
import { Effect, Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const asOf = new Date("2025-03-31T17:00:00Z")
const at = (day: number) => `2025-03-${String(day).padStart(2, "0")}T09:00:00+07:00`
const order = { orderId: "SO-1", currency: "VND", total: 450_000, products: [{ productId: "p-ao", quantity: 2, price: 225_000 }] }

describe("the deprecated flat names", () => {
  let cdp: CdpClient
  beforeAll(async () => {
    cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-old" })
    await cdp.identify({ messageId: "m-1", timestamp: at(1), anonymousId: "tablet", traits: { fullName: "Võ Văn Tâm", phone: "0912 111 222" } })
    await cdp.track({ messageId: "m-2", timestamp: at(2), anonymousId: "tablet", event: "Order Completed", properties: order })
    await cdp.identify({ messageId: "m-3", timestamp: at(3), anonymousId: "tablet", traits: { email: "vo.lan@example.vn" } })
    await cdp.identify({ messageId: "m-4", timestamp: at(4), anonymousId: "laptop", traits: { fullName: "Võ Thị Lan", email: "lan.vo@example.vn" } })
    await cdp.identify({ messageId: "m-5", timestamp: at(5), anonymousId: "cookie-visitor" })
  })
  afterAll(() => cdp.close())

  it("read what the namespaces read", async () => {
    const phone = { type: "phone", value: "0912 111 222" }
    expect(await cdp.profile(phone, { asOf })).toEqual(await cdp.profiles.get(phone, { asOf }))
    expect(await cdp.lookup(phone)).toEqual(await cdp.profiles.lookup(phone))
    expect(await cdp.timeline("p_m-1", { limit: 2 })).toEqual(await cdp.profiles.timeline("p_m-1", { limit: 2 }))
    expect(await cdp.search("vo")).toEqual(await cdp.profiles.search("vo"))
    expect((await cdp.visitors()).items.map((i) => i.profileId)).toEqual(["p_m-5"])
    expect(await cdp.leads()).toEqual(await cdp.profiles.leads())
    expect(await cdp.buyers()).toEqual(await cdp.profiles.buyers())
    // `cdp.events` is the namespace and, called, the old `events(ref)`.
    expect(typeof cdp.events).toBe("function")
    expect((await cdp.events("p_m-1")).items.map((e) => e.event.messageId)).toEqual(["m-1", "m-2", "m-3"])
    expect(await cdp.events("p_m-1", { limit: 1 })).toEqual(await cdp.events.list("p_m-1", { limit: 1 }))
    expect(await cdp.event("m-2")).toEqual(await cdp.events.get("m-2"))
    expect(await cdp.countEvents()).toBe(5)
    const explained = await cdp.explain(phone, { type: "email", value: "vo.lan@example.vn" })
    expect(explained).toEqual(await cdp.identity.explain(phone, { type: "email", value: "vo.lan@example.vn" }))
    expect(explained.joined).toBe(true)
    expect(await cdp.ledger()).toEqual(await cdp.identity.ledger())
  })

  it("write what the namespaces write, and fail with the same typed errors", async () => {
    const edited = await cdp.updateProfile("p_m-1", { gender: "male" }, { at: new Date("2025-03-06T00:00:00Z") })
    expect(edited.traits["gender"]).toEqual({ value: "male", at: Date.parse("2025-03-06T00:00:00Z"), source: "manual" })
    const split = await cdp.split("p_m-1", [{ type: "email", value: "vo.lan@example.vn" }], { at: new Date("2025-03-07T00:00:00Z"), actor: "staff-1" })
    expect(split).toMatchObject({ from: "p_m-1", into: expect.any(String), detached: split.into, separated: true })
    const dry = await cdp.merge(split.into, "p_m-4", { dryRun: true })
    expect(dry).toEqual(await cdp.identity.merge(split.into, "p_m-4", { dryRun: true }))
    expect(await cdp.merge(split.into, "p_m-4", { at: new Date("2025-03-08T00:00:00Z"), actor: "staff-1" })).toMatchObject({ dryRun: false })
    expect((await cdp.identity.ledger({ limit: 100 })).items.map((e) => e.kind)).toEqual(expect.arrayContaining(["split", "manual_merge"]))
    await expect(cdp.profile("p_nobody")).rejects.toMatchObject({ _tag: "ProfileNotFound" })
    await expect(cdp.events("p_nobody")).rejects.toMatchObject({ _tag: "ProfileNotFound" })
    await expect(cdp.search("x", { limit: 0 })).rejects.toMatchObject({ _tag: "InvalidArgument", field: "limit" })
  })

  it("are the namespaced operations themselves in the Effect service", async () => {
    const service = await Effect.runPromise(
      Effect.gen(function* () {
        return yield* Cdp
      }).pipe(Effect.provide(Cdp.layer({ workspace: "shop-fx" }).pipe(Layer.provide(storageLayer(makeMemoryBackend())))))
    )
    const pairs = [
      [service.profile, service.profiles.get],
      [service.lookup, service.profiles.lookup],
      [service.timeline, service.profiles.timeline],
      [service.search, service.profiles.search],
      [service.visitors, service.profiles.visitors],
      [service.buyers, service.profiles.buyers],
      [service.updateProfile, service.profiles.update],
      [service.event, service.events.get],
      [service.countEvents, service.events.count],
      [service.explain, service.identity.explain],
      [service.split, service.identity.split],
      [service.merge, service.identity.merge],
      [service.ledger, service.identity.ledger]
    ] as const
    for (const [old, namespaced] of pairs) expect(old).toBe(namespaced)
    expect(service.events.list).toBeTypeOf("function")
    expect(await Effect.runPromise(service.events("p_nobody").pipe(Effect.flip))).toMatchObject({ _tag: "ProfileNotFound" })
    // `leads` is the leads namespace now and, called, the old lead-stage profile list.
    expect(service.leads.list).toBeTypeOf("function")
    expect(await Effect.runPromise(service.leads())).toEqual(await Effect.runPromise(service.profiles.leads()))
  })
})
