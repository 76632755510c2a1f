import { type Identifier, UnionFind } from "@kith/core"
import { type RejectionReason, RejectionReasons } from "../errors.js"
import { normalizeValue } from "../normalize.js"
import type { IdentifierTypeRule, ResolvedIdentityPolicy } from "../policy.js"
import { phoneNumbersIn } from "../phone.js"
import type { IdentityRecord } from "../record.js"

/**
 * The evidence graph: every record, every normalized identifier key, and the
 * records' connected components through shared keys (ignoring guards). Every
 * guard decision is local to one component, so a component is the unit that
 * both the batch and the incremental resolver resolve, with the same code.
 *
 * Nodes are integers: records and keys index typed arrays, the records'
 * keys sit in one flat pool, and a raw value is looked up in its type's map
 * without building a "type:value" string. Internal to the package.
 *
 * @example
 * ```ts
 * const graph = new EvidenceGraph(resolveIdentityPolicy({}))
 * const a = graph.addRecord({ recordId: "r-1", observedAt: new Date(0), source: "web", identifiers: [{ type: "phone", value: "0912345678" }] })
 * const b = graph.addRecord({ recordId: "r-2", observedAt: new Date(0), source: "web", identifiers: [{ type: "phone", value: "+84912345678" }] })
 * graph.find(a) === graph.find(b) // => true
 * ```
 */
export class EvidenceGraph {
  readonly policy: ResolvedIdentityPolicy
  // identifier types seen so far, with their rules
  readonly typeNames: Array<string> = []
  readonly typeRules: Array<IdentifierTypeRule> = []
  private readonly typeIndex = new Map<string, number>()
  // keys
  // Per identifier type (per type and source for isolated sources): normalized
  // value → key id, and raw value → key id or -(1 + rejection index) for raw
  // forms that normalization rewrites. No lookup builds a "type:value" string.
  private readonly scopes = new Map<string, Scope>()
  readonly keyType: Array<number> = []
  readonly keyValue: Array<string> = []
  /** A record holding the key (the first one seen); joining it joins the key's component. */
  readonly keyRecord: Array<number> = []
  // records
  readonly recordIndex = new Map<string, number>()
  readonly records: Array<IdentityRecord> = []
  /** Observed time of each record, epoch milliseconds (grown by doubling; valid up to `records.length`). */
  observedAt: Float64Array<ArrayBuffer> = new Float64Array(1 << 12)
  // Accepted key ids of every record, deduplicated, in the order written, in
  // one flat pool: record r's keys are keyPool[keyOffsets[r] .. keyOffsets[r + 1]).
  // (A million small arrays would cost more memory than the keys themselves.)
  private keyPool: Int32Array<ArrayBuffer> = new Int32Array(1 << 12)
  private keyOffsets: Int32Array<ArrayBuffer> = new Int32Array(1 << 12)
  /** Raw identifiers rejected by normalization or the blocklist, per record (sparse). */
  readonly rejected = new Map<number, ReadonlyArray<{ readonly identifier: Identifier; readonly reason: RejectionReason }>>()
  // Components through shared keys (do-not-merge ignored, must-link included).
  // The smaller index stays the root, so roots are stable under replay.
  private readonly components = new UnionFind()
  /** The canonical (earliest) record of the profile each record belongs to (valid up to `records.length`). */
  profileRecord: Int32Array<ArrayBuffer> = new Int32Array(1 << 12)
  /** The component roots the last {@link addRecord} joined (their roots before the join). */
  // (Scratch lists reused for every record, valid up to their counts: no allocation per record.)
  readonly touchedRoots: Array<number> = []
  touchedCount = 0
  /** Keys of the last added record that were already known, with the root of their component before the join. */
  readonly sharedKeys: Array<number> = []
  readonly sharedKeyRoots: Array<number> = []
  sharedCount = 0
  /** Keys the last added record introduced. */
  readonly newKeys: Array<number> = []
  newCount = 0

