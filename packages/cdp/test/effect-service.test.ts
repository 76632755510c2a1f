// The facade for Effect users (the Cdp service and its layer) and on the in-memory store.
import { Cdp, createCdp, InvalidArgument } from "@kith/cdp"
import { makeMemoryBackend, storageLayer } from "@kith/storage"
import { Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import { describe, expect, it } from "vitest"

const asOf = new Date("2025-03-31T17:00:00Z")
const identify = { messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "cookie-1", traits: { fullName: "Lý Thị Hoa", phone: "0912 345 678" } }

describe("@kith/cdp as an Effect service", () => {
  it("runs the same operations through Cdp.layer on any storage layer", async () => {
    const CdpLive = Cdp.layer({ workspace: { id: "shop-fx", name: "Hoa shop" } }).pipe(Layer.provide(storageLayer(makeMemoryBackend())))
    const program = Effect.gen(function* () {
      const cdp = yield* Cdp
      const outcome = yield* cdp.identify(identify)
      const view = yield* cdp.profiles.get({ type: "phone", value: "+84912345678" }, { asOf })
      const leads = yield* cdp.profiles.leads()
      const refused = yield* cdp.profiles.search("hoa", { limit: 5000 }).pipe(Effect.flip)
      return { outcome, view, leads, refused, workspace: cdp.workspace }
    })
    const result = await Effect.runPromise(program.pipe(Effect.provide(CdpLive)))
    expect(result.outcome).toEqual({ messageId: "m-1", profileId: "p_m-1", duplicate: false })
    expect(result.view).toMatchObject({ profileId: "p_m-1", lifecycle: { stage: "lead" }, fields: { traits: { fullName: "Lý Thị Hoa" } } })
    expect(result.leads.items.map((i) => i.profileId)).toEqual(["p_m-1"])
    expect(result.refused).toBeInstanceOf(InvalidArgument)
    expect(result.refused).toMatchObject({ field: "limit" })
    expect(result.workspace).toEqual({ workspaceId: "shop-fx", name: "Hoa shop", timeZone: "Asia/Ho_Chi_Minh" })
  })

  it("fails the layer with a typed error for bad options, before touching the store", async () => {
    const exit = await Effect.runPromiseExit(
      Effect.gen(function* () {
        return yield* Cdp
      }).pipe(Effect.provide(Cdp.layer({ workspace: "" }).pipe(Layer.provide(storageLayer(makeMemoryBackend())))))
    )
    expect(exit._tag === "Failure" && String(exit.cause)).toContain("InvalidArgument")
    const error = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1", chunkSize: 0 }).catch((e: unknown) => e)
    expect(error).toMatchObject({ _tag: "InvalidArgument", field: "chunkSize" })
  })

  it("never accepts events larger than the store does, so a validated batch cannot fail on size halfway", async () => {
    const small = storageLayer(makeMemoryBackend(), { maxEventBytes: 2_000 })
    const refused = await createCdp({ storage: small, workspace: "shop-1", maxEventBytes: 200_000 }).catch((e: unknown) => e)
    expect(refused).toMatchObject({ _tag: "InvalidArgument", field: "maxEventBytes" })
    const cdp = await createCdp({ storage: small, workspace: "shop-1" })
    const small1 = { type: "identify", ...identify }
    const big = { ...small1, messageId: "m-big", traits: { note: "x".repeat(3_000) } }
    const error = await cdp.batch([small1, big], { chunkSize: 1 }).catch((e: unknown) => e)
    expect(error).toMatchObject({ _tag: "EventTooLarge", index: 1, limit: 2_000 })
    expect(await cdp.events.count()).toBe(0)
  })

  it("takes a bare storage layer in createCdp (the in-memory store)", async () => {
    const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-mem", settings: { currency: "VND" } })
    await cdp.identify(identify)
    expect((await cdp.profiles.get("p_m-1", { asOf })).currency).toBe("VND")
    expect(cdp.settings).toEqual({ timezone: "Asia/Ho_Chi_Minh", currency: "VND", country: "VN", locale: "vi", fallbackLocale: "en" })
    await cdp.close()
  })

  it("computes the Profile 360 at now when no asOf is given, reading Effect's Clock once (a TestClock here)", async () => {
    const CdpLive = Cdp.layer({ workspace: "shop-clock" }).pipe(Layer.provide(storageLayer(makeMemoryBackend())))
    const order = { orderId: "SO-1", currency: "VND", total: 450_000, products: [{ productId: "p-ao", quantity: 2, price: 225_000 }] }
    const program = Effect.gen(function* () {
      const cdp = yield* Cdp
      yield* cdp.identify(identify)
      yield* cdp.track({ messageId: "m-2", timestamp: "2025-03-05T20:00:00+07:00", anonymousId: "cookie-1", event: "Order Completed", properties: order })
      yield* TestClock.setTime(Date.parse("2025-03-03T00:00:00Z"))
      const beforeTheOrder = yield* cdp.profiles.get("p_m-1")
      yield* TestClock.setTime(Date.parse("2025-03-31T17:00:00Z"))
      const afterTheOrder = yield* cdp.profiles.get("p_m-1", { year: 2025 })
      const explicit = yield* cdp.profiles.get("p_m-1", { asOf: new Date("2025-03-31T17:00:00Z"), year: 2025 })
      return { beforeTheOrder, afterTheOrder, explicit }
    })
    const { beforeTheOrder, afterTheOrder, explicit } = await Effect.runPromise(program.pipe(Effect.provide(Layer.merge(CdpLive, TestClock.layer()))))
    expect(beforeTheOrder.asOf).toEqual(new Date("2025-03-03T00:00:00Z"))
    expect(beforeTheOrder.lifecycle.stage).toBe("lead")
    expect(afterTheOrder.asOf).toEqual(new Date("2025-03-31T17:00:00Z"))
    expect(afterTheOrder.purchases.totalSpend).toBe(450_000)
    expect(afterTheOrder).toEqual(explicit)
  })

  it("reads the live clock when the Promise client is given no asOf", async () => {
    const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-now" })
    await cdp.identify(identify)
    const before = Date.now()
    const view = await cdp.profiles.get({ type: "phone", value: "0912 345 678" })
    const after = Date.now()
    expect(view.asOf.getTime()).toBeGreaterThanOrEqual(before)
    expect(view.asOf.getTime()).toBeLessThanOrEqual(after)
    await expect(cdp.profiles.get("p_m-1", { asOf: new Date("nope") })).rejects.toMatchObject({ _tag: "InvalidArgument", field: "asOf" })
    await cdp.close()
  })
})
