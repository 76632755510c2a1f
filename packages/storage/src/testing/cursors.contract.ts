import type { ProfileId, WorkspaceId } from "@kith/core"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { EventStore } from "../port/events.js"
import { IdentityGraph } from "../port/identity-graph.js"
import { ProfileStore } from "../port/profiles.js"
import type { ContractHelpers } from "./contract-helpers.js"
import { sampleShopEvents } from "./sample-events.js"

// Cursors a caller may send that kith never issues: malformed, damaged, hand-made, or with text no engine stores.
const foreignEventCursors = ["", "garbage", ":", "NaN:m-1", "1:", "12abc:m-1", "1.5:m-1", "1e3:m-1", "99999999999999999999:m-1", "1740794400000:m-\u0000", "1740794400000:\uD800"]
const foreignLedgerCursors = ["", "abc", "NaN", "-1", "1.5", "1e3", "01", " 1", "99999999999999999999", "1\u0000"]
const foreignSearchCursors = ["", "p_\u0000", "p_\uD800x", "x".repeat(1_000)]

/**
 * Registers the cursor tests of the storage contract: every page of events,
 * ledger entries and profiles hands out a cursor, and a cursor the store did
 * not issue is refused with a typed `InvalidCursor` on every engine, never a
 * storage failure or a silently empty page.
 *
 * @example
 * ```ts
 * registerCursorContract(contractHelpers(() => store, 12))
 * ```
 */
export const registerCursorContract = (h: ContractHelpers): void => {
  const { run, failureTag, newWorkspace, ingest } = h

  const filled = async (label: string): Promise<{ readonly workspaceId: WorkspaceId; readonly profileId: ProfileId }> => {
    const workspaceId = await newWorkspace(label)
    const result = await ingest(workspaceId, sampleShopEvents({ people: 2, eventsPerPerson: 5, seed: 41 }))
    return { workspaceId, profileId: [...result.profileOf.values()][0]! }
  }

  describe("cursors (PRF-12, IDN-7)", () => {
    it.each(foreignEventCursors)("refuses the event cursor %j with a typed InvalidCursor", async (cursor) => {
      const { workspaceId, profileId } = await filled("event-cursor")
      const error = await failureTag(Effect.flatMap(EventStore, (s) => s.listByProfile(workspaceId, profileId, { limit: 2, cursor })))
      expect(error).toMatchObject({ _tag: "InvalidCursor", cursor })
    })

    it.each(foreignLedgerCursors)("refuses the ledger cursor %j with a typed InvalidCursor", async (cursor) => {
      const { workspaceId } = await filled("ledger-cursor")
      const error = await failureTag(Effect.flatMap(IdentityGraph, (g) => g.ledger(workspaceId, { limit: 2, cursor })))
      expect(error).toMatchObject({ _tag: "InvalidCursor", cursor })
    })

    it.each(foreignSearchCursors)("refuses the profile cursor %j with a typed InvalidCursor", async (cursor) => {
      const { workspaceId } = await filled("search-cursor")
      const error = await failureTag(Effect.flatMap(ProfileStore, (p) => p.search(workspaceId, { limit: 2, cursor })))
      expect(error).toMatchObject({ _tag: "InvalidCursor", cursor })
    })

    it("accepts every cursor it issues, to the last page", async () => {
      const { workspaceId, profileId } = await filled("issued")
      const pages = async <A>(page: (cursor: string | undefined) => Promise<{ readonly items: ReadonlyArray<A>; readonly nextCursor: string | undefined }>) => {
        const items: Array<A> = []
        let cursor: string | undefined
        do {
          const next = await page(cursor)
          items.push(...next.items)
          cursor = next.nextCursor
        } while (cursor !== undefined)
        return items
      }
      const events = await pages((cursor) => run(Effect.flatMap(EventStore, (s) => s.listByProfile(workspaceId, profileId, { limit: 2, cursor }))))
      expect(events.length).toBe(5)
      const ledger = await pages((cursor) => run(Effect.flatMap(IdentityGraph, (g) => g.ledger(workspaceId, { limit: 1, cursor }))))
      expect(ledger.length).toBeGreaterThan(0)
      const profiles = await pages((cursor) => run(Effect.flatMap(ProfileStore, (p) => p.search(workspaceId, { limit: 1, cursor }))))
      expect(profiles.length).toBe(2)
    })
  })
}
