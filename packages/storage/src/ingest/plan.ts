import { groupsSharingTokens } from "@kith/core"
import { identifierKey, type NormalizedIdentifier, type ResolvedIdentityPolicy } from "@kith/identity"
import type { StorageWrites } from "../backend.js"
import type { ProfileRow } from "../port/profiles.js"
import type { NewEvent } from "./context.js"

/**
 * How one batch's new records reach `@kith/identity`'s decision, cheapest
 * first, without ever deciding differently from re-resolving their whole
 * evidence components (which is what the contract suite checks):
 *
 * - `attach`: a group of records that carry only identifiers held by one
 *   isolated profile (see `ProfileRow.isolated`), all later than that
 *   profile's latest record, from a source that links. Resolving them in
 *   canonical order would link each to that profile and change nothing
 *   else, so they are attached directly.
 * - `resolve` with `loadProfiles`: groups whose stored component is known
 *   without searching it: every identifier they carry is either new to the
 *   workspace or held only by isolated profiles, whose records are then the
 *   whole stored component.
 * - `resolve` with `loadFrom`: everything else; its components are found by
 *   walking shared identifiers from these seeds.
 *
 * @example
 * ```ts
 * const plan = await planIngest(tx, "shop-1", prepared, policy)
 * plan.attach.get("p_m-1") // gives the new records that simply join p_m-1
 * ```
 */
export interface IngestPlan {
  readonly attach: ReadonlyMap<string, ReadonlyArray<NewEvent>>
  readonly resolve: ReadonlyArray<NewEvent>
  readonly loadProfiles: ReadonlyArray<string>
  readonly loadFrom: ReadonlyArray<NormalizedIdentifier>
  /** The stored rows of every profile holding one of the batch's identifiers. */
  readonly owners: ReadonlyMap<string, ProfileRow>
}

/**
 * Plans a batch (see {@link IngestPlan}): three reads — who holds the
 * batch's identifiers, those profiles' rows, and which unheld identifiers
 * stored records carry anyway (quarantined, dropped or rejected by a guard).
 *
 * @param tx - the ingestion transaction
 * @param workspaceId - the workspace
 * @param prepared - the batch's new records in canonical order
 * @param policy - the identity policy (isolated sources never link)
 * @returns the plan
 *
 * @example
 * ```ts
 * const { attach, resolve } = await planIngest(tx, "shop-1", prepared, policy)
 * ```
 */
export const planIngest = async (
  tx: StorageWrites,
  workspaceId: string,
  prepared: ReadonlyArray<NewEvent>,
  policy: ResolvedIdentityPolicy
): Promise<IngestPlan> => {
  // Each identifier's key, built once per record: the steps below look every one up several times.
  const keysOf = prepared.map((e) => e.identifiers.map(identifierKey))
  const identifiers = new Map<string, NormalizedIdentifier>()
  prepared.forEach((e, i) => e.identifiers.forEach((id, j) => identifiers.set(keysOf[i]![j]!, id)))
  const ownersOf = new Map<string, Array<string>>()
  for (const row of identifiers.size === 0 ? [] : await tx.identity.owners(workspaceId, [...identifiers.values()])) {
    const key = identifierKey(row)
    const list = ownersOf.get(key)
    if (list === undefined) ownersOf.set(key, [row.profileId])
    else if (!list.includes(row.profileId)) list.push(row.profileId)
  }
  const ownerIds = [...new Set([...ownersOf.values()].flat())]
  const owners = new Map<string, ProfileRow>()
  for (const row of ownerIds.length === 0 ? [] : await tx.profiles.get(workspaceId, ownerIds)) owners.set(row.profileId, row)
  const unheld = [...identifiers].filter(([key]) => !ownersOf.has(key)).map(([, id]) => id)
  const seen = unheld.length === 0 ? new Set<string>() : await tx.identity.seen(workspaceId, unheld)

  // Groups: records joined by a shared identifier or a shared holder decide together. A holder's token starts with
  // a NUL, which no identifier key does (a key starts with its type's name).
  const holderToken = new Map<string, string>()
  const groups = groupsSharingTokens(prepared.length, (i) => {
    const tokens: Array<string> = []
    for (const key of keysOf[i]!) {
      tokens.push(key)
      for (const p of ownersOf.get(key) ?? []) {
        let token = holderToken.get(p)
        if (token === undefined) holderToken.set(p, (token = `\u0000${p}`))
        tokens.push(token)
      }
    }
    return tokens
  })

  const attach = new Map<string, Array<NewEvent>>()
  const resolving: Array<number> = []
  const loadProfiles = new Set<string>()
  const loadFrom = new Map<string, NormalizedIdentifier>()
  for (const members of groups) {
    const records = members.map((i) => prepared[i]!)
    const touched = new Set<string>()
    let searched = false
    let unheldKeys = false
    for (const i of members) {
      for (const key of keysOf[i]!) {
        const holders = ownersOf.get(key)
        if (holders === undefined) {
          unheldKeys = true
          if (seen.has(key)) searched = true
          continue
        }
        if (holders.length > 1) searched = true
        for (const p of holders) {
          touched.add(p)
          if (owners.get(p)?.isolated !== true) searched = true
        }
      }
    }
    if (searched) {
      for (const i of members) prepared[i]!.identifiers.forEach((id, j) => loadFrom.set(keysOf[i]![j]!, id))
      resolving.push(...members)
      continue
    }
    if (touched.size === 1 && !unheldKeys) {
      const profileId = [...touched][0]!
      const latest = owners.get(profileId)!.lastRecordAt
      // Records are in canonical order, so the first is the earliest.
      if (records[0]!.event.timestamp.getTime() > latest && records.every((e) => !policy.isolatedSources.has(e.source))) {
        attach.set(profileId, records)
        continue
      }
    }
    for (const p of touched) loadProfiles.add(p)
    resolving.push(...members)
  }
  // The resolver takes records in canonical order, as `prepared` has them.
  const resolve = resolving.sort((a, b) => a - b).map((i) => prepared[i]!)
  return { attach, resolve, loadProfiles: [...loadProfiles], loadFrom: [...loadFrom.values()], owners }
}
