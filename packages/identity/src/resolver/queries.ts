import type { ProfileId } from "@kith/core"
import { Result } from "effect"
import { UnknownSubject } from "../errors.js"
import { type Explanation, explainRecords } from "../explain.js"
import type { IdentityWarning } from "../ledger.js"
import type { NormalizedIdentifier } from "../normalize.js"
import type { TraitMergeConfig } from "../trait-strategy.js"
import { mergeTraits, observationsOfTraits, type ProvenancedTrait, type TraitObservation } from "../traits.js"
import type { ResolverState } from "./state.js"
import { warningsOfOutcome } from "./warnings.js"

/**
 * One resolved profile: its records and the normalized identifiers it holds.
 *
 * @example
 * ```ts
 * const profile: ResolvedProfile = {
 *   profileId: "p_r-1" as ProfileId,
 *   recordIds: ["r-1", "r-2"],
 *   identifiers: [{ type: "phone", value: "+84912345678" }, { type: "zalo_id", value: "4455667788" }]
 * }
 * ```
 */
export interface ResolvedProfile {
  readonly profileId: ProfileId
  /** In canonical order; the first one names the profile. */
  readonly recordIds: ReadonlyArray<string>
  /** Sorted by type, then value. */
  readonly identifiers: ReadonlyArray<NormalizedIdentifier>
}

// Reads of the state: none of them changes a profile, a constraint or the ledger.

export const profileOf = (state: ResolverState, recordId: string): ProfileId | undefined => {
  const index = state.graph.recordIndex.get(recordId)
  return index === undefined ? undefined : state.profileIdOfIndex(state.graph.profileRecord[index]!)
}

// Follows redirects until a live profile; a cycle or a dead end means the id was never seen.
export const currentProfileId = (state: ResolverState, profileId: ProfileId): ProfileId | undefined => {
  const seen = new Set<string>()
  let id: ProfileId | undefined = profileId
  while (id !== undefined && !seen.has(id)) {
    if (state.canonicalIndexOf(id) !== undefined) return id
    seen.add(id)
    id = state.redirects.get(id)
  }
  return undefined
}

export const profileById = (state: ResolverState, profileId: ProfileId): ResolvedProfile | undefined => {
  const current = currentProfileId(state, profileId)
  if (current === undefined) return undefined
  const canonical = state.canonicalIndexOf(current)!
  return profileOfCanonical(state, canonical, state.components.profileMembers(canonical))
}

export function* allProfiles(state: ResolverState): IterableIterator<ResolvedProfile> {
  const groups = profileGroups(state)
  const canonicals = [...groups.keys()].sort(state.graph.compareCanonical)
  for (const canonical of canonicals) yield profileOfCanonical(state, canonical, groups.get(canonical)!)
}

export const partition = (state: ResolverState): Array<Array<string>> => {
  const out: Array<Array<string>> = []
  for (const group of profileGroups(state).values()) out.push(group.map((i) => state.graph.records[i]!.recordId).sort())
  return out.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0))
}

export const assignments = (state: ResolverState): Map<string, ProfileId> => {
  const graph = state.graph
  const out = new Map<string, ProfileId>()
  for (let i = 0; i < graph.records.length; i++) out.set(graph.records[i]!.recordId, state.profileIdOfIndex(graph.profileRecord[i]!))
  return out
}

export const currentWarnings = (state: ResolverState): Array<IdentityWarning> => {
  const out: Array<IdentityWarning> = []
  const graph = state.graph
  for (const [index, list] of graph.rejected) {
    for (const { identifier, reason } of list) out.push({ kind: "rejected", recordId: graph.records[index]!.recordId, identifier, reason })
  }
  for (const outcome of state.components.outcomes.values()) out.push(...warningsOfOutcome(state, outcome))
  return out
}

