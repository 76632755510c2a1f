import type { WorkspaceId } from "@kith/core"
import { decodeEventResult } from "@kith/core"
import { recordOfEvent, resolveBatch, resolveIdentityPolicy } from "@kith/identity"
import { Effect, Option, Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { EventStore, makeMemoryBackend, storageLayer, Workspaces } from "../src/index.js"

// Records from an isolated source never link by value (@kith/identity scopes their identifiers to the source), so a
// profile holding them must never take the attach shortcut for a record from another source.
const at = (day: number) => `2025-03-${String(day).padStart(2, "0")}T09:00:00+07:00`
const identify = (messageId: string, day: number, anonymousId: string, phone: string, source: string) => ({
  type: "identify", messageId, timestamp: at(day), anonymousId, traits: { phone }, context: { source }
})

const partitions = async (events: ReadonlyArray<Record<string, unknown>>, batchSize: number) => {
  const policy = resolveIdentityPolicy({ isolatedSources: ["shopee"] })
  const layer = storageLayer(makeMemoryBackend(), { policy })
  const run = <A, E>(program: Effect.Effect<A, E, EventStore | Workspaces>) => Effect.runPromise(program.pipe(Effect.provide(layer)))
  const ws = "ws-isolated" as WorkspaceId
  await run(Workspaces.use((w) => w.create({ workspaceId: ws })))
  for (let i = 0; i < events.length; i += batchSize) await run(EventStore.use((s) => s.ingest(ws, events.slice(i, i + batchSize))))
  const groups = new Map<string, Array<string>>()
  for (const e of events) {
    const owner = Option.getOrThrow(await run(EventStore.use((s) => s.get(ws, e["messageId"] as string)))).profileId
    groups.set(owner, [...(groups.get(owner) ?? []), e["messageId"] as string])
  }
  const stored = [...groups.values()].map((g) => g.sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1))
  const records = events.map((e) => {
    const decoded = decodeEventResult(e)
    if (Result.isFailure(decoded)) throw new Error(decoded.failure.message)
    return recordOfEvent(decoded.success)
  })
  const expected = resolveBatch(records, { policy }).partition().map((g) => [...g].sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1))
  return { stored, expected }
}

describe("isolated sources and the attach shortcut", () => {
  it("keeps a web record apart from a shopee-only profile with the same cookie and phone", async () => {
    const { stored, expected } = await partitions([identify("a1", 1, "cookie-a", "0912 345 678", "shopee"), identify("a2", 2, "cookie-a", "0912345678", "web")], 1)
    expect(expected).toEqual([["a1"], ["a2"]])
    expect(stored).toEqual(expected)
  })

  it("partitions chronological mixed-source traffic as resolveBatch does, in any batch size (property)", async () => {
    const spec = fc.record({ cookie: fc.constantFrom("c-1", "c-2"), phone: fc.constantFrom("0912000111", "0912000222"), shopee: fc.boolean() })
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 3 }), async (specs, batchSize) => {
        const events = specs.map((e, i) => identify(`r${i}`, 1 + i, e.cookie, e.phone, e.shopee ? "shopee" : "web"))
        const { stored, expected } = await partitions(events, batchSize)
        expect(stored).toEqual(expected)
      }),
      { numRuns: 40 }
    )
  })
})
