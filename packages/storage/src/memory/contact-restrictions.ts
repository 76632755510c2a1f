import type { ContactRestrictionRow, ContactRestrictionWrites } from "../port/contact-restrictions.js"
import { rowsOwnedBy } from "./anchored-rows.js"
import type { MemoryState } from "./state.js"

/**
 * The memory engine's contact restrictions: one map per workspace by id; a
 * profile's rows are those whose anchor event it owns now.
 *
 * @param memory - the engine's state (its events, its undo log)
 * @returns the repository
 *
 * @example
 * ```ts
 * const restrictions = memoryContactRestrictions(makeMemoryState())
 * ```
 */
export const memoryContactRestrictions = (memory: MemoryState): ContactRestrictionWrites => {
  const held = new Map<string, Map<string, ContactRestrictionRow>>()
  return {
    ofProfiles: async (workspaceId, profileIds) => rowsOwnedBy(memory, workspaceId, held.get(workspaceId)?.values() ?? [], profileIds),
    insert: async (workspaceId, rows) => {
      let rowsOf = held.get(workspaceId)
      if (rowsOf === undefined) held.set(workspaceId, (rowsOf = new Map()))
      for (const row of rows) {
        if (rowsOf.has(row.id)) throw new Error(`contact restriction ${row.id} is already stored`)
        memory.setIn(rowsOf, row.id, row)
      }
    },
    eraseAnchoredTo: async (workspaceId, messageIds) => {
      const rowsOf = held.get(workspaceId)
      if (rowsOf === undefined) return 0
      const anchors = new Set(messageIds)
      let removed = 0
      for (const [id, row] of [...rowsOf]) {
        if (!anchors.has(row.anchorRecordId)) continue
        rowsOf.delete(id)
        memory.undo.push(() => rowsOf.set(id, row))
        removed++
      }
      return removed
    }
  }
}
