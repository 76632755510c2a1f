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
  pendingDoNotMerge: Array<readonly [string, string]> = []
  pendingMustLink: Array<readonly [string, string]> = []
  private links: Array<readonly [number, number]> = []
  // The roots of the components holding a record named by a constraint in
  // force, as they were when listed (undefined: list again). Only unions move
  // roots: ingestion adds the new root itself, a bulk load or a manual join
  // forgets the list.
  private constrainedRoots: Set<number> | undefined
  // The record ids pending constraints name, and the lists they were read from.
  private pendingIds: { readonly dnm: ReadonlyArray<unknown>; readonly ml: ReadonlyArray<unknown>; readonly ids: Set<string> } | undefined

  constructor(saved: IdentityConstraints | undefined) {
    if (saved !== undefined) {
      this.pendingDoNotMerge = [...saved.doNotMerge]
      this.pendingMustLink = [...saved.mustLink]
    }
  }

  /** Must-link pairs in the order they were made (a split rewrites the list). */
  get mustLink(): Array<readonly [number, number]> {
    return this.links
  }

  set mustLink(pairs: Array<readonly [number, number]>) {
    this.links = pairs
    this.constrainedRoots = undefined
  }

  addMustLink(a: number, b: number): void {
    this.links.push([a, b])
    this.constrainedRoots = undefined
  }

  /** No constraint in force and none pending. */
  isEmpty(): boolean {
    return this.doNotMerge.size === 0 && this.links.length === 0 && this.pendingDoNotMerge.length === 0 && this.pendingMustLink.length === 0
  }

  /** Components were joined other than by ingesting one record (a bulk load, a manual merge): the constrained roots are listed again when next needed. */
  forgetRoots(): void {
    this.constrainedRoots = undefined
  }

  /**
   * Can no constraint change the decision for record `recordId`, which just
   * joined the components whose roots were `oldRoots[0 … count - 1]` into
   * the one rooted at `root`? True when no pending constraint names the
   * record and no constraint in force names a record of those components:
   * the condition of ingestion's fast paths, so that a split elsewhere in
   * the workspace leaves them on.
   */
  spares(recordId: string, oldRoots: ArrayLike<number>, count: number, root: number, find: (record: number) => number): boolean {
    if ((this.pendingDoNotMerge.length > 0 || this.pendingMustLink.length > 0) && this.pendingNames(recordId)) return false
    if (count === 0 || (this.doNotMerge.size === 0 && this.links.length === 0)) return true
    let roots = this.constrainedRoots
    if (roots === undefined) {
      roots = new Set()
      for (const record of this.doNotMerge.keys()) roots.add(find(record))
      for (const [a, b] of this.links) roots.add(find(a)).add(find(b))
      this.constrainedRoots = roots
    }
    // Listed before this record joined, a constrained component is among the
    // old roots; listed after, it is the new root.
    let constrained = roots.has(root)
    for (let i = 0; i < count && !constrained; i++) constrained = roots.has(oldRoots[i]!)
    if (constrained) roots.add(root)
    return !constrained
  }

  private pendingNames(recordId: string): boolean {
    let cached = this.pendingIds
    if (cached === undefined || cached.dnm !== this.pendingDoNotMerge || cached.ml !== this.pendingMustLink) {
      const ids = new Set<string>()
      for (const [a, b] of this.pendingDoNotMerge) ids.add(a).add(b)
      for (const [a, b] of this.pendingMustLink) ids.add(a).add(b)
      this.pendingIds = cached = { dnm: this.pendingDoNotMerge, ml: this.pendingMustLink, ids }
    }
    return cached.ids.has(recordId)
  }

  /** Some constraint is in force (pending ones aside). */
  hasActive(): boolean {
    return this.doNotMerge.size > 0 || this.links.length > 0
  }

  hasPending(): boolean {
    return this.pendingDoNotMerge.length > 0 || this.pendingMustLink.length > 0
  }

  addDoNotMerge(a: number, b: number): void {
    this.constrainedRoots = undefined
    let set = this.doNotMerge.get(a)
    if (set === undefined) this.doNotMerge.set(a, (set = new Set()))
    set.add(b)
    set = this.doNotMerge.get(b)
    if (set === undefined) this.doNotMerge.set(b, (set = new Set()))
    set.add(a)
  }

  removeDoNotMerge(a: number, b: number): void {
    this.constrainedRoots = undefined
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
      constraints.addMustLink(a, b)
      if (state.components.isBuilt()) state.components.join(graph.find(a), graph.find(b))
      else graph.union(a, b)
      activated.push(other)
      return false
    })
  }
  return activated
}
