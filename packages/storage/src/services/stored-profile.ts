import type { ProfileId } from "@kith/core"
import { identifierKey } from "@kith/identity"
import type { StorageReads } from "../backend.js"
import type { ProfileRow, StoredProfile } from "../port/profiles.js"
import { parseSummary, traitsFromJson } from "../profile-state.js"

/**
 * A live profile row as the port returns it: with its identifiers (sorted by
 * key) and the ids merged into it (sorted).
 *
 * @example
 * ```ts
 * const profile = await storedProfileOf(backend.read, "shop-1", row) // the row with its identifiers and merged-away ids
 * ```
 */
export const storedProfileOf = async (reads: StorageReads, workspaceId: string, row: ProfileRow): Promise<StoredProfile> => {
  const [identifiers, mergedIds] = await Promise.all([
    reads.identity.identifiersOf(workspaceId, [row.profileId]),
    reads.profiles.mergedInto(workspaceId, row.profileId)
  ])
  return {
    profileId: row.profileId as ProfileId,
    createdAt: row.createdAt,
    identifiers: identifiers.map((i) => ({ type: i.type, value: i.value })).sort((a, b) => (identifierKey(a) < identifierKey(b) ? -1 : 1)),
    traits: traitsFromJson(row.traits),
    summary: parseSummary(row.summary),
    mergedIds: [...mergedIds].sort() as Array<ProfileId>
  }
}
