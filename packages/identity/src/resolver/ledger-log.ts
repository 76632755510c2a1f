import type { LedgerDraft, LedgerEntry } from "../ledger.js"
import { sharedIdentifier } from "./shared-identifier.js"
import type { ResolverState } from "./state.js"

/** Records `start … end - 1` loaded in bulk, with every record's canonical record right after the load. */
interface BulkLoad {
  readonly seq: number
  readonly start: number
  readonly end: number
  readonly snapshot: Int32Array
}

/**
 * The append-only ledger (IDN-7), kept in three forms so that a live feed
 * does not allocate an object per record: entries as objects (merges, moves,
 * splits, warnings); the commonest entries (a record created or linked a
 * profile) as columns of numbers; and bulk loads as a snapshot from which
 * their entries are derived when read. Every entry has its `seq` when
 * appended; {@link ledgerFrom} merges the three forms in `seq` order.
 * Internal to the package.
 */
export class LedgerLog {
  readonly entries: Array<LedgerEntry> = []
  readonly bulkLoads: Array<BulkLoad> = []
  /** The `seq` of the next entry. */
  nextSeq = 0
  readonly compactSeq: Array<number> = []
  readonly compactRecord: Array<number> = []
  readonly compactProfile: Array<number> = []
  /** Key id of a `linked` entry's identifier, -1 for none, -2 for a `created` entry. */
  readonly compactKey: Array<number> = []

  append(draft: LedgerDraft): void {
    ;(draft as { seq?: number }).seq = this.nextSeq++
    this.entries.push(draft as LedgerEntry)
  }

  /** A `created` (key -2) or `linked` entry, in the compact columns. */
  appendCompact(record: number, canonical: number, key: number): void {
    this.compactSeq.push(this.nextSeq++)
    this.compactRecord.push(record)
    this.compactProfile.push(canonical)
    this.compactKey.push(key)
  }

  /** Numbers the entries of records `start … end - 1`, one each, to be derived from `snapshot` when read. */
  appendBulkLoad(start: number, end: number, snapshot: Int32Array): void {
    this.bulkLoads.push({ seq: this.nextSeq, start, end, snapshot })
    this.nextSeq += end - start
  }
}

/** The ledger entries numbered `seq` and later, in `seq` order. */
export const ledgerFrom = (state: ResolverState, seq: number): Array<LedgerEntry> => {
  const { graph, ledger } = state
  const out: Array<LedgerEntry> = seq === 0 ? [...ledger.entries] : ledger.entries.filter((e) => e.seq >= seq)
  for (let i = 0; i < ledger.compactSeq.length; i++) {
    const entrySeq = ledger.compactSeq[i]!
    if (entrySeq < seq) continue
    const index = ledger.compactRecord[i]!
    const record = graph.records[index]!
    const key = ledger.compactKey[i]!
    const profileId = state.profileIdOfIndex(ledger.compactProfile[i]!)
    // Literals, not a shared object spread into each: a spread copy is built property by property, over ten times
    // dearer for the thousand entries a batch appends.
    out.push(
      key === -2
        ? { seq: entrySeq, at: record.observedAt, recordId: record.recordId, source: record.source, profileId, kind: "created" }
        : {
            seq: entrySeq,
            at: record.observedAt,
            recordId: record.recordId,
            source: record.source,
            profileId,
            kind: "linked",
            identifier: key === -1 ? undefined : state.identifierOfKey(key),
            rule: "shared_identifier"
          }
    )
  }
  for (const load of ledger.bulkLoads) {
    if (load.seq + (load.end - load.start) <= seq) continue
    let next = load.seq
    for (const draft of bulkLedger(state, load)) {
      if (next >= seq) out.push({ ...draft, seq: next } as LedgerEntry)
      next++
    }
  }
  return out.sort((a, b) => a.seq - b.seq)
}

// A bulk load's entries, derived from the state right after it: per profile,
// in canonical order, `created` for its first record and `linked` (with the
// identifier shared with an earlier record of the profile) for the others.
const bulkLedger = (state: ResolverState, load: BulkLoad): Array<LedgerDraft> => {
  const graph = state.graph
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
      const profileId = state.profileIdOfIndex(canonical)
      const identifier = seen.length === 0 ? undefined : sharedIdentifier(state, index, seen)
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
