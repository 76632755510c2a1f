import type { WorkspaceId } from "@kith/core"
import { EventStore, foldForSearch, makeMemoryBackend, ProfileStore, storageLayer, Workspaces } from "@kith/storage"
import { sampleShopEvents } from "@kith/storage/testing"
import { Effect, Exit } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

const ws = "shop-1" as WorkspaceId

describe("memory backend atomicity", () => {
  it("undoes every write of a transaction that fails half-way, with a typed StorageFailure", async () => {
    const backend = makeMemoryBackend()
    await Effect.runPromise(Effect.flatMap(Workspaces, (w) => w.create({ workspaceId: ws })).pipe(Effect.provide(storageLayer(backend))))
    await Effect.runPromise(
      Effect.flatMap(EventStore, (s) => s.ingest(ws, sampleShopEvents({ people: 2, eventsPerPerson: 3, seed: 3 }))).pipe(Effect.provide(storageLayer(backend)))
    )
    const before = await Effect.runPromise(
      Effect.all([Effect.flatMap(EventStore, (s) => s.count(ws)), Effect.flatMap(ProfileStore, (p) => p.search(ws, { limit: 100 }))]).pipe(
        Effect.provide(storageLayer(backend))
      )
    )
    const failing = {
      ...backend,
      transaction: <A>(workspaceId: string, work: Parameters<typeof backend.transaction<A>>[1]) =>
        backend.transaction(workspaceId, (tx) =>
          work({
            ...tx,
            identity: {
              ...tx.identity,
              appendLedger: async () => {
                throw new Error("out of memory")
              }
            }
          })
        )
    }
    // Overlapping people, so the failed batch also updated and merged existing profiles before failing.
    const result = await Effect.runPromiseExit(
      Effect.flatMap(EventStore, (s) => s.ingest(ws, sampleShopEvents({ people: 4, eventsPerPerson: 4, seed: 3, messagePrefix: "n" }))).pipe(
        Effect.provide(storageLayer(failing))
      )
    )
    expect(Exit.isFailure(result)).toBe(true)
    if (Exit.isFailure(result)) expect(String(result.cause)).toContain("out of memory")
    const after = await Effect.runPromise(
      Effect.all([Effect.flatMap(EventStore, (s) => s.count(ws)), Effect.flatMap(ProfileStore, (p) => p.search(ws, { limit: 100 }))]).pipe(
        Effect.provide(storageLayer(backend))
      )
    )
    expect(after).toEqual(before)
  })
})

describe("foldForSearch", () => {
  it("folds Vietnamese accents, đ and case", () => {
    expect(foldForSearch("Nguyễn Thị Đoan")).toBe("nguyen thi doan")
    expect(foldForSearch("  TRẦN   văn  Hùng ")).toBe("tran van hung")
    expect(foldForSearch("Phường Bến Nghé, Quận 1")).toBe("phuong ben nghe, quan 1")
  })

  it("is idempotent and never leaves a combining mark or upper case (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (text) => {
        const folded = foldForSearch(text)
        expect(foldForSearch(folded)).toBe(folded)
        expect(/\p{M}/u.test(folded)).toBe(false)
        expect(folded).toBe(folded.toLowerCase())
      })
    )
  })
})
