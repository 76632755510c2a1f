import type { ProfileId, WorkspaceId } from "@kith/core"
import { acceptsContactValue } from "@kith/identity"
import { makeSummarizer, summaryToJson } from "@kith/profile"
import { Effect, Option } from "effect"
import { describe, expect, it } from "vitest"
import { EventStore } from "../port/events.js"
import { IdentityGraph } from "../port/identity-graph.js"
import type { ContractHelpers } from "./contract-helpers.js"
import { decodeAll } from "./contract-events.js"

const day = (d: number) => `2025-03-${String(d).padStart(2, "0")}T09:00:00+07:00`
const HOTLINE = "0283 822 1234"
const first = { type: "identify", messageId: "r0", timestamp: day(1), anonymousId: "cookie-0", traits: { fullName: "Lê Thu Hà", phone: HOTLINE } }
const visit = { type: "track", event: "Product Viewed", messageId: "r2", timestamp: day(3), anonymousId: "cookie-0", properties: { productId: "sku-1" } }
const email = { type: "identify", messageId: "r4", timestamp: day(4), anonymousId: "cookie-0", traits: { email: "ha@example.vn" } }
// What an earlier version stored for `timestamp: new Date(8.64e15)`: a year no ISO instant with four digits holds.
const poisoned = '{"type":"track","event":"Lucky Wheel Spun","messageId":"m-bad","timestamp":"+275760-09-13T00:00:00.000Z","anonymousId":"cookie-0"}'
const corrected = { type: "track", event: "Lucky Wheel Spun", messageId: "m-bad", timestamp: day(2), anonymousId: "cookie-0", properties: { prize: "voucher" } }

/**
 * Registers the tests of stored rows that no longer decode (written by an
 * older version, or by hand): reads and writes of the customer go on, the
 * row is skipped and reported as a typed `UndecodableEvent`, and
 * `EventStore.undecodable` / `EventStore.repair` find and mend it.
 *
 * @example
 * ```ts
 * registerUndecodableContract(contractHelpers(() => store, 12))
 * ```
 */
