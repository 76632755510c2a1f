import type { ProfileId } from "@kith/core"
import { Result } from "effect"
import { type ComponentOutcome, resolveComponent } from "./engine/component.js"
import { EvidenceGraph } from "./engine/graph.js"
import { RootTable } from "./engine/root-table.js"
import { InvalidIdentityOperation, UnknownSubject } from "./errors.js"
import { type Explanation, explainRecords } from "./explain.js"
import type { IdentityWarning, LedgerDraft, LedgerEntry, ManualAction } from "./ledger.js"
import { asResolvedPolicy, type NormalizedIdentifier } from "./normalize.js"
import type { IdentityPolicy, ResolvedIdentityPolicy } from "./policy.js"
import type { IdentityRecord } from "./record.js"
import { mergeTraits, observationsOfTraits, type ProvenancedTrait, type TraitMergeConfig, type TraitObservation } from "./traits.js"

/**
 * The profile id of the profile whose earliest record (in canonical order:
 * observed time, then record id) is `recordId`. Profile ids are derived, so
 * batch and incremental resolution name profiles identically.
 *
 * @example
 * ```ts
 * profileIdOfRecord("evt-1") // => "p_evt-1"
 * ```
 */
export const profileIdOfRecord = (recordId: string): ProfileId => `p_${recordId}` as ProfileId

/**
 * One resolved profile: its records and the normalized identifiers it holds.
 *
 * @example
 * ```ts
 * const profile: ResolvedProfile = {
 *   profileId: "p_r-1" as ProfileId,
 *   recordIds: ["r-1", "r-2"],
 *   identifiers: [{ type: "phone", value: "+84912345678" }, { type: "zalo_id", value: "4455667788" }]
 * }
 * ```
 */
export interface ResolvedProfile {
  readonly profileId: ProfileId
  /** In canonical order; the first one names the profile. */
  readonly recordIds: ReadonlyArray<string>
  /** Sorted by type, then value. */
  readonly identifiers: ReadonlyArray<NormalizedIdentifier>
}

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
 * Options of {@link createResolver} and {@link resolveBatch}.
 *
 * @example
 * ```ts
 * const options: ResolverOptions = { policy: { quarantineThreshold: 3 }, constraints: { doNotMerge: [["r-1", "r-2"]], mustLink: [] }, traits: { sourceTrust: ["manual"] } }
 * ```
 */
export interface ResolverOptions {
  /** The workspace identity policy; defaults everywhere when omitted. */
  readonly policy?: IdentityPolicy | ResolvedIdentityPolicy
  /** Constraints saved from an earlier state (splits and manual merges); they apply to records as they arrive. */
  readonly constraints?: IdentityConstraints
  /** Trait strategies and source trust for {@link IdentityResolver.traitsOf} and merge previews. */
  readonly traits?: TraitMergeConfig
}

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
 * The result of a split (IDN-8).
 *
 * @example
 * ```ts
 * // resolver.split("r-1", "r-2", { at }) => Result.succeed({ from: "p_r-1", profiles: [{ profileId: "p_r-1", ... }, { profileId: "p_r-2", ... }] })
 * ```
 */
export interface SplitOutcome {
  readonly from: ProfileId
  /** The profiles the old one became, each with its records. */
  readonly profiles: ReadonlyArray<ResolvedProfile>
}

/**
 * A dry-run preview of a manual merge (IDN-9): nothing changes until {@link IdentityResolver.manualMerge}.
 *
 * @example
 * ```ts
 * // resolver.previewManualMerge(a, b) => Result.succeed({ into: "p_r-1", from: "p_r-9", identifierConflicts: [{ type: "user_id", values: ["u-1", "u-9"] }], ... })
 * ```
 */
export interface MergePreview {
  readonly into: ProfileId
  readonly from: ProfileId
  readonly recordIds: ReadonlyArray<string>
  readonly identifiers: ReadonlyArray<NormalizedIdentifier>
  /** Unique identifier types (user id, national id, ...) for which the two profiles hold different values. */
  readonly identifierConflicts: ReadonlyArray<{ readonly type: string; readonly values: ReadonlyArray<string> }>
  /** Traits whose merged values differ between the two profiles; pass a choice per name to {@link IdentityResolver.manualMerge}. */
  readonly traitConflicts: ReadonlyArray<{ readonly name: string; readonly into: ProvenancedTrait; readonly from: ProvenancedTrait }>
  /** The merged profile's traits before any choice. */
  readonly traits: Record<string, ProvenancedTrait>
}

/**
 * A per-field choice on a conflict: keep the value of profile `"a"` (the first
 * argument), of `"b"`, or set `{ value }`.
 *
 * @example
 * ```ts
 * const choices: Record<string, TraitChoice> = { fullName: "b", birthday: { value: "1990-09-05" } }
 * ```
 */
export type TraitChoice = "a" | "b" | { readonly value: unknown }

/**
 * The identity state of one workspace, resolved incrementally or in bulk:
 * records, profiles, the ledger and person-made constraints. Batch and
 * incremental resolution use the same component resolver, so feeding the same
 * records in any order, in one batch or one by one, gives the same profiles
 * with the same ids (IDN-6).
 *
 * @example
 * ```ts
 * const resolver = createResolver()
 * const at = new Date("2025-03-01T02:00:00Z")
 * resolver.ingest({ recordId: "r-1", observedAt: at, source: "web", identifiers: [{ type: "phone", value: "0912 345 678" }] })
 * // => { kind: "created", profileId: "p_r-1", ... }
 * resolver.ingest({ recordId: "r-2", observedAt: at, source: "zalo_oa", identifiers: [{ type: "phone", value: "+84 912 345 678" }, { type: "zalo_id", value: "445566" }] })
 * // => { kind: "attached", profileId: "p_r-1", ... }
 * ```
 */
export class IdentityResolver {
  private readonly graph: EvidenceGraph
  private readonly traitConfig: TraitMergeConfig
  private readonly doNotMerge = new Map<number, Set<number>>()
  private mustLink: Array<readonly [number, number]> = []
  // Constraints naming records not seen yet; they apply when the records arrive.
  private pendingDoNotMerge: Array<readonly [string, string]> = []
  private pendingMustLink: Array<readonly [string, string]> = []
  private members: RootTable<Array<number>> | undefined = new RootTable()
  // Distinct identifier values per type of each component, by root (built with `members`).
  private typeCounts: RootTable<Array<number>> | undefined = new RootTable()
  private readonly outcomes = new Map<number, ComponentOutcome>()
  // For guarded components: which profile holds each identifier (-1: several) and the last record, to attach later records without re-resolving.
  private readonly resumable = new WeakMap<ComponentOutcome, { readonly ownerOf: Map<number, number>; last: number }>()
  private readonly entries: Array<LedgerEntry> = []
  private readonly bulkLoads: Array<{ readonly seq: number; readonly start: number; readonly end: number; readonly snapshot: Int32Array }> = []
  private nextSeq = 0
  // The commonest entries (a record created or linked a profile) kept as
  // columns of numbers, not objects: a live feed appends one per record.
  private readonly compactSeq: Array<number> = []
  private readonly compactRecord: Array<number> = []
  private readonly compactProfile: Array<number> = []
  /** Key id of a `linked` entry's identifier, -1 for none, -2 for a `created` entry. */
  private readonly compactKey: Array<number> = []
  private readonly redirects = new Map<string, ProfileId>()
  private readonly manualTraits = new Map<number, Array<TraitObservation>>()
  private manualCount = 0

