import type { ProfileWrites } from "../port/profiles.js"
import type { MemoryState } from "./state.js"

/**
 * The memory engine's profiles repository (lists scan: fine for tests and
 * the browser).
 *
 * @example
 * ```ts
 * const profiles = memoryProfiles(makeMemoryState())
 * ```
 */
export const memoryProfiles = ({ state, must, setIn }: MemoryState): ProfileWrites => ({
  get: async (id, profileIds) => {
    const map = state(id)?.profiles
    if (map === undefined) return []
    return profileIds.flatMap((p) => {
      const row = map.get(p)
      return row === undefined ? [] : [row]
    })
  },
  mergedInto: async (id, profileId) => [...(state(id)?.profiles.values() ?? [])].filter((p) => p.mergedInto === profileId).map((p) => p.profileId),
  list: async (id, filter) => {
    const ids = filter.ids === undefined ? undefined : new Set(filter.ids)
    return [...(state(id)?.profiles.values() ?? [])]
      .filter(
        (p) =>
          p.mergedInto === null &&
          (filter.afterId === undefined || p.profileId > filter.afterId) &&
          (filter.contains === undefined || p.searchText.includes(filter.contains)) &&
          (filter.stage === undefined || p.stage === filter.stage) &&
          (ids === undefined || ids.has(p.profileId))
      )
      .sort((a, b) => (a.profileId < b.profileId ? -1 : 1))
      .slice(0, filter.limit)
  },
  insert: async (id, rows) => {
    const profiles = must(id).profiles
    for (const row of rows) {
      if (profiles.has(row.profileId)) throw new Error(`duplicate profile ${row.profileId}`)
      setIn(profiles, row.profileId, row)
    }
  },
  upsert: async (id, rows) => {
    const profiles = must(id).profiles
    for (const row of rows) setIn(profiles, row.profileId, { ...row, mergedInto: null })
  },
  followMerges: async (id, merges) => {
    const ws = must(id)
    for (const [key, row] of ws.profiles) {
      const into = merges.get(row.profileId) ?? (row.mergedInto === null ? undefined : merges.get(row.mergedInto))
      if (into !== undefined) setIn(ws.profiles, key, { ...row, mergedInto: into })
    }
  }
})
