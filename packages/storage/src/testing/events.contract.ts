import { decodeEventResult } from "@kith/core"
import { Effect, Option, Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { checkEventBatch } from "../ingest/decode-batch.js"
import { EventStore } from "../port/events.js"
import { sampleShopEvents } from "./sample-events.js"
import type { ContractHelpers } from "./contract-helpers.js"

/**
 * Registers the raw-event tests of the storage contract: idempotent, atomic ingestion and bad input leaving the store unchanged (ING-3, ING-4, ING-5), on the engine the helpers run on.
 *
 * @example
 * ```ts
 * registerEventContract(contractHelpers(() => store, 12))
 * ```
 */
export const registerEventContract = (h: ContractHelpers): void => {
  const { numRuns, run, failureTag, newWorkspace, ingest, count, ledgerOf, partitionOf, snapshot } = h
  describe("ingestion (ING-3, ING-4, ING-5)", () => {
    it("appends events, returns their profiles and reads them back as decoded", async () => {
      const workspaceId = await newWorkspace("append")
      const events = sampleShopEvents({ people: 3, eventsPerPerson: 4, seed: 11 })
      const result = await ingest(workspaceId, events)
      expect(result.appended).toBe(12)
      expect(result.duplicates).toBe(0)
      expect(result.profileOf.size).toBe(12)
      expect(await count(workspaceId)).toBe(12)
      for (const raw of events) {
        const stored = Option.getOrThrow(await run(Effect.flatMap(EventStore, (s) => s.get(workspaceId, raw["messageId"] as string))))
        const expected = decodeEventResult(raw)
        expect(Result.isSuccess(expected)).toBe(true)
        if (Result.isSuccess(expected)) expect(stored.event).toEqual(expected.success)
        expect(stored.profileId).toBe(result.profileOf.get(raw["messageId"] as string))
      }
      expect(Option.isNone(await run(Effect.flatMap(EventStore, (s) => s.get(workspaceId, "no-such-message"))))).toBe(true)
    })

    it("is idempotent by messageId: re-ingesting changes nothing", async () => {
      const workspaceId = await newWorkspace("idem")
      const events = sampleShopEvents({ people: 4, eventsPerPerson: 5, seed: 12 })
      await ingest(workspaceId, events)
      const before = await snapshot(workspaceId)
      const again = await ingest(workspaceId, events)
      expect(again).toMatchObject({ appended: 0, duplicates: 20 })
      const half = await ingest(workspaceId, [...events.slice(0, 10), ...events.slice(0, 10)])
      expect(half).toMatchObject({ appended: 0, duplicates: 20 })
      expect(await snapshot(workspaceId)).toEqual(before)
    })

    it("writes events checked beforehand (ingestChecked) as ingest writes them, and checks again what it did not check", async () => {
      const viaIngest = await newWorkspace("unchecked")
      const viaChecked = await newWorkspace("checked")
      const events = sampleShopEvents({ people: 3, eventsPerPerson: 3, seed: 15 })
      await ingest(viaIngest, events)
      const checked = Result.getOrThrow(checkEventBatch(events, 65_536))
      const result = await run(Effect.flatMap(EventStore, (s) => s.ingestChecked(viaChecked, checked)))
      expect(result).toMatchObject({ appended: 9, duplicates: 0 })
      const ids = events.map((e) => e["messageId"] as string)
      expect(await partitionOf(viaChecked, ids)).toEqual(await partitionOf(viaIngest, ids))
      // A look-alike that checkEventBatch did not make is decoded from its payload: a bad one writes nothing.
      const forged = { event: checked[0]!.event, payload: JSON.stringify({ ...events[0], messageId: "forged-1", timestamp: "yesterday" }) }
      expect(await failureTag(Effect.flatMap(EventStore, (s) => s.ingestChecked(viaChecked, [forged])))).toMatchObject({ _tag: "InvalidEventBatch", index: 0 })
      expect(await count(viaChecked)).toBe(9)
    })

    it("counts a messageId repeated inside one batch once", async () => {
      const workspaceId = await newWorkspace("repeat")
      const [first, second] = sampleShopEvents({ people: 2, eventsPerPerson: 1, seed: 13 })
      const result = await ingest(workspaceId, [first, first, second, first])
      expect(result).toMatchObject({ appended: 2, duplicates: 2 })
      expect(await count(workspaceId)).toBe(2)
    })

    it("refuses a batch with a malformed event, naming the event and field, and writes nothing", async () => {
      const workspaceId = await newWorkspace("bad")
      await ingest(workspaceId, sampleShopEvents({ people: 2, eventsPerPerson: 2, seed: 14 }))
      const before = await snapshot(workspaceId)
      const batch = sampleShopEvents({ people: 3, eventsPerPerson: 2, seed: 15, messagePrefix: "b" })
      batch[3] = { ...batch[3], timestamp: "not a time" }
      const error = await failureTag(Effect.flatMap(EventStore, (s) => s.ingest(workspaceId, batch)))
      expect(error).toMatchObject({ _tag: "InvalidEventBatch", index: 3, messageId: batch[3]!["messageId"] })
      expect((error as { issues: ReadonlyArray<{ path: string }> }).issues.map((i) => i.path)).toContain("timestamp")
      const noType = await failureTag(Effect.flatMap(EventStore, (s) => s.ingest(workspaceId, [batch[0], { messageId: "x" }])))
      expect(noType).toMatchObject({ _tag: "InvalidEventBatch", index: 1, messageId: "x" })
      expect(await failureTag(Effect.flatMap(EventStore, (s) => s.ingest(workspaceId, [batch[0], null])))).toMatchObject({ _tag: "InvalidEventBatch", index: 1 })
      expect(await snapshot(workspaceId)).toEqual(before)
    })

    it("refuses an oversized event and writes nothing of its batch", async () => {
      const workspaceId = await newWorkspace("large")
      const batch = sampleShopEvents({ people: 2, eventsPerPerson: 2, seed: 16 })
      const big = { ...batch[1], type: "track", event: "Custom Blob", properties: { blob: "x".repeat(70_000) } }
      const error = await failureTag(Effect.flatMap(EventStore, (s) => s.ingest(workspaceId, [batch[0], big])))
      expect(error).toMatchObject({ _tag: "EventTooLarge", index: 1, limit: 65_536 })
      expect(await count(workspaceId)).toBe(0)
      expect(await ledgerOf(workspaceId)).toEqual([])
    })

    it("gives the same partition for one batch, many batches, and any order (property)", async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 6 }), async (seed, batchSize) => {
          const events = sampleShopEvents({ people: 5, eventsPerPerson: 4, seed })
          const shuffled = fc.sample(fc.shuffledSubarray(events, { minLength: events.length }), { seed, numRuns: 1 })[0]!
          const one = await newWorkspace("p1")
          await ingest(one, events)
          const many = await newWorkspace("pn")
          for (let i = 0; i < shuffled.length; i += batchSize) await ingest(many, shuffled.slice(i, i + batchSize))
          const ids = events.map((e) => e["messageId"] as string)
          const expected = await partitionOf(one, ids)
          expect(await partitionOf(many, ids)).toEqual(expected)
          // Each synthetic person is one profile.
          expect(expected.length).toBe(5)
        }),
        { numRuns }
      )
    })
  })
}
