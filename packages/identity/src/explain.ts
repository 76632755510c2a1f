import type { Identifier, ProfileId } from "@kith/core"
import type { ComponentOutcome, GuardReason } from "./engine/component.js"
import type { EvidenceGraph } from "./engine/graph.js"
import type { RejectionReason } from "./errors.js"
import type { NormalizedIdentifier } from "./normalize.js"

/**
 * One step of an explanation chain: record `from` and record `to` share
 * `identifier` (or a person merged them by hand).
 *
 * @example
 * ```ts
 * const link: ExplainLink = { from: "r-1", to: "r-2", identifier: { type: "phone", value: "+84912345678" }, rule: "shared_identifier" }
 * ```
 */
export interface ExplainLink {
  readonly from: string
  readonly to: string
  readonly identifier: NormalizedIdentifier | undefined
  readonly rule: "shared_identifier" | "manual_merge"
}

/**
 * One reason two records are in different profiles.
 *
 * @example
 * ```ts
 * const reason: KeptApartReason = { kind: "quarantined", identifier: { type: "phone", value: "+84281234567" } }
 * ```
 */
export type KeptApartReason =
  | { readonly kind: "no_shared_identifiers" }
  | {
      readonly kind: "guard"
      readonly reason: GuardReason
      readonly recordId: string
      readonly otherRecordId: string
      readonly identifier: NormalizedIdentifier
    }
  | { readonly kind: "dropped"; readonly recordId: string; readonly identifier: NormalizedIdentifier; readonly reason: "limit" | "unique_conflict" }
  | { readonly kind: "quarantined"; readonly identifier: NormalizedIdentifier }
  | { readonly kind: "do_not_merge"; readonly recordIds: readonly [string, string] }
  | { readonly kind: "rejected_shared"; readonly identifier: Identifier; readonly reason: RejectionReason }

/**
 * The answer of `explain(a, b)` (IDN-7): either the chain of shared identifiers
 * that put both records in one profile, or the reasons they are apart, with
 * the raw evidence chain that would have joined them if a guard had not.
 *
 * @example
 * ```ts
 * const apart: Explanation = {
 *   joined: false, profileIds: ["p_r-1" as ProfileId, "p_r-2" as ProfileId],
 *   reasons: [{ kind: "guard", reason: "unique_conflict", recordId: "r-2", otherRecordId: "r-1", identifier: { type: "phone", value: "+84912345678" } }],
 *   evidence: [{ from: "r-1", to: "r-2", identifier: { type: "phone", value: "+84912345678" }, rule: "shared_identifier" }]
 * }
 * ```
 */
export type Explanation =
  | { readonly joined: true; readonly profileId: ProfileId; readonly chain: ReadonlyArray<ExplainLink> }
  | {
      readonly joined: false
      readonly profileIds: readonly [ProfileId, ProfileId]
      readonly reasons: ReadonlyArray<KeptApartReason>
      readonly evidence: ReadonlyArray<ExplainLink>
    }

/**
 * What {@link explainRecords} needs from the resolver.
 *
 * @example
 * ```ts
 * // built by IdentityResolver.explain from its own state; see explainRecords
 * ```
 */
export interface ExplainInput {
  readonly graph: EvidenceGraph
  readonly a: number
  readonly b: number
  readonly sameComponent: boolean
  readonly members: ReadonlyArray<number>
  readonly outcome: ComponentOutcome | undefined
  readonly doNotMerge: ReadonlyMap<number, ReadonlySet<number>>
  readonly mustLink: ReadonlyArray<readonly [number, number]>
  readonly profileIdOf: (index: number) => ProfileId
}

// Shortest chain from `a` to `b` over records sharing a usable key, or manual links.
const shortestChain = (
  graph: EvidenceGraph,
  nodes: ReadonlyArray<number>,
  a: number,
  b: number,
  usable: (record: number, key: number) => boolean,
  manual: ReadonlyArray<readonly [number, number]>
): Array<ExplainLink> | undefined => {
  const inScope = new Set(nodes)
  const recordsOfKey = new Map<number, Array<number>>()
  for (const record of nodes) {
    for (const key of graph.keysOf(record)) {
      if (!usable(record, key)) continue
      const list = recordsOfKey.get(key)
      if (list === undefined) recordsOfKey.set(key, [record])
      else list.push(record)
    }
  }
  const manualOf = new Map<number, Array<number>>()
  for (const [x, y] of manual) {
    if (!inScope.has(x) || !inScope.has(y)) continue
    manualOf.set(x, [...(manualOf.get(x) ?? []), y])
    manualOf.set(y, [...(manualOf.get(y) ?? []), x])
  }
  const previous = new Map<number, { readonly record: number; readonly key: number | undefined }>()
  previous.set(a, { record: a, key: undefined })
  const queue = [a]
  for (let head = 0; head < queue.length && !previous.has(b); head++) {
    const record = queue[head]!
    const visit = (next: number, key: number | undefined): void => {
      if (previous.has(next)) return
      previous.set(next, { record, key })
      queue.push(next)
    }
    for (const key of graph.keysOf(record)) {
      if (!usable(record, key)) continue
      for (const next of recordsOfKey.get(key) ?? []) visit(next, key)
    }
    for (const next of manualOf.get(record) ?? []) visit(next, undefined)
  }
  if (!previous.has(b)) return undefined
  const chain: Array<ExplainLink> = []
  let node = b
  while (node !== a) {
    const step = previous.get(node)!
    chain.push({
      from: graph.records[step.record]!.recordId,
      to: graph.records[node]!.recordId,
      identifier: step.key === undefined ? undefined : { type: graph.typeOfKey(step.key), value: graph.keyValue[step.key]! },
      rule: step.key === undefined ? "manual_merge" : "shared_identifier"
    })
    node = step.record
  }
  return chain.reverse()
}