  constructor(options: ResolverOptions = {}) {
    this.graph = new EvidenceGraph(asResolvedPolicy(options.policy))
    this.traitConfig = options.traits ?? {}
    if (options.constraints !== undefined) {
      this.pendingDoNotMerge = [...options.constraints.doNotMerge]
      this.pendingMustLink = [...options.constraints.mustLink]
    }
  }

  /** The resolved policy in force. */
  get policy(): ResolvedIdentityPolicy {
    return this.graph.policy
  }

  /** How many records the state holds. */
  get size(): number {
    return this.graph.records.length
  }

  // ---------------------------------------------------------------- ingestion

  /**
   * Resolves one record against the current state (IDN-1, IDN-6): only the
   * component it touches is re-resolved, with the batch logic.
   *
   * @param record - the record, identifiers raw
   * @returns the decision, with warnings
   *
   * @example
   * ```ts
   * resolver.ingest({ recordId: "r-3", observedAt: new Date("2025-03-02T00:00:00Z"), source: "web", identifiers: [{ type: "email", value: "test@test.com" }] })
   * // => { kind: "created", profileId: "p_r-3", warnings: [{ kind: "rejected", reason: "blocked", ... }], ... }
   * ```
   */
  ingest(record: IdentityRecord): IdentityDecision {
    const graph = this.graph
    const known = graph.recordIndex.get(record.recordId)
    if (known !== undefined) {
      return {
        recordId: record.recordId,
        profileId: this.profileIdOfIndex(graph.profileRecord[known]!),
        kind: "duplicate",
        mergedProfileIds: [],
        movedRecords: [],
        warnings: []
      }
    }
    const members = this.ensureMembers()
    const typeCounts = this.typeCounts!
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
    const unconstrained = this.doNotMerge.size === 0 && this.mustLink.length === 0 && this.pendingDoNotMerge.length === 0 && this.pendingMustLink.length === 0
    if (unconstrained && touchedCount === 1 && firstTouched === root && this.withinLimits(counts) && !graph.before(index, graph.profileRecord[root]!)) {
      // The hot path of a live feed: a later record of one profile no guard can touch.
      members.get(root)!.push(index)
      if (this.outcomes.size > 0) this.outcomes.delete(root)
      return this.attachLater(index, graph.profileRecord[root]!)
    }
    const touched = graph.touchedRoots.slice(0, touchedCount)
    if (unconstrained && touched.length === 1 && touched[0] === root) {
      const resumed = this.resumeGuarded(index, root)
      if (resumed !== undefined) return resumed
    }
    // The members each touched component had, as (list, length): lists grow in place.
    const oldLists = touched.map((old) => members.get(old)!)
    const oldLengths = oldLists.map((list) => list.length)
    if (touched.length === 1 && touched[0] === root) {
      // The common case: one component, whose root (its lowest index) stays the root.
      oldLists[0]!.push(index)
      this.outcomes.delete(root)
    } else {
      // Small lists join the largest, so a long history is never copied per record.
      let largest: Array<number> = []
      for (const list of oldLists) if (list.length > largest.length) largest = list
      for (const list of oldLists) if (list !== largest) for (const member of list) largest.push(member)
      largest.push(index)
      for (const old of touched) {
        members.delete(old)
        this.outcomes.delete(old)
      }
      members.set(root, largest)
    }
    const activated = this.activatePendingConstraints(record.recordId, index)
    if (activated.length > 0) return this.afterConstraintChange(index, activated)
    if (this.doNotMerge.size === 0 && this.mustLink.length === 0 && this.withinLimits(counts)) {
      return this.attachFast(index, touched, oldLists, oldLengths)
    }
    const before = new Map<number, number>()
    for (let i = 0; i < oldLists.length; i++) {
      const list = oldLists[i]!
      for (let j = 0; j < oldLengths[i]!; j++) before.set(list[j]!, graph.profileRecord[list[j]!]!)
    }
    this.recompute(root)
    return this.diff(index, before)
  }

