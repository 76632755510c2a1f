import { resolveComponent } from "../engine/component.js"
import { type IdentityRecord, invalidRecord } from "../record.js"
import { activatePendingConstraints } from "./constraints.js"
import { recordMovesAndMerges } from "./profile-changes.js"
import type { ResolverState } from "./state.js"

/**
 * Summary of a bulk load.
 *
 * @example
 * ```ts
 * createResolver().ingestBatch([]) // => { records: 0, duplicates: 0, profiles: 0 }
 * ```
 */
export interface BatchSummary {
  readonly records: number
  readonly duplicates: number
  readonly profiles: number
}

/**
 * Loads many records at once (IDN-6): every record joins the graph first
 * (union-find over typed arrays, no per-record decision), then every
 * component is resolved once. Known record ids are skipped. Records loaded
 * before that change profile get `merged` and `moved` entries; the load's own
 * entries are derived when the ledger is read.
 */
export const ingestRecords = (state: ResolverState, records: Iterable<IdentityRecord>): BatchSummary => {
  const { graph, constraints, components, ledger } = state
  // Every record is checked before any enters: a bad one changes nothing.
  const all = Array.isArray(records) ? (records as ReadonlyArray<IdentityRecord>) : [...records]
  for (const record of all) {
    const invalid = invalidRecord(record)
    if (invalid !== undefined) throw invalid
  }
  records = all
  const start = graph.records.length
  let duplicates = 0
  const activations: Array<number> = []
  // Component lists and counts are rebuilt after a bulk load (on demand).
  components.drop()
  const pending = constraints.hasPending()
  for (const record of records) {
    if (graph.recordIndex.has(record.recordId)) {
      duplicates++
      continue
    }
    const index = graph.addRecord(record, false)
    if (pending) activations.push(index)
  }
  for (const index of activations) activatePendingConstraints(state, graph.records[index]!.recordId, index)
  // Records already in the state may change profile (an earlier record or a
  // bridge arrived in the load): remember where they were, so that renamed
  // profiles get a `merged` entry and their old ids keep resolving.
  const earlier = start > 0 ? graph.profileRecord.slice(0, start) : undefined
  recomputeAll(state)
  const end = graph.records.length
  if (end > start) ledger.appendBulkLoad(start, end, graph.profileRecord.slice(0, end))
  if (earlier !== undefined && end > start) {
    const changed = new Map<number, number>()
    for (let i = 0; i < start; i++) if (graph.profileRecord[i] !== earlier[i]) changed.set(i, earlier[i]!)
    if (changed.size > 0) {
      let at = graph.observedAt[start]!
      for (let i = start + 1; i < end; i++) at = Math.max(at, graph.observedAt[i]!)
      recordMovesAndMerges(state, changed, new Date(at), undefined)
    }
  }
  let profiles = 0
  for (let i = 0; i < end; i++) if (graph.profileRecord[i] === i) profiles++
  return { records: end - start, duplicates, profiles }
}

// The bulk path: one pass to count identifier values per component and type,
// so that only components where some guard could fire run the greedy resolver.
const recomputeAll = (state: ResolverState): void => {
  const { graph, constraints } = state
  const n = graph.records.length
  const componentOf = new Int32Array(n).fill(-1)
  const rootOf = new Int32Array(n)
  let components = 0
  for (let i = 0; i < n; i++) {
    const root = graph.find(i)
    rootOf[i] = root
    if (componentOf[root] === -1) componentOf[root] = components++
  }
  const types = graph.typeNames.length
  const counts = new Uint16Array(components * types)
  const unsafe = new Uint8Array(components)
  const limits = graph.typeRules.map((rule) => rule.maxValuesPerProfile)
  for (let key = 0; key < graph.keyType.length; key++) {
    const holder = graph.keyRecord[key]!
    if (holder === -1) continue
    const component = componentOf[rootOf[holder]!]!
    const type = graph.keyType[key]!
    const slot = component * types + type
    const count = counts[slot]! + 1
    if (count < 65535) counts[slot] = count
    if (count > limits[type]!) unsafe[component] = 1
  }
  for (const record of constraints.doNotMerge.keys()) unsafe[componentOf[rootOf[record]!]!] = 1
  for (const [a, b] of constraints.mustLink) {
    unsafe[componentOf[rootOf[a]!]!] = 1
    unsafe[componentOf[rootOf[b]!]!] = 1
  }
  const canonical = new Int32Array(components).fill(-1)
  let unsafeMembers: Map<number, Array<number>> | undefined
  for (let i = 0; i < n; i++) {
    const component = componentOf[rootOf[i]!]!
    if (unsafe[component] === 1) {
      unsafeMembers ??= new Map()
      const list = unsafeMembers.get(component)
      if (list === undefined) unsafeMembers.set(component, [i])
      else list.push(i)
      continue
    }
    const current = canonical[component]!
    if (current === -1 || graph.before(i, current)) canonical[component] = i
  }
  for (let i = 0; i < n; i++) {
    const component = componentOf[rootOf[i]!]!
    if (unsafe[component] === 0) graph.profileRecord[i] = canonical[component]!
  }
  state.components.outcomes.clear()
  if (unsafeMembers !== undefined) {
    for (const members of unsafeMembers.values()) {
      const outcome = resolveComponent(graph, members, constraints, constraints.touches(members), false)
      if (outcome !== undefined) state.components.outcomes.set(rootOf[members[0]!]!, outcome)
    }
  }
  state.components.drop()
}
