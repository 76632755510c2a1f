import type { ProfileId } from "@kith/core"
import { UnionFind } from "@kith/core"
import { Result } from "effect"
import { InvalidIdentityOperation, UnknownSubject } from "../errors.js"
import type { ManualAction } from "../ledger.js"
import { identifierKey, type NormalizedIdentifier } from "../normalize.js"
import { recordMovesAndMerges, snapshotProfiles } from "./profile-changes.js"
import { profileOfCanonical, type ResolvedProfile } from "./queries.js"
import type { ResolverState } from "./state.js"

/**
 * The result of a split (IDN-8): where each of the two records is now, and
 * the evidence that still links the sides.
 *
 * The two records always end in different profiles. Profile ids follow a
 * profile's earliest record, so the side holding `from`'s earliest record
 * keeps the id `from`: when that is `recordB`, `b === from` and `a` is the new
 * id. `linking` lists the identifiers more than one of the resulting
 * profiles hold (a shared phone, a device): evidence that would join them
 * again, which only the split's do-not-merge pair keeps apart. A lookup by
 * one of them names every profile holding it, and a later record carrying
 * only such an identifier joins none of them (it is ambiguous). Empty when
 * the sides share nothing.
 *
 * @example
 * ```ts
 * // r-1 { phone +84912345678, email lan@x.vn }, r-2 { phone +84912345678, email mai@x.vn }
 * // resolver.split("r-1", "r-2", { at }) => Result.succeed({
 * //   from: "p_r-1", a: "p_r-1", b: "p_r-2", linking: [{ type: "phone", value: "+84912345678" }],
 * //   profiles: [{ profileId: "p_r-1", ... }, { profileId: "p_r-2", ... }] })
 * ```
 */
export interface SplitOutcome {
  readonly from: ProfileId
  /** The profile `recordA` is in now. */
  readonly a: ProfileId
  /** The profile `recordB` is in now: never `a`; `from` itself when `recordB` was the profile's earliest record. */
  readonly b: ProfileId
  /** Identifiers held by more than one of `profiles`, sorted by type, then value. */
  readonly linking: ReadonlyArray<NormalizedIdentifier>
  /** The profiles the old one became, each with its records, in canonical order of their first records (two, or more when a record carrying only linking identifiers joined neither side). */
  readonly profiles: ReadonlyArray<ResolvedProfile>
}

/**
 * The identifiers held by more than one of `profiles`, sorted by type, then
 * value: the evidence still linking the profiles a split made.
 *
 * @example
 * ```ts
 * linkingIdentifiers([
 *   { profileId: "p_r-1" as ProfileId, recordIds: ["r-1"], identifiers: [{ type: "email", value: "lan@x.vn" }, { type: "phone", value: "+84912345678" }] },
 *   { profileId: "p_r-2" as ProfileId, recordIds: ["r-2"], identifiers: [{ type: "email", value: "mai@x.vn" }, { type: "phone", value: "+84912345678" }] }
 * ]) // => [{ type: "phone", value: "+84912345678" }]
 * ```
 */
export const linkingIdentifiers = (profiles: ReadonlyArray<Pick<ResolvedProfile, "identifiers">>): Array<NormalizedIdentifier> => {
  const holders = new Map<string, { identifier: NormalizedIdentifier; count: number }>()
  for (const profile of profiles) {
    for (const identifier of profile.identifiers) {
      const key = identifierKey(identifier)
      const entry = holders.get(key)
      if (entry === undefined) holders.set(key, { identifier, count: 1 })
      else entry.count++
    }
  }
  return [...holders.values()]
    .filter((entry) => entry.count > 1)
    .map((entry) => entry.identifier)
    .sort((x, y) => (x.type !== y.type ? (x.type < y.type ? -1 : 1) : x.value < y.value ? -1 : x.value > y.value ? 1 : 0))
}

