import {
  byCanonicalOrder,
  type IdentityConstraints,
  type IdentityResolver,
  type InvalidIdentityOperation,
  type ResolvedIdentityPolicy,
  type TraitMergeConfig,
  type UnknownSubject
} from "@kith/identity"
import type { Summarizer } from "@kith/profile"
import type { StorageWrites } from "../backend.js"
import { loadComponent, resolverOfComponent } from "../ingest/component.js"
import type { IdentityContext } from "../ingest/context.js"
import { InvalidIdentityChange, type IdentityRecordRow } from "../port/identity-graph.js"
import { requireWorkspace } from "../lookups.js"

/**
 * What the manual identity operations need besides the transaction: the
 * workspace identity policy and a summarizer per timezone.
 *
 * @example
 * ```ts
 * const context: ManualIdentityContext = { policy: resolveIdentityPolicy({}), summarizerFor: (timeZone) => makeSummarizer({ timeZone }), traits: {} }
 * ```
 */
export interface ManualIdentityContext {
  readonly policy: ResolvedIdentityPolicy
  readonly summarizerFor: (timeZone: string) => Summarizer
  /** Per-trait merge strategies (IDN-10). */
  readonly traits: TraitMergeConfig
}

/**
 * The typed error of a change the resolver refused: the caller's to know
 * ({@link InvalidIdentityChange} with identity's failure as `rejected`); a
 * record or profile the resolver was not given is a bug here, so a plain
 * error (reported as a storage failure).
 *
 * @example
 * ```ts
 * throw refused(outcome.failure)
 * ```
 */
export const refused = (failure: InvalidIdentityOperation | UnknownSubject): Error =>
  failure._tag === "InvalidIdentityOperation"
    ? new InvalidIdentityChange({ reason: failure.message, rejected: failure })
    : new Error(`the resolver was not given ${failure.kind} ${failure.id}`)

/**
 * A stored profile's records, oldest first (its events without a valid
 * identifier carry no evidence and are not among them).
 *
 * @example
 * ```ts
 * const records = await recordsOf(tx, "shop-1", "p_m-1") // p_m-1's records, oldest first
 * ```
 */
export const recordsOf = async (tx: StorageWrites, workspaceId: string, profileId: string): Promise<Array<IdentityRecordRow>> =>
  [...(await tx.identity.recordsOfProfiles(workspaceId, [profileId]))].sort(byCanonicalOrder)

/**
 * The resolver over the evidence components of some stored records, as
 * ingestion builds it.
 *
 * @example
 * ```ts
 * const { resolver } = await resolverAround(tx, "shop-1", records, policy)
 * ```
 */
export const resolverAround = async (
  tx: StorageWrites,
  workspaceId: string,
  records: ReadonlyArray<IdentityRecordRow>,
  policy: ResolvedIdentityPolicy
): Promise<{ readonly loaded: Map<string, IdentityRecordRow>; readonly resolver: IdentityResolver; readonly ledgerStart: number }> => {
  const loaded = await loadComponent(tx, workspaceId, records.flatMap((r) => r.identifiers))
  // A record whose identifiers were all rejected is in no identifier's component: add it itself.
  for (const r of records) if (!loaded.has(r.messageId)) loaded.set(r.messageId, r)
  const { resolver, ledgerStart } = await resolverOfComponent(tx, workspaceId, loaded, policy)
  return { loaded, resolver, ledgerStart }
}

/**
 * The ingestion context of the workspace a manual operation runs in.
 *
 * @example
 * ```ts
 * const identity = await identityContextOf(tx, "shop-1", context)
 * ```
 */
export const identityContextOf = async (tx: StorageWrites, workspaceId: string, context: ManualIdentityContext): Promise<IdentityContext> => {
  const ws = await requireWorkspace(tx, workspaceId)
  return { summarizer: context.summarizerFor(ws.timeZone), policy: context.policy, traits: context.traits }
}

// Pairs are unordered: the resolver lists them in its own load order, not the order they were stored in.
const pairKey = ([a, b]: readonly [string, string]): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`)

const added = (before: ReadonlyArray<readonly [string, string]>, after: ReadonlyArray<readonly [string, string]>) => {
  const known = new Set(before.map(pairKey))
  return after.filter((p) => !known.has(pairKey(p)))
}

/**
 * Stores what a split or manual merge changed in the resolver's constraints:
 * pairs it added are inserted, pairs it dropped are deleted, so every later
 * re-resolution starts from the same constraints as the resolver.
 *
 * @example
 * ```ts
 * const before = resolver.constraints()
 * resolver.split(stays, goes, action)
 * await storeConstraintChanges(tx, "shop-1", before, resolver.constraints())
 * ```
 */
export const storeConstraintChanges = async (tx: StorageWrites, workspaceId: string, before: IdentityConstraints, after: IdentityConstraints): Promise<void> => {
  for (const [a, b] of added(after.doNotMerge, before.doNotMerge)) await tx.identity.deleteDoNotMerge(workspaceId, a, b)
  for (const [a, b] of added(after.mustLink, before.mustLink)) await tx.identity.deleteMustLink(workspaceId, a, b)
  for (const [a, b] of added(before.doNotMerge, after.doNotMerge)) await tx.identity.insertDoNotMerge(workspaceId, a, b)
  for (const [a, b] of added(before.mustLink, after.mustLink)) await tx.identity.insertMustLink(workspaceId, a, b)
}

