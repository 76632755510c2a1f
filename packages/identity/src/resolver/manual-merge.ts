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
 * A unique identifier type (user id, national id, ...) for which the two
 * profiles of a manual merge hold different values: after the merge the
 * profile holds both, which no automatic merge would allow.
 *
 * @example
 * ```ts
 * const conflict: IdentifierConflict = { type: "user_id", values: ["u-1", "u-9"] }
 * ```
 */
export interface IdentifierConflict {
  readonly type: string
  /** Every value of the type either profile holds, sorted. */
  readonly values: ReadonlyArray<string>
}

/**
 * A trait whose values differ between the two profiles of a manual merge,
 * with each side's value: `a` for the profile passed first, `b` for the
 * other, the names a {@link TraitChoice} uses to keep one of them.
 *
 * @example
 * ```ts
 * const conflict: TraitConflict<ObservedTrait> = {
 *   name: "fullName",
 *   a: { value: "Lan", at: 1740794400000, source: "web" },
 *   b: { value: "Nguyễn Thị Lan", at: 1740880800000, source: "zalo_oa" }
 * }
 * ```
 */
export interface TraitConflict<Trait = ProvenancedTrait> {
  readonly name: string
  readonly a: Trait
  readonly b: Trait
}

/**
 * A dry run of a manual merge of profiles `a` and `b` (IDN-9): what the
 * merged profile would be, and what a person should choose on. Nothing
 * changes until the merge is made ({@link IdentityResolver.manualMerge}).
 *
 * The survivor is `into`, the profile with the earlier first record in
 * canonical order (its id stays); `from` is merged away and resolves to
 * `into` from then on. Conflicts name their sides `a` and `b`, as the
 * profiles were passed and as {@link TraitChoice} names them.
 *
 * `Trait` is how a trait's value and provenance are shown: the resolver's
 * {@link ProvenancedTrait}, or a store's held form ({@link ObservedTrait}).
 *
 * @example
 * ```ts
 * import { createResolver } from "@kith/identity"
 * import { Result } from "effect"
 *
 * const resolver = createResolver()
 * const at = (day: number) => new Date(Date.UTC(2025, 2, day))
 * resolver.ingest({ recordId: "r-1", observedAt: at(1), source: "web", identifiers: [{ type: "user_id", value: "u-1" }], traits: { fullName: "Lan" } })
 * resolver.ingest({ recordId: "r-9", observedAt: at(2), source: "zalo_oa", identifiers: [{ type: "user_id", value: "u-9" }], traits: { fullName: "Nguyễn Thị Lan" } })
 * const preview = Result.getOrThrow(resolver.previewManualMerge(resolver.profileOf("r-9")!, resolver.profileOf("r-1")!))
 * preview.into // => "p_r-1"
 * preview.recordIds // => ["r-1", "r-9"]
 * preview.identifierConflicts // => [{ type: "user_id", values: ["u-1", "u-9"] }]
 * preview.traitConflicts.map((c) => [c.name, c.a.value, c.b.value]) // => [["fullName", "Nguyễn Thị Lan", "Lan"]]
 * ```
 */
export interface ManualMergePreview<Trait = ProvenancedTrait> {
  /** The surviving profile: the one whose first record comes first in canonical order. */
  readonly into: ProfileId
  /** The profile merged away. */
  readonly from: ProfileId
  /** Every record of the merged profile, in canonical order (for records made from events, their `messageId`s). */
  readonly recordIds: ReadonlyArray<string>
  /** Every identifier of the merged profile, sorted by type, then value. */
  readonly identifiers: ReadonlyArray<NormalizedIdentifier>
  /** Unique identifier types for which the two profiles hold different values. */
  readonly identifierConflicts: ReadonlyArray<IdentifierConflict>
  /** Traits whose values differ between the two profiles, by name; pass a choice per name to the merge. */
  readonly traitConflicts: ReadonlyArray<TraitConflict<Trait>>
  /** The merged profile's traits before any choice. */
  readonly traits: Readonly<Record<string, Trait>>
}

/**
 * The preview {@link IdentityResolver.previewManualMerge} returns: a
 * {@link ManualMergePreview} whose trait conflicts also carry their sides
 * under the names they had before, `into` and `from` (by survivor rather
 * than by argument order).
 *
 * @deprecated Type previews as {@link ManualMergePreview} and read trait
 * conflicts' `a` and `b`; this type and the conflicts' `into` / `from` go in
 * the next minor version.
 *
 * @example
 * ```ts
 * // resolver.previewManualMerge(a, b) => Result.succeed({ into: "p_r-1", from: "p_r-9", traitConflicts: [{ name: "fullName", a: ..., b: ..., into: ..., from: ... }], ... })
 * ```
 */
export interface MergePreview extends ManualMergePreview {
  readonly traitConflicts: ReadonlyArray<
    TraitConflict & {
      /** @deprecated The value of the surviving profile: `a` or `b`, whichever is `into`. */
      readonly into: ProvenancedTrait
      /** @deprecated The value of the profile merged away. */
      readonly from: ProvenancedTrait
    }
  >
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

/** Previews a manual merge of two live profiles (IDN-9); changes nothing. Conflicts are listed by trait name. */
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
  const identifierConflicts: Array<IdentifierConflict> = []
  for (const type of new Set(identifiers.map((i) => i.type))) {
    if (!graph.policy.ruleOf(type).unique) continue
    const values = identifiers.filter((i) => i.type === type).map((i) => i.value)
    if (values.length > 1) identifierConflicts.push({ type, values })
  }
  const traitsInto = mergeTraits(observationsOf(state, membersInto), traitConfig)
  const traitsFrom = mergeTraits(observationsOf(state, membersFrom), traitConfig)
  const [traitsA, traitsB] = ca === into ? [traitsInto, traitsFrom] : [traitsFrom, traitsInto]
  const traitConflicts: Array<MergePreview["traitConflicts"][number]> = []
  for (const name of Object.keys(traitsA).sort()) {
    const a = traitsA[name]!
    const b = traitsB[name]
    if (b === undefined || JSON.stringify(a.value) === JSON.stringify(b.value)) continue
    traitConflicts.push({ name, a, b, into: traitsInto[name]!, from: traitsFrom[name]! })
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
  constraints.addMustLink(ca, cb)
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
