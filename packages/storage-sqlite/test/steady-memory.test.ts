// A server that embeds kith for months must hold steady memory: one SQLite store ingesting and reading round
// after round keeps the JS heap steady after warm-up (the rows live in SQLite, outside the heap; what grows in
// the heap is what the code keeps).
import type { ProfileId, WorkspaceId } from "@kith/core"
import { profile360 } from "@kith/profile"
import { EventStore, IdentityGraph, ProfileStore, Workspaces } from "@kith/storage"
import { openSqliteStorage } from "@kith/storage-sqlite"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { heapAfterCollection } from "../../../test/support/heap.js"

const ws = "shop-soak" as WorkspaceId
const PEOPLE = 100
const EVENTS_PER_ROUND = 1_500

// Round r: a new month of traffic from the same customers, every event in its own quarter hour.
const roundOf = (round: number): Array<Record<string, unknown>> =>
  Array.from({ length: EVENTS_PER_ROUND }, (_, i) => {
    const person = i % PEOPLE
    const envelope = { messageId: `m-${round}-${i}`, timestamp: new Date(Date.UTC(2024, round, 1) + i * 900_000).toISOString(), anonymousId: `cookie-${person}` }
    return i < PEOPLE
      ? { type: "identify", ...envelope, traits: { fullName: `Khách ${person}`, phone: `09${String(10_000_000 + person)}` } }
      : i % 3 === 0
        ? { type: "track", ...envelope, event: "Order Completed", properties: { orderId: `o-${round}-${i}`, currency: "VND", total: 120_000, products: [{ productId: `p-${i % 9}`, quantity: 1, price: 120_000 }] } }
        : { type: "track", ...envelope, event: "Product Viewed", properties: { productId: `p-${i % 9}` } }
  })

describe("steady memory of a long-running SQLite store", () => {
  it("keeps heap growth under 2 MB over 6 rounds of ingesting 1,500 events and reading every profile, after warm-up (soak)", async () => {
    const store = await openSqliteStorage()
    const run = <A, E>(program: Effect.Effect<A, E, Workspaces | EventStore | ProfileStore | IdentityGraph>) => Effect.runPromise(program.pipe(Effect.provide(store.layer)))
    await run(Effect.flatMap(Workspaces, (w) => w.create({ workspaceId: ws })))
    // One round: a month of traffic ingested, then every profile read (Profile 360, events) and the ledger. What it
    // reads is garbage once it returns: each profile's summary grows with its orders, the heap must not.
    const ingestAndRead = async (round: number): Promise<void> => {
      const events = roundOf(round)
      for (let i = 0; i < events.length; i += 250) await run(Effect.flatMap(EventStore, (s) => s.ingest(ws, events.slice(i, i + 250))))
      const workspace = await run(Effect.flatMap(Workspaces, (w) => w.summary(ws)))
      const page = await run(Effect.flatMap(ProfileStore, (p) => p.search(ws, { limit: 200 })))
      for (const p of page.items) {
        profile360({ profileId: p.profileId, summary: p.summary, workspace, asOf: new Date(Date.UTC(2024, round + 1, 1)) })
        await run(Effect.flatMap(EventStore, (s) => s.listByProfile(ws, p.profileId as ProfileId, { limit: 50 })))
      }
      await run(Effect.flatMap(IdentityGraph, (g) => g.ledger(ws, { limit: 100 })))
    }
    const heap: Array<number> = []
    const warmUp = 2
    for (let round = 0; round < warmUp + 6; round++) {
      await ingestAndRead(round)
      heap.push(heapAfterCollection())
    }
    const growth = heap[heap.length - 1]! - heap[warmUp - 1]!
    expect(growth, `heap after each round (MB): ${heap.map((h) => (h / 1e6).toFixed(2)).join(", ")}`).toBeLessThan(2_000_000)
    await store.close()
  })
})
