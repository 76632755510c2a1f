import type { ProfileId } from "@kith/core"
import type { IdentityWarning } from "../ledger.js"
import { type IdentityRecord, invalidRecord } from "../record.js"
import { activatePendingConstraints } from "./constraints.js"
import { attachFast, attachLater, resumeGuarded } from "./ingest-fast-paths.js"
import { recordMovesAndMerges, snapshotProfiles } from "./profile-changes.js"
import { sharedIdentifier } from "./shared-identifier.js"
import type { ResolverState } from "./state.js"
import { warningsOfOutcome } from "./warnings.js"

/**
 * What the incremental resolver decided for one record (IDN-1, IDN-6):
 * - `created`: a new profile;
 * - `attached`: the record joined an existing profile;
 * - `merged`: the record joined profiles that were apart (`mergedProfileIds` now resolve to `profileId`);
 * - `duplicate`: the record id was already known; nothing changed (idempotence).
 *
 * Identifiers dropped, kept apart or quarantined are in `warnings`; records that
 * re-resolving the component moved between profiles are in `movedRecords`.
 *
 * @example
 * ```ts
 * const decision: IdentityDecision = {
 *   recordId: "r-2", profileId: "p_r-1" as ProfileId, kind: "attached",
 *   mergedProfileIds: [], movedRecords: [], warnings: []
 * }
 * ```
 */
export interface IdentityDecision {
  readonly recordId: string
  readonly profileId: ProfileId
  readonly kind: "created" | "attached" | "merged" | "duplicate"
  readonly mergedProfileIds: ReadonlyArray<ProfileId>
  readonly movedRecords: ReadonlyArray<{ readonly recordId: string; readonly from: ProfileId; readonly into: ProfileId }>
  readonly warnings: ReadonlyArray<IdentityWarning>
}

/**
 * Resolves one record against the state (IDN-1, IDN-6). The record joins the
 * components it shares identifiers with; then, cheapest first: a later record
 * of one profile no guard can touch is attached in O(its identifiers); a
 * later record of a guarded component is attached when the greedy pass
 * provably would do the same; a joined component where no guard can fire is
 * one profile, named without re-reading it; anything else re-resolves the
 * joined component with the batch logic and reports the difference.
 */
export const ingestRecord = (state: ResolverState, record: IdentityRecord): IdentityDecision => {
  const { graph, components, constraints } = state
  const invalid = invalidRecord(record)
  if (invalid !== undefined) throw invalid
  const known = graph.recordIndex.get(record.recordId)
  if (known !== undefined) {
    return {
      recordId: record.recordId,
      profileId: state.profileIdOfIndex(graph.profileRecord[known]!),
      kind: "duplicate",
      mergedProfileIds: [],
      movedRecords: [],
      warnings: []
    }
  }
  const members = components.ensureMembers()
  const typeCounts = components.typeCounts!
  const index = graph.addRecord(record)
  const touchedCount = graph.touchedCount
  const firstTouched = graph.touchedRoots[0]!
  // Distinct identifier values per type in the joined component: a sum, since
  // every key belongs to exactly one component.
  let counts: Array<number>
  if (touchedCount === 1) {
    // One component: its root (the lower index) stays the root; count in place.
    counts = typeCounts.get(firstTouched)!
  } else {
    counts = []
    for (let i = 0; i < touchedCount; i++) {
      const root = graph.touchedRoots[i]!
      const part = typeCounts.get(root)!
      for (let type = 0; type < part.length; type++) counts[type] = (counts[type] ?? 0) + (part[type] ?? 0)
      typeCounts.delete(root)
    }
  }
  for (let i = 0; i < graph.newCount; i++) {
    const type = graph.keyType[graph.newKeys[i]!]!
    counts[type] = (counts[type] ?? 0) + 1
  }
  const root = graph.find(index)
  if (touchedCount !== 1) typeCounts.set(root, counts)
  // No constraint (a split, a manual merge) touches the joined component: the fast paths apply.
  const unconstrained = constraints.spares(record.recordId, graph.touchedRoots, touchedCount, root, (i) => graph.find(i))
  if (unconstrained && touchedCount === 1 && firstTouched === root && components.withinLimits(counts) && !graph.before(index, graph.profileRecord[root]!)) {
    // The hot path of a live feed: a later record of one profile no guard can touch.
    members.get(root)!.push(index)
    if (components.outcomes.size > 0) components.outcomes.delete(root)
    return attachLater(state, index, graph.profileRecord[root]!)
  }
  const touched = graph.touchedRoots.slice(0, touchedCount)
  if (unconstrained && touched.length === 1 && touched[0] === root) {
    const resumed = resumeGuarded(state, index, root)
    if (resumed !== undefined) return resumed
  }
  // The members each touched component had, as (list, length): lists grow in place.
  const oldLists = touched.map((old) => members.get(old)!)
  const oldLengths = oldLists.map((list) => list.length)
  if (touched.length === 1 && touched[0] === root) {
    // The common case: one component, whose root (its lowest index) stays the root.
    oldLists[0]!.push(index)
    components.outcomes.delete(root)
  } else {
    // Small lists join the largest, so a long history is never copied per record.
    let largest: Array<number> = []
    for (const list of oldLists) if (list.length > largest.length) largest = list
    for (const list of oldLists) if (list !== largest) for (const member of list) largest.push(member)
    largest.push(index)
    for (const old of touched) {
      members.delete(old)
      components.outcomes.delete(old)
    }
    members.set(root, largest)
  }
  const activated = activatePendingConstraints(state, record.recordId, index)
  if (activated.length > 0) return afterConstraintChange(state, index, activated)
  if (unconstrained && components.withinLimits(counts)) {
    return attachFast(state, index, touched, oldLists, oldLengths)
  }
  const before = new Map<number, number>()
  for (let i = 0; i < oldLists.length; i++) {
    const list = oldLists[i]!
    for (let j = 0; j < oldLengths[i]!; j++) before.set(list[j]!, graph.profileRecord[list[j]!]!)
  }
  components.recompute(root)
  return decisionAfterRecompute(state, index, before)
}

