import { Effect } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { EventStore, type IngestReport, type IngestReportOptions } from "../port/events.js"
import type { WorkspaceId } from "@kith/core"
import type { ContractHelpers } from "./contract-helpers.js"
import { sampleShopEvents } from "./sample-events.js"

const identify = (messageId: string, at: string, anonymousId: string, traits: Record<string, string>) => ({
  type: "identify",
  messageId,
  timestamp: at,
  anonymousId,
  traits
})

const sorted = (report: IngestReport) => ({
  appended: report.appended,
  duplicates: report.duplicates,
  profileOf: [...report.profileOf].sort(),
  madeOf: [...report.madeOf].map(([p, from]) => [p, [...from].sort()]).sort()
})

/**
 * Registers the tests of {@link EventStore.ingestReported}: which stored
 * profiles each landing profile is made of, and a dry run that decides
 * exactly what the real batch then does while writing nothing (IMP-5).
 *
 * @example
 * ```ts
 * registerIngestReportContract(contractHelpers(() => store, 12))
 * ```
 */
export const registerIngestReportContract = (h: ContractHelpers): void => {
  const { numRuns, run, newWorkspace, ingest, snapshot } = h
  const reported = (workspaceId: WorkspaceId, events: ReadonlyArray<unknown>, options?: IngestReportOptions) =>
    run(Effect.flatMap(EventStore, (s) => s.ingestReported(workspaceId, events, options)))

  describe("ingestion reports and dry runs (IMP-5)", () => {
    it("tells a new profile, a join and a merge of stored profiles apart", async () => {
      const workspaceId = await newWorkspace("report")
      await ingest(workspaceId, [
        identify("m-1", "2025-03-01T09:00:00+07:00", "c-1", { phone: "0912 345 678" }),
        identify("m-2", "2025-03-01T09:05:00+07:00", "c-2", { email: "lan@example.com" }),
        identify("m-3", "2025-03-01T09:10:00+07:00", "c-3", { phone: "0987 654 321" })
      ])
      const report = await reported(workspaceId, [
        identify("m-4", "2025-03-02T09:00:00+07:00", "c-4", { phone: "0912345678", email: "lan@example.com" }),
        identify("m-5", "2025-03-02T09:05:00+07:00", "c-5", { phone: "+84987654321" }),
        identify("m-6", "2025-03-02T09:10:00+07:00", "c-6", { email: "minh@example.com" })
      ])
      const merged = report.profileOf.get("m-4")!
      expect([...report.madeOf.get(merged)!].sort()).toEqual(["p_m-1", "p_m-2"])
      expect(report.madeOf.get(report.profileOf.get("m-5")!)).toEqual(["p_m-3"])
      expect(report.madeOf.get(report.profileOf.get("m-6")!)).toEqual([])
    })

    it("a dry run writes nothing and decides what the same batch then does", async () => {
      const workspaceId = await newWorkspace("dry")
      const events = sampleShopEvents({ people: 8, eventsPerPerson: 4, seed: 31 })
      await ingest(workspaceId, events.slice(0, 12))
      const before = await snapshot(workspaceId)
      const batch = events.slice(8)
      const preview = await reported(workspaceId, batch, { dryRun: true })
      expect(await snapshot(workspaceId)).toEqual(before)
      expect(preview.duplicates).toBe(4)
      const done = await reported(workspaceId, batch)
      expect(sorted(done)).toEqual(sorted(preview))
      expect(await snapshot(workspaceId)).not.toEqual(before)
    })

    it("property: on any stored history, a dry run equals the real batch and leaves the store as it was", async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 20 }), async (seed, storedCount, batchCount) => {
          const workspaceId = await newWorkspace("dry-prop")
          const events = sampleShopEvents({ people: 6, eventsPerPerson: 5, seed })
          const shuffled = fc.sample(fc.shuffledSubarray(events, { minLength: events.length }), { seed, numRuns: 1 })[0]!
          await ingest(workspaceId, shuffled.slice(0, storedCount))
          const batch = shuffled.slice(Math.max(0, storedCount - 2), storedCount + batchCount)
          const before = await snapshot(workspaceId)
          const preview = await reported(workspaceId, batch, { dryRun: true })
          expect(await snapshot(workspaceId)).toEqual(before)
          expect(sorted(await reported(workspaceId, batch))).toEqual(sorted(preview))
        }),
        { numRuns }
      )
    })
  })
}
