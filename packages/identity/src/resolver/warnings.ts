import type { ComponentOutcome } from "../engine/component.js"
import type { IdentityWarning } from "../ledger.js"
import type { NormalizedIdentifier } from "../normalize.js"
import type { ResolverState } from "./state.js"

/**
 * The warnings a component's outcome stands for (drops, refusals,
 * quarantines, ambiguous records), as the state stands now; only those concerning `onlyRecord`
 * when given.
 */
export const warningsOfOutcome = (state: ResolverState, outcome: ComponentOutcome, onlyRecord?: number): Array<IdentityWarning> => {
  const graph = state.graph
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
      profileId: state.profileIdOfIndex(graph.profileRecord[apart.record]!),
      otherProfileId: state.profileIdOfIndex(graph.profileRecord[apart.otherRecord]!),
      reason: apart.reason
    })
  }
  for (const quarantined of outcome.quarantined) {
    if (onlyRecord !== undefined && !graph.recordHasKey(onlyRecord, quarantined.key)) continue
    out.push({
      kind: "quarantined",
      identifier: identifierOf(quarantined.key),
      profileIds: [...new Set(quarantined.profiles.map((p) => state.profileIdOfIndex(graph.profileRecord[p]!)))]
    })
  }
  for (const entry of outcome.ambiguous) {
    if (onlyRecord !== undefined && entry.record !== onlyRecord) continue
    out.push({
      kind: "ambiguous",
      recordId: graph.records[entry.record]!.recordId,
      profileId: state.profileIdOfIndex(graph.profileRecord[entry.record]!),
      identifiers: entry.keys.map(identifierOf),
      candidateProfileIds: [...new Set(entry.candidates.map((c) => state.profileIdOfIndex(graph.profileRecord[c]!)))]
    })
  }
  return out
}
