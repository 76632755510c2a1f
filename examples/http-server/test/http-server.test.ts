// Starts the example's server on a free port of 127.0.0.1 over a temporary SQLite file and sends it what a
// newcomer sends first: the README's curl call, and one that kith refuses.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RunningServer, startServer } from "../server.js"

const dir = mkdtempSync(join(tmpdir(), "kith-http-server-"))
let server: RunningServer
beforeAll(async () => {
  server = await startServer({ db: join(dir, "kith.sqlite"), hostname: "127.0.0.1", port: 0, writeKeys: { wk_demo: "shop-1" } })
})
afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

const post = (path: string, body: unknown) =>
  fetch(`${server.url}${path}`, { method: "POST", headers: { authorization: `Basic ${btoa("wk_demo:")}`, "content-type": "application/json" }, body: JSON.stringify(body) })

describe("examples/http-server", () => {
  it("takes the README's call and keeps the one it refuses", async () => {
    const ok = await post("/v1/track", { userId: "u-1", event: "Order Completed", properties: { order_id: "SO-1", total: 250000 } })
    expect(ok.status).toBe(200)
    expect(await ok.json()).toEqual({ success: true, accepted: 1, duplicates: 0, rejected: [] })
    const bad = await post("/v1/track", { userId: "u-1", event: "Order Completed", properties: { order_id: "SO-2", total: "abc" } })
    expect(bad.status).toBe(200)
    expect(await bad.json()).toMatchObject({ success: true, accepted: 0, rejected: [{ index: 0, issues: [{ path: "properties.total" }] }] })
    const cdp = server.workspaces["wk_demo"]!
    expect(await cdp.events.count()).toBe(1)
    expect((await cdp.rejected.list()).items.map((r) => r.event)).toEqual(["Order Completed"])
  })
})
