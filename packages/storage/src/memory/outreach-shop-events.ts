import type { ShopEventRow, ShopEventWrites } from "../port/outreach-shop-events.js"
import type { MemoryState } from "./state.js"

/**
 * The memory engine's shop events: one map per workspace by key.
 *
 * @param memory - the engine's state (its undo log)
 * @returns the repository
 *
 * @example
 * ```ts
 * const shopEvents = memoryShopEvents(makeMemoryState())
 * ```
 */
export const memoryShopEvents = (memory: MemoryState): ShopEventWrites => {
  const held = new Map<string, Map<string, ShopEventRow>>()
  return {
    since: async (workspaceId, since) =>
      [...(held.get(workspaceId)?.values() ?? [])].filter((r) => r.dueUntil >= since).sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    insert: async (workspaceId, rows) => {
      let events = held.get(workspaceId)
      if (events === undefined) held.set(workspaceId, (events = new Map()))
      let added = 0
      for (const row of rows) {
        if (events.has(row.key)) continue
        memory.setIn(events, row.key, row)
        added++
      }
      return added
    }
  }
}
