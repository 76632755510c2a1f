import { gzipSync } from "node:zlib"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startServer, type TestServer } from "./serve.js"

const KEY = "wk_shop_1"
const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString("base64")}`

let server: TestServer
beforeAll(async () => {
  server = await startServer({ [KEY]: { workspace: "shop-1" } })
})
afterAll(async () => {
  await server.close()
})

const post = (path: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method: "POST", headers: { authorization: basic(KEY), "content-type": "application/json", ...headers }, body })

const track = (messageId: string, properties: Record<string, unknown>) => ({
  type: "track",
  messageId,
  userId: "u-1",
  event: "Order Completed",
  timestamp: "2025-03-01T09:00:00+07:00",
  properties
})

// What the workspace holds, to show a refused request changed nothing.
const holdings = async () => {
  const cdp = server.cdp[KEY]!
  return { events: await cdp.events.count(), rejected: await cdp.rejected.count() }
}

describe("the collection API refuses what it cannot take, and changes nothing (ING-6)", () => {
  it("401 without a write key, or with one no workspace has", async () => {
    const before = await holdings()
    const none = await fetch(`${server.url}/v1/track`, { method: "POST", body: JSON.stringify(track("a-1", { order_id: "SO-1", total: 1 })) })
    expect(none.status).toBe(401)
    expect(none.headers.get("www-authenticate")).toBe('Basic realm="kith"')
    expect(await none.json()).toMatchObject({ success: false, code: "missing_write_key" })
    const wrong = await post("/v1/track", JSON.stringify(track("a-2", { order_id: "SO-1", total: 1 })), { authorization: basic("wk_other") })
    expect(wrong.status).toBe(401)
    expect(await wrong.json()).toMatchObject({ success: false, code: "unknown_write_key" })
    const wrongInBody = await fetch(`${server.url}/v1/track`, { method: "POST", body: JSON.stringify({ ...track("a-3", { order_id: "SO-1", total: 1 }), writeKey: "wk_other" }) })
    expect(wrongInBody.status).toBe(401)
    expect(await holdings()).toEqual(before)
  })

  it("takes the write key from the body when there is no Authorization header", async () => {
    const response = await fetch(`${server.url}/v1/identify`, { method: "POST", body: JSON.stringify({ writeKey: KEY, messageId: "k-1", userId: "u-key", traits: { name: "Lê Thu Hà" } }) })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ success: true, accepted: 1, duplicates: 0, rejected: [] })
  })

  it("400 for a body that is not JSON, not gzip, or not of the endpoint's shape", async () => {
    const before = await holdings()
    const notJson = await post("/v1/batch", '{"batch": [')
    expect(notJson.status).toBe(400)
    const body = (await notJson.json()) as { code: string; message: string }
    expect(body.code).toBe("invalid_json")
    expect(body.message).toMatch(/^a \/v1\/batch body is not JSON/)
    const notGzip = await post("/v1/batch", '{"batch": []}', { "content-encoding": "gzip" })
    expect(notGzip.status).toBe(400)
    expect(await notGzip.json()).toMatchObject({ code: "invalid_json" })
    const noBatch = await post("/v1/batch", JSON.stringify({ calls: [] }))
    expect(noBatch.status).toBe(400)
    expect(await noBatch.json()).toMatchObject({ code: "invalid_body", message: "batch: expected an array of calls, got undefined" })
    const arrayCall = await post("/v1/track", JSON.stringify([track("b-1", { order_id: "SO-1", total: 1 })]))
    expect(arrayCall.status).toBe(400)
    expect(await arrayCall.json()).toMatchObject({ code: "invalid_body" })
    const brotli = await post("/v1/track", "{}", { "content-encoding": "br" })
    expect(brotli.status).toBe(415)
    expect(await holdings()).toEqual(before)
  })

  it("413 over Segment's limits: 32 KB for one call, 500 KB for a batch, also when gzipped", async () => {
    const before = await holdings()
    const big = track("c-1", { order_id: "SO-1", total: 1, note: "x".repeat(33 * 1024) })
    const single = await post("/v1/track", JSON.stringify(big))
    expect(single.status).toBe(413)
    expect(await single.json()).toMatchObject({ code: "body_too_large" })
    const calls = Array.from({ length: 20 }, (_, i) => track(`c-${i + 2}`, { order_id: `SO-${i}`, total: 1, note: "y".repeat(30 * 1024) }))
    const batch = JSON.stringify({ batch: calls })
    expect(batch.length).toBeGreaterThan(500 * 1024)
    const plain = await post("/v1/batch", batch)
    expect(plain.status).toBe(413)
    const zipped = gzipSync(batch)
    expect(zipped.length).toBeLessThan(500 * 1024)
    const gz = await post("/v1/batch", zipped, { "content-encoding": "gzip" })
    expect(gz.status).toBe(413)
    expect(await gz.json()).toMatchObject({ code: "body_too_large" })
    expect(await holdings()).toEqual(before)
  })

  it("404 for another path, 405 for another method", async () => {
    expect((await post("/v1/events", "{}")).status).toBe(404)
    expect((await post("/v2/track", "{}")).status).toBe(404)
    const get = await fetch(`${server.url}/v1/batch`)
    expect(get.status).toBe(405)
    expect(get.headers.get("allow")).toBe("POST, OPTIONS")
    const preflight = await fetch(`${server.url}/v1/batch`, { method: "OPTIONS" })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*")
  })
})

describe("a mixed batch: the valid calls land, the invalid ones are kept, nothing else changes (ING-7)", () => {
  it("ingests the good calls, keeps each bad one with its payload and problems, and replays after a fix", async () => {
    const cdp = server.cdp[KEY]!
    const before = await holdings()
    const oversized = track("m-big", { order_id: "SO-big", total: 1, note: "z".repeat(33 * 1024) })
    const body = {
      batch: [
        track("m-1", { order_id: "SO-1", total: "19.99", currency: "usd" }),
        track("m-2", { order_id: "SO-2", total: "abc" }),
        { type: "identify", messageId: "m-3", userId: "u-1", traits: { name: "Nguyễn Thị Lan", email: "lan@example.com" } },
        { type: "alias", messageId: "m-4", userId: "u-1" },
        oversized,
        { type: "screen", messageId: "m-5", userId: "u-1", name: "Giỏ hàng" }
      ],
      context: { ip: "203.0.113.9" },
      sentAt: "2025-03-01T02:00:00Z"
    }
    const response = await post("/v1/batch", gzipSync(JSON.stringify(body)), { "content-encoding": "gzip" })
    expect(response.status).toBe(200)
    const answer = (await response.json()) as { success: boolean; accepted: number; rejected: Array<{ index: number; messageId: string; issues: Array<{ path: string; message: string }> }> }
    expect(answer).toMatchObject({ success: true, accepted: 3, duplicates: 0 })
    expect(answer.rejected.map((r) => [r.index, r.messageId, r.issues.map((i) => i.path)])).toEqual([
      [1, "m-2", ["properties.total"]],
      [3, "m-4", ["previousId"]],
      [4, "m-big", [""]]
    ])
    expect(await holdings()).toEqual({ events: before.events + 3, rejected: before.rejected + 3 })

    const kept = await cdp.rejected.list({ status: "pending" })
    const bad = kept.items.find((r) => r.messageId === "m-2")!
    expect(bad).toMatchObject({ type: "track", event: "Order Completed", source: "http", ip: "127.0.0.1", attempts: 1 })
    expect(JSON.parse(bad.payload)).toEqual({ ...body.batch[1], context: { ip: "203.0.113.9" }, sentAt: "2025-03-01T02:00:00Z" })
    expect(bad.issues[0]!.message).toContain('"abc"')

    // The raw call is stored with the event and read back.
    const stored = await cdp.events.get("m-1")
    expect(stored?.event.raw).toEqual({ ...body.batch[0], context: { ip: "203.0.113.9" }, sentAt: "2025-03-01T02:00:00Z" })

    // A retry of the same request changes nothing but the attempts of the refusals.
    const again = await post("/v1/batch", JSON.stringify(body))
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 3 })
    expect(await holdings()).toEqual({ events: before.events + 3, rejected: before.rejected + 3 })
    expect((await cdp.rejected.list({ status: "pending" })).items.find((r) => r.messageId === "m-2")?.attempts).toBe(2)

    // Replay judges the kept calls again, without the HTTP API's 32 KB limit: the call refused for its size
    // alone is ingested now; the two with bad fields stay pending.
    const replay = await cdp.rejected.replay()
    expect(replay).toMatchObject({ examined: 3, replayed: 1, duplicates: 0, stillRejected: 2 })
    expect(replay.results.map((r) => [r.messageId, r.status])).toEqual([["m-2", "rejected"], ["m-4", "rejected"], ["m-big", "replayed"]])
    expect(await cdp.rejected.count({ status: "pending" })).toBe(2)
    expect(await cdp.rejected.count({ status: "replayed" })).toBe(1)
    expect((await cdp.events.get("m-big"))?.event.type).toBe("track")
  })
})