  constructor(policy: ResolvedIdentityPolicy) {
    this.policy = policy
  }

  typeIndexOf(type: string): number {
    let index = this.typeIndex.get(type)
    if (index === undefined) {
      index = this.typeNames.length
      this.typeIndex.set(type, index)
      this.typeNames.push(type)
      this.typeRules.push(this.policy.ruleOf(type))
    }
    return index
  }

  /** The root of the record's component: its lowest record index. */
  find(record: number): number {
    return this.components.find(record)
  }

  /** Joins two components; returns the surviving root (the lower index, so roots are stable under replay). */
  union(a: number, b: number): number {
    return this.components.union(a, b)
  }

  /** Is record `a` before record `b` in the canonical order (observedAt, then recordId)? */
  before(a: number, b: number): boolean {
    const ta = this.observedAt[a]!
    const tb = this.observedAt[b]!
    if (ta !== tb) return ta < tb
    return this.records[a]!.recordId < this.records[b]!.recordId
  }

  compareCanonical = (a: number, b: number): number => {
    const ta = this.observedAt[a]!
    const tb = this.observedAt[b]!
    if (ta !== tb) return ta - tb
    const ia = this.records[a]!.recordId
    const ib = this.records[b]!.recordId
    return ia < ib ? -1 : ia > ib ? 1 : 0
  }

  /**
   * Adds a record: normalizes its identifiers into key ids and joins the
   * components of the keys it shares. Returns its index. The caller has
   * checked that the record id is new.
   */
  addRecord(record: IdentityRecord, track = true): number {
    const index = this.records.length
    this.records.push(record)
    this.recordIndex.set(record.recordId, index)
    if (index === this.profileRecord.length) {
      this.profileRecord = grow(this.profileRecord, index + 1)
      const observedAt = new Float64Array(this.profileRecord.length)
      observedAt.set(this.observedAt)
      this.observedAt = observedAt
    }
    this.observedAt[index] = record.observedAt.getTime()
    this.components.add()
    this.profileRecord[index] = index
    const isolated = this.policy.isolatedSources.size > 0 && this.policy.isolatedSources.has(record.source)
    const start = this.keyOffsets[index]!
    let end = start
    this.touchedCount = 0
    this.sharedCount = 0
    this.newCount = 0
    let rejected: Array<{ identifier: Identifier; reason: RejectionReason }> | undefined
    for (const identifier of withPhonesSplit(record.identifiers)) {
      const key = this.keyOf(identifier, isolated ? record.source : undefined)
      if (key < 0) {
        ;(rejected ??= []).push({ identifier, reason: rejectionReasons[-1 - key]! })
        continue
      }
      let duplicate = false
      for (let i = start; i < end; i++) if (this.keyPool[i] === key) duplicate = true
      if (duplicate) continue
      if (end === this.keyPool.length) this.keyPool = grow(this.keyPool, end + 1)
      this.keyPool[end++] = key
      const holder = this.keyRecord[key]!
      if (holder === -1) {
        this.keyRecord[key] = index
        if (track) this.newKeys[this.newCount++] = key
      } else if (!track) {
        // The bulk path: join at once; nobody needs the components as they were.
        this.union(holder, index)
      } else {
        // Roots are read before any union, so each is the root of a component as it was.
        const root = this.find(holder)
        this.sharedKeys[this.sharedCount] = key
        this.sharedKeyRoots[this.sharedCount++] = root
        let seen = false
        for (let i = 0; i < this.touchedCount; i++) if (this.touchedRoots[i] === root) seen = true
        if (!seen) this.touchedRoots[this.touchedCount++] = root
      }
    }
    if (track) for (let i = 0; i < this.touchedCount; i++) this.union(this.touchedRoots[i]!, index)
    if (index + 2 > this.keyOffsets.length) this.keyOffsets = grow(this.keyOffsets, index + 2)
    this.keyOffsets[index + 1] = end
    if (rejected !== undefined) this.rejected.set(index, rejected)
    return index
  }

