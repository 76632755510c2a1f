// Several processes on one SQLite file (STO-5): writers wait for each other instead of failing, opening a new
// file at once works, and a writer killed mid-batch (SIGKILL) leaves no half-written batch: a re-run equals an
// uninterrupted run. Each writer is a real child process (test/processes/writer.ts).
import type { WorkspaceId } from "@kith/core"
import { openSqliteStorage } from "@kith/storage-sqlite"
import fc from "fast-check"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { sampleShopEvents } from "../../packages/storage/src/testing/sample-events.js"
import { ingestShop, killMidBatch, type ShopState, shopState } from "./crash.js"
import { startWriter } from "./spawn.js"

const dir = mkdtempSync(join(tmpdir(), "kith-processes-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("several processes on one SQLite file (STO-5)", () => {
  it("two processes writing 10,000 events into one new file lose none, and neither call fails", async () => {
    const filename = join(dir, "two-writers.db")
    const shop = { workspace: "shop-two", people: 1_000, "per-person": 10, seed: 17, batch: 50, parts: 2 }
    // Both open (and migrate) the same new file at once, then interleave 200 batches.
    const writers = [0, 1].map((part) => startWriter({ engine: "sqlite", target: filename, ...shop, part }))
    const codes = await Promise.all(writers.map((w) => w.exited))
    for (const w of writers) expect(w.lines.filter((l) => l.startsWith("failed")), w.lines.join("\n")).toEqual([])
    expect(codes).toEqual([0, 0])
    const appended = writers.map((w) => Number(w.lines.find((l) => l.startsWith("done"))!.split(" ")[1]))
    expect(appended[0]! + appended[1]!).toBe(10_000)
    const store = await openSqliteStorage({ filename })
    const state = await shopState(store, "shop-two" as WorkspaceId)
    expect(state.events).toBe(10_000)
    // Each synthetic person is one profile, whatever the interleaving.
    expect(state.profiles.length).toBe(1_000)
    await store.close()
  })

  it("four processes opening the same new file at once all open it and write", async () => {
    const filename = join(dir, "four-openers.db")
    const shop = { workspace: "shop-four", people: 40, "per-person": 5, seed: 18, batch: 10, parts: 4 }
    const writers = [0, 1, 2, 3].map((part) => startWriter({ engine: "sqlite", target: filename, ...shop, part }))
    expect(await Promise.all(writers.map((w) => w.exited))).toEqual([0, 0, 0, 0])
    const store = await openSqliteStorage({ filename })
    expect((await shopState(store, "shop-four" as WorkspaceId)).events).toBe(200)
    await store.close()
  })

  it("a writer killed with SIGKILL mid-batch leaves whole batches only, and a re-run equals an uninterrupted run", async () => {
    const shop = { people: 60, perPerson: 5, seed: 19, batch: 20 }
    const events = sampleShopEvents({ people: shop.people, eventsPerPerson: shop.perPerson, seed: shop.seed })
    const reference = await openSqliteStorage()
    await ingestShop(reference, "shop-crash" as WorkspaceId, events, shop.batch)
    const expected: ShopState = await shopState(reference, "shop-crash" as WorkspaceId)
    await reference.close()
    // Where to kill: after some committed batch, a few milliseconds into the next (from the run's seed).
    const points = fc.sample(fc.record({ after: fc.integer({ min: 0, max: 12 }), delayMs: fc.integer({ min: 0, max: 25 }) }), 3)
    for (const [n, point] of points.entries()) {
      const filename = join(dir, `crash-${n}.db`)
      const killed = await killMidBatch({ engine: "sqlite", target: filename, workspace: "shop-crash", ...shop }, point)
      const store = await openSqliteStorage({ filename })
      const state = await shopState(store, "shop-crash" as WorkspaceId)
      // Only whole batches: the events stored are exactly the first batches, at least those reported committed.
      expect(state.events % shop.batch, `killed after batch ${point.after} + ${point.delayMs} ms`).toBe(0)
      expect(state.events).toBeGreaterThanOrEqual((killed.committed + 1) * shop.batch)
      expect(state.messageIds).toEqual(events.slice(0, state.events).map((e) => e["messageId"] as string).sort())
      expect(state.consistent).toBe(true)
      await ingestShop(store, "shop-crash" as WorkspaceId, events, shop.batch)
      expect(await shopState(store, "shop-crash" as WorkspaceId)).toEqual(expected)
      await store.close()
    }
  })
})
