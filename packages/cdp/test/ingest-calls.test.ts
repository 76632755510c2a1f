// One ingestion call as a new user writes it: catalog events are typed at compile time (the `@ts-expect-error`
// lines are checked by `npm run typecheck`), and a bad call names the call, the field and the value found.
import { type CdpClient, createCdp, InvalidEvent, type TrackCall } from "@kith/cdp"
import { InvalidEventBatch, makeMemoryBackend, storageLayer } from "@kith/storage"
import { afterEach, beforeEach, describe, expect, it } from "vitest"

const rejection = async (promise: Promise<unknown>): Promise<Error & Record<string, unknown>> => {
  try {
    await promise
  } catch (error) {
    return error as Error & Record<string, unknown>
  }
  throw new Error("expected the call to reject")
}

const at = "2025-03-02T20:15:00+07:00"
const products = [{ productId: "p-ao", name: "Áo thun", quantity: 2, price: 225_000 }]

describe("single ingestion calls", () => {
  let cdp: CdpClient
  beforeEach(async () => {
    cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-calls" })
  })
  afterEach(() => cdp.close())

  it("types a catalog event's properties at compile time; custom names stay open", async () => {
    await cdp.track({ messageId: "t-1", timestamp: at, anonymousId: "c-1", event: "Order Completed", properties: { orderId: "SO-1", currency: "VND", total: 450_000, products } })
    // A custom event takes any JSON properties.
    await cdp.track({ messageId: "t-2", timestamp: at, anonymousId: "c-1", event: "Lucky Wheel Spun", properties: { prize: "voucher", spins: 3, lucky: true } })
    // A name known only at run time is checked when the call runs.
    const fromJson: TrackCall = JSON.parse(`{ "messageId": "t-3", "timestamp": "${at}", "anonymousId": "c-1", "event": "Product Viewed", "properties": { "productId": "p-ao" } }`)
    await cdp.track(fromJson)
    // A union of catalog names takes the properties of either.
    const name: "Order Placed" | "Order Completed" = Math.max(1, 2) > 1 ? "Order Placed" : "Order Completed"
    await cdp.track({ messageId: "t-4", timestamp: at, anonymousId: "c-1", event: name, properties: { orderId: "SO-2", currency: "VND", total: 90_000, products } })

    const wrongType = cdp.track({
      messageId: "t-5",
      timestamp: at,
      anonymousId: "c-1",
      event: "Order Completed",
      // @ts-expect-error total is a number in the catalog, not a string
      properties: { orderId: "SO-3", currency: "VND", total: "450000", products }
    })
    expect(await rejection(wrongType)).toBeInstanceOf(InvalidEvent)
    // @ts-expect-error a catalog event needs its required properties (orderId, currency, total, products)
    const missing = cdp.track({ messageId: "t-6", timestamp: at, anonymousId: "c-1", event: "Order Completed", properties: { total: 450_000 } })
    expect(await rejection(missing)).toMatchObject({ _tag: "InvalidEvent", issues: [{ path: "properties.orderId" }, { path: "properties.currency" }, { path: "properties.products" }] })
    expect(await cdp.events.count()).toBe(4)
  })

  it("says which call failed, on which field, and what value it found", async () => {
    const order = { messageId: "t-1", timestamp: at, anonymousId: "c-1", event: "Order Completed", properties: { orderId: "SO-1", currency: "VND", total: "450000", products } }
    const error = await rejection(cdp.track(order as TrackCall))
    expect(error).toBeInstanceOf(InvalidEvent)
    expect(error).toMatchObject({ _tag: "InvalidEvent", type: "track", event: "Order Completed", messageId: "t-1" })
    expect(error.message).toBe(`track("Order Completed"): properties.total: Expected number, got "450000"`)

    const identify = await rejection(cdp.identify({ messageId: "i-1", timestamp: "31/12/2025", anonymousId: "c-1" }))
    expect(identify.message).toMatch(/^identify\(\): timestamp: Expected an ISO 8601 instant .*, got "31\/12\/2025"$/)
    const page = await rejection(cdp.page({ messageId: "p-1", timestamp: at, anonymousId: "c-1", properties: { url: 42 } } as never))
    expect(page.message).toBe("page(): properties.url: Expected string, got 42")
    // A missing field has no value to show.
    const alias = await rejection(cdp.alias({ messageId: "a-1", timestamp: at, userId: "u-1" } as never))
    expect(alias.message).toBe("alias(): previousId: Missing key")
    // Long values are cut short.
    const long = await rejection(cdp.page({ messageId: "p-2", timestamp: at, anonymousId: "c-1", properties: { url: ["x".repeat(200)] } } as never))
    expect(long.message).toBe(`page(): properties.url: Expected string, got ["${"x".repeat(77)}…`)
    expect(await cdp.events.count()).toBe(0)
  })

  it("keeps the batch error for batch: the position of the first bad event, with the value found", async () => {
    const good = { type: "identify", messageId: "b-1", timestamp: at, anonymousId: "c-1", traits: { phone: "0912 345 678" } }
    const bad = { type: "track", messageId: "b-2", timestamp: at, anonymousId: "c-1", event: "Order Completed", properties: { orderId: "SO-1", currency: "VND", total: "450000", products } }
    const error = await rejection(cdp.batch([good, bad]))
    expect(error).toBeInstanceOf(InvalidEventBatch)
    expect(error.message).toBe(`Event 1 (b-2) is invalid: properties.total: Expected number, got "450000"`)
    expect(await cdp.events.count()).toBe(0)
  })
})