export const explain = (state: ResolverState, recordA: string, recordB: string): Result.Result<Explanation, UnknownSubject> => {
  const graph = state.graph
  const a = graph.recordIndex.get(recordA)
  if (a === undefined) return Result.fail(new UnknownSubject({ kind: "record", id: recordA }))
  const b = graph.recordIndex.get(recordB)
  if (b === undefined) return Result.fail(new UnknownSubject({ kind: "record", id: recordB }))
  state.components.ensureMembers()
  const members = state.components.membersOf(a)
  const outcome = state.components.outcomes.get(graph.find(a))
  return Result.succeed(
    explainRecords({
      graph,
      a,
      b,
      sameComponent: graph.find(a) === graph.find(b),
      members,
      outcome,
      doNotMerge: state.constraints.doNotMerge,
      mustLink: state.constraints.mustLink,
      profileIdOf: (index) => state.profileIdOfIndex(index)
    })
  )
}

export const traitsOf = (state: ResolverState, profileId: ProfileId, config: TraitMergeConfig): Record<string, ProvenancedTrait> | undefined => {
  const current = currentProfileId(state, profileId)
  if (current === undefined) return undefined
  return mergeTraits(observationsOf(state, state.components.profileMembers(state.canonicalIndexOf(current)!)), config)
}

/** A profile as the API returns it, from its canonical record and its records. */
export const profileOfCanonical = (state: ResolverState, canonical: number, members: ReadonlyArray<number>): ResolvedProfile => ({
  profileId: state.profileIdOfIndex(canonical),
  recordIds: [...members].sort(state.graph.compareCanonical).map((i) => state.graph.records[i]!.recordId),
  identifiers: identifiersOfCanonical(state, canonical, () => members)
})

/** {@link profileById}'s identifiers alone, without sorting the profile's records or listing their ids. */
export const identifiersOfProfile = (state: ResolverState, profileId: ProfileId): Array<NormalizedIdentifier> | undefined => {
  const current = currentProfileId(state, profileId)
  if (current === undefined) return undefined
  const canonical = state.canonicalIndexOf(current)!
  return identifiersOfCanonical(state, canonical, () => state.components.membersOf(canonical).filter((i) => state.graph.profileRecord[i] === canonical))
}

// The identifiers held by the profile whose canonical record is `canonical`, sorted by type, then value: those its
// component's outcome gives it, else those of its records (`members`, in any order, asked for only then).
const identifiersOfCanonical = (state: ResolverState, canonical: number, members: () => ReadonlyArray<number>): Array<NormalizedIdentifier> => {
  const graph = state.graph
  const outcome = state.components.outcomes.get(graph.find(canonical))
  let keys: ReadonlyArray<number>
  if (outcome !== undefined) keys = outcome.held.get(canonical) ?? []
  else {
    const set = new Set<number>()
    for (const member of members()) graph.forEachKey(member, (key) => set.add(key))
    keys = [...set]
  }
  return keys
    .map((key) => ({ type: graph.typeOfKey(key), value: graph.keyValue[key]! }))
    .sort((x, y) => (x.type !== y.type ? (x.type < y.type ? -1 : 1) : x.value < y.value ? -1 : x.value > y.value ? 1 : 0))
}

/** The trait observations of some records: their traits, then the manual choices stored on them. */
export const observationsOf = (state: ResolverState, members: ReadonlyArray<number>): Array<TraitObservation> => {
  const out: Array<TraitObservation> = []
  for (const member of members) {
    const record = state.graph.records[member]!
    out.push(...observationsOfTraits(record.traits, record))
    const manual = state.manualTraits.get(member)
    if (manual !== undefined) out.push(...manual)
  }
  return out
}

// Every record by its profile's canonical record, each list in canonical order.
const profileGroups = (state: ResolverState): Map<number, Array<number>> => {
  const graph = state.graph
  const groups = new Map<number, Array<number>>()
  const profileRecord = graph.profileRecord
  for (let i = 0; i < graph.records.length; i++) {
    const canonical = profileRecord[i]!
    const list = groups.get(canonical)
    if (list === undefined) groups.set(canonical, [i])
    else list.push(i)
  }
  for (const list of groups.values()) list.sort(graph.compareCanonical)
  return groups
}
