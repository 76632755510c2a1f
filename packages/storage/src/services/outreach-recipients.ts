import type { ProfileId } from "@kith/core"
import { type ConsentRecord, type ContactRestrictionRecord, suppressionKeyer } from "@kith/privacy"
import type { StorageReads } from "../backend.js"
import { isStorableKey } from "../lookups.js"
import type { RecipientRecords } from "../port/outreach-runs.js"
import type { ProfileRow } from "../port/profiles.js"
import { byTime, consentOf } from "./consent-rows.js"
import { contactRestrictionOf, restrictionsByTime } from "./contact-restrictions.js"
import { storedProfilesOf } from "./stored-profile.js"

// Profiles read per page: each page costs the same few queries whatever its size.
const PAGE = 1_000

// Rows read for a page of profiles, as each owner's records in the order `order` gives.
const byOwner = <Row extends { readonly owner: string }, R>(rows: ReadonlyArray<Row>, order: (a: Row, b: Row) => number, recordOf: (row: Row) => R): Map<string, Array<R>> => {
  const out = new Map<string, Array<R>>()
  for (const row of [...rows].sort(order)) {
    const list = out.get(row.owner)
    if (list === undefined) out.set(row.owner, [recordOf(row)])
    else list.push(recordOf(row))
  }
  return out
}

/**
 * The {@link RecipientRecords} of these profile ids, in the order asked, read
 * a page at a time: one query for the profile rows (and one for the
 * survivors of merged-away ids), one for their identifiers, one for their
 * consent records, one for their contact restrictions, one for which of
 * their identifiers are suppressed.
 *
 * A profile row goes only when the person is erased (or purged as an
 * inactive visitor): an id with no row is erased. An anonymized profile
 * keeps its row without identifiers; the audit trail's erasure entry naming
 * it tells it from a profile that never had one (checked only for those
 * holding no identifier).
 *
 * @example
 * ```ts
 * import type { ProfileId } from "@kith/core"
 *
 * const backend = makeMemoryBackend()
 * const [nobody] = await recipientRecordsOf(backend.read, "shop-1", ["p_m-1" as ProfileId])
 * nobody?.erased // => true
 * ```
 */
export const recipientRecordsOf = async (reads: StorageReads, workspaceId: string, profileIds: ReadonlyArray<ProfileId>): Promise<Array<RecipientRecords>> => {
  const out: Array<RecipientRecords> = []
  if (profileIds.length === 0) return out
  const secret = await reads.privacy.secret(workspaceId)
  const keyOf = secret === undefined ? undefined : suppressionKeyer(secret, workspaceId)
  for (let i = 0; i < profileIds.length; i += PAGE) {
    const page = profileIds.slice(i, i + PAGE)
    const rows = new Map<string, ProfileRow>()
    for (const row of await reads.profiles.get(workspaceId, [...new Set(page.filter(isStorableKey))])) rows.set(row.profileId, row)
    const survivors = [...new Set([...rows.values()].flatMap((r) => (r.mergedInto !== null && !rows.has(r.mergedInto) ? [r.mergedInto] : [])))]
    if (survivors.length > 0) for (const row of await reads.profiles.get(workspaceId, survivors)) rows.set(row.profileId, row)
    const liveOf = (id: string): ProfileRow | undefined => {
      const row = rows.get(id)
      return row === undefined || row.mergedInto === null ? row : rows.get(row.mergedInto)
    }
    const live = new Map<string, ProfileRow>()
    for (const id of page) {
      const row = liveOf(id)
      if (row !== undefined) live.set(row.profileId, row)
    }
    const stored = new Map((await storedProfilesOf(reads, workspaceId, [...live.values()])).map((p) => [p.profileId as string, p]))
    const liveIds = [...live.keys()]
    const consent = live.size === 0 ? new Map<string, Array<ConsentRecord>>() : byOwner(await reads.privacy.consentOfProfiles(workspaceId, liveIds), byTime, consentOf)
    const restrictions =
      live.size === 0
        ? new Map<string, Array<ContactRestrictionRecord>>()
        : byOwner(await reads.contactRestrictions.ofProfiles(workspaceId, liveIds), restrictionsByTime, contactRestrictionOf)
    const keysOf = new Map<string, ReadonlyArray<string>>()
    if (keyOf !== undefined) for (const profile of stored.values()) keysOf.set(profile.profileId, profile.identifiers.map(keyOf))
    const allKeys = [...new Set([...keysOf.values()].flat())]
    const suppressedKeys = allKeys.length === 0 ? new Set<string>() : await reads.privacy.suppressedKeys(workspaceId, allKeys)
    const anonymized = new Set<string>()
    for (const profile of stored.values()) {
      if (profile.identifiers.length > 0) continue
      const [erasure] = await reads.privacy.audit(workspaceId, { afterSeq: 0, limit: 1, target: profile.profileId, action: "privacy.erase" })
      if (erasure !== undefined) anonymized.add(profile.profileId)
    }
    for (const id of page) {
      const row = liveOf(id)
      const profile = row === undefined ? undefined : stored.get(row.profileId)
      if (profile === undefined) {
        out.push({ profileId: id, consent: [], restrictions: [], erased: true, suppressed: false })
        continue
      }
      out.push({
        profileId: id,
        profile,
        consent: consent.get(profile.profileId) ?? [],
        restrictions: restrictions.get(profile.profileId) ?? [],
        erased: anonymized.has(profile.profileId),
        suppressed: (keysOf.get(profile.profileId) ?? []).some((key) => suppressedKeys.has(key))
      })
    }
  }
  return out
}