/**
 * Explains two records of one state (IDN-7). Used by
 * `IdentityResolver.explain`; exported for storage adapters that hold the
 * same graph.
 *
 * @example
 * ```ts
 * // resolver.explain("r-1", "r-2") calls explainRecords with the resolver's graph
 * ```
 */
export const explainRecords = (input: ExplainInput): Explanation => {
  const { graph, a, b, outcome } = input
  const pa = graph.profileRecord[a]!
  const pb = graph.profileRecord[b]!
  const droppedFor = new Map<number, Set<number>>()
  for (const drop of outcome?.dropped ?? []) {
    let set = droppedFor.get(drop.record)
    if (set === undefined) droppedFor.set(drop.record, (set = new Set()))
    set.add(drop.key)
  }
  const quarantined = new Set((outcome?.quarantined ?? []).map((q) => q.key))
  const identifierOf = (key: number): NormalizedIdentifier => ({ type: graph.typeOfKey(key), value: graph.keyValue[key]! })

  if (pa === pb) {
    const held = outcome?.held.get(pa)
    const heldSet = held === undefined ? undefined : new Set(held)
    const nodes = input.members.filter((i) => graph.profileRecord[i] === pa)
    const chain =
      a === b
        ? []
        : (shortestChain(
            graph,
            nodes,
            a,
            b,
            (record, key) => (heldSet === undefined || heldSet.has(key)) && !quarantined.has(key) && droppedFor.get(record)?.has(key) !== true,
            input.mustLink
          ) ?? [])
    return { joined: true, profileId: input.profileIdOf(pa), chain }
  }

  const profileIds = [input.profileIdOf(pa), input.profileIdOf(pb)] as const
  if (!input.sameComponent) {
    const reasons: Array<KeptApartReason> = [{ kind: "no_shared_identifiers" }]
    const rejectedB = graph.rejected.get(b) ?? []
    for (const x of graph.rejected.get(a) ?? []) {
      const shared = rejectedB.some(
        (y) => y.identifier.type === x.identifier.type && y.identifier.value.trim().toLowerCase() === x.identifier.value.trim().toLowerCase()
      )
      if (shared) reasons.push({ kind: "rejected_shared", identifier: x.identifier, reason: x.reason })
    }
    return { joined: false, profileIds, reasons, evidence: [] }
  }

  const evidence = shortestChain(graph, input.members, a, b, () => true, input.mustLink) ?? []
  const recordsOnPath = new Set<string>([graph.records[a]!.recordId])
  const keysOnPath = new Set<string>()
  for (const link of evidence) {
    recordsOnPath.add(link.to)
    if (link.identifier !== undefined) keysOnPath.add(`${link.identifier.type}:${link.identifier.value}`)
  }
  const profilesOnPath = new Set<number>()
  for (const recordId of recordsOnPath) profilesOnPath.add(graph.profileRecord[graph.recordIndex.get(recordId)!]!)
  const reasons: Array<KeptApartReason> = []
  for (const apart of outcome?.keptApart ?? []) {
    const x = graph.profileRecord[apart.record]!
    const y = graph.profileRecord[apart.otherRecord]!
    if (x !== y && profilesOnPath.has(x) && profilesOnPath.has(y)) {
      reasons.push({
        kind: "guard",
        reason: apart.reason,
        recordId: graph.records[apart.record]!.recordId,
        otherRecordId: graph.records[apart.otherRecord]!.recordId,
        identifier: identifierOf(apart.key)
      })
    }
  }
  for (const drop of outcome?.dropped ?? []) {
    const identifier = identifierOf(drop.key)
    if (recordsOnPath.has(graph.records[drop.record]!.recordId) && keysOnPath.has(`${identifier.type}:${identifier.value}`)) {
      reasons.push({ kind: "dropped", recordId: graph.records[drop.record]!.recordId, identifier, reason: drop.reason })
    }
  }
  for (const key of quarantined) {
    const identifier = identifierOf(key)
    if (keysOnPath.has(`${identifier.type}:${identifier.value}`)) reasons.push({ kind: "quarantined", identifier })
  }
  for (const [x, partners] of input.doNotMerge) {
    for (const y of partners) {
      if (x < y && profilesOnPath.has(graph.profileRecord[x]!) && profilesOnPath.has(graph.profileRecord[y]!)) {
        reasons.push({ kind: "do_not_merge", recordIds: [graph.records[x]!.recordId, graph.records[y]!.recordId] })
      }
    }
  }
  return { joined: false, profileIds, reasons, evidence }
}
