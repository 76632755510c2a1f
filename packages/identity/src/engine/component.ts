import { UnionFind } from "@kith/core"
import type { EvidenceGraph } from "./graph.js"

/**
 * Why a link was refused or an identifier dropped inside a component.
 *
 * @example
 * ```ts
 * const reason: GuardReason = "unique_conflict"
 * ```
 */
export type GuardReason = "unique_conflict" | "limit" | "do_not_merge"

/**
 * What resolving one component decided besides the partition: drops, refusals, quarantines.
 *
 * @example
 * ```ts
 * // resolveComponent(graph, members, constraints, false, false) => { dropped: [...], keptApart: [...], quarantined: [...], held: Map { ... } }
 * ```
 */
export interface ComponentOutcome {
  /** An identifier of a record that its profile could not hold (a limit, or a second value of a unique type). */
  readonly dropped: Array<{ readonly record: number; readonly key: number; readonly reason: "limit" | "unique_conflict" }>
  /** A shared identifier that did not merge two profiles, and the guard that stopped it. */
  readonly keptApart: Array<{ readonly record: number; readonly key: number; readonly otherRecord: number; readonly reason: GuardReason }>
  /** Identifiers held by more profiles than the quarantine threshold: they link nothing. */
  readonly quarantined: Array<{ readonly key: number; readonly profiles: ReadonlyArray<number> }>
  /** The identifier keys each profile holds, by the profile's canonical record. */
  readonly held: Map<number, ReadonlyArray<number>>
}

/**
 * Constraints added by people: do-not-merge pairs (IDN-8) and manual merges (IDN-9), by record index.
 *
 * @example
 * ```ts
 * const constraints: ManualConstraints = { doNotMerge: new Map([[0, new Set([3])], [3, new Set([0])]]), mustLink: [] }
 * ```
 */
export interface ManualConstraints {
  readonly doNotMerge: ReadonlyMap<number, ReadonlySet<number>>
  /** Must-link pairs in the order they were made. */
  readonly mustLink: ReadonlyArray<readonly [number, number]>
}

/**
 * Resolves one evidence component into profiles and writes the result into
 * `graph.profileRecord`. Every decision is a function of the component's
 * records in canonical order (observedAt, recordId), never of arrival order,
 * which is what makes batch and incremental resolution agree.
 *
 * Returns `undefined` when the fast path applied: no type exceeds its limit
 * across the whole component and no person-made constraint touches it, so no
 * guard can fire and the component is one profile.
 *
 * @example
 * ```ts
 * resolveComponent(graph, [0, 1, 2], { doNotMerge: new Map(), mustLink: [] }, false, false) // => undefined (fast path: one profile)
 * ```
 */
export const resolveComponent = (
  graph: EvidenceGraph,
  members: ReadonlyArray<number>,
  constraints: ManualConstraints,
  touchesConstraints: boolean,
  knownSafe: boolean
): ComponentOutcome | undefined => {
  if (members.length === 1 && !touchesConstraints) {
    const only = members[0]!
    if (knownSafe || withinLimits(graph, members)) {
      graph.profileRecord[only] = only
      return undefined
    }
  }
  if (!touchesConstraints && (knownSafe || withinLimits(graph, members))) {
    let canonical = members[0]!
    for (let i = 1; i < members.length; i++) if (graph.before(members[i]!, canonical)) canonical = members[i]!
    for (const member of members) graph.profileRecord[member] = canonical
    return undefined
  }
  const sorted = [...members].sort(graph.compareCanonical)
  // Quarantine is a fixpoint: a key held by too many profiles is withdrawn
  // and the component resolved again without it, until no key qualifies.
  const quarantine = new Map<number, ReadonlyArray<number>>()
  for (;;) {
    const pass = greedyPass(graph, sorted, quarantine, constraints)
    if (pass.quarantineCandidates.length === 0) {
      const quarantined = [...quarantine.keys()].sort((a, b) => a - b).map((key) => ({ key, profiles: quarantine.get(key)! }))
      return { dropped: pass.dropped, keptApart: pass.keptApart, quarantined, held: pass.held }
    }
    for (const key of pass.quarantineCandidates) quarantine.set(key, pass.holdersOf(key))
  }
}

/**
 * Does every identifier type stay within its per-profile limit over the whole component?
 *
 * @example
 * ```ts
 * withinLimits(graph, [0, 1]) // => true when no type has more distinct values than its limit
 * ```
 */
