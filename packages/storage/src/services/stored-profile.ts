import type { ProfileId } from "@kith/core"
import { identifierKey, type NormalizedIdentifier } from "@kith/identity"
import type { StorageReads } from "../backend.js"
import type { ProfileEntry, ProfileEntryRow, ProfileRow, StoredProfile } from "../port/profiles.js"
import { parseSummary, traitsFromJson } from "../profile-state.js"

// The identifiers of these profiles, each profile's sorted by key: one query.
const identifiersByProfile = async (reads: StorageReads, workspaceId: string, ids: ReadonlyArray<string>): Promise<Map<string, Array<NormalizedIdentifier>>> => {
  const identifiers = new Map<string, Array<NormalizedIdentifier>>()
  for (const i of await reads.identity.identifiersOf(workspaceId, ids)) {
    const list = identifiers.get(i.profileId)
    const identifier = { type: i.type, value: i.value }
    if (list === undefined) identifiers.set(i.profileId, [identifier])
    else list.push(identifier)
  }
  for (const list of identifiers.values()) list.sort((a, b) => (identifierKey(a) < identifierKey(b) ? -1 : 1))
  return identifiers
}

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
  const identifiers = await identifiersByProfile(reads, workspaceId, ids)
  const merged = new Map<string, Array<ProfileId>>()
  for (const m of await reads.profiles.mergedIntoAny(workspaceId, ids)) {
    const list = merged.get(m.mergedInto)
    if (list === undefined) merged.set(m.mergedInto, [m.profileId as ProfileId])
    else list.push(m.profileId as ProfileId)
  }
  return rows.map((row) => ({
    profileId: row.profileId as ProfileId,
    createdAt: row.createdAt,
    identifiers: identifiers.get(row.profileId) ?? [],
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

/**
 * List rows as the port's {@link ProfileEntry}s, in the same order: each with
 * its identifiers (sorted by key), read in one query for the page.
 *
 * @example
 * ```ts
 * const entries = await profileEntriesOf(backend.read, "shop-1", await backend.read.profiles.listEntries("shop-1", { stage: "buyer", limit: 50 }))
 * ```
 */
export const profileEntriesOf = async (reads: StorageReads, workspaceId: string, rows: ReadonlyArray<ProfileEntryRow>): Promise<Array<ProfileEntry>> => {
  if (rows.length === 0) return []
  const identifiers = await identifiersByProfile(
    reads,
    workspaceId,
    rows.map((row) => row.profileId)
  )
  return rows.map((row) => ({
    profileId: row.profileId as ProfileId,
    traits: traitsFromJson(row.traits),
    identifiers: identifiers.get(row.profileId) ?? [],
    firstSeenAt: row.firstSeenAt ?? undefined,
    lastSeenAt: row.lastSeenAt ?? undefined
  }))
}
