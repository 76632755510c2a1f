import type { ProfileCountFilter, ProfileFilter, ProfileRow, ProfileWrites } from "../port/profiles.js"
import type { MemoryState } from "./state.js"

// The live profiles a filter keeps, in no particular order.
const matching = (rows: Iterable<ProfileRow>, filter: ProfileCountFilter & { readonly afterId?: string | undefined }): Array<ProfileRow> => {
  const ids = filter.ids === undefined ? undefined : new Set(filter.ids)
  const excluded = new Set(filter.excludeIds ?? [])
  return [...rows].filter(
    (p) =>
      p.mergedInto === null &&
      (filter.afterId === undefined || p.profileId > filter.afterId) &&
      (filter.contains === undefined || p.searchText.includes(filter.contains)) &&
      (filter.stage === undefined || p.stage === filter.stage) &&
      (ids === undefined || ids.has(p.profileId)) &&
      !excluded.has(p.profileId)
  )
}

const listed = (rows: Iterable<ProfileRow>, filter: ProfileFilter): Array<ProfileRow> =>
  matching(rows, filter)
    .sort((a, b) => (a.profileId < b.profileId ? -1 : 1))
    .slice(0, filter.limit)

/**
 * The memory engine's profiles repository (lists, counts and searches scan:
 * fine for tests and the browser).
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
  mergedIntoAny: async (id, profileIds) => {
    const into = new Set(profileIds)
    return [...(state(id)?.profiles.values() ?? [])].flatMap((p) => (p.mergedInto !== null && into.has(p.mergedInto) ? [{ profileId: p.profileId, mergedInto: p.mergedInto }] : []))
  },
  list: async (id, filter) => listed(state(id)?.profiles.values() ?? [], filter),
  listEntries: async (id, filter) =>
    listed(state(id)?.profiles.values() ?? [], filter).map((row) => {
      const summary = JSON.parse(row.summary) as { readonly firstSeenAt?: number | null; readonly lastSeenAt?: number | null }
      return { profileId: row.profileId, traits: row.traits, firstSeenAt: summary.firstSeenAt ?? null, lastSeenAt: summary.lastSeenAt ?? null }
    }),
  count: async (id, filter) => matching(state(id)?.profiles.values() ?? [], filter).length,
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
