import type { ProfileId } from "@kith/core"
import { Result } from "effect"
import { InvalidIdentityOperation, UnknownSubject } from "../errors.js"
import type { ManualAction } from "../ledger.js"
import type { NormalizedIdentifier } from "../normalize.js"
import { mergeTraits, type ProvenancedTrait, type TraitObservation } from "../traits.js"
import { recordMovesAndMerges, snapshotProfiles } from "./profile-changes.js"
import { currentProfileId, observationsOf, profileOfCanonical, type ResolvedProfile } from "./queries.js"
import type { ResolverState } from "./state.js"

/**
 * A dry-run preview of a manual merge (IDN-9): nothing changes until {@link IdentityResolver.manualMerge}.
 *
 * @example
 * ```ts
 * // resolver.previewManualMerge(a, b) => Result.succeed({ into: "p_r-1", from: "p_r-9", identifierConflicts: [{ type: "user_id", values: ["u-1", "u-9"] }], ... })
 * ```
 */
export interface MergePreview {
  readonly into: ProfileId
  readonly from: ProfileId
  readonly recordIds: ReadonlyArray<string>
  readonly identifiers: ReadonlyArray<NormalizedIdentifier>
  /** Unique identifier types (user id, national id, ...) for which the two profiles hold different values. */
  readonly identifierConflicts: ReadonlyArray<{ readonly type: string; readonly values: ReadonlyArray<string> }>
  /** Traits whose merged values differ between the two profiles; pass a choice per name to {@link IdentityResolver.manualMerge}. */
  readonly traitConflicts: ReadonlyArray<{ readonly name: string; readonly into: ProvenancedTrait; readonly from: ProvenancedTrait }>
  /** The merged profile's traits before any choice. */
  readonly traits: Record<string, ProvenancedTrait>
}

/**
 * A per-field choice on a conflict: keep the value of profile `"a"` (the first
 * argument), of `"b"`, or set `{ value }`.
 *
 * @example
 * ```ts
 * const choices: Record<string, TraitChoice> = { fullName: "b", birthday: { value: "1990-09-05" } }
 * ```
 */
export type TraitChoice = "a" | "b" | { readonly value: unknown }

/** Previews a manual merge of two live profiles (IDN-9); changes nothing. */
export const previewManualMerge = (
  state: ResolverState,
  profileA: ProfileId,
  profileB: ProfileId
): Result.Result<MergePreview, UnknownSubject | InvalidIdentityOperation> => {
  const pair = manualPair(state, profileA, profileB)
  if (Result.isFailure(pair)) return Result.fail(pair.failure)
  const [ca, cb] = pair.success
  const { graph, components, traitConfig } = state
  const [into, from] = graph.before(ca, cb) ? [ca, cb] : [cb, ca]
  const membersInto = components.profileMembers(into)
  const membersFrom = components.profileMembers(from)
  const profileInto = profileOfCanonical(state, into, membersInto)
  const profileFrom = profileOfCanonical(state, from, membersFrom)
  const identifiers = dedupeIdentifiers([...profileInto.identifiers, ...profileFrom.identifiers])
  const identifierConflicts: Array<{ type: string; values: Array<string> }> = []
  for (const type of new Set(identifiers.map((i) => i.type))) {
    if (!graph.policy.ruleOf(type).unique) continue
    const values = identifiers.filter((i) => i.type === type).map((i) => i.value)
    if (values.length > 1) identifierConflicts.push({ type, values })
  }
  const traitsInto = mergeTraits(observationsOf(state, membersInto), traitConfig)
  const traitsFrom = mergeTraits(observationsOf(state, membersFrom), traitConfig)
  const traitConflicts: Array<{ name: string; into: ProvenancedTrait; from: ProvenancedTrait }> = []
  for (const name of Object.keys(traitsInto).sort()) {
    const x = traitsInto[name]!
    const y = traitsFrom[name]
    if (y !== undefined && JSON.stringify(x.value) !== JSON.stringify(y.value)) traitConflicts.push({ name, into: x, from: y })
  }
  const recordIds = [...membersInto, ...membersFrom].sort(graph.compareCanonical).map((i) => graph.records[i]!.recordId)
  return Result.succeed({
    into: state.profileIdOfIndex(into),
    from: state.profileIdOfIndex(from),
    recordIds,
    identifiers,
    identifierConflicts,
    traitConflicts,
    traits: mergeTraits(observationsOf(state, [...membersInto, ...membersFrom]), traitConfig)
  })
}

