import { type ComponentOutcome, resolveComponent } from "../engine/component.js"
import type { EvidenceGraph } from "../engine/graph.js"
import { RootTable } from "../engine/root-table.js"
import type { ConstraintStore } from "./constraints.js"

/**
 * What a guarded component needs to attach a later record without
 * re-resolving: which profile holds each identifier (-1: several) and the
 * component's last record in canonical order.
 */
export interface ResumableComponent {
  readonly ownerOf: Map<number, number>
  last: number
}

/**
 * The evidence components as the incremental resolver keeps them, by root:
 * their records, their count of distinct identifier values per type (so a
 * record that cannot trip a limit skips the greedy resolver), and the outcome
 * of resolving those where a guard can fire. A bulk load drops the lists and
 * counts; they are rebuilt on first need. Internal to the package.
 */
export class ComponentIndex {
  members: RootTable<Array<number>> | undefined = new RootTable()
  /** Distinct identifier values per type of each component, by root (built with `members`). */
  typeCounts: RootTable<Array<number>> | undefined = new RootTable()
  /** Outcomes of the components resolved by the greedy pass (those where a guard can fire). */
  readonly outcomes = new Map<number, ComponentOutcome>()
  readonly resumable = new WeakMap<ComponentOutcome, ResumableComponent>()

  constructor(
    private readonly graph: EvidenceGraph,
    private readonly constraints: ConstraintStore
  ) {}

  isBuilt(): boolean {
    return this.members !== undefined
  }

  /** Forgets the member lists and counts (a bulk load rewrites the components wholesale). */
  drop(): void {
    this.constraints.forgetRoots()
    this.members = undefined
    this.typeCounts = undefined
  }

  /** The member lists by root, rebuilt from the graph if a bulk load dropped them (and the type counts with them). */
  ensureMembers(): RootTable<Array<number>> {
    if (this.members !== undefined) return this.members
    const graph = this.graph
    const members = new RootTable<Array<number>>()
    for (let i = 0; i < graph.records.length; i++) {
      const root = graph.find(i)
      const list = members.get(root)
      if (list === undefined) members.set(root, [i])
      else list.push(i)
    }
    const typeCounts = new RootTable<Array<number>>()
    for (let key = 0; key < graph.keyType.length; key++) {
      const holder = graph.keyRecord[key]!
      if (holder === -1) continue
      const root = graph.find(holder)
      let counts = typeCounts.get(root)
      if (counts === undefined) typeCounts.set(root, (counts = []))
      const type = graph.keyType[key]!
      counts[type] = (counts[type] ?? 0) + 1
    }
    for (const root of members.keys()) if (!typeCounts.has(root)) typeCounts.set(root, [])
    this.members = members
    this.typeCounts = typeCounts
    return members
  }

  /** The records of the component holding `record`. */
  membersOf(record: number): ReadonlyArray<number> {
    return this.ensureMembers().get(this.graph.find(record))!
  }

  /** The records of the profile whose canonical record is `canonical`, in canonical order. */
  profileMembers(canonical: number): Array<number> {
    return this.membersOf(canonical)
      .filter((i) => this.graph.profileRecord[i] === canonical)
      .sort(this.graph.compareCanonical)
  }

  /** Joins two components by hand (a manual merge): members, counts, outcomes. */
  join(rootA: number, rootB: number): void {
    if (rootA === rootB) return
    const members = this.ensureMembers()
    const typeCounts = this.typeCounts!
    const joined = [...members.get(rootA)!, ...members.get(rootB)!]
    const counts: Array<number> = []
    for (const part of [typeCounts.get(rootA) ?? [], typeCounts.get(rootB) ?? []]) {
      for (let type = 0; type < part.length; type++) counts[type] = (counts[type] ?? 0) + (part[type] ?? 0)
    }
    for (const root of [rootA, rootB]) {
      members.delete(root)
      typeCounts.delete(root)
      this.outcomes.delete(root)
    }
    const root = this.graph.union(rootA, rootB)
    this.constraints.forgetRoots()
    members.set(root, joined)
    typeCounts.set(root, counts)
  }

  /** Does every type stay within its per-profile limit, given a component's distinct values per type? */
  withinLimits(counts: ReadonlyArray<number>): boolean {
    const rules = this.graph.typeRules
    for (let type = 0; type < counts.length; type++) if ((counts[type] ?? 0) > rules[type]!.maxValuesPerProfile) return false
    return true
  }

  /** Re-resolves the component rooted at `root` with the batch logic. */
  recompute(root: number): void {
    const members = this.ensureMembers().get(root)!
    const outcome = resolveComponent(this.graph, members, this.constraints, this.constraints.touches(members), false)
    if (outcome === undefined) this.outcomes.delete(root)
    else this.outcomes.set(root, outcome)
  }
}
