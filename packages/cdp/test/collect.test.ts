// cdp.collect and cdp.rejected (ING-6, ING-7): Segment calls as SDKs send
// them, each judged alone; the valid ones ingested, every refused one kept
// with its payload and problems, replayable.
import { type CdpClient, createCdp } from "@kith/cdp"
import { makeMemoryBackend, storageLayer } from "@kith/storage"
import fc from "fast-check"
import { afterEach, describe, expect, it } from "vitest"

const receivedAt = new Date("2025-03-01T02:00:00Z")
const open: Array<CdpClient> = []
const fresh = async (): Promise<CdpClient> => {
  const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
  open.push(cdp)
  return cdp
}
afterEach(async () => {
  for (const cdp of open.splice(0)) await cdp.close()
})

describe("cdp.collect", () => {
  it("ingests the valid calls, keeps each refused one, and says what became of every call", async () => {
    const cdp = await fresh()
    const outcome = await cdp.collect(
      [
        { type: "identify", messageId: "m-1", userId: "u-1", traits: { name: "Nguyễn Thị Lan" }, context: { traits: { email: "lan@example.com" }, app: { name: "Shop" } } },
        { type: "track", messageId: "m-2", userId: "u-1", event: "Order Completed", properties: { order_id: "SO-1", total: "abc" } },
        { type: "track", messageId: "m-1", userId: "u-1", event: "Repeated Id" },
        "not a call",
        { type: "group", messageId: "m-3", userId: "u-1", groupId: "cty-an-phat", traits: { name: "Công ty TNHH An Phát", tax_code: "0312345678" } },
        { type: "screen", messageId: "m-4", anonymousId: "device-1", name: "Giỏ hàng", context: { traits: { email: "LAN@example.com" } } }
      ],
      { receivedAt, ip: "203.0.113.9" }
    )
    expect(outcome).toMatchObject({ received: 6, accepted: 3, duplicates: 1, rejected: 2 })
    expect(outcome.results.map((r) => r.status)).toEqual(["accepted", "rejected", "duplicate", "rejected", "accepted", "accepted"])
    expect(outcome.results[1]).toMatchObject({ messageId: "m-2", issues: [{ path: "properties.total" }] })
    expect(outcome.results[3]).toMatchObject({ messageId: expect.stringMatching(/^sha256-/), issues: [{ path: "" }] })

    const kept = await cdp.rejected.list()
    expect(kept.items.map((r) => [r.messageId, r.type, r.source, r.ip, JSON.parse(r.payload)])).toEqual([
      ["m-2", "track", "collect", "203.0.113.9", { type: "track", messageId: "m-2", userId: "u-1", event: "Order Completed", properties: { order_id: "SO-1", total: "abc" } }],
      [outcome.results[3]!.messageId, null, "collect", "203.0.113.9", "not a call"]
    ])
    expect(kept.items[0]!.firstReceivedAt).toEqual(receivedAt)

    // Fields kith does not model are read back from the raw call.
    expect((await cdp.events.get("m-1"))?.event.raw?.["context"]).toEqual({ traits: { email: "lan@example.com" }, app: { name: "Shop" } })

    // The group gave the person their company; the screen's context.traits joined the other device by email.
    const view = await cdp.profiles.get({ type: "user_id", value: "u-1" }, { asOf: new Date("2025-03-31T00:00:00Z") })
    expect(view.fields.traits).toMatchObject({ fullName: "Nguyễn Thị Lan", companyName: "Công ty TNHH An Phát", taxCode: "0312345678", groupId: "cty-an-phat" })
    expect((await cdp.profiles.get({ type: "anonymous_id", value: "device-1" }, { asOf: new Date("2025-03-31T00:00:00Z") })).profileId).toBe(view.profileId)
  })

  it("a call without messageId or timestamp, sent again, is a duplicate", async () => {
    const cdp = await fresh()
    const call = { type: "track", userId: "u-1", event: "Product Viewed", originalTimestamp: "2025-03-01T08:59:58+07:00", properties: { product_id: "p-1", price: 19.99, currency: "usd" } }
    const first = await cdp.collect([{ ...call, sentAt: "2025-03-01T09:00:00+07:00" }], { receivedAt })
    const retry = await cdp.collect([{ ...call, sentAt: "2025-03-01T09:00:30+07:00" }], { receivedAt: new Date(receivedAt.getTime() + 30_000) })
    expect(first.results[0]).toMatchObject({ status: "accepted" })
    expect(retry.results[0]).toMatchObject({ status: "duplicate", messageId: first.results[0]!.messageId })
    expect(await cdp.events.count()).toBe(1)
  })

  it("reports a call of an erased person as suppressed, not as a duplicate, and counts it on the list (PRIV-2)", async () => {
    const cdp = await fresh()
    await cdp.collect([{ type: "identify", messageId: "m-1", anonymousId: "c-1", traits: { phone: "0912 345 678" } }], { receivedAt })
    await cdp.privacy.erase({ type: "phone", value: "0912345678" }, { actor: "dpo", at: new Date("2025-03-02T00:00:00Z") })
    const outcome = await cdp.collect(
      [
        { type: "identify", messageId: "m-1", anonymousId: "c-1", traits: { phone: "0912 345 678" } },
        { type: "track", messageId: "m-2", userId: "u-2", event: "Signed Up", context: { traits: { phone: "+84 912 345 678" } } },
        { type: "track", messageId: "m-2", userId: "u-2", event: "Signed Up", context: { traits: { phone: "+84 912 345 678" } } },
        { type: "track", messageId: "m-3", userId: "u-3", event: "Signed Up" }
      ],
      { receivedAt: new Date("2025-03-03T00:00:00Z") }
    )
    expect(outcome).toMatchObject({ received: 4, accepted: 1, duplicates: 1, suppressed: 2, rejected: 0 })
    expect(outcome.results.map((r) => r.status)).toEqual(["suppressed", "suppressed", "duplicate", "accepted"])
    expect((await cdp.privacy.suppressed()).stoppedEvents).toBe(2)
    // Nothing suppressed: the count is absent, as a batch's.
    expect(await cdp.collect([{ type: "track", messageId: "m-4", userId: "u-3", event: "Signed Up" }], { receivedAt })).not.toHaveProperty("suppressed")
  })

  it("replays kept refusals after a policy change, and settles those stored meanwhile", async () => {
    const cdp = await fresh()
    const calls = [1, 2, 3].map((i) => ({ type: "track", messageId: `m-${i}`, userId: "u-1", event: "Note Written", properties: { text: "x".repeat(200 * i) } }))
    const outcome = await cdp.collect(calls, { receivedAt, maxCallBytes: 300 })
    expect(outcome).toMatchObject({ accepted: 1, rejected: 2 })
    // The third comes in again on a way in without the limit before the replay.
    await cdp.collect([calls[2]], { receivedAt })
    const replay = await cdp.rejected.replay()
    expect(replay).toMatchObject({ examined: 2, replayed: 1, duplicates: 1, stillRejected: 0, nextCursor: undefined })
    expect(replay.results.map((r) => [r.messageId, r.status])).toEqual([["m-2", "replayed"], ["m-3", "duplicate"]])
    expect(await cdp.rejected.count({ status: "pending" })).toBe(0)
    expect(await cdp.events.count()).toBe(3)
  })

  it("refuses arguments that are not calls or options", async () => {
    const cdp = await fresh()
    await expect(cdp.collect("calls" as unknown as Array<unknown>)).rejects.toMatchObject({ _tag: "InvalidArgument", field: "calls" })
    await expect(cdp.collect([], { chunkSize: 0 })).rejects.toMatchObject({ _tag: "InvalidArgument", field: "options.chunkSize" })
    await expect(cdp.collect([], { maxCallBytes: -1 })).rejects.toMatchObject({ _tag: "InvalidArgument", field: "options.maxCallBytes" })
  })

  it("loses nothing: every call is accepted, a duplicate or kept, whatever is sent (property)", async () => {
    const goodCall = fc.record({
      type: fc.constant("track"),
      messageId: fc.constantFrom("a", "b", "c", "d"),
      userId: fc.constantFrom("u-1", "u-2"),
      event: fc.constantFrom("Order Completed", "Product Viewed", "Custom Thing"),
      properties: fc.record({ order_id: fc.constant("SO-1"), product_id: fc.constant("p-1"), total: fc.oneof(fc.integer({ min: 0, max: 10 ** 9 }), fc.string()) })
    })
    const anyCall = fc.oneof(goodCall, fc.anything(), fc.record({ type: fc.constantFrom("identify", "page", "screen", "group", "alias", "bogus"), messageId: fc.string() }))
    await fc.assert(
      fc.asyncProperty(fc.array(anyCall, { maxLength: 20 }), async (calls) => {
        const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
        try {
          const outcome = await cdp.collect(calls, { receivedAt })
          expect(outcome.results.map((r) => r.index)).toEqual(calls.map((_, i) => i))
          expect(outcome.accepted + outcome.duplicates + outcome.rejected).toBe(calls.length)
          expect(await cdp.events.count()).toBe(outcome.accepted)
          const refused = outcome.results.flatMap((r) => (r.status === "rejected" ? [r.messageId] : []))
          const distinct = new Set(refused.filter((id) => id !== null)).size + refused.filter((id) => id === null).length
          // A refusal whose messageId was also accepted in the same call stays kept: it is what was refused.
          expect(await cdp.rejected.count()).toBe(distinct)
        } finally {
          await cdp.close()
        }
      }),
      { numRuns: 50 }
    )
  })
})
