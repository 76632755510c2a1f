import {
  createResolver,
  identifierKey,
  type IdentityRecord,
  type IdentityResolver,
  type NormalizedIdentifier,
  type ResolvedIdentityPolicy
} from "@kith/identity"
import type { StorageWrites } from "../backend.js"
import type { IdentityRecordRow } from "../port/identity-graph.js"

/**
 * The stored evidence component(s) around some identifiers: every stored
 * record reachable from them through shared identifiers or a manual merge's
 * must-link pair. Resolution in `@kith/identity` is component-local, so
 * re-resolving exactly these records (plus the new ones) gives the same
 * profiles as resolving the whole workspace.
 *
 * @param tx - the ingestion transaction
 * @param workspaceId - the workspace
 * @param seeds - normalized identifiers of the new records
 * @returns the stored records of the touched components, by message id
 *
 * @example
 * ```ts
 * await loadComponent(tx, "shop-1", [{ type: "phone", value: "+84912345678" }])
 * // resolves to Map { "m-1" => { messageId: "m-1", profileId: "p_m-1", identifiers: [...], ... }, ... }
 * ```
 */
export const loadComponent = async (
  tx: StorageWrites,
  workspaceId: string,
  seeds: Iterable<NormalizedIdentifier>
): Promise<Map<string, IdentityRecordRow>> => {
  const loaded = new Map<string, IdentityRecordRow>()
  const seen = new Set<string>()
  let frontier: Array<NormalizedIdentifier> = []
  for (const id of seeds) {
    const key = identifierKey(id)
    if (seen.has(key)) continue
    seen.add(key)
    frontier.push(id)
  }
  const add = (rows: ReadonlyArray<IdentityRecordRow>): void => {
    for (const row of rows) {
      if (loaded.has(row.messageId)) continue
      loaded.set(row.messageId, row)
      for (const id of row.identifiers) {
        const key = identifierKey(id)
        if (seen.has(key)) continue
        seen.add(key)
        frontier.push(id)
      }
    }
  }
  const linkChecked = new Set<string>()
  for (;;) {
    while (frontier.length > 0) {
      const next = frontier
      frontier = []
      add(await tx.identity.recordsHolding(workspaceId, next))
    }
    // Manual merges join components that share nothing: follow their pairs, then the identifiers they bring.
    const unchecked = [...loaded.keys()].filter((m) => !linkChecked.has(m))
    if (unchecked.length === 0) break
    for (const m of unchecked) linkChecked.add(m)
    const partners = new Set<string>()
    for (const [a, b] of await tx.identity.mustLink(workspaceId, unchecked)) for (const m of [a, b]) if (!loaded.has(m)) partners.add(m)
    if (partners.size === 0) break
    add(await tx.identity.records(workspaceId, [...partners]))
  }
  return loaded
}

/**
 * A resolver holding the stored records of a component, with the
 * workspace's do-not-merge pairs among them, and the ledger length after the
 * bulk load (entries after it are what this change adds).
 *
 * @example
 * ```ts
 * const { resolver, ledgerStart } = await resolverOfComponent(tx, "shop-1", loaded, policy)
 * resolver.ingest(record) // gives { kind: "attached", profileId: "p_m-1", ... }
 * ```
 */
export const resolverOfComponent = async (
  tx: StorageWrites,
  workspaceId: string,
  loaded: ReadonlyMap<string, IdentityRecordRow>,
  policy: ResolvedIdentityPolicy
): Promise<{ readonly resolver: IdentityResolver; readonly ledgerStart: number }> => {
  const ids = [...loaded.keys()]
  const [doNotMerge, mustLink] = ids.length === 0 ? [[], []] : await Promise.all([tx.identity.doNotMerge(workspaceId, ids), tx.identity.mustLink(workspaceId, ids)])
  const resolver = createResolver({ policy, constraints: { doNotMerge, mustLink } })
  const records: Array<IdentityRecord> = []
  for (const row of loaded.values()) {
    // Stored values are already normalized; normalizing again is the identity, so the resolver sees the same keys.
    records.push({ recordId: row.messageId, observedAt: new Date(row.timestamp), source: row.source, identifiers: row.identifiers })
  }
  if (records.length > 0) resolver.ingestBatch(records)
  return { resolver, ledgerStart: resolver.ledgerLength }
}