  // No guard can fire in the joined component: it is one profile, named by its
  // earliest record (the same answer resolveComponent's fast path gives), and
  // the decision follows without re-reading the component.
  private attachFast(
    index: number,
    touched: ReadonlyArray<number>,
    oldLists: ReadonlyArray<ReadonlyArray<number>>,
    oldLengths: ReadonlyArray<number>
  ): IdentityDecision {
    const graph = this.graph
    const record = graph.records[index]!
    const at = record.observedAt
    const rejected = graph.rejected.get(index) ?? []
    const warnings: Array<IdentityWarning> = []
    for (const { identifier, reason } of rejected) {
      const warning: IdentityWarning = { kind: "rejected", recordId: record.recordId, identifier, reason }
      warnings.push(warning)
      this.append({ kind: "warning", at, warning })
    }
    if (touched.length === 0) {
      const profileId0 = this.profileIdOfIndex(index)
      graph.profileRecord[index] = index
      this.appendCompact(index, index, -2)
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
    const profileId = this.profileIdOfIndex(canonical)
    const merged: Array<ProfileId> = []
    if (touched.length === 1 && oldCanonicals[0] === canonical) {
      this.appendCompact(index, canonical, this.sharedKeyIdOf(undefined))
      return { recordId: record.recordId, profileId, kind: "attached", mergedProfileIds: merged, movedRecords: [], warnings }
    }
    const order = oldCanonicals.map((old, i) => ({ old, root: touched[i]! })).sort((x, y) => graph.compareCanonical(x.old, y.old))
    for (const { old, root } of order) {
      if (old === canonical) continue
      const from = this.profileIdOfIndex(old)
      this.append({
        kind: "merged",
        at,
        from,
        into: profileId,
        recordId: record.recordId,
        identifier: this.sharedKeyOf(root),
        rule: canonical === index ? "earlier_record" : "shared_identifier"
      })
      this.redirects.set(from, profileId)
      merged.push(from)
    }
    this.append({ kind: "linked", at, recordId: record.recordId, source: record.source, profileId, identifier: this.sharedKeyOf(undefined), rule: "shared_identifier" })
    return { recordId: record.recordId, profileId, kind: merged.length > 0 ? "merged" : "attached", mergedProfileIds: merged, movedRecords: [], warnings }
  }

  // A later record in a component where guards fired (a household, say): when
  // every identifier it shares is held by one and the same profile, and its new
  // identifiers fit that profile's limits, the greedy pass would just attach it
  // there (it comes last in canonical order and can merge nothing), so the
  // component need not be re-resolved. Returns undefined when that is not sure.
  private resumeGuarded(index: number, root: number): IdentityDecision | undefined {
    const graph = this.graph
    const outcome = this.outcomes.get(root)
    if (outcome === undefined || outcome.quarantined.length > 0) return undefined
    let resume = this.resumable.get(outcome)
    if (resume === undefined) {
      const ownerOf = new Map<number, number>()
      for (const [profile, keys] of outcome.held) {
        for (const key of keys) ownerOf.set(key, ownerOf.has(key) ? -1 : profile)
      }
      let last = -1
      for (const member of this.ensureMembers().get(root)!) if (member !== index && (last === -1 || graph.before(last, member))) last = member
      resume = { ownerOf, last }
      this.resumable.set(outcome, resume)
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
    this.ensureMembers().get(root)!.push(index)
    return this.attachLater(index, profile)
  }

  private attachLater(index: number, canonical: number): IdentityDecision {
    const graph = this.graph
    const record = graph.records[index]!
    const at = record.observedAt
    graph.profileRecord[index] = canonical
    const profileId = this.profileIdOfIndex(canonical)
    let warnings: ReadonlyArray<IdentityWarning> = noWarnings
    const rejected = graph.rejected.get(index)
    if (rejected !== undefined) {
      const list: Array<IdentityWarning> = []
      for (const { identifier, reason } of rejected) {
        const warning: IdentityWarning = { kind: "rejected", recordId: record.recordId, identifier, reason }
        list.push(warning)
        this.append({ kind: "warning", at, warning })
      }
      warnings = list
    }
    this.appendCompact(index, canonical, this.sharedKeyIdOf(undefined))
    return { recordId: record.recordId, profileId, kind: "attached", mergedProfileIds: noProfileIds, movedRecords: noMoves, warnings }
  }

  // The highest-priority identifier the last added record shares with component `root` (any component when undefined).
  private sharedKeyOf(root: number | undefined): NormalizedIdentifier | undefined {
    const key = this.sharedKeyIdOf(root)
    return key === -1 ? undefined : this.identifierOfKey(key)
  }

  private sharedKeyIdOf(root: number | undefined): number {
    const graph = this.graph
    let best = -1
    for (let i = 0; i < graph.sharedCount; i++) {
      if (root !== undefined && graph.sharedKeyRoots[i] !== root) continue
      const key = graph.sharedKeys[i]!
      if (best === -1 || graph.typeRules[graph.keyType[key]!]!.priority > graph.typeRules[graph.keyType[best]!]!.priority) best = key
    }
    return best
  }

  // One shared, immutable identifier object per key: ledger entries point at it instead of copying.
  private readonly identifiers = new RootTable<NormalizedIdentifier>()
  private identifierOfKey(key: number): NormalizedIdentifier {
    let identifier = this.identifiers.get(key)
    if (identifier === undefined) {
      identifier = Object.freeze({ type: this.graph.typeOfKey(key), value: this.graph.keyValue[key]! })
      this.identifiers.set(key, identifier)
    }
    return identifier
  }

  // Joins two evidence components by hand (a manual merge): members, counts, outcomes.
  private joinComponents(rootA: number, rootB: number): void {
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
    members.set(root, joined)
    typeCounts.set(root, counts)
  }

  private withinLimits(counts: ReadonlyArray<number>): boolean {
    const rules = this.graph.typeRules
    for (let type = 0; type < counts.length; type++) if ((counts[type] ?? 0) > rules[type]!.maxValuesPerProfile) return false
    return true
  }

  /**
   * Loads many records at once (IDN-6): the bulk path of {@link resolveBatch},
   * integer node ids, union-find over typed arrays and a fast path for
   * components no guard can touch. Known record ids are skipped.
   *
   * @param records - the records, identifiers raw
   * @returns how many records were loaded and how many profiles exist
   *
   * @example
   * ```ts
   * createResolver().ingestBatch(records) // => { records: 1000, duplicates: 0, profiles: 412 }
   * ```
   */
  ingestBatch(records: Iterable<IdentityRecord>): BatchSummary {
    const graph = this.graph
    const start = graph.records.length
    let duplicates = 0
    const activations: Array<number> = []
    // Component lists and counts are rebuilt after a bulk load (on demand).
    this.members = undefined
    this.typeCounts = undefined
    for (const record of records) {
      if (graph.recordIndex.has(record.recordId)) {
        duplicates++
        continue
      }
      const index = graph.addRecord(record, false)
      if (this.pendingDoNotMerge.length > 0 || this.pendingMustLink.length > 0) activations.push(index)
    }
    for (const index of activations) this.activatePendingConstraints(graph.records[index]!.recordId, index)
    // Records already in the state may change profile (an earlier record or a
    // bridge arrived in the load): remember where they were, so that renamed
    // profiles get a `merged` entry and their old ids keep resolving.
    const earlier = start > 0 ? graph.profileRecord.slice(0, start) : undefined
    this.recomputeAll()
    const end = graph.records.length
    if (end > start) {
      this.bulkLoads.push({ seq: this.nextSeq, start, end, snapshot: graph.profileRecord.slice(0, end) })
      this.nextSeq += end - start
    }
    if (earlier !== undefined && end > start) {
      const changed = new Map<number, number>()
      for (let i = 0; i < start; i++) if (graph.profileRecord[i] !== earlier[i]) changed.set(i, earlier[i]!)
      if (changed.size > 0) {
        let at = graph.observedAt[start]!
        for (let i = start + 1; i < end; i++) at = Math.max(at, graph.observedAt[i]!)
        this.recordMovesAndMerges(changed, new Date(at), undefined)
      }
    }
    let profiles = 0
    for (let i = 0; i < end; i++) if (graph.profileRecord[i] === i) profiles++
    return { records: end - start, duplicates, profiles }
  }

  // ------------------------------------------------------------------ queries

  /**
   * The profile a record belongs to now.
   *
   * @example
   * ```ts
   * resolver.profileOf("r-2") // => "p_r-1"
   * ```
   */
  profileOf(recordId: string): ProfileId | undefined {
    const index = this.graph.recordIndex.get(recordId)
    return index === undefined ? undefined : this.profileIdOfIndex(this.graph.profileRecord[index]!)
  }

  /**
   * Follows merges: the live profile id an old id now resolves to, or
   * `undefined` for an id never seen.
   *
   * @example
   * ```ts
   * resolver.currentProfileId("p_r-5") // => "p_r-1" after r-5's profile merged into r-1's
   * ```
   */
  currentProfileId(profileId: ProfileId): ProfileId | undefined {
    const seen = new Set<string>()
    let id: ProfileId | undefined = profileId
    while (id !== undefined && !seen.has(id)) {
      if (this.canonicalIndexOf(id) !== undefined) return id
      seen.add(id)
      id = this.redirects.get(id)
    }
    return undefined
  }

  /**
   * A profile with its records and identifiers (following merges).
   *
   * @example
   * ```ts
   * resolver.profile("p_r-1" as ProfileId)
   * // => { profileId: "p_r-1", recordIds: ["r-1", "r-2"], identifiers: [{ type: "phone", value: "+84912345678" }, ...] }
   * ```
   */
  profile(profileId: ProfileId): ResolvedProfile | undefined {
    const current = this.currentProfileId(profileId)
    if (current === undefined) return undefined
    const canonical = this.canonicalIndexOf(current)!
    return this.profileOfCanonical(canonical, this.profileMembers(canonical))
  }

  /**
   * Every profile, in canonical order of their first records.
   *
   * @example
   * ```ts
   * [...resolver.profiles()].length // => 412
   * ```
   */
  *profiles(): IterableIterator<ResolvedProfile> {
    const groups = this.groups()
    const canonicals = [...groups.keys()].sort(this.graph.compareCanonical)
    for (const canonical of canonicals) yield this.profileOfCanonical(canonical, groups.get(canonical)!)
  }

  /**
   * The partition of records into profiles as sorted record-id lists, sorted:
   * a canonical form to compare two states.
   *
   * @example
   * ```ts
   * resolver.partition() // => [["r-1", "r-2"], ["r-3"]]
   * ```
   */
  partition(): Array<Array<string>> {
    const out: Array<Array<string>> = []
    for (const group of this.groups().values()) out.push(group.map((i) => this.graph.records[i]!.recordId).sort())
    return out.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0))
  }

