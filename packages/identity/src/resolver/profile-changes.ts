import type { ProfileId } from "@kith/core"
import { sharedIdentifier } from "./shared-identifier.js"
import type { ResolverState } from "./state.js"

/** The canonical record of each of `records` now: what {@link recordMovesAndMerges} compares against. */
export const snapshotProfiles = (state: ResolverState, records: Iterable<number>): Map<number, number> => {
  const before = new Map<number, number>()
  for (const record of records) before.set(record, state.graph.profileRecord[record]!)
  return before
}

/**
 * Ledger entries for profiles that merged and records that moved while a
 * component was re-resolved, from where each record was `before`. A merged
 * profile's old id is redirected to the profile its canonical record went
 * to, so it keeps resolving.
 *
 * @param cause - the record whose arrival caused the change, if any: it decides the merge rule and the identifier named
 * @param rule - the merge rule when there is no cause (a bulk load, a split, a manual merge)
 */
export const recordMovesAndMerges = (
  state: ResolverState,
  before: ReadonlyMap<number, number>,
  at: Date,
  cause: number | undefined,
  rule: "shared_identifier" | "earlier_record" | "manual_merge" | "recompute" = "recompute"
): { merged: Array<ProfileId>; moved: Array<{ recordId: string; from: ProfileId; into: ProfileId }> } => {
  const graph = state.graph
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
    const oldId = state.profileIdOfIndex(old)
    // The old profile lives on where its canonical record went.
    const home = graph.profileRecord[old]!
    if (home !== old) {
      const into = state.profileIdOfIndex(home)
      const causeRule = cause === undefined ? rule : cause === home ? "earlier_record" : "shared_identifier"
      state.ledger.append({
        kind: "merged",
        at,
        from: oldId,
        into,
        recordId: cause === undefined ? undefined : graph.records[cause]!.recordId,
        identifier: cause === undefined ? undefined : sharedIdentifier(state, cause, records),
        rule: causeRule
      })
      state.redirects.set(oldId, into)
      merged.push(oldId)
    }
    for (const record of records) {
      const now = graph.profileRecord[record]!
      if (now === home) continue
      const entry = { recordId: graph.records[record]!.recordId, from: oldId, into: state.profileIdOfIndex(now) }
      state.ledger.append({ kind: "moved", at, ...entry })
      moved.push(entry)
    }
  }
  return { merged, moved }
}
