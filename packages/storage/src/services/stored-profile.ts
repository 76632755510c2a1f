import type { ProfileId } from "@kith/core"
import { identifierKey, type NormalizedIdentifier } from "@kith/identity"
import type { StorageReads } from "../backend.js"
import type { ProfileRow, StoredProfile } from "../port/profiles.js"
import { parseSummary, traitsFromJson } from "../profile-state.js"

/**
 * Live profile rows as the port returns them, in the same order: each with
 * its identifiers (sorted by key) and the ids merged into it (sorted). Two
 * queries for the whole page, one after the other — never a statement per
 * row, nor statements fired at once at one connection.
 *
 * @example
 * ```ts
 * const [profile] = await storedProfilesOf(backend.read, "shop-1", [row]) // the row with its identifiers and merged-away ids
 * ```
 */
export const storedProfilesOf = async (reads: StorageReads, workspaceId: string, rows: ReadonlyArray<ProfileRow>): Promise<Array<StoredProfile>> => {
  if (rows.length === 0) return []
  const ids = rows.map((row) => row.profileId)
  const identifiers = new Map<string, Array<NormalizedIdentifier>>()
  for (const i of await reads.identity.identifiersOf(workspaceId, ids)) {
    const list = identifiers.get(i.profileId)
    const identifier = { type: i.type, value: i.value }
    if (list === undefined) identifiers.set(i.profileId, [identifier])
    else list.push(identifier)
  }
  const merged = new Map<string, Array<ProfileId>>()
  for (const m of await reads.profiles.mergedIntoAny(workspaceId, ids)) {
    const list = merged.get(m.mergedInto)
    if (list === undefined) merged.set(m.mergedInto, [m.profileId as ProfileId])
    else list.push(m.profileId as ProfileId)
  }
  return rows.map((row) => ({
    profileId: row.profileId as ProfileId,
    createdAt: row.createdAt,
    identifiers: (identifiers.get(row.profileId) ?? []).sort((a, b) => (identifierKey(a) < identifierKey(b) ? -1 : 1)),
    traits: traitsFromJson(row.traits),
    summary: parseSummary(row.summary),
    mergedIds: (merged.get(row.profileId) ?? []).sort()
  }))
}

/**
 * A live profile row as the port returns it: with its identifiers (sorted by
 * key) and the ids merged into it (sorted).
 *
 * @example
 * ```ts
 * const profile = await storedProfileOf(backend.read, "shop-1", row) // the row with its identifiers and merged-away ids
 * ```
 */
export const storedProfileOf = async (reads: StorageReads, workspaceId: string, row: ProfileRow): Promise<StoredProfile> =>
  (await storedProfilesOf(reads, workspaceId, [row]))[0]!
