import type { ManualConstraints } from "../engine/component.js"
import type { IdentityRecord } from "../record.js"
import type { ResolverState } from "./state.js"

/**
 * Person-made constraints, as record id pairs, to persist and to pass back to
 * {@link createResolver}: do-not-merge pairs from splits (IDN-8) and must-link
 * pairs from manual merges (IDN-9), in the order they were made.
 *
 * @example
 * ```ts
 * const constraints: IdentityConstraints = { doNotMerge: [["r-1", "r-7"]], mustLink: [] }
 * ```
 */
export interface IdentityConstraints {
  readonly doNotMerge: ReadonlyArray<readonly [string, string]>
  readonly mustLink: ReadonlyArray<readonly [string, string]>
}

/**
 * The constraints in force, by record index (what the component resolver
 * reads), and those saved constraints that name records not seen yet: they
 * apply when both records are known. Internal to the package.
 */
export class ConstraintStore implements ManualConstraints {
  readonly doNotMerge = new Map<number, Set<number>>()
  /** Must-link pairs in the order they were made (a split rewrites the list). */
  mustLink: Array<readonly [number, number]> = []
  pendingDoNotMerge: Array<readonly [string, string]> = []
  pendingMustLink: Array<readonly [string, string]> = []

  constructor(saved: IdentityConstraints | undefined) {
    if (saved !== undefined) {
      this.pendingDoNotMerge = [...saved.doNotMerge]
      this.pendingMustLink = [...saved.mustLink]
    }
  }

  /** No constraint in force and none pending: the condition of ingestion's fast paths. */
  isEmpty(): boolean {
    return this.doNotMerge.size === 0 && this.mustLink.length === 0 && this.pendingDoNotMerge.length === 0 && this.pendingMustLink.length === 0
  }

  /** Some constraint is in force (pending ones aside). */
  hasActive(): boolean {
    return this.doNotMerge.size > 0 || this.mustLink.length > 0
  }

  hasPending(): boolean {
    return this.pendingDoNotMerge.length > 0 || this.pendingMustLink.length > 0
  }

  addDoNotMerge(a: number, b: number): void {
    let set = this.doNotMerge.get(a)
    if (set === undefined) this.doNotMerge.set(a, (set = new Set()))
    set.add(b)
    set = this.doNotMerge.get(b)
    if (set === undefined) this.doNotMerge.set(b, (set = new Set()))
    set.add(a)
  }

  removeDoNotMerge(a: number, b: number): void {
    this.doNotMerge.get(a)?.delete(b)
    if (this.doNotMerge.get(a)?.size === 0) this.doNotMerge.delete(a)
    this.doNotMerge.get(b)?.delete(a)
    if (this.doNotMerge.get(b)?.size === 0) this.doNotMerge.delete(b)
  }

  /** Does a constraint in force name one of `members`? Then the component cannot take the fast path. */
  touches(members: ReadonlyArray<number>): boolean {
    if (this.doNotMerge.size === 0 && this.mustLink.length === 0) return false
    for (const member of members) if (this.doNotMerge.has(member)) return true
    if (this.mustLink.length === 0) return false
    const set = new Set(members)
    return this.mustLink.some(([a, b]) => set.has(a) || set.has(b))
  }

  /** Every constraint, in force or pending, by record id: what to persist. */
  byRecordId(records: ReadonlyArray<IdentityRecord>): IdentityConstraints {
    const doNotMerge: Array<readonly [string, string]> = [...this.pendingDoNotMerge]
    for (const [a, partners] of this.doNotMerge) {
      for (const b of partners) if (a < b) doNotMerge.push([records[a]!.recordId, records[b]!.recordId])
    }
    const mustLink: Array<readonly [string, string]> = [
      ...this.mustLink.map(([a, b]) => [records[a]!.recordId, records[b]!.recordId] as const),
      ...this.pendingMustLink
    ]
    return { doNotMerge, mustLink }
  }
}

const noRecords: ReadonlyArray<number> = []

/**
 * Puts in force the pending constraints that name `recordId`, now that it is
 * record `index`, when the other record is known too. A must-link pair joins
 * the two components at once.
 *
 * @returns the other records of the constraints put in force
 */
export const activatePendingConstraints = (state: ResolverState, recordId: string, index: number): ReadonlyArray<number> => {
  const constraints = state.constraints
  if (!constraints.hasPending()) return noRecords
  const graph = state.graph
  const activated: Array<number> = []
  if (constraints.pendingDoNotMerge.length > 0) {
    constraints.pendingDoNotMerge = constraints.pendingDoNotMerge.filter(([x, y]) => {
      if (x !== recordId && y !== recordId) return true
      const other = graph.recordIndex.get(x === recordId ? y : x)
      if (other === undefined) return true
      constraints.addDoNotMerge(index, other)
      activated.push(other)
      return false
    })
  }
  if (constraints.pendingMustLink.length > 0) {
    constraints.pendingMustLink = constraints.pendingMustLink.filter(([x, y]) => {
      if (x !== recordId && y !== recordId) return true
      const other = graph.recordIndex.get(x === recordId ? y : x)
      if (other === undefined) return true
      const [a, b] = x === recordId ? [index, other] : [other, index]
      constraints.mustLink.push([a, b])
      if (state.components.isBuilt()) state.components.join(graph.find(a), graph.find(b))
      else graph.union(a, b)
      activated.push(other)
      return false
    })
  }
  return activated
}
