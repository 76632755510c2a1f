import { groupsSharingTokens } from "@kith/core"
import { identifierKey, type IdentityConstraints, type NormalizedIdentifier, type ResolvedIdentityPolicy } from "@kith/identity"
import type { IdentityRecordRow } from "../port/identity-graph.js"
import type { NewEvent } from "./context.js"

/**
 * The live profiles whose evidence component is exactly their own records
 * (see `ProfileRow.isolated`): the component holds no other profile, every
 * identifier its records carry is held by the profile (nothing quarantined,
 * dropped or shared with a profile a guard kept apart), no split or
 * manual merge pair names one of its records, and none of them comes from an
 * isolated source (whose identifiers `@kith/identity` scopes to the source,
 * so equal values do not mean shared identifiers). Such a profile can take a
 * later record that carries only identifiers it holds without re-resolving
 * its history: `@kith/identity` would just link it.
 *
 * @example
 * ```ts
 * const isolated = isolatedProfiles(loaded, fresh, assigned, heldBy, resolver.constraints(), policy) // e.g. Set { "p_m-1" }
 * ```
 */
export const isolatedProfiles = (
  loaded: ReadonlyMap<string, IdentityRecordRow>,
  fresh: ReadonlyArray<NewEvent>,
  assigned: (messageId: string) => string,
  heldBy: ReadonlyMap<string, ReadonlyArray<NormalizedIdentifier>>,
  constraints: IdentityConstraints,
  policy: ResolvedIdentityPolicy
): Set<string> => {
  const records: Array<{ readonly messageId: string; readonly source: string; readonly identifiers: ReadonlyArray<NormalizedIdentifier> }> = [
    ...loaded.values()
  ]
  for (const e of fresh) records.push({ messageId: e.event.messageId, source: e.source, identifiers: e.identifiers })
  const constrained = new Set<string>()
  for (const [a, b] of [...constraints.doNotMerge, ...constraints.mustLink]) constrained.add(a).add(b)
  for (const r of records) if (policy.isolatedSources.has(r.source)) constrained.add(r.messageId)
  // A profile qualifies when exactly one evidence component holds its records, that component holds nothing else
  // and no constrained record, and the profile holds every identifier the component's records carry.
  const disqualified = new Set<string>()
  const componentKeys = new Map<string, Set<string>>()
  // Each record's identifier keys, built once: the grouping and the component's keys both read them.
  const keysOf = records.map((r) => r.identifiers.map(identifierKey))
  for (const group of groupsSharingTokens(records.length, (i) => keysOf[i]!)) {
    const profiles = new Set(group.map((i) => assigned(records[i]!.messageId)))
    const [only] = profiles
    if (profiles.size !== 1 || group.some((i) => constrained.has(records[i]!.messageId)) || componentKeys.has(only!)) {
      for (const p of profiles) disqualified.add(p)
      continue
    }
    const keys = new Set<string>()
    for (const i of group) for (const key of keysOf[i]!) keys.add(key)
    componentKeys.set(only!, keys)
  }
  const out = new Set<string>()
  for (const [p, keys] of componentKeys) {
    if (disqualified.has(p)) continue
    const held = new Set((heldBy.get(p) ?? []).map(identifierKey))
    if ([...keys].every((k) => held.has(k))) out.add(p)
  }
  return out
}