// The record put saved constraints in force: the components of the other
// records are re-resolved first (a do-not-merge pair may split them), then
// the record's own.
const afterConstraintChange = (state: ResolverState, index: number, others: ReadonlyArray<number>): IdentityDecision => {
  const { graph, components } = state
  const members = components.ensureMembers()
  const root = graph.find(index)
  for (const other of others) {
    const otherRoot = graph.find(other)
    if (otherRoot !== root && members.has(otherRoot)) components.recompute(otherRoot)
  }
  const before = snapshotProfiles(state, members.get(root)!)
  before.delete(index)
  components.recompute(root)
  return decisionAfterRecompute(state, index, before)
}

// The decision for record `index` after its component was re-resolved, from
// where the component's other records were `before`: ledger entries for the
// record, for profiles that merged and records that moved, and warnings.
const decisionAfterRecompute = (state: ResolverState, index: number, before: ReadonlyMap<number, number>): IdentityDecision => {
  const graph = state.graph
  const record = graph.records[index]!
  const at = record.observedAt
  for (const { identifier, reason } of graph.rejected.get(index) ?? []) {
    state.ledger.append({ kind: "warning", at, warning: { kind: "rejected", recordId: record.recordId, identifier, reason } })
  }
  const canonical = graph.profileRecord[index]!
  const profileId = state.profileIdOfIndex(canonical)
  const companions = [...before.keys()].filter((r) => graph.profileRecord[r] === canonical)
  if (companions.length === 0) state.ledger.append({ kind: "created", at, recordId: record.recordId, source: record.source, profileId })
  const { merged, moved } = recordMovesAndMerges(state, before, at, index)
  if (companions.length > 0) {
    state.ledger.append({
      kind: "linked",
      at,
      recordId: record.recordId,
      source: record.source,
      profileId,
      identifier: sharedIdentifier(state, index, companions),
      rule: "shared_identifier"
    })
  }
  const warnings: Array<IdentityWarning> = []
  for (const { identifier, reason } of graph.rejected.get(index) ?? []) warnings.push({ kind: "rejected", recordId: record.recordId, identifier, reason })
  const outcome = state.components.outcomes.get(graph.find(index))
  if (outcome !== undefined) {
    for (const warning of warningsOfOutcome(state, outcome, index)) {
      warnings.push(warning)
      state.ledger.append({ kind: "warning", at, warning })
    }
  }
  const oldProfiles = new Set(companions.map((r) => before.get(r)!))
  const kind = companions.length === 0 ? "created" : oldProfiles.size > 1 || merged.length > 0 ? "merged" : "attached"
  return { recordId: record.recordId, profileId, kind, mergedProfileIds: merged, movedRecords: moved, warnings }
}
