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
 * What resolving one component decided besides the partition: drops, refusals,
 * shared identifiers (quarantined) and ambiguous records.
 *
 * @example
 * ```ts
 * // resolveComponent(graph, members, constraints, false, false) => { dropped: [...], keptApart: [...], quarantined: [...], ambiguous: [...], held: Map { ... } }
 * ```
 */
export interface ComponentOutcome {
  /** An identifier of a record that its profile could not hold (a limit, or a second value of a unique type). */
  readonly dropped: Array<{ readonly record: number; readonly key: number; readonly reason: "limit" | "unique_conflict" }>
  /** A shared identifier that did not merge two profiles, and the guard that stopped it. */
  readonly keptApart: Array<{ readonly record: number; readonly key: number; readonly otherRecord: number; readonly reason: GuardReason }>
  /** Shared identifiers (see {@link sharedKeysOf}): they link nobody; `profiles` are records of the profiles whose records carry them. */
  readonly quarantined: Array<{ readonly key: number; readonly profiles: ReadonlyArray<number> }>
  /**
   * Records whose identifiers led to several profiles that a guard keeps
   * apart: each joined none of them. `keys` are the identifiers that led
   * there, `candidates` records of the candidate profiles (as they stood when
   * the record came, in canonical order).
   */
  readonly ambiguous: Array<{ readonly record: number; readonly keys: ReadonlyArray<number>; readonly candidates: ReadonlyArray<number> }>
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
  const shared = sharedKeysOf(graph, sorted)
  return greedyPass(graph, sorted, shared, constraints)
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

/**
 * The order in which a record's identifiers link and are kept: priority
 * (highest first), then type name, then value. Ties never depend on arrival.
 *
 * @example
 * ```ts
 * // graph: an EvidenceGraph (internal) holding one record with a device id, an email and a phone
 * // graph.keysOf(record).sort(byPriority(graph)).map((key) => graph.typeOfKey(key)) => ["phone", "email", "device_id"]
 * ```
 */
export const byPriority =
  (graph: EvidenceGraph) =>
  (a: number, b: number): number => {
    const { keyType, typeRules } = graph
    const pa = typeRules[keyType[a]!]!.priority
    const pb = typeRules[keyType[b]!]!.priority
    if (pa !== pb) return pb - pa
    const ta = graph.typeNames[keyType[a]!]!
    const tb = graph.typeNames[keyType[b]!]!
    if (ta !== tb) return ta < tb ? -1 : 1
    const va = graph.keyValue[a]!
    const vb = graph.keyValue[b]!
    return va < vb ? -1 : va > vb ? 1 : 0
  }

/**
 * The identifiers one record may hold on its own: its keys (minus `excluded`)
 * in priority order, each type cut at its per-profile limit. The rest is the
 * record's own overflow (a seventh email in one form), dropped.
 *
 * @example
 * ```ts
 * // graph: an EvidenceGraph (internal) with email limited to 1; the record carries b@x.vn and a@x.vn
 * // ownKeys(graph, record, new Map(), byPriority(graph)) => { kept: [key of a@x.vn], overflow: [key of b@x.vn] }
 * ```
 */
export const ownKeys = (
  graph: EvidenceGraph,
  record: number,
  excluded: ReadonlyMap<number, unknown>,
  order: (a: number, b: number) => number
): { readonly kept: Array<number>; readonly overflow: Array<number> } => {
  const keys = graph.keysOf(record)
  const candidates = excluded.size === 0 ? keys : keys.filter((key) => !excluded.has(key))
  candidates.sort(order)
  const kept: Array<number> = []
  const overflow: Array<number> = []
  const typeCounts = new Map<number, number>()
  for (const key of candidates) {
    const type = graph.keyType[key]!
    const count = typeCounts.get(type) ?? 0
    if (count >= graph.typeRules[type]!.maxValuesPerProfile) {
      overflow.push(key)
      continue
    }
    typeCounts.set(type, count + 1)
    kept.push(key)
  }
  return { kept, overflow }
}

/**
 * The shared identifiers of a component: values that link nobody, decided
 * from the records that carry them, never from the order they came in.
 *
 * A value `k` of a non-unique type is shared when the records carrying it
 * would, joined, hold more distinct values of some *identifying* type `t`
 * (any type but `k`'s own, with priority 50 or more: not device or
 * anonymous ids) than `t` allows — its per-profile limit for a non-unique
 * type, the quarantine threshold `N` for a unique one (`N` accounts). Records
 * carrying the same value of a unique type (one account) count as one owner,
 * and each owner counts at most its limit of each type, so one person's own
 * overflow (a seventh email of the same customer) never makes a value shared;
 * it is dropped as before. A value of a unique type is never shared: it names
 * one person.
 *
 * The shop hotline: eight customers, each with an email of their own, typed
 * the shop's phone; the records carrying the phone hold eight emails, over
 * the limit of five, so the phone links nobody. The kiosk: twenty buyers
 * with their own phones on one device id; twenty phones over five, so the
 * device id links nobody.
 *
 * @returns each shared key with the records (indices) that carry it
 *
 * @example
 * ```ts
 * // graph: an EvidenceGraph (internal) with six records, each the hotline 028 3822 1234 and its own email
 * // sharedKeysOf(graph, [0, 1, 2, 3, 4, 5]) => Map { key of +842838221234 => [0, 1, 2, 3, 4, 5] }
 * ```
 */
export const sharedKeysOf = (graph: EvidenceGraph, sorted: ReadonlyArray<number>): Map<number, ReadonlyArray<number>> => {
  const { keyType, typeRules } = graph
  const order = byPriority(graph)
  const none = new Map<number, unknown>()
  const own: Array<ReadonlyArray<number>> = []
  const carriersOf = new Map<number, Array<number>>()
  for (let i = 0; i < sorted.length; i++) {
    const kept = ownKeys(graph, sorted[i]!, none, order).kept
    own.push(kept)
    for (const key of kept) {
      const list = carriersOf.get(key)
      if (list === undefined) carriersOf.set(key, [i])
      else list.push(i)
    }
  }
  const threshold = graph.policy.quarantineThreshold
  const capOf = (type: number): number => (typeRules[type]!.unique ? threshold : typeRules[type]!.maxValuesPerProfile)
  const counts = (holders: Iterable<ReadonlyArray<number>>, skip: number): Map<number, number> => {
    const seen = new Set<number>()
    const out = new Map<number, number>()
    for (const keys of holders) {
      for (const key of keys) {
        const t = keyType[key]!
        if (t === skip || seen.has(key) || typeRules[t]!.priority < IdentifyingPriority) continue
        seen.add(key)
        out.set(t, (out.get(t) ?? 0) + 1)
      }
    }
    return out
  }
  const overCap = (perType: ReadonlyMap<number, number>): boolean => {
    for (const [t, count] of perType) if (count > capOf(t)) return true
    return false
  }
  const shared = new Map<number, ReadonlyArray<number>>()
  for (const [key, carriers] of carriersOf) {
    if (carriers.length < 2) continue
    const type = keyType[key]!
    if (typeRules[type]!.unique) continue
    // Cheap first: without grouping into owners the counts can only be higher.
    if (!overCap(counts(carriers.map((c) => own[c]!), type))) continue
    // Owners: carriers joined by a value of a unique type (one account).
    const owners = new UnionFind(carriers.length)
    const byUnique = new Map<number, number>()
    carriers.forEach((carrier, position) => {
      for (const k of own[carrier]!) {
        if (!typeRules[keyType[k]!]!.unique) continue
        const first = byUnique.get(k)
        if (first === undefined) byUnique.set(k, position)
        else owners.union(first, position)
      }
    })
    const valuesOf = new Map<number, Array<number>>()
    carriers.forEach((carrier, position) => {
      const root = owners.find(position)
      const list = valuesOf.get(root)
      if (list === undefined) valuesOf.set(root, [...own[carrier]!])
      else for (const k of own[carrier]!) if (!list.includes(k)) list.push(k)
    })
    const capped: Array<ReadonlyArray<number>> = []
    for (const values of valuesOf.values()) {
      values.sort(order)
      const perType = new Map<number, number>()
      capped.push(
        values.filter((k) => {
          const t = keyType[k]!
          const n = perType.get(t) ?? 0
          perType.set(t, n + 1)
          return n < typeRules[t]!.maxValuesPerProfile
        })
      )
    }
    if (overCap(counts(capped, type))) shared.set(key, carriers.map((c) => sorted[c]!))
  }
  return shared
}

/**
 * Types with at least this priority identify a person (phones, emails, ids of
 * accounts and apps); below it (device and anonymous ids) a browser or a
 * device, which several people may use: their overflow is dropped, never a
 * reason to call a value shared.
 *
 * @example
 * ```ts
 * IdentifyingPriority // => 50
 * ```
 */
export const IdentifyingPriority = 50

// One record's way through the profiles already holding its identifiers,
// decided on a copy first: which profiles it joins, which refuse it (and
// why), which of its own identifiers it drops to fit. Applied as planned,
// unless it is ambiguous.
interface LinkPlan {
  readonly drops: Array<number>
  readonly merges: Array<number>
  readonly refusals: Array<{ readonly key: number; readonly owner: number; readonly reason: GuardReason }>
  /** A profile reached through an uncontested identifier refused the record, or made it drop the linking identifier. */
  uncontestedRefused: boolean
}

// One greedy pass over the component in canonical order. Each record first
// forms its own pseudo-profile with the identifiers it may hold, then links
// through its identifiers, highest priority first, to the profiles already
// holding them, unless a guard refuses or the record is ambiguous.
const greedyPass = (
  graph: EvidenceGraph,
  sorted: ReadonlyArray<number>,
  shared: ReadonlyMap<number, ReadonlyArray<number>>,
  constraints: ManualConstraints
): ComponentOutcome => {
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
  const ambiguous: Array<{ record: number; keys: ReadonlyArray<number>; candidates: ReadonlyArray<number> }> = []
  const { keyType, typeRules } = graph
  const order = byPriority(graph)
  const priorityOf = (key: number): number => typeRules[keyType[key]!]!.priority
  const hasDoNotMerge = constraints.doNotMerge.size > 0

  const doNotMergeBetween = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): boolean => {
    if (!hasDoNotMerge) return false
    const inB = new Set(b)
    const inA = new Set(a)
    for (const [from, to] of [
      [a, inB],
      [b, inA]
    ] as const) {
      for (const member of from) {
        const partners = constraints.doNotMerge.get(sorted[member]!)
        if (partners === undefined) continue
        for (const partner of partners) {
          const local = localOf.get(partner)
          if (local !== undefined && to.has(local)) return true
        }
      }
    }
    return false
  }

