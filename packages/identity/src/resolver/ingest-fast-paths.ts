import type { ProfileId } from "@kith/core"
import type { IdentityWarning } from "../ledger.js"
import type { IdentityDecision } from "./ingest.js"
import { sharedKeyIdOf, sharedKeyOf } from "./shared-identifier.js"
import type { ResolverState } from "./state.js"

// The incremental resolver's shortcuts: decisions reached without running the
// greedy resolver over the component, each exactly what it would decide.

const noWarnings: ReadonlyArray<IdentityWarning> = []
const noProfileIds: ReadonlyArray<ProfileId> = []
const noMoves: IdentityDecision["movedRecords"] = []

// No guard can fire in the joined component: it is one profile, named by its
// earliest record (the same answer resolveComponent's fast path gives), and
// the decision follows without re-reading the component.
export const attachFast = (
  state: ResolverState,
  index: number,
  touched: ReadonlyArray<number>,
  oldLists: ReadonlyArray<ReadonlyArray<number>>,
  oldLengths: ReadonlyArray<number>
): IdentityDecision => {
  const graph = state.graph
  const record = graph.records[index]!
  const at = record.observedAt
  const rejected = graph.rejected.get(index) ?? []
  const warnings: Array<IdentityWarning> = []
  for (const { identifier, reason } of rejected) {
    const warning: IdentityWarning = { kind: "rejected", recordId: record.recordId, identifier, reason }
    warnings.push(warning)
    state.ledger.append({ kind: "warning", at, warning })
  }
  if (touched.length === 0) {
    const profileId0 = state.profileIdOfIndex(index)
    graph.profileRecord[index] = index
    state.ledger.appendCompact(index, index, -2)
    return { recordId: record.recordId, profileId: profileId0, kind: "created", mergedProfileIds: [], movedRecords: [], warnings }
  }
  const oldCanonicals = touched.map((root) => graph.profileRecord[root]!)
  let canonical = index
  for (const old of oldCanonicals) if (graph.before(old, canonical)) canonical = old
  for (let i = 0; i < touched.length; i++) {
    if (oldCanonicals[i] === canonical) continue
    const list = oldLists[i]!
    for (let j = 0; j < oldLengths[i]!; j++) graph.profileRecord[list[j]!] = canonical
  }
  graph.profileRecord[index] = canonical
  const profileId = state.profileIdOfIndex(canonical)
  const merged: Array<ProfileId> = []
  if (touched.length === 1 && oldCanonicals[0] === canonical) {
    state.ledger.appendCompact(index, canonical, sharedKeyIdOf(state, undefined))
    return { recordId: record.recordId, profileId, kind: "attached", mergedProfileIds: merged, movedRecords: [], warnings }
  }
  const order = oldCanonicals.map((old, i) => ({ old, root: touched[i]! })).sort((x, y) => graph.compareCanonical(x.old, y.old))
  for (const { old, root } of order) {
    if (old === canonical) continue
    const from = state.profileIdOfIndex(old)
    state.ledger.append({
      kind: "merged",
      at,
      from,
      into: profileId,
      recordId: record.recordId,
      identifier: sharedKeyOf(state, root),
      rule: canonical === index ? "earlier_record" : "shared_identifier"
    })
    state.redirects.set(from, profileId)
    merged.push(from)
  }
  state.ledger.append({ kind: "linked", at, recordId: record.recordId, source: record.source, profileId, identifier: sharedKeyOf(state, undefined), rule: "shared_identifier" })
  return { recordId: record.recordId, profileId, kind: merged.length > 0 ? "merged" : "attached", mergedProfileIds: merged, movedRecords: [], warnings }
}

// A later record in a component where guards fired (a household, say): when
// every identifier it shares is held by one and the same profile, and its new
// identifiers fit that profile's limits, the greedy pass would just attach it
// there (it comes last in canonical order and can merge nothing), so the
// component need not be re-resolved. Returns undefined when that is not sure.
export const resumeGuarded = (state: ResolverState, index: number, root: number): IdentityDecision | undefined => {
  const graph = state.graph
  const outcome = state.components.outcomes.get(root)
  // Drops and shared identifiers make the records carrying a value differ from
  // the records of the profile holding it: only a full pass knows then.
  if (outcome === undefined || outcome.quarantined.length > 0 || outcome.dropped.length > 0) return undefined
  let resume = state.components.resumable.get(outcome)
  if (resume === undefined) {
    const ownerOf = new Map<number, number>()
    for (const [profile, keys] of outcome.held) {
      for (const key of keys) ownerOf.set(key, ownerOf.has(key) ? -1 : profile)
    }
    let last = -1
    for (const member of state.components.ensureMembers().get(root)!) if (member !== index && (last === -1 || graph.before(last, member))) last = member
    resume = { ownerOf, last }
    state.components.resumable.set(outcome, resume)
  }
  if (resume.last !== -1 && graph.before(index, resume.last)) return undefined
  let profile = -1
  for (let i = 0; i < graph.sharedCount; i++) {
    const key = graph.sharedKeys[i]!
    const owner = resume.ownerOf.get(key)
    if (owner === undefined || owner === -1 || (profile !== -1 && owner !== profile)) return undefined
    profile = owner
  }
  if (profile === -1) return undefined
  const held = outcome.held.get(profile) as Array<number>
  const newKeys = graph.newKeys.slice(0, graph.newCount)
  if (newKeys.length > 0) {
    const perType: Array<number> = []
    for (const key of held) perType[graph.keyType[key]!] = (perType[graph.keyType[key]!] ?? 0) + 1
    for (const key of newKeys) {
      const type = graph.keyType[key]!
      const count = (perType[type] ?? 0) + 1
      if (count > graph.typeRules[type]!.maxValuesPerProfile) return undefined
      perType[type] = count
    }
    for (const key of newKeys) {
      held.push(key)
      resume.ownerOf.set(key, profile)
    }
  }
  resume.last = index
  state.components.ensureMembers().get(root)!.push(index)
  return attachLater(state, index, profile)
}

// Attaches record `index`, which comes last in canonical order, to the profile
// of canonical record `canonical` that the caller proved it joins: nothing
// else moves, and the entry goes to the ledger's compact columns.
export const attachLater = (state: ResolverState, index: number, canonical: number): IdentityDecision => {
  const graph = state.graph
  const record = graph.records[index]!
  const at = record.observedAt
  graph.profileRecord[index] = canonical
  const profileId = state.profileIdOfIndex(canonical)
  let warnings: ReadonlyArray<IdentityWarning> = noWarnings
  const rejected = graph.rejected.get(index)
  if (rejected !== undefined) {
    const list: Array<IdentityWarning> = []
    for (const { identifier, reason } of rejected) {
      const warning: IdentityWarning = { kind: "rejected", recordId: record.recordId, identifier, reason }
      list.push(warning)
      state.ledger.append({ kind: "warning", at, warning })
    }
    warnings = list
  }
  state.ledger.appendCompact(index, canonical, sharedKeyIdOf(state, undefined))
  return { recordId: record.recordId, profileId, kind: "attached", mergedProfileIds: noProfileIds, movedRecords: noMoves, warnings }
}
