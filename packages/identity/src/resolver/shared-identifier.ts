import type { NormalizedIdentifier } from "../normalize.js"
import type { ResolverState } from "./state.js"

/**
 * The first identifier of `record` (priority order) also held by one of
 * `others`: what a ledger entry names as the link. In a guarded component
 * only identifiers that can link count: held by the record's profile, not
 * quarantined, not dropped from the record that carries them (a quarantined
 * hotline is shared, but linked nobody).
 */
export const sharedIdentifier = (state: ResolverState, record: number, others: ReadonlyArray<number>): NormalizedIdentifier | undefined => {
  const graph = state.graph
  const outcome = state.components.outcomes.get(graph.find(record))
  let usable: (holder: number, key: number) => boolean = () => true
  if (outcome !== undefined) {
    const held = new Set(outcome.held.get(graph.profileRecord[record]!) ?? [])
    for (const { key } of outcome.quarantined) held.delete(key)
    const dropped = new Set(outcome.dropped.map((drop) => `${drop.record}/${drop.key}`))
    usable = (holder, key) => held.has(key) && !dropped.has(`${holder}/${key}`)
  }
  const otherKeys = new Set<number>()
  for (const other of others) graph.forEachKey(other, (key) => usable(other, key) && otherKeys.add(key))
  const keys = graph.keysOf(record).sort((x, y) => graph.typeRules[graph.keyType[y]!]!.priority - graph.typeRules[graph.keyType[x]!]!.priority)
  for (const key of keys) if (otherKeys.has(key) && usable(record, key)) return { type: graph.typeOfKey(key), value: graph.keyValue[key]! }
  return undefined
}

/**
 * The key of the highest-priority identifier the last added record shares
 * with component `root` (with any component when `root` is undefined), or -1.
 * Read from the graph's scratch lists of that record, so it costs nothing
 * per record of the component.
 */
export const sharedKeyIdOf = (state: ResolverState, root: number | undefined): number => {
  const graph = state.graph
  let best = -1
  for (let i = 0; i < graph.sharedCount; i++) {
    if (root !== undefined && graph.sharedKeyRoots[i] !== root) continue
    const key = graph.sharedKeys[i]!
    if (best === -1 || graph.typeRules[graph.keyType[key]!]!.priority > graph.typeRules[graph.keyType[best]!]!.priority) best = key
  }
  return best
}

/** {@link sharedKeyIdOf} as an identifier. */
export const sharedKeyOf = (state: ResolverState, root: number | undefined): NormalizedIdentifier | undefined => {
  const key = sharedKeyIdOf(state, root)
  return key === -1 ? undefined : state.identifierOfKey(key)
}