/**
 * Splits two records of one profile apart (IDN-8): a do-not-merge pair, the
 * manual merges inside the profile dropped (those that do not join the two
 * sides are restored), the component re-resolved, and the ledger told.
 */
export const splitRecords = (
  state: ResolverState,
  recordA: string,
  recordB: string,
  action: ManualAction
): Result.Result<SplitOutcome, UnknownSubject | InvalidIdentityOperation> => {
  const { graph, components, constraints } = state
  const a = graph.recordIndex.get(recordA)
  if (a === undefined) return Result.fail(new UnknownSubject({ kind: "record", id: recordA }))
  const b = graph.recordIndex.get(recordB)
  if (b === undefined) return Result.fail(new UnknownSubject({ kind: "record", id: recordB }))
  if (a === b || graph.profileRecord[a] !== graph.profileRecord[b]) {
    return Result.fail(new InvalidIdentityOperation({ operation: "split", reason: "the records are not in the same profile" }))
  }
  components.ensureMembers()
  const canonical = graph.profileRecord[a]!
  const from = state.profileIdOfIndex(canonical)
  const inProfile = new Set(components.profileMembers(canonical))
  const inside = constraints.mustLink.filter(([x, y]) => inProfile.has(x) && inProfile.has(y))
  constraints.mustLink = constraints.mustLink.filter(([x, y]) => !(inProfile.has(x) && inProfile.has(y)))
  constraints.addDoNotMerge(a, b)
  const before = snapshotProfiles(state, inProfile)
  components.recompute(graph.find(a))
  if (inside.length > 0) restoreManualMergesApartFrom(state, a, b, inside)
  const after = new Set([...inProfile].map((i) => graph.profileRecord[i]!))
  const into = [...after].sort(graph.compareCanonical).map((i) => state.profileIdOfIndex(i))
  state.ledger.append({ kind: "split", at: action.at, recordIds: [recordA, recordB], from, into, actor: action.actor, reason: action.reason })
  recordMovesAndMerges(state, before, action.at, undefined)
  const profiles = [...after].sort(graph.compareCanonical).map((c) => profileOfCanonical(state, c, components.profileMembers(c)))
  return Result.succeed({
    from,
    a: state.profileIdOfIndex(graph.profileRecord[a]!),
    b: state.profileIdOfIndex(graph.profileRecord[b]!),
    linking: linkingIdentifiers(profiles),
    profiles
  })
}

// A must-link overrides a do-not-merge pair, so a split first drops the
// manual merges inside the profile. Those that do not join `a`'s side to
// `b`'s (a person merged another duplicate into the profile) are restored,
// in the order they were made; if the sides still meet (a quarantine moved
// with them), they stay dropped.
const restoreManualMergesApartFrom = (state: ResolverState, a: number, b: number, inside: ReadonlyArray<readonly [number, number]>): void => {
  const { graph, components, constraints } = state
  // Which profiles the kept merges would join: sets of profiles after the re-resolution.
  const sides = new UnionFind()
  const slotOfProfile = new Map<number, number>()
  const sideOf = (record: number): number => {
    const profile = graph.profileRecord[record]!
    let slot = slotOfProfile.get(profile)
    if (slot === undefined) slotOfProfile.set(profile, (slot = sides.add()))
    return sides.find(slot)
  }
  const kept: Array<readonly [number, number]> = []
  for (const [x, y] of inside) {
    const gx = sideOf(x)
    const gy = sideOf(y)
    const ga = sideOf(a)
    const gb = sideOf(b)
    if ((gx === ga && gy === gb) || (gx === gb && gy === ga)) continue
    if (gx !== gy) sides.union(gx, gy)
    kept.push([x, y])
  }
  if (kept.length === 0) return
  const withoutKept = constraints.mustLink
  constraints.mustLink = [...withoutKept, ...kept]
  components.recompute(graph.find(a))
  if (graph.profileRecord[a] === graph.profileRecord[b]) {
    constraints.mustLink = withoutKept
    components.recompute(graph.find(a))
  }
}
