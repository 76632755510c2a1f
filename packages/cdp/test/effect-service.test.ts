// The facade for Effect users (the Cdp service and its layer) and on the in-memory store.
import { Cdp, createCdp, InvalidArgument } from "@kith/cdp"
import { makeMemoryBackend, storageLayer } from "@kith/storage"
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"

const asOf = new Date("2025-03-31T17:00:00Z")
const identify = { messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "cookie-1", traits: { fullName: "Lý Thị Hoa", phone: "0912 345 678" } }

describe("@kith/cdp as an Effect service", () => {
  it("runs the same operations through Cdp.layer on any storage layer", async () => {
    const CdpLive = Cdp.layer({ workspace: { id: "shop-fx", name: "Hoa shop" } }).pipe(Layer.provide(storageLayer(makeMemoryBackend())))
    const program = Effect.gen(function* () {
      const cdp = yield* Cdp
      const outcome = yield* cdp.identify(identify)
      const view = yield* cdp.profile({ type: "phone", value: "+84912345678" }, { asOf })
      const leads = yield* cdp.leads()
      const refused = yield* cdp.search("hoa", { limit: 5000 }).pipe(Effect.flip)
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
    expect(await cdp.countEvents()).toBe(0)
  })

  it("takes a bare storage layer in createCdp (the in-memory store)", async () => {
    const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-mem", settings: { currency: "VND" } })
    await cdp.identify(identify)
    expect((await cdp.profile("p_m-1", { asOf })).currency).toBe("VND")
    expect(cdp.settings).toEqual({ timezone: "Asia/Ho_Chi_Minh", currency: "VND", country: "VN", locale: "vi", fallbackLocale: "en" })
    await cdp.close()
  })
})