  private keyOf(identifier: Identifier, isolatedSource: string | undefined): number {
    const type = identifier.type
    const value = identifier.value
    const scopeName = isolatedSource === undefined ? type : type + "\u0001" + isolatedSource
    let scope = this.scopes.get(scopeName)
    if (scope === undefined) {
      scope = { keys: new Map(), raw: new Map(), opaque: !structuredTypes.has(type) }
      this.scopes.set(scopeName, scope)
    }
    if (scope.opaque) {
      // An opaque id normalizes to itself when trimmed: if it is already a key, it was accepted before.
      const existing = scope.keys.get(value)
      if (existing !== undefined) return existing
    }
    const cached = scope.raw.get(value)
    if (cached !== undefined) return cached
    const normalized = normalizeValue(type, value, this.policy)
    let key: number
    if (typeof normalized !== "string") key = -1 - rejectionReasons.indexOf(normalized.reason)
    else {
      const existing = scope.keys.get(normalized)
      if (existing !== undefined) key = existing
      else {
        key = this.keyType.length
        scope.keys.set(normalized, key)
        this.keyType.push(this.typeIndexOf(type))
        this.keyValue.push(normalized)
        this.keyRecord.push(-1)
      }
      // Opaque ids written exactly as normalized are found in `keys`; no cache entry needed.
      if (scope.opaque && normalized === value) return key
    }
    scope.raw.set(value, key)
    return key
  }

  /** The accepted key ids of a record (a copy). */
  keysOf(record: number): Array<number> {
    const out: Array<number> = []
    const end = this.keyOffsets[record + 1]!
    for (let i = this.keyOffsets[record]!; i < end; i++) out.push(this.keyPool[i]!)
    return out
  }

  /** Does `record` hold `key`? */
  recordHasKey(record: number, key: number): boolean {
    const end = this.keyOffsets[record + 1]!
    for (let i = this.keyOffsets[record]!; i < end; i++) if (this.keyPool[i] === key) return true
    return false
  }

  /** Calls `visit` with each accepted key of `record`, without allocating. */
  forEachKey(record: number, visit: (key: number) => void): void {
    const end = this.keyOffsets[record + 1]!
    for (let i = this.keyOffsets[record]!; i < end; i++) visit(this.keyPool[i]!)
  }

  typeOfKey(key: number): string {
    return this.typeNames[this.keyType[key]!]!
  }
}

// Several phone numbers in one value are several identifiers; the list is copied only when one is.
const withPhonesSplit = (identifiers: ReadonlyArray<Identifier>): ReadonlyArray<Identifier> => {
  let out: Array<Identifier> | undefined
  for (let i = 0; i < identifiers.length; i++) {
    const identifier = identifiers[i]!
    const numbers = identifier.type === "phone" ? phoneNumbersIn(identifier.value) : undefined
    if (numbers !== undefined && numbers.length !== 1) {
      out ??= identifiers.slice(0, i)
      for (const value of numbers) out.push({ type: "phone", value })
    } else if (out !== undefined) out.push(identifier)
  }
  return out ?? identifiers
}

interface Scope {
  readonly keys: Map<string, number>
  readonly raw: Map<string, number>
  readonly opaque: boolean
}

const grow = (array: Int32Array<ArrayBuffer>, atLeast: number): Int32Array<ArrayBuffer> => {
  const next = new Int32Array(Math.max(atLeast, array.length * 2))
  next.set(array)
  return next
}

// Types whose normalization rewrites the value (so a raw form must be cached to skip it).
const structuredTypes: ReadonlySet<string> = new Set(["phone", "email", "national_id", "tax_code"])

// Rejections are stored as -(1 + index into this list) in the raw-value caches.
const rejectionReasons: ReadonlyArray<RejectionReason> = RejectionReasons