  /**
   * The profile id of every record, as a map: a compact view for comparing
   * states and for storage.
   *
   * @example
   * ```ts
   * resolver.assignments().get("r-2") // => "p_r-1"
   * ```
   */
  assignments(): Map<string, ProfileId> {
    const graph = this.graph
    const out = new Map<string, ProfileId>()
    for (let i = 0; i < graph.records.length; i++) out.set(graph.records[i]!.recordId, this.profileIdOfIndex(graph.profileRecord[i]!))
    return out
  }

  /**
   * Every current warning: rejected identifiers, drops, refusals and
   * quarantines, as the state stands now.
   *
   * @example
   * ```ts
   * resolver.warnings().filter((w) => w.kind === "quarantined")
   * // => [{ kind: "quarantined", identifier: { type: "phone", value: "+84281234567" }, profileIds: [...] }]
   * ```
   */
  warnings(): Array<IdentityWarning> {
    const out: Array<IdentityWarning> = []
    const graph = this.graph
    for (const [index, list] of graph.rejected) {
      for (const { identifier, reason } of list) out.push({ kind: "rejected", recordId: graph.records[index]!.recordId, identifier, reason })
    }
    for (const outcome of this.currentOutcomes()) out.push(...this.warningsOfOutcome(outcome))
    return out
  }

