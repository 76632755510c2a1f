// Several processes on one Postgres workspace (STO-3): four writer processes sending overlapping batches store
// exactly what one process stores, and a writer killed with SIGKILL mid-batch leaves whole batches only: a
// re-run equals an uninterrupted run. Each writer is a real child process (test/processes/writer.ts).
import type { WorkspaceId } from "@kith/core"
import { openPostgresStorage, type PostgresStorage } from "@kith/storage-postgres"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { sampleShopEvents } from "../../packages/storage/src/testing/sample-events.js"
import { dropSchema, freshSchemaName, pgUrl, probePostgres } from "../../packages/storage-postgres/test/pg-test-schema.js"
import { ingestShop, killMidBatch, shopState } from "./crash.js"
import { startWriter } from "./spawn.js"

const skip = await probePostgres()
const schema = freshSchemaName()
const suite = skip === undefined ? describe : describe.skip

suite(`several processes on one Postgres workspace (STO-3)${skip === undefined ? "" : ` (skipped: ${skip})`}`, () => {
  let store: PostgresStorage
  beforeAll(async () => {
    store = await openPostgresStorage({ connectionString: pgUrl, schema, maxConnections: 2 })
  })
  afterAll(async () => {
    await store.close()
    await dropSchema(schema)
  })

  it("four writer processes sending overlapping batches (20% sent by all) store exactly what one process stores", async () => {
    const shop = { people: 40, perPerson: 6, seed: 23, batch: 10 }
    const events = sampleShopEvents({ people: shop.people, eventsPerPerson: shop.perPerson, seed: shop.seed })
    await ingestShop(store, "shop-single" as WorkspaceId, events, shop.batch)
    const writers = [0, 1, 2, 3].map((part) =>
      startWriter({ engine: "postgres", target: schema, workspace: "shop-shared", people: shop.people, "per-person": shop.perPerson, seed: shop.seed, batch: shop.batch, part, parts: 4, overlap: 5, rotate: part * 7 })
    )
    expect(await Promise.all(writers.map((w) => w.exited))).toEqual([0, 0, 0, 0])
    const totals = writers.map((w) => w.lines.find((l) => l.startsWith("done"))!.split(" ").slice(1).map(Number))
    // Every event once; the overlapping batches (5 of 24, sent by all four) counted as duplicates by three.
    expect(totals.reduce((sum, [appended]) => sum + appended!, 0)).toBe(events.length)
    expect(totals.reduce((sum, [, duplicates]) => sum + duplicates!, 0)).toBe(3 * 5 * shop.batch)
    const shared = await shopState(store, "shop-shared" as WorkspaceId)
    expect(shared.consistent).toBe(true)
    expect(shared).toEqual(await shopState(store, "shop-single" as WorkspaceId))
  })

  it("a writer killed with SIGKILL mid-batch leaves whole batches only, and a re-run equals an uninterrupted run", async () => {
    const shop = { people: 60, perPerson: 5, seed: 19, batch: 20 }
    const events = sampleShopEvents({ people: shop.people, eventsPerPerson: shop.perPerson, seed: shop.seed })
    await ingestShop(store, "shop-uninterrupted" as WorkspaceId, events, shop.batch)
    const expected = await shopState(store, "shop-uninterrupted" as WorkspaceId)
    const points = fc.sample(fc.record({ after: fc.integer({ min: 0, max: 12 }), delayMs: fc.integer({ min: 0, max: 25 }) }), 3)
    for (const [n, point] of points.entries()) {
      const workspaceId = `shop-crash-${n}` as WorkspaceId
      const killed = await killMidBatch({ engine: "postgres", target: schema, workspace: workspaceId, ...shop }, point)
      const state = await shopState(store, workspaceId)
      expect(state.events % shop.batch, `killed after batch ${point.after} + ${point.delayMs} ms`).toBe(0)
      expect(state.events).toBeGreaterThanOrEqual((killed.committed + 1) * shop.batch)
      expect(state.messageIds).toEqual(events.slice(0, state.events).map((e) => e["messageId"] as string).sort())
      expect(state.consistent).toBe(true)
      await ingestShop(store, workspaceId, events, shop.batch)
      expect(await shopState(store, workspaceId)).toEqual(expected)
    }
  })
})