  // Types whose distinct values in the union of two key lists break their limit.
  const overflowingTypes = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): Array<number> => {
    const counts = new Map<number, number>()
    const seen = new Set<number>()
    for (const key of a) {
      seen.add(key)
      counts.set(keyType[key]!, (counts.get(keyType[key]!) ?? 0) + 1)
    }
    for (const key of b) {
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

  // Plans record `i`'s links through `keys` (in order) on a copy of its pseudo-profile.
  const planLinks = (i: number, keys: ReadonlyArray<number>, uncontested: ReadonlySet<number>): LinkPlan => {
    const plan: LinkPlan = { drops: [], merges: [], refusals: [], uncontestedRefused: false }
    let mine = held[i]!.slice()
    const members = [i]
    const joined = new Set<number>([i])
    for (const key of keys) {
      const keyOwners = owners.get(key)
      if (keyOwners === undefined) continue
      const roots = [...new Set(keyOwners.map(find))].sort((a, b) => a - b)
      for (const owner of roots) {
        if (joined.has(owner)) continue
        if (!mine.includes(key)) break // dropped from this record while linking an earlier owner
        const refuse = (reason: GuardReason): void => {
          plan.refusals.push({ key, owner, reason })
          if (uncontested.has(key)) plan.uncontestedRefused = true
        }
        if (doNotMergeBetween(members, membersOf[owner]!)) {
          refuse("do_not_merge")
          continue
        }
        const over = overflowingTypes(mine, held[owner]!)
        let refusal: GuardReason | undefined
        for (const type of over) {
          if (typeRules[type]!.unique) {
            refusal = "unique_conflict"
            break
          }
          refusal = "limit"
        }
        if (refusal === "limit" && joined.size === 1) {
          // Only this record's own identifiers overflow: the lower-priority side gives way (IDN-5).
          if (over.some((type) => typeRules[type]!.priority > priorityOf(key))) {
            // The linking identifier is the lower-priority one: drop it from the record.
            mine = mine.filter((k) => k !== key)
            plan.drops.push(key)
            if (uncontested.has(key)) plan.uncontestedRefused = true
            break
          }
          for (const type of over) {
            const ownerValues = new Set(held[owner]!.filter((k) => keyType[k] === type))
            const room = typeRules[type]!.maxValuesPerProfile - ownerValues.size
            const mineOfType = mine.filter((k) => keyType[k] === type && !ownerValues.has(k))
            const excess = mineOfType.slice(Math.max(0, room))
            plan.drops.push(...excess)
            mine = mine.filter((k) => !excess.includes(k))
          }
          if (!mine.includes(key)) break
          refusal = undefined
        }
        if (refusal !== undefined) {
          refuse(refusal)
          continue
        }
        plan.merges.push(owner)
        joined.add(owner)
        members.push(...membersOf[owner]!)
        for (const k of held[owner]!) if (!mine.includes(k)) mine.push(k)
      }
    }
    return plan
  }

  for (let i = 0; i < m; i++) {
    const record = sorted[i]!
    const { kept: mine, overflow } = ownKeys(graph, record, shared, order)
    for (const key of overflow) dropped.push({ record, key, reason: typeRules[keyType[key]!]!.unique ? "unique_conflict" : "limit" })
    held[i] = mine.slice()
    membersOf[i] = [i]
    // Identifiers one profile holds link first; contested ones (held by
    // several profiles kept apart by a guard) only after, so a record carrying
    // one sister's email and the sisters' shared phone goes to that sister.
    const uncontested = new Set<number>()
    const contested: Array<number> = []
    const uncontestedRoots = new Set<number>()
    const contestedRoots = new Set<number>()
    for (const key of mine) {
      const keyOwners = owners.get(key)
      if (keyOwners === undefined) {
        uncontested.add(key)
        continue
      }
      const roots = new Set(keyOwners.map(find))
      if (roots.size > 1) {
        contested.push(key)
        for (const root of roots) contestedRoots.add(root)
      } else {
        uncontested.add(key)
        for (const root of roots) uncontestedRoots.add(root)
      }
    }
    const linkOrder = contested.length === 0 ? mine : [...mine.filter((key) => uncontested.has(key)), ...contested]
    const plan = planLinks(i, linkOrder, uncontested)
    // Ambiguity is never resolved by guessing: several profiles reached
    // through uncontested identifiers, one of which refuses, or only
    // contested identifiers leading to several profiles that would each take
    // the record: it joins none of them.
    let isAmbiguous = uncontestedRoots.size >= 2 && plan.uncontestedRefused
    if (!isAmbiguous && uncontestedRoots.size === 0 && contestedRoots.size >= 2) {
      let joinable = 0
      for (const root of contestedRoots) {
        const key = contested.find((k) => owners.get(k)!.some((owner) => find(owner) === root))!
        if (planLinks(i, [key], new Set()).merges.length > 0) joinable++
      }
      isAmbiguous = joinable >= 2
    }
    if (isAmbiguous) {
      const candidates = [...new Set([...uncontestedRoots, ...contestedRoots])].sort((a, b) => a - b)
      ambiguous.push({ record, keys: mine.filter((key) => owners.has(key)), candidates: candidates.map((local) => sorted[local]!) })
    } else {
      for (const key of plan.drops) dropped.push({ record, key, reason: "limit" })
      if (plan.drops.length > 0) held[i] = held[i]!.filter((key) => !plan.drops.includes(key))
      for (const owner of plan.merges) merge(find(i), owner)
      for (const { key, owner, reason } of plan.refusals) keptApart.push({ record, key, otherRecord: sorted[owner]!, reason })
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

  const heldByProfile = new Map<number, ReadonlyArray<number>>()
  for (let i = 0; i < m; i++) {
    const root = find(i)
    graph.profileRecord[sorted[i]!] = sorted[root]!
    if (root === i) heldByProfile.set(sorted[i]!, held[i]!)
  }
  const quarantined: Array<{ key: number; profiles: ReadonlyArray<number> }> = []
  for (const key of [...shared.keys()].sort((a, b) => a - b)) {
    const profilesOfKey = [...new Set(shared.get(key)!.map((record) => graph.profileRecord[record]!))].sort(graph.compareCanonical)
    quarantined.push({ key, profiles: profilesOfKey })
  }
  return { dropped, keptApart, quarantined, ambiguous, held: heldByProfile }
}