export const registerUndecodableContract = (h: ContractHelpers): void => {
  const { run, failureTag, newWorkspace, ingest, profile, backend } = h

  /** A customer with two good events and, between them, a stored row that does not decode. */
  const damaged = async (label: string, payload = poisoned): Promise<WorkspaceId> => {
    const workspaceId = await newWorkspace(label)
    await ingest(workspaceId, [first, visit, email])
    await backend().transaction(workspaceId, (tx) =>
      tx.events.insert(workspaceId, [
        {
          messageId: "m-bad",
          profileId: "p_r0",
          type: "track",
          name: "Lucky Wheel Spun",
          timestamp: Date.parse(day(2)),
          payload,
          identity: { source: "unknown", identifiers: [{ type: "anonymous_id", value: "cookie-0" }] }
        }
      ])
    )
    return workspaceId
  }
  const events = (workspaceId: WorkspaceId) => run(Effect.flatMap(EventStore, (s) => s.listByProfile(workspaceId, "p_r0" as ProfileId, { limit: 100 })))

  describe("stored rows that do not decode", () => {
    it.each([
      ["a timestamp an earlier version accepted", poisoned, /timestamp/],
      ["text that is not JSON", "{not json", /JSON/]
    ])("reads the customer without %s, and reports the row as a typed UndecodableEvent", async (_, payload, reason) => {
      const workspaceId = await damaged("undecodable-read", payload)
      const page = await events(workspaceId)
      expect(page.items.map((e) => e.event.messageId)).toEqual(["r0", "r2", "r4"])
      expect(page.undecodable).toHaveLength(1)
      expect(page.undecodable[0]).toMatchObject({ _tag: "UndecodableEvent", messageId: "m-bad", profileId: "p_r0" })
      expect(page.undecodable[0]!.reason).toMatch(reason)
      expect(await failureTag(Effect.flatMap(EventStore, (s) => s.get(workspaceId, "m-bad")))).toMatchObject({ _tag: "UndecodableEvent", messageId: "m-bad" })
      expect(Option.isSome(await run(Effect.flatMap(EventStore, (s) => s.get(workspaceId, "r0"))))).toBe(true)
      expect((await profile(workspaceId, "p_r0")).profileId).toBe("p_r0")
    })

    it("splits the customer, skipping the row and reporting it", async () => {
      const workspaceId = await damaged("undecodable-split")
      const result = await run(
        Effect.flatMap(IdentityGraph, (g) => g.split(workspaceId, "p_r0" as ProfileId, [{ type: "email", value: "ha@example.vn" }], { at: new Date("2025-04-01T00:00:00Z") }))
      )
      expect(result).toMatchObject({ from: "p_r0", into: "p_r4" })
      expect(result.undecodable?.map((e) => e.messageId)).toEqual(["m-bad"])
      expect((await profile(workspaceId, "p_r4")).summary.firstSeenAt).toBe(Date.parse(day(4)))
    })

    it("goes on ingesting later batches that re-resolve the customer, reporting the skipped row", async () => {
      const workspaceId = await damaged("undecodable-ingest")
      // Seven account holders type the same hotline: it is quarantined, the link it made is withdrawn and the
      // customer's profile is rebuilt from its events.
      const skipped: Array<string> = []
      for (let i = 1; i <= 7; i++) {
        const result = await ingest(workspaceId, [{ type: "identify", messageId: `h${i}`, timestamp: day(4 + i), userId: `u-${i}`, traits: { phone: HOTLINE } }])
        expect(result.appended).toBe(1)
        skipped.push(...result.undecodable.map((e) => e.messageId))
      }
      expect(skipped).toContain("m-bad")
      expect((await events(workspaceId)).items.map((e) => e.event.messageId)).toEqual(["r0", "r2", "r4"])
    })

    it("lists the rows of a workspace that do not decode, and repairs one with a corrected event", async () => {
      const workspaceId = await damaged("undecodable-repair")
      const listed = await run(Effect.flatMap(EventStore, (s) => s.undecodable(workspaceId, { limit: 10 })))
      expect(listed.items.map((e) => e.messageId)).toEqual(["m-bad"])
      const repair = (messageId: string, replacement: unknown) => Effect.flatMap(EventStore, (s) => s.repair(workspaceId, messageId, replacement))
      // Only a damaged row, by a valid event with the same messageId and the same identity evidence.
      expect(await failureTag(repair("r0", first))).toMatchObject({ _tag: "InvalidRepair", messageId: "r0" })
      expect(await failureTag(repair("m-none", { ...corrected, messageId: "m-none" }))).toMatchObject({ _tag: "InvalidRepair", messageId: "m-none" })
      expect(await failureTag(repair("m-bad", { ...corrected, messageId: "m-other" }))).toMatchObject({ _tag: "InvalidRepair", messageId: "m-bad" })
      expect(await failureTag(repair("m-bad", { ...corrected, anonymousId: "cookie-9" }))).toMatchObject({ _tag: "InvalidRepair", messageId: "m-bad" })
      expect(await failureTag(repair("m-bad", { ...corrected, timestamp: new Date(8.64e15) }))).toMatchObject({ _tag: "InvalidEventBatch", issues: [{ path: "timestamp" }] })
      const repaired = await run(repair("m-bad", corrected))
      expect(repaired.profileId).toBe("p_r0")
      expect((await run(Effect.flatMap(EventStore, (s) => s.undecodable(workspaceId, { limit: 10 })))).items).toEqual([])
      const page = await events(workspaceId)
      expect(page.items.map((e) => e.event.messageId)).toEqual(["r0", "m-bad", "r2", "r4"])
      expect(page.undecodable).toEqual([])
      // The profile counts the repaired event: its summary is the summary of its events again.
      const summary = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh", acceptsContact: acceptsContactValue() }).summarize(decodeAll([first, corrected, visit, email]))
      expect(summaryToJson((await profile(workspaceId, "p_r0")).summary)).toEqual(summaryToJson(summary))
      expect(await failureTag(repair("m-bad", corrected))).toMatchObject({ _tag: "InvalidRepair", messageId: "m-bad" })
    })
  })
}
