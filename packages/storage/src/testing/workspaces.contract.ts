import { Effect, Option } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { EventStore } from "../port/events.js"
import { ProfileStore } from "../port/profiles.js"
import { Workspaces } from "../port/workspaces.js"
import { sampleShopEvents } from "./sample-events.js"
import type { ContractHelpers } from "./contract-helpers.js"

/**
 * Registers the workspace tests of the storage contract: creating, unknown workspaces, and isolation between workspaces (STO-4), on the engine the helpers run on.
 *
 * @example
 * ```ts
 * registerWorkspaceContract(contractHelpers(() => store, 12))
 * ```
 */
export const registerWorkspaceContract = (h: ContractHelpers): void => {
  const { numRuns, run, failureTag, newWorkspace, freshWorkspace, ingest, count, ledgerOf, byIdentifier, search } = h
  const phoneOf = (event: Record<string, unknown>): string => (event["traits"] as { phone: string }).phone

  describe("workspaces", () => {
    it("creates a workspace once and returns it unchanged afterwards", async () => {
      const workspaceId = freshWorkspace("ws")
      const created = await run(Effect.flatMap(Workspaces, (w) => w.create({ workspaceId, name: "Shop", timeZone: "Asia/Bangkok" })))
      const again = await run(Effect.flatMap(Workspaces, (w) => w.create({ workspaceId, name: "Other" })))
      expect(created).toEqual({ workspaceId, name: "Shop", timeZone: "Asia/Bangkok" })
      expect(again).toEqual(created)
      expect(await run(Effect.flatMap(Workspaces, (w) => w.get(workspaceId)))).toEqual(created)
    })

    it("reports an unknown workspace on reads and writes, and creates nothing", async () => {
      const workspaceId = freshWorkspace("missing")
      const events = sampleShopEvents({ people: 1, eventsPerPerson: 2, seed: 1 })
      expect(await failureTag(Effect.flatMap(EventStore, (s) => s.ingest(workspaceId, events)))).toMatchObject({ _tag: "UnknownWorkspace", workspaceId })
      expect(await failureTag(Effect.flatMap(EventStore, (s) => s.count(workspaceId)))).toMatchObject({ _tag: "UnknownWorkspace" })
      expect(await failureTag(Effect.flatMap(Workspaces, (w) => w.get(workspaceId)))).toMatchObject({ _tag: "UnknownWorkspace" })
      expect(await failureTag(Effect.flatMap(ProfileStore, (p) => p.search(workspaceId, { limit: 10 })))).toMatchObject({ _tag: "UnknownWorkspace" })
    })
  })

  describe("workspace isolation (STO-4)", () => {
    it("never shows anything written in workspace A from workspace B (property)", async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 4 }), async (seed, people) => {
          const a = await newWorkspace("iso-a")
          const b = await newWorkspace("iso-b")
          const events = sampleShopEvents({ people, eventsPerPerson: 3, seed })
          const written = await ingest(a, events)
          expect(await count(b)).toBe(0)
          expect(await ledgerOf(b)).toEqual([])
          expect((await search(b, undefined)).items).toEqual([])
          for (const raw of events) {
            expect(Option.isNone(await run(Effect.flatMap(EventStore, (s) => s.get(b, raw["messageId"] as string))))).toBe(true)
            if (raw["type"] === "identify") {
              expect(Option.isNone(await byIdentifier(b, "phone", phoneOf(raw)))).toBe(true)
              expect((await search(b, phoneOf(raw))).items).toEqual([])
            }
          }
          for (const profileId of new Set(written.profileOf.values())) {
            expect(await failureTag(Effect.flatMap(ProfileStore, (p) => p.get(b, profileId)))).toMatchObject({ _tag: "ProfileNotFound" })
          }
          // And the same messageIds are new in B: idempotence is per workspace.
          expect((await ingest(b, events)).appended).toBe(events.length)
          expect(await count(a)).toBe(events.length)
        }),
        { numRuns }
      )
    })
  })
}