  /**
   * Person-made constraints to persist (splits and manual merges), by record id.
   *
   * @example
   * ```ts
   * resolver.constraints() // => { doNotMerge: [["r-1", "r-7"]], mustLink: [] }
   * ```
   */
  constraints(): IdentityConstraints {
    const records = this.graph.records
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

  /**
   * The append-only ledger (IDN-7). Records loaded in bulk get their `created`
   * / `linked` entries derived from the state right after their load, in
   * canonical order, with the identifier each shares with an earlier record of
   * its profile.
   *
   * @example
   * ```ts
   * resolver.ledger().filter((e) => e.kind === "merged")
   * // => [{ seq: 7, kind: "merged", from: "p_r-5", into: "p_r-1", identifier: { type: "phone", value: "+84912345678" }, rule: "shared_identifier", ... }]
   * ```
   */
  ledger(): Array<LedgerEntry> {
    return this.ledgerFrom(0)
  }

  /**
   * How many ledger entries there are: the `seq` the next one will get.
   *
   * @example
   * ```ts
   * const before = resolver.ledgerLength
   * resolver.ingest(record)
   * resolver.ledgerFrom(before) // => the entries this ingestion appended
   * ```
   */
  get ledgerLength(): number {
    return this.nextSeq
  }

  /**
   * The ledger entries numbered `seq` and later, in order: what was appended
   * since {@link IdentityResolver.ledgerLength} read `seq`. Cheaper than
   * slicing {@link IdentityResolver.ledger}: entries of earlier bulk loads are
   * not derived at all.
   *
   * @example
   * ```ts
   * resolver.ingestBatch(history)
   * const start = resolver.ledgerLength
   * resolver.ingest(late)
   * resolver.ledgerFrom(start) // => [{ seq: start, kind: "linked", recordId: late.recordId, ... }]
   * ```
   */
  ledgerFrom(seq: number): Array<LedgerEntry> {
    const graph = this.graph
    const out: Array<LedgerEntry> = seq === 0 ? [...this.entries] : this.entries.filter((e) => e.seq >= seq)
    for (let i = 0; i < this.compactSeq.length; i++) {
      if (this.compactSeq[i]! < seq) continue
      const index = this.compactRecord[i]!
      const record = graph.records[index]!
      const key = this.compactKey[i]!
      const common = { seq: this.compactSeq[i]!, at: record.observedAt, recordId: record.recordId, source: record.source, profileId: this.profileIdOfIndex(this.compactProfile[i]!) }
      out.push(
        key === -2
          ? { ...common, kind: "created" }
          : { ...common, kind: "linked", identifier: key === -1 ? undefined : this.identifierOfKey(key), rule: "shared_identifier" }
      )
    }
    for (const load of this.bulkLoads) {
      if (load.seq + (load.end - load.start) <= seq) continue
      let next = load.seq
      for (const draft of this.bulkLedger(load)) {
        if (next >= seq) out.push({ ...draft, seq: next } as LedgerEntry)
        next++
      }
    }
    return out.sort((a, b) => a.seq - b.seq)
  }

  /**
   * Explains two records (IDN-7): the chain of shared identifiers that joined
   * them, or why they were kept apart (guards, quarantine, blocked values, or
   * nothing in common).
   *
   * @example
   * ```ts
   * resolver.explain("r-1", "r-3")
   * // => Result.succeed({ joined: true, profileId: "p_r-1", chain: [
   * //      { from: "r-1", to: "r-2", identifier: { type: "phone", value: "+84912345678" }, rule: "shared_identifier" },
   * //      { from: "r-2", to: "r-3", identifier: { type: "zalo_id", value: "445566" }, rule: "shared_identifier" }] })
   * ```
   */
  explain(recordA: string, recordB: string): Result.Result<Explanation, UnknownSubject> {
    const a = this.graph.recordIndex.get(recordA)
    if (a === undefined) return Result.fail(new UnknownSubject({ kind: "record", id: recordA }))
    const b = this.graph.recordIndex.get(recordB)
    if (b === undefined) return Result.fail(new UnknownSubject({ kind: "record", id: recordB }))
    this.ensureMembers()
    const members = this.componentMembers(a)
    const outcome = this.outcomes.get(this.graph.find(a))
    return Result.succeed(
      explainRecords({
        graph: this.graph,
        a,
        b,
        sameComponent: this.graph.find(a) === this.graph.find(b),
        members,
        outcome,
        doNotMerge: this.doNotMerge,
        mustLink: this.mustLink,
        profileIdOf: (index) => this.profileIdOfIndex(index)
      })
    )
  }

  /**
   * The merged traits of a profile, each with its provenance (IDN-10):
   * observations of its records' traits plus manual choices, merged with the
   * configured strategies.
   *
   * @example
   * ```ts
   * resolver.traitsOf("p_r-1" as ProfileId)?.fullName // => { value: "Nguyễn Thị Lan", source: "zalo_oa", strategy: "newest", ... }
   * ```
   */
  traitsOf(profileId: ProfileId, config: TraitMergeConfig = this.traitConfig): Record<string, ProvenancedTrait> | undefined {
    const current = this.currentProfileId(profileId)
    if (current === undefined) return undefined
    return mergeTraits(this.observationsOf(this.profileMembers(this.canonicalIndexOf(current)!)), config)
  }

  // ------------------------------------------------------ split, manual merge

  /**
   * Splits two records of one profile apart (IDN-8): records a do-not-merge
   * pair (later records respect it, and re-feeding the same records does not
   * re-merge them), drops the manual merges that joined the two sides, and
   * re-resolves the component without that evidence.
   *
   * @param recordA - a record that stays on one side
   * @param recordB - a record that goes to the other side
   * @param action - when, by whom, why
   * @returns the old profile id and the profiles it became
   *
   * @example
   * ```ts
   * resolver.split("r-1", "r-2", { at: new Date("2025-04-01T00:00:00Z"), actor: "staff-7", reason: "two sisters share a phone" })
   * // => Result.succeed({ from: "p_r-1", profiles: [{ profileId: "p_r-1", ... }, { profileId: "p_r-2", ... }] })
   * ```
   */
  split(recordA: string, recordB: string, action: ManualAction): Result.Result<SplitOutcome, UnknownSubject | InvalidIdentityOperation> {
    const graph = this.graph
    const a = graph.recordIndex.get(recordA)
    if (a === undefined) return Result.fail(new UnknownSubject({ kind: "record", id: recordA }))
    const b = graph.recordIndex.get(recordB)
    if (b === undefined) return Result.fail(new UnknownSubject({ kind: "record", id: recordB }))
    if (a === b || graph.profileRecord[a] !== graph.profileRecord[b]) {
      return Result.fail(new InvalidIdentityOperation({ operation: "split", reason: "the records are not in the same profile" }))
    }
    this.ensureMembers()
    const canonical = graph.profileRecord[a]!
    const from = this.profileIdOfIndex(canonical)
    const inProfile = new Set(this.profileMembers(canonical))
    const inside = this.mustLink.filter(([x, y]) => inProfile.has(x) && inProfile.has(y))
    this.mustLink = this.mustLink.filter(([x, y]) => !(inProfile.has(x) && inProfile.has(y)))
    this.addDoNotMerge(a, b)
    const before = this.snapshotProfiles([...inProfile])
    this.recompute(graph.find(a))
    if (inside.length > 0) this.restoreManualMergesApartFrom(a, b, inside)
    const after = new Set([...inProfile].map((i) => graph.profileRecord[i]!))
    const into = [...after].sort(graph.compareCanonical).map((i) => this.profileIdOfIndex(i))
    this.append({ kind: "split", at: action.at, recordIds: [recordA, recordB], from, into, actor: action.actor, reason: action.reason })
    this.recordMovesAndMerges(before, action.at, undefined)
    const profiles = [...after].sort(graph.compareCanonical).map((c) => this.profileOfCanonical(c, this.profileMembers(c)))
    return Result.succeed({ from, profiles })
  }

  // A must-link overrides a do-not-merge pair, so a split first drops the
  // manual merges inside the profile. Those that do not join `a`'s side to
  // `b`'s (a person merged another duplicate into the profile) are restored,
  // in the order they were made; if the sides still meet (a quarantine moved
  // with them), they stay dropped.
  private restoreManualMergesApartFrom(a: number, b: number, inside: ReadonlyArray<readonly [number, number]>): void {
    const graph = this.graph
    const parent = new Map<number, number>()
    const find = (x: number): number => {
      let root = graph.profileRecord[x]!
      for (let next = parent.get(root); next !== undefined; next = parent.get(root)) root = next
      return root
    }
    const kept: Array<readonly [number, number]> = []
    for (const [x, y] of inside) {
      const gx = find(x)
      const gy = find(y)
      const ga = find(a)
      const gb = find(b)
      if ((gx === ga && gy === gb) || (gx === gb && gy === ga)) continue
      if (gx !== gy) parent.set(gx, gy)
      kept.push([x, y])
    }
    if (kept.length === 0) return
    const withoutKept = this.mustLink
    this.mustLink = [...withoutKept, ...kept]
    this.recompute(graph.find(a))
    if (graph.profileRecord[a] === graph.profileRecord[b]) {
      this.mustLink = withoutKept
      this.recompute(graph.find(a))
    }
  }

  /**
   * Previews a manual merge without changing anything (IDN-9): the merged
   * records and identifiers, unique-type conflicts, and per-trait conflicts to
   * choose on.
   *
   * @example
   * ```ts
   * resolver.previewManualMerge("p_r-1" as ProfileId, "p_r-9" as ProfileId)
   * // => Result.succeed({ into: "p_r-1", from: "p_r-9", identifierConflicts: [{ type: "user_id", values: ["u-1", "u-9"] }],
   * //      traitConflicts: [{ name: "fullName", into: { value: "Lan", ... }, from: { value: "Nguyễn Thị Lan", ... } }], ... })
   * ```
   */
  previewManualMerge(profileA: ProfileId, profileB: ProfileId): Result.Result<MergePreview, UnknownSubject | InvalidIdentityOperation> {
    const pair = this.manualPair(profileA, profileB)
    if (Result.isFailure(pair)) return Result.fail(pair.failure)
    const [ca, cb] = pair.success
    const graph = this.graph
    const [into, from] = graph.before(ca, cb) ? [ca, cb] : [cb, ca]
    const membersInto = this.profileMembers(into)
    const membersFrom = this.profileMembers(from)
    const profileInto = this.profileOfCanonical(into, membersInto)
    const profileFrom = this.profileOfCanonical(from, membersFrom)
    const identifiers = dedupeIdentifiers([...profileInto.identifiers, ...profileFrom.identifiers])
    const identifierConflicts: Array<{ type: string; values: Array<string> }> = []
    for (const type of new Set(identifiers.map((i) => i.type))) {
      if (!graph.policy.ruleOf(type).unique) continue
      const values = identifiers.filter((i) => i.type === type).map((i) => i.value)
      if (values.length > 1) identifierConflicts.push({ type, values })
    }
    const traitsInto = mergeTraits(this.observationsOf(membersInto), this.traitConfig)
    const traitsFrom = mergeTraits(this.observationsOf(membersFrom), this.traitConfig)
    const traitConflicts: Array<{ name: string; into: ProvenancedTrait; from: ProvenancedTrait }> = []
    for (const name of Object.keys(traitsInto).sort()) {
      const x = traitsInto[name]!
      const y = traitsFrom[name]
      if (y !== undefined && JSON.stringify(x.value) !== JSON.stringify(y.value)) traitConflicts.push({ name, into: x, from: y })
    }
    const recordIds = [...membersInto, ...membersFrom].sort(graph.compareCanonical).map((i) => graph.records[i]!.recordId)
    return Result.succeed({
      into: this.profileIdOfIndex(into),
      from: this.profileIdOfIndex(from),
      recordIds,
      identifiers,
      identifierConflicts,
      traitConflicts,
      traits: mergeTraits(this.observationsOf([...membersInto, ...membersFrom]), this.traitConfig)
    })
  }

  /**
   * Merges two profiles by hand (IDN-9), over every guard: records a must-link
   * pair, removes do-not-merge pairs between them, and stores each trait choice
   * as a `manual` observation at `action.at`.
   *
   * @param profileA - one profile (`"a"` in choices)
   * @param profileB - the other (`"b"` in choices)
   * @param action - when, by whom, why, and the per-trait choices
   * @returns the merged profile
   *
   * @example
   * ```ts
   * resolver.manualMerge("p_r-1" as ProfileId, "p_r-9" as ProfileId, { at: new Date("2025-04-01T00:00:00Z"), actor: "staff-7", choices: { fullName: "b" } })
   * // => Result.succeed({ profileId: "p_r-1", recordIds: [...], identifiers: [...] })
   * ```
   */
  manualMerge(
    profileA: ProfileId,
    profileB: ProfileId,
    action: ManualAction & { readonly choices?: Readonly<Record<string, TraitChoice>> }
  ): Result.Result<ResolvedProfile, UnknownSubject | InvalidIdentityOperation> {
    const pair = this.manualPair(profileA, profileB)
    if (Result.isFailure(pair)) return Result.fail(pair.failure)
    const [ca, cb] = pair.success
    const graph = this.graph
    const membersA = this.profileMembers(ca)
    const membersB = this.profileMembers(cb)
    const traitsA = mergeTraits(this.observationsOf(membersA), this.traitConfig)
    const traitsB = mergeTraits(this.observationsOf(membersB), this.traitConfig)
    const setB = new Set(membersB)
    for (const x of membersA) {
      const partners = this.doNotMerge.get(x)
      if (partners === undefined) continue
      for (const y of [...partners]) if (setB.has(y)) this.removeDoNotMerge(x, y)
    }
    this.mustLink.push([ca, cb])
    const before = this.snapshotProfiles([...membersA, ...membersB])
    const rootA = graph.find(ca)
    const rootB = graph.find(cb)
    this.joinComponents(rootA, rootB)
    this.recompute(graph.find(ca))
    const into = graph.profileRecord[ca]!
    const choices: Record<string, unknown> = {}
    const observations: Array<TraitObservation> = []
    for (const [name, choice] of Object.entries(action.choices ?? {})) {
      const value = choice === "a" ? traitsA[name]?.value : choice === "b" ? traitsB[name]?.value : choice.value
      choices[name] = value
      observations.push({ name, value, source: "manual", observedAt: action.at, recordId: `manual:${++this.manualCount}` })
    }
    if (observations.length > 0) {
      const list = this.manualTraits.get(into) ?? []
      list.push(...observations)
      this.manualTraits.set(into, list)
    }
    this.append({
      kind: "manual_merge",
      at: action.at,
      profileIds: [this.profileIdOfIndex(ca), this.profileIdOfIndex(cb)],
      into: this.profileIdOfIndex(into),
      actor: action.actor,
      reason: action.reason,
      choices
    })
    this.recordMovesAndMerges(before, action.at, undefined, "manual_merge")
    return Result.succeed(this.profileOfCanonical(into, this.profileMembers(into)))
  }

  // ---------------------------------------------------------------- internals

  // Profile ids by canonical record, built once: every decision names one.
  private readonly profileIds = new RootTable<ProfileId>()
  private profileIdOfIndex(index: number): ProfileId {
    let id = this.profileIds.get(index)
    if (id === undefined) {
      id = profileIdOfRecord(this.graph.records[index]!.recordId)
      this.profileIds.set(index, id)
    }
    return id
  }

  private canonicalIndexOf(profileId: string): number | undefined {
    if (!profileId.startsWith("p_")) return undefined
    const index = this.graph.recordIndex.get(profileId.slice(2))
    return index !== undefined && this.graph.profileRecord[index] === index ? index : undefined
  }

  private manualPair(profileA: ProfileId, profileB: ProfileId): Result.Result<readonly [number, number], UnknownSubject | InvalidIdentityOperation> {
    const idA = this.currentProfileId(profileA)
    if (idA === undefined) return Result.fail(new UnknownSubject({ kind: "profile", id: profileA }))
    const idB = this.currentProfileId(profileB)
    if (idB === undefined) return Result.fail(new UnknownSubject({ kind: "profile", id: profileB }))
    if (idA === idB) return Result.fail(new InvalidIdentityOperation({ operation: "manual_merge", reason: "both ids name the same profile" }))
    this.ensureMembers()
    return Result.succeed([this.canonicalIndexOf(idA)!, this.canonicalIndexOf(idB)!] as const)
  }

  private ensureMembers(): RootTable<Array<number>> {
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

  private componentMembers(record: number): ReadonlyArray<number> {
    return this.ensureMembers().get(this.graph.find(record))!
  }

  private profileMembers(canonical: number): Array<number> {
    return this.componentMembers(canonical)
      .filter((i) => this.graph.profileRecord[i] === canonical)
      .sort(this.graph.compareCanonical)
  }

  private groups(): Map<number, Array<number>> {
    const groups = new Map<number, Array<number>>()
    const profileRecord = this.graph.profileRecord
    for (let i = 0; i < this.graph.records.length; i++) {
      const canonical = profileRecord[i]!
      const list = groups.get(canonical)
      if (list === undefined) groups.set(canonical, [i])
      else list.push(i)
    }
    for (const list of groups.values()) list.sort(this.graph.compareCanonical)
    return groups
  }

  private profileOfCanonical(canonical: number, members: ReadonlyArray<number>): ResolvedProfile {
    const graph = this.graph
    const outcome = this.outcomes.get(graph.find(canonical))
    let keys: ReadonlyArray<number>
    if (outcome !== undefined) keys = outcome.held.get(canonical) ?? []
    else {
      const set = new Set<number>()
      for (const member of members) graph.forEachKey(member, (key) => set.add(key))
      keys = [...set]
    }
    const identifiers = keys
      .map((key) => ({ type: graph.typeOfKey(key), value: graph.keyValue[key]! }))
      .sort((x, y) => (x.type !== y.type ? (x.type < y.type ? -1 : 1) : x.value < y.value ? -1 : x.value > y.value ? 1 : 0))
    return {
      profileId: this.profileIdOfIndex(canonical),
      recordIds: [...members].sort(graph.compareCanonical).map((i) => graph.records[i]!.recordId),
      identifiers
    }
  }

  private observationsOf(members: ReadonlyArray<number>): Array<TraitObservation> {
    const out: Array<TraitObservation> = []
    for (const member of members) {
      const record = this.graph.records[member]!
      out.push(...observationsOfTraits(record.traits, record))
      const manual = this.manualTraits.get(member)
      if (manual !== undefined) out.push(...manual)
    }
    return out
  }

  private touchesConstraints(members: ReadonlyArray<number>): boolean {
    if (this.doNotMerge.size === 0 && this.mustLink.length === 0) return false
    for (const member of members) if (this.doNotMerge.has(member)) return true
    if (this.mustLink.length === 0) return false
    const set = new Set(members)
    return this.mustLink.some(([a, b]) => set.has(a) || set.has(b))
  }

  private constraintsView() {
    return { doNotMerge: this.doNotMerge, mustLink: this.mustLink }
  }

  private recompute(root: number): void {
    const members = this.ensureMembers().get(root)!
    const outcome = resolveComponent(this.graph, members, this.constraintsView(), this.touchesConstraints(members), false)
    if (outcome === undefined) this.outcomes.delete(root)
    else this.outcomes.set(root, outcome)
  }

  // The bulk path: one pass to count identifier values per component and type,
  // so that only components where some guard could fire run the greedy resolver.
  private recomputeAll(): void {
    const graph = this.graph
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
    for (const record of this.doNotMerge.keys()) unsafe[componentOf[rootOf[record]!]!] = 1
    for (const [a, b] of this.mustLink) {
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
    this.outcomes.clear()
    if (unsafeMembers !== undefined) {
      for (const members of unsafeMembers.values()) {
        const outcome = resolveComponent(graph, members, this.constraintsView(), this.touchesConstraints(members), false)
        if (outcome !== undefined) this.outcomes.set(rootOf[members[0]!]!, outcome)
      }
    }
    this.members = undefined
    this.typeCounts = undefined
  }

  private currentOutcomes(): Iterable<ComponentOutcome> {
    return this.outcomes.values()
  }

  private warningsOfOutcome(outcome: ComponentOutcome, onlyRecord?: number): Array<IdentityWarning> {
    const graph = this.graph
    const out: Array<IdentityWarning> = []
    const identifierOf = (key: number): NormalizedIdentifier => ({ type: graph.typeOfKey(key), value: graph.keyValue[key]! })
    for (const drop of outcome.dropped) {
      if (onlyRecord !== undefined && drop.record !== onlyRecord) continue
      out.push({ kind: "dropped", recordId: graph.records[drop.record]!.recordId, identifier: identifierOf(drop.key), reason: drop.reason })
    }
    for (const apart of outcome.keptApart) {
      if (onlyRecord !== undefined && apart.record !== onlyRecord) continue
      out.push({
        kind: "kept_apart",
        recordId: graph.records[apart.record]!.recordId,
        identifier: identifierOf(apart.key),
        profileId: this.profileIdOfIndex(graph.profileRecord[apart.record]!),
        otherProfileId: this.profileIdOfIndex(graph.profileRecord[apart.otherRecord]!),
        reason: apart.reason
      })
    }
    for (const quarantined of outcome.quarantined) {
      if (onlyRecord !== undefined && !graph.recordHasKey(onlyRecord, quarantined.key)) continue
      out.push({
        kind: "quarantined",
        identifier: identifierOf(quarantined.key),
        profileIds: [...new Set(quarantined.profiles.map((p) => this.profileIdOfIndex(graph.profileRecord[p]!)))]
      })
    }
    return out
  }

  private snapshotProfiles(records: ReadonlyArray<number>): Map<number, number> {
    const before = new Map<number, number>()
    for (const record of records) before.set(record, this.graph.profileRecord[record]!)
    return before
  }

  private append(draft: LedgerDraft): void {
    ;(draft as { seq?: number }).seq = this.nextSeq++
    this.entries.push(draft as LedgerEntry)
  }

  // A `created` (key -2) or `linked` entry, in the compact columns.
  private appendCompact(record: number, canonical: number, key: number): void {
    this.compactSeq.push(this.nextSeq++)
    this.compactRecord.push(record)
    this.compactProfile.push(canonical)
    this.compactKey.push(key)
  }

  // The first identifier of `record` (priority order) also held by one of `others`.
  // In a guarded component only identifiers that can link count: held by the
  // record's profile, not quarantined, not dropped from the record that
  // carries them (a quarantined hotline is shared, but linked nobody).
  private sharedIdentifier(record: number, others: ReadonlyArray<number>): NormalizedIdentifier | undefined {
    const graph = this.graph
    const outcome = this.outcomes.get(graph.find(record))
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

  // Ledger entries for profiles that merged or records that moved while a component was re-resolved.
  private recordMovesAndMerges(
    before: ReadonlyMap<number, number>,
    at: Date,
    cause: number | undefined,
    rule: "shared_identifier" | "earlier_record" | "manual_merge" | "recompute" = "recompute"
  ): { merged: Array<ProfileId>; moved: Array<{ recordId: string; from: ProfileId; into: ProfileId }> } {
    const graph = this.graph
    const byOld = new Map<number, Array<number>>()
    for (const [record, old] of before) {
      const list = byOld.get(old)
      if (list === undefined) byOld.set(old, [record])
      else list.push(record)
    }
    const merged: Array<ProfileId> = []
    const moved: Array<{ recordId: string; from: ProfileId; into: ProfileId }> = []
    for (const old of [...byOld.keys()].sort(graph.compareCanonical)) {
      const records = byOld.get(old)!
      const oldId = this.profileIdOfIndex(old)
      // The old profile lives on where its canonical record went.
      const home = graph.profileRecord[old]!
      if (home !== old) {
        const into = this.profileIdOfIndex(home)
        const causeRule = cause === undefined ? rule : cause === home ? "earlier_record" : "shared_identifier"
        this.append({
          kind: "merged",
          at,
          from: oldId,
          into,
          recordId: cause === undefined ? undefined : graph.records[cause]!.recordId,
          identifier: cause === undefined ? undefined : this.sharedIdentifier(cause, records),
          rule: causeRule
        })
        this.redirects.set(oldId, into)
        merged.push(oldId)
      }
      for (const record of records) {
        const now = graph.profileRecord[record]!
        if (now === home) continue
        const entry = { recordId: graph.records[record]!.recordId, from: oldId, into: this.profileIdOfIndex(now) }
        this.append({ kind: "moved", at, ...entry })
        moved.push(entry)
      }
    }
    return { merged, moved }
  }

  private diff(index: number, before: ReadonlyMap<number, number>): IdentityDecision {
    const graph = this.graph
    const record = graph.records[index]!
    const at = record.observedAt
    for (const { identifier, reason } of graph.rejected.get(index) ?? []) {
      this.append({ kind: "warning", at, warning: { kind: "rejected", recordId: record.recordId, identifier, reason } })
    }
    const canonical = graph.profileRecord[index]!
    const profileId = this.profileIdOfIndex(canonical)
    const companions = [...before.keys()].filter((r) => graph.profileRecord[r] === canonical)
    if (companions.length === 0) this.append({ kind: "created", at, recordId: record.recordId, source: record.source, profileId })
    const { merged, moved } = this.recordMovesAndMerges(before, at, index)
    if (companions.length > 0) {
      this.append({
        kind: "linked",
        at,
        recordId: record.recordId,
        source: record.source,
        profileId,
        identifier: this.sharedIdentifier(index, companions),
        rule: "shared_identifier"
      })
    }
    const warnings: Array<IdentityWarning> = []
    for (const { identifier, reason } of graph.rejected.get(index) ?? []) warnings.push({ kind: "rejected", recordId: record.recordId, identifier, reason })
    const outcome = this.outcomes.get(graph.find(index))
    if (outcome !== undefined) {
      for (const warning of this.warningsOfOutcome(outcome, index)) {
        warnings.push(warning)
        this.append({ kind: "warning", at, warning })
      }
    }
    const oldProfiles = new Set(companions.map((r) => before.get(r)!))
    const kind = companions.length === 0 ? "created" : oldProfiles.size > 1 || merged.length > 0 ? "merged" : "attached"
    return { recordId: record.recordId, profileId, kind, mergedProfileIds: merged, movedRecords: moved, warnings }
  }

  private bulkLedger(load: { readonly start: number; readonly end: number; readonly snapshot: Int32Array }): Array<LedgerDraft> {
    const graph = this.graph
    const groups = new Map<number, Array<number>>()
    for (let i = load.start; i < load.end; i++) {
      const canonical = load.snapshot[i]!
      const list = groups.get(canonical)
      if (list === undefined) groups.set(canonical, [i])
      else list.push(i)
    }
    const drafts: Array<LedgerDraft> = []
    for (const canonical of [...groups.keys()].sort(graph.compareCanonical)) {
      const list = groups.get(canonical)!.sort(graph.compareCanonical)
      const seen: Array<number> = []
      for (const index of list) {
        const record = graph.records[index]!
        const profileId = this.profileIdOfIndex(canonical)
        const identifier = seen.length === 0 ? undefined : this.sharedIdentifier(index, seen)
        if (seen.length === 0 && index === canonical) {
          drafts.push({ kind: "created", at: record.observedAt, recordId: record.recordId, source: record.source, profileId })
        } else {
          drafts.push({ kind: "linked", at: record.observedAt, recordId: record.recordId, source: record.source, profileId, identifier, rule: "shared_identifier" })
        }
        seen.push(index)
      }
    }
    return drafts
  }

  private addDoNotMerge(a: number, b: number): void {
    let set = this.doNotMerge.get(a)
    if (set === undefined) this.doNotMerge.set(a, (set = new Set()))
    set.add(b)
    set = this.doNotMerge.get(b)
    if (set === undefined) this.doNotMerge.set(b, (set = new Set()))
    set.add(a)
  }

  private removeDoNotMerge(a: number, b: number): void {
    this.doNotMerge.get(a)?.delete(b)
    if (this.doNotMerge.get(a)?.size === 0) this.doNotMerge.delete(a)
    this.doNotMerge.get(b)?.delete(a)
    if (this.doNotMerge.get(b)?.size === 0) this.doNotMerge.delete(b)
  }

  // Constraints loaded with `options.constraints` become active once both records are known.
  private activatePendingConstraints(recordId: string, index: number): ReadonlyArray<number> {
    if (this.pendingDoNotMerge.length === 0 && this.pendingMustLink.length === 0) return noRecords
    const graph = this.graph
    const activated: Array<number> = []
    if (this.pendingDoNotMerge.length > 0) {
      this.pendingDoNotMerge = this.pendingDoNotMerge.filter(([x, y]) => {
        if (x !== recordId && y !== recordId) return true
        const other = graph.recordIndex.get(x === recordId ? y : x)
        if (other === undefined) return true
        this.addDoNotMerge(index, other)
        activated.push(other)
        return false
      })
    }
    if (this.pendingMustLink.length > 0) {
      this.pendingMustLink = this.pendingMustLink.filter(([x, y]) => {
        if (x !== recordId && y !== recordId) return true
        const other = graph.recordIndex.get(x === recordId ? y : x)
        if (other === undefined) return true
        const [a, b] = x === recordId ? [index, other] : [other, index]
        this.mustLink.push([a, b])
        if (this.members !== undefined) this.joinComponents(graph.find(a), graph.find(b))
        else graph.union(a, b)
        activated.push(other)
        return false
      })
    }
    return activated
  }

  private afterConstraintChange(index: number, others: ReadonlyArray<number>): IdentityDecision {
    const graph = this.graph
    const members = this.ensureMembers()
    const root = graph.find(index)
    for (const other of others) {
      const otherRoot = graph.find(other)
      if (otherRoot !== root && members.has(otherRoot)) this.recompute(otherRoot)
    }
    const before = this.snapshotProfiles(members.get(root)!)
    before.delete(index)
    this.recompute(root)
    return this.diff(index, before)
  }
}

const noRecords: ReadonlyArray<number> = []
const noWarnings: ReadonlyArray<IdentityWarning> = []
const noProfileIds: ReadonlyArray<ProfileId> = []
const noMoves: IdentityDecision["movedRecords"] = []

const dedupeIdentifiers = (identifiers: ReadonlyArray<NormalizedIdentifier>): Array<NormalizedIdentifier> => {
  const seen = new Set<string>()
  const out: Array<NormalizedIdentifier> = []
  for (const identifier of identifiers) {
    const key = `${identifier.type}:${identifier.value}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(identifier)
  }
  return out.sort((x, y) => (x.type !== y.type ? (x.type < y.type ? -1 : 1) : x.value < y.value ? -1 : 1))
}

/**
 * Creates an empty identity state for incremental resolution.
 *
 * @param options - policy, saved constraints, trait merge configuration
 * @returns the resolver
 *
 * @example
 * ```ts
 * const resolver = createResolver({ policy: { quarantineThreshold: 3 } })
 * resolver.ingest(record) // => { kind: "created", profileId: "p_r-1", ... }
 * ```
 */
export const createResolver = (options: ResolverOptions = {}): IdentityResolver => new IdentityResolver(options)

/**
 * Resolves a whole set of records at once (a file, a backfill) into profiles
 * (IDN-1, IDN-6). The result is the same state the incremental resolver
 * reaches from the same records in any order, and can keep ingesting.
 *
 * @param records - the records, identifiers raw, in any order
 * @param options - policy, saved constraints, trait merge configuration
 * @returns the resolved state
 *
 * @example
 * ```ts
 * const state = resolveBatch([
 *   { recordId: "r-1", observedAt: new Date("2025-01-01T00:00:00Z"), source: "web", identifiers: [{ type: "email", value: "Lan@Gmail.com" }] },
 *   { recordId: "r-2", observedAt: new Date("2025-01-02T00:00:00Z"), source: "shopee", identifiers: [{ type: "email", value: "lan@gmail.com" }, { type: "shopee_buyer_id", value: "sp-9" }] }
 * ])
 * state.partition() // => [["r-1", "r-2"]]
 * state.profileOf("r-2") // => "p_r-1"
 * ```
 */
export const resolveBatch = (records: Iterable<IdentityRecord>, options: ResolverOptions = {}): IdentityResolver => {
  const resolver = new IdentityResolver(options)
  resolver.ingestBatch(records)
  return resolver
}
