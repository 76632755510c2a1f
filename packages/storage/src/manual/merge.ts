import { emptyRecord, ownValue, type ProfileId, recordOf, setOwnValue } from "@kith/core"
import { type IdentityResolver, mergeObservedTraitsInto } from "@kith/identity"
import { Result } from "effect"
import type { StorageWrites } from "../backend.js"
import { persistResolution } from "../ingest/resolution.js"
import { liveProfileRow, requireWorkspace } from "../lookups.js"
import { type IdentityChange, identityChange, type IdentityRecordRow, InvalidIdentityChange, type MergePlan, type MergeRequest } from "../port/identity-graph.js"
import type { ProfileRow, StoredTrait } from "../port/profiles.js"
import { profileRowOf, workingProfileOf } from "../profile-state.js"
import { rewriteSegmentInputs } from "../ingest/segment-inputs.js"
import { identityContextOf, type ManualIdentityContext, recordsOf, refused, resolverAround, storeConstraintChanges } from "./context.js"

interface LoadedPair {
  readonly a: ProfileRow
  readonly b: ProfileRow
  readonly loaded: ReadonlyMap<string, IdentityRecordRow>
  readonly resolver: IdentityResolver
  readonly ledgerStart: number
}

const loadPair = async (tx: StorageWrites, context: ManualIdentityContext, workspaceId: string, a: string, b: string): Promise<LoadedPair> => {
  await requireWorkspace(tx, workspaceId)
  const [rowA, rowB] = [await liveProfileRow(tx, workspaceId, a), await liveProfileRow(tx, workspaceId, b)]
  if (rowA.profileId === rowB.profileId) throw new InvalidIdentityChange({ reason: `${a} and ${b} are already the same profile ${rowA.profileId}` })
  const own = [...(await recordsOf(tx, workspaceId, rowA.profileId)), ...(await recordsOf(tx, workspaceId, rowB.profileId))]
  for (const row of [rowA, rowB]) {
    if (!own.some((r) => r.profileId === row.profileId)) throw new InvalidIdentityChange({ reason: `profile ${row.profileId} has no identity evidence to merge` })
  }
  const { loaded, resolver, ledgerStart } = await resolverAround(tx, workspaceId, own, context.policy)
  return { a: rowA, b: rowB, loaded, resolver, ledgerStart }
}

const traitsOf = (row: ProfileRow): Record<string, StoredTrait> => workingProfileOf(row).traits

/**
 * Plans a manual merge (IDN-9) without writing anything: see {@link MergePlan}.
 *
 * @example
 * ```ts
 * (await planMerge(tx, context, "shop-1", "p_m-1", "p_m-9")).traitConflicts
 * // resolves to [{ name: "fullName", a: { value: "Lan", ... }, b: { value: "Nguyễn Thị Lan", ... } }]
 * ```
 */
export const planMerge = async (tx: StorageWrites, context: ManualIdentityContext, workspaceId: string, a: string, b: string): Promise<MergePlan> => {
  const pair = await loadPair(tx, context, workspaceId, a, b)
  const preview = pair.resolver.previewManualMerge(pair.a.profileId as ProfileId, pair.b.profileId as ProfileId)
  if (Result.isFailure(preview)) throw refused(preview.failure)
  const traitsA = traitsOf(pair.a)
  const traitsB = traitsOf(pair.b)
  const traits = recordOf(traitsA)
  mergeObservedTraitsInto(traits, traitsB, context.traits)
  const traitConflicts: Array<{ name: string; a: StoredTrait; b: StoredTrait }> = []
  for (const name of Object.keys(traitsA).sort()) {
    const x = ownValue(traitsA, name)!
    const y = ownValue(traitsB, name)
    if (y !== undefined && JSON.stringify(x.value) !== JSON.stringify(y.value)) traitConflicts.push({ name, a: x, b: y })
  }
  return {
    into: preview.success.into,
    from: preview.success.from,
    recordIds: preview.success.recordIds,
    eventIds: preview.success.recordIds,
    identifiers: preview.success.identifiers,
    identifierConflicts: preview.success.identifierConflicts,
    traitConflicts,
    traits
  }
}

/**
 * Merges two profiles by hand (IDN-9) inside a transaction: `@kith/identity`
 * joins them over any guard and drops do-not-merge pairs between them; the
 * new must-link pair is stored so later re-resolutions keep them together;
 * then the change is persisted like an ingestion and each trait choice is
 * written to the survivor as a `manual` observation at `request.at`.
 *
 * @example
 * ```ts
 * const { from, into } = await mergeByHand(tx, context, "shop-1", "p_m-1", "p_m-9", { at, actor: "staff-7", choices: { fullName: "b" } })
 * // from "p_m-9", into "p_m-1"
 * ```
 */
export const mergeByHand = async (
  tx: StorageWrites,
  context: ManualIdentityContext,
  workspaceId: string,
  a: string,
  b: string,
  request: MergeRequest
): Promise<IdentityChange> => {
  const identity = await identityContextOf(tx, workspaceId, context)
  const pair = await loadPair(tx, context, workspaceId, a, b)
  // Choices are checked before anything changes (the transaction would roll back anyway; this names the trait).
  const chosen = emptyRecord<unknown>()
  const [traitsA, traitsB] = [traitsOf(pair.a), traitsOf(pair.b)]
  for (const [name, choice] of Object.entries(request.choices ?? {})) {
    const value = choice === "a" ? ownValue(traitsA, name)?.value : choice === "b" ? ownValue(traitsB, name)?.value : choice.value
    if (value === undefined) throw new InvalidIdentityChange({ reason: `choices.${name}: profile ${choice === "a" ? a : b} has no ${name} to keep` })
    setOwnValue(chosen, name, value)
  }
  const before = pair.resolver.constraints()
  const { choices: _choices, ...action } = request
  const merged = pair.resolver.manualMerge(pair.a.profileId as ProfileId, pair.b.profileId as ProfileId, action)
  if (Result.isFailure(merged)) throw refused(merged.failure)
  // The resolver records the must-link pair and drops do-not-merge pairs between the two.
  await storeConstraintChanges(tx, workspaceId, before, pair.resolver.constraints())
  const { undecodable } = await persistResolution(tx, workspaceId, identity, { resolver: pair.resolver, ledgerStart: pair.ledgerStart, loaded: pair.loaded, fresh: [] })
  const into = merged.success.profileId
  const from = (into === pair.a.profileId ? pair.b.profileId : pair.a.profileId) as ProfileId
  if (Object.keys(chosen).length > 0) {
    const [survivor] = await tx.profiles.get(workspaceId, [into])
    if (survivor === undefined) throw new Error(`merged profile ${into} was not written`)
    const emails = (await tx.identity.identifiersOf(workspaceId, [into])).filter((i) => i.type === "email").map((i) => i.value)
    const working = workingProfileOf(survivor, emails)
    const at = request.at.getTime()
    for (const [name, value] of Object.entries(chosen)) setOwnValue(working.traits, name, { value, at, source: "manual" })
    await tx.profiles.upsert(workspaceId, [profileRowOf(working)])
  }
  await rewriteSegmentInputs(tx, workspaceId, [from, into, ...[...pair.loaded.values()].map((r) => r.profileId)], identity.summarizer.timeZone)
  return identityChange(from, into, undecodable)
}