export const withinLimits = (graph: EvidenceGraph, members: ReadonlyArray<number>): boolean => {
  const counts: Array<number> = []
  const seen = new Set<number>()
  for (const member of members) {
    for (const key of graph.keysOf(member)) {
      if (seen.has(key)) continue
      seen.add(key)
      const type = graph.keyType[key]!
      const count = (counts[type] ?? 0) + 1
      if (count > graph.typeRules[type]!.maxValuesPerProfile) return false
      counts[type] = count
    }
  }
  return true
}

interface PassResult {
  readonly dropped: ComponentOutcome["dropped"]
  readonly keptApart: ComponentOutcome["keptApart"]
  readonly held: Map<number, ReadonlyArray<number>>
  readonly quarantineCandidates: ReadonlyArray<number>
  readonly holdersOf: (key: number) => ReadonlyArray<number>
}

// One greedy pass over the component in canonical order. Each record first
// forms its own pseudo-profile with the identifiers it may hold, then links
// through its identifiers, highest priority first, to the profiles already
// holding them, unless a guard refuses.
const greedyPass = (
  graph: EvidenceGraph,
  sorted: ReadonlyArray<number>,
  quarantine: ReadonlyMap<number, unknown>,
  constraints: ManualConstraints
): PassResult => {
  const m = sorted.length
  const localOf = new Map<number, number>()
  for (let i = 0; i < m; i++) localOf.set(sorted[i]!, i)
  // Pseudo-profiles by local index (canonical order): the smaller index stays
  // the root, so a profile's root is its earliest record.
  const profiles = new UnionFind(m)
  const find = (x: number): number => profiles.find(x)
  const held: Array<Array<number>> = new Array(m)
  const membersOf: Array<Array<number>> = new Array(m)
  const owners = new Map<number, Array<number>>()
  const dropped: Array<{ record: number; key: number; reason: "limit" | "unique_conflict" }> = []
  const keptApart: Array<{ record: number; key: number; otherRecord: number; reason: GuardReason }> = []
  const { keyType, typeRules } = graph
  const priorityOf = (key: number): number => typeRules[keyType[key]!]!.priority
  const byPriority = (a: number, b: number): number => {
    const pa = priorityOf(a)
    const pb = priorityOf(b)
    if (pa !== pb) return pb - pa
    const ta = graph.typeNames[keyType[a]!]!
    const tb = graph.typeNames[keyType[b]!]!
    if (ta !== tb) return ta < tb ? -1 : 1
    const va = graph.keyValue[a]!
    const vb = graph.keyValue[b]!
    return va < vb ? -1 : va > vb ? 1 : 0
  }
  const hasDoNotMerge = constraints.doNotMerge.size > 0

  const doNotMergeBetween = (a: number, b: number): boolean => {
    if (!hasDoNotMerge) return false
    for (const member of membersOf[a]!) {
      const partners = constraints.doNotMerge.get(sorted[member]!)
      if (partners === undefined) continue
      for (const partner of partners) {
        const local = localOf.get(partner)
        if (local !== undefined && find(local) === b) return true
      }
    }
    return false
  }

  // Distinct values per type in the union of two profiles, for the types that overflow.
  const overflowingTypes = (a: number, b: number): Array<number> => {
    const counts = new Map<number, number>()
    const seen = new Set<number>()
    for (const key of held[a]!) {
      seen.add(key)
      counts.set(keyType[key]!, (counts.get(keyType[key]!) ?? 0) + 1)
    }
    for (const key of held[b]!) {
      if (seen.has(key)) continue
      counts.set(keyType[key]!, (counts.get(keyType[key]!) ?? 0) + 1)
    }
    const over: Array<number> = []
    for (const [type, count] of counts) if (count > typeRules[type]!.maxValuesPerProfile) over.push(type)
    return over
  }

  // `a` and `b` are roots.
  const merge = (a: number, b: number): void => {
    const survivor = profiles.union(a, b)
    const absorbed = survivor === a ? b : a
    const keys = held[survivor]!
    for (const key of held[absorbed]!) if (!keys.includes(key)) keys.push(key)
    for (const member of membersOf[absorbed]!) membersOf[survivor]!.push(member)
  }

  for (let i = 0; i < m; i++) {
    const record = sorted[i]!
    const keys = graph.keysOf(record).filter((key) => !quarantine.has(key)).sort(byPriority)
    const mine: Array<number> = []
    const typeCounts = new Map<number, number>()
    for (const key of keys) {
      const type = keyType[key]!
      const rule = typeRules[type]!
      const count = typeCounts.get(type) ?? 0
      if (count >= rule.maxValuesPerProfile) {
        dropped.push({ record, key, reason: rule.unique ? "unique_conflict" : "limit" })
        continue
      }
      typeCounts.set(type, count + 1)
      mine.push(key)
    }
    held[i] = mine.slice()
    membersOf[i] = [i]
    // Identifiers one profile holds link first; contested ones (held by
    // several profiles kept apart by a guard) only after, so a record carrying
    // one sister's email and the sisters' shared phone goes to that sister.
    const uncontested: Array<number> = []
    const contested: Array<number> = []
    for (const key of mine) {
      const keyOwners = owners.get(key)
      if (keyOwners !== undefined && keyOwners.length > 1 && new Set(keyOwners.map(find)).size > 1) contested.push(key)
      else uncontested.push(key)
    }
    for (const key of contested.length === 0 ? mine : [...uncontested, ...contested]) {
      const keyOwners = owners.get(key)
      if (keyOwners === undefined) continue
      const roots = [...new Set(keyOwners.map(find))].sort((a, b) => a - b)
      for (const owner of roots) {
        const current = find(i)
        if (owner === current) continue
        if (!held[current]!.includes(key)) break // dropped from this record while linking an earlier owner
        if (doNotMergeBetween(current, owner) || doNotMergeBetween(owner, current)) {
          keptApart.push({ record, key, otherRecord: sorted[owner]!, reason: "do_not_merge" })
          continue
        }
        const over = overflowingTypes(current, owner)
        let refusal: GuardReason | undefined
        for (const type of over) {
          const rule = typeRules[type]!
          if (rule.unique) {
            refusal = "unique_conflict"
            break
          }
          refusal = "limit"
        }
        if (refusal === "limit" && current === i && membersOf[i]!.length === 1) {
          // Only this record's own identifiers overflow: the lower-priority side gives way (IDN-5).
          refusal = undefined
          for (const type of over) {
            if (typeRules[type]!.priority > priorityOf(key)) {
              // The linking identifier is the lower-priority one: drop it from the record.
              held[i] = held[i]!.filter((k) => k !== key)
              dropped.push({ record, key, reason: "limit" })
              refusal = "limit"
              break
            }
          }
          if (refusal === undefined) {
            for (const type of over) {
              const ownerValues = new Set(held[owner]!.filter((k) => keyType[k] === type))
              const room = typeRules[type]!.maxValuesPerProfile - ownerValues.size
              const mineOfType = held[i]!.filter((k) => keyType[k] === type && !ownerValues.has(k))
              const excess = mineOfType.slice(Math.max(0, room))
              for (const extra of excess) dropped.push({ record, key: extra, reason: "limit" })
              held[i] = held[i]!.filter((k) => !excess.includes(k))
            }
            if (!held[i]!.includes(key)) break
          } else break
        }
        if (refusal !== undefined) {
          keptApart.push({ record, key, otherRecord: sorted[owner]!, reason: refusal })
          continue
        }
        merge(current, owner)
      }
    }
    const root = find(i)
    const rootHeld = held[root]!
    for (const key of mine) {
      if (!rootHeld.includes(key)) continue
      const keyOwners = owners.get(key)
      if (keyOwners === undefined) owners.set(key, [root])
      else if (!keyOwners.some((owner) => find(owner) === root)) keyOwners.push(root)
    }
  }

  // Manual merges win over every guard (IDN-9), in the order they were made.
  for (const [a, b] of constraints.mustLink) {
    const la = localOf.get(a)
    const lb = localOf.get(b)
    if (la === undefined || lb === undefined) continue
    const ra = find(la)
    const rb = find(lb)
    if (ra !== rb) merge(ra, rb)
  }

  const holdersOf = (key: number): Array<number> => {
    const keyOwners = owners.get(key)
    if (keyOwners === undefined) return []
    return [...new Set(keyOwners.map(find))].sort((a, b) => a - b).map((local) => sorted[local]!)
  }
  const quarantineCandidates: Array<number> = []
  const threshold = graph.policy.quarantineThreshold
  for (const [key, keyOwners] of owners) {
    if (keyOwners.length <= threshold) continue
    if (new Set(keyOwners.map(find)).size > threshold) quarantineCandidates.push(key)
  }

  const heldByProfile = new Map<number, ReadonlyArray<number>>()
  for (let i = 0; i < m; i++) {
    const root = find(i)
    graph.profileRecord[sorted[i]!] = sorted[root]!
    if (root === i) heldByProfile.set(sorted[i]!, held[i]!)
  }
  return { dropped, keptApart, held: heldByProfile, quarantineCandidates, holdersOf }
}