/**
 * Merges two live profiles by hand (IDN-9), over every guard: a must-link
 * pair, no do-not-merge pair left between them, each trait choice stored as a
 * `manual` observation on the survivor.
 */
export const manualMerge = (
  state: ResolverState,
  profileA: ProfileId,
  profileB: ProfileId,
  action: ManualAction & { readonly choices?: Readonly<Record<string, TraitChoice>> }
): Result.Result<ResolvedProfile, UnknownSubject | InvalidIdentityOperation> => {
  const pair = manualPair(state, profileA, profileB)
  if (Result.isFailure(pair)) return Result.fail(pair.failure)
  const [ca, cb] = pair.success
  const { graph, components, constraints, traitConfig } = state
  const membersA = components.profileMembers(ca)
  const membersB = components.profileMembers(cb)
  const traitsA = mergeTraits(observationsOf(state, membersA), traitConfig)
  const traitsB = mergeTraits(observationsOf(state, membersB), traitConfig)
  const setB = new Set(membersB)
  for (const x of membersA) {
    const partners = constraints.doNotMerge.get(x)
    if (partners === undefined) continue
    for (const y of [...partners]) if (setB.has(y)) constraints.removeDoNotMerge(x, y)
  }
  constraints.mustLink.push([ca, cb])
  const before = snapshotProfiles(state, [...membersA, ...membersB])
  const rootA = graph.find(ca)
  const rootB = graph.find(cb)
  components.join(rootA, rootB)
  components.recompute(graph.find(ca))
  const into = graph.profileRecord[ca]!
  const choices: Record<string, unknown> = {}
  const observations: Array<TraitObservation> = []
  for (const [name, choice] of Object.entries(action.choices ?? {})) {
    const value = choice === "a" ? traitsA[name]?.value : choice === "b" ? traitsB[name]?.value : choice.value
    choices[name] = value
    observations.push({ name, value, source: "manual", observedAt: action.at, recordId: `manual:${++state.manualCount}` })
  }
  if (observations.length > 0) {
    const list = state.manualTraits.get(into) ?? []
    list.push(...observations)
    state.manualTraits.set(into, list)
  }
  state.ledger.append({
    kind: "manual_merge",
    at: action.at,
    profileIds: [state.profileIdOfIndex(ca), state.profileIdOfIndex(cb)],
    into: state.profileIdOfIndex(into),
    actor: action.actor,
    reason: action.reason,
    choices
  })
  recordMovesAndMerges(state, before, action.at, undefined, "manual_merge")
  return Result.succeed(profileOfCanonical(state, into, components.profileMembers(into)))
}

// The canonical records of two distinct live profiles, or why not.
const manualPair = (
  state: ResolverState,
  profileA: ProfileId,
  profileB: ProfileId
): Result.Result<readonly [number, number], UnknownSubject | InvalidIdentityOperation> => {
  const idA = currentProfileId(state, profileA)
  if (idA === undefined) return Result.fail(new UnknownSubject({ kind: "profile", id: profileA }))
  const idB = currentProfileId(state, profileB)
  if (idB === undefined) return Result.fail(new UnknownSubject({ kind: "profile", id: profileB }))
  if (idA === idB) return Result.fail(new InvalidIdentityOperation({ operation: "manual_merge", reason: "both ids name the same profile" }))
  state.components.ensureMembers()
  return Result.succeed([state.canonicalIndexOf(idA)!, state.canonicalIndexOf(idB)!] as const)
}

const dedupeIdentifiers = (identifiers: ReadonlyArray<NormalizedIdentifier>): Array<NormalizedIdentifier> => {
  const seen = new Set<string>()
  const out: Array<NormalizedIdentifier> = []
  for (const identifier of identifiers) {
    const key = `${identifier.type}:${identifier.value}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(identifier)
  }
  return out.sort((x, y) => (x.type !== y.type ? (x.type < y.type ? -1 : 1) : x.value < y.value ? -1 : 1))
}
