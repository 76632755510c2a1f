import type { CareRow, PipelineItemKind, PipelineItemRow, PipelineRowFilter, PipelineWrites } from "../port/pipeline.js"
import type { MemoryState } from "./state.js"

// The customer's own activity; identify, alias and group calls are not visits.
const ACTIVITY_TYPES = new Set(["page", "screen", "track"])

const itemKey = (kind: PipelineItemKind, id: string): string => `${kind}\u0000${id}`

const byCreation = (a: PipelineItemRow, b: PipelineItemRow): number => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

const isAfter = (row: PipelineItemRow, after: NonNullable<PipelineRowFilter["after"]>): boolean =>
  row.createdAt > after.createdAt || (row.createdAt === after.createdAt && row.id > after.id)

/**
 * The memory engine's pipeline: items, care rows and applied events per
 * workspace, owned by this feature, written through the engine's undo log.
 *
 * @example
 * ```ts
 * const pipeline = memoryPipeline(makeMemoryState())
 * ```
 */
export const memoryPipeline = (memory: MemoryState): PipelineWrites => {
  const { setIn } = memory
  const items = new Map<string, Map<string, PipelineItemRow>>()
  const care = new Map<string, Map<string, CareRow>>()
  const applied = new Map<string, Map<string, true>>()
  const of = <V>(maps: Map<string, Map<string, V>>, workspaceId: string): Map<string, V> => {
    let held = maps.get(workspaceId)
    if (held === undefined) maps.set(workspaceId, (held = new Map()))
    return held
  }
  // A live profile whose folded search text contains the text.
  const profileMatches = (workspaceId: string, profileId: string, text: string): boolean => {
    const profile = memory.state(workspaceId)?.profiles.get(profileId)
    return profile !== undefined && profile.mergedInto === null && profile.searchText.includes(text)
  }
  const matches = (workspaceId: string, row: PipelineItemRow, kind: PipelineItemKind, f: PipelineRowFilter): boolean =>
    row.kind === kind &&
    (f.statuses === undefined || f.statuses.includes(row.status)) &&
    (f.sources === undefined || (row.source !== null && f.sources.includes(row.source))) &&
    (f.assignee === undefined || row.assignee === f.assignee) &&
    (f.profileIds === undefined || f.profileIds.includes(row.profileId)) &&
    (f.createdFrom === undefined || row.createdAt >= f.createdFrom) &&
    (f.createdTo === undefined || row.createdAt < f.createdTo) &&
    (f.text === undefined || row.searchText.includes(f.text) || profileMatches(workspaceId, row.profileId, f.text) || (f.textProfileIds?.includes(row.profileId) ?? false)) &&
    (f.after === undefined || isAfter(row, f.after))
  const removeCare = (held: Map<string, CareRow>, profileId: string): void => {
    const previous = held.get(profileId)
    if (previous === undefined) return
    held.delete(profileId)
    memory.undo.push(() => held.set(profileId, previous))
  }
  return {
    item: async (workspaceId, kind, id) => items.get(workspaceId)?.get(itemKey(kind, id)),
    list: async (workspaceId, kind, filter) =>
      [...(items.get(workspaceId)?.values() ?? [])]
        .filter((row) => matches(workspaceId, row, kind, filter))
        .sort(byCreation)
        .slice(0, filter.limit),
    ofProfiles: async (workspaceId, profileIds) => {
      const wanted = new Set(profileIds)
      return [...(items.get(workspaceId)?.values() ?? [])].filter((row) => wanted.has(row.profileId)).sort(byCreation)
    },
    care: async (workspaceId, profileIds) => {
      const held = care.get(workspaceId)
      return held === undefined ? [] : profileIds.flatMap((p) => held.get(p) ?? [])
    },
    applied: async (workspaceId, messageIds) => {
      const held = applied.get(workspaceId)
      return new Set(held === undefined ? [] : messageIds.filter((m) => held.has(m)))
    },
    activity: async (workspaceId, from, to) => {
      const visitors = new Set<string>()
      const buyers = new Set<string>()
      for (const e of memory.state(workspaceId)?.events.values() ?? []) {
        if (e.timestamp < from || e.timestamp >= to || !ACTIVITY_TYPES.has(e.type)) continue
        visitors.add(e.profileId)
        if (e.name === "Order Completed") buyers.add(e.profileId)
      }
      return { visitors: [...visitors].sort(), buyers: [...buyers].sort() }
    },
    insertItem: async (workspaceId, row) => {
      const held = of(items, workspaceId)
      const key = itemKey(row.kind, row.id)
      if (held.has(key)) throw new Error(`${row.kind} ${row.id} is already stored`)
      setIn(held, key, row)
    },
    updateItem: async (workspaceId, row, expectedVersion) => {
      const held = of(items, workspaceId)
      const key = itemKey(row.kind, row.id)
      if (held.get(key)?.version !== expectedVersion) return false
      setIn(held, key, row)
      return true
    },
    putCare: async (workspaceId, row, expectedVersion) => {
      const held = of(care, workspaceId)
      if ((held.get(row.profileId)?.version ?? 0) !== expectedVersion) return false
      setIn(held, row.profileId, row)
      return true
    },
    deleteCare: async (workspaceId, profileIds) => {
      const held = of(care, workspaceId)
      for (const p of profileIds) removeCare(held, p)
    },
    eraseProfiles: async (workspaceId, profileIds) => {
      const wanted = new Set(profileIds)
      const held = of(items, workspaceId)
      let erased = 0
      for (const [key, row] of [...held]) {
        if (!wanted.has(row.profileId)) continue
        held.delete(key)
        memory.undo.push(() => held.set(key, row))
        erased++
      }
      const heldCare = of(care, workspaceId)
      for (const p of profileIds) removeCare(heldCare, p)
      return erased
    },
    markApplied: async (workspaceId, messageIds) => {
      const held = of(applied, workspaceId)
      for (const m of messageIds) if (!held.has(m)) setIn(held, m, true as const)
    }
  }
}
