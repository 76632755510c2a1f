import type { Identifier, ProfileId } from "@kith/core"
import {
  type Explanation,
  identifierKey,
  type IdentityConstraints,
  type IdentityResolver,
  type InvalidIdentityOperation,
  type ManualAction,
  normalizeValue,
  type ResolvedIdentityPolicy,
  type TraitMergeConfig,
  type UnknownSubject
} from "@kith/identity"
import type { Summarizer } from "@kith/profile"
import { Result } from "effect"
import type { BackendTransaction, IdentityRecordRow, ProfileRow } from "./backend.js"
import { IdentifierNotFound, InvalidIdentityChange } from "./errors.js"
import { type IdentityContext, loadComponent, persistResolution, resolverOfComponent } from "./identity-apply.js"
import { liveProfileRow, requireWorkspace } from "./lookups.js"
import { profileRowOf, workingProfileOf } from "./profile-state.js"
import { mergeTraitsInto } from "./trait-merge.js"
import type { MergePlan, StoredTrait } from "./records.js"
import type { MergeRequest } from "./services.js"

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

// The resolver refusing a change is the caller's to know (typed); naming a record it was not given is a bug here.
const refused = (failure: InvalidIdentityOperation | UnknownSubject): Error =>
  failure._tag === "InvalidIdentityOperation"
    ? new InvalidIdentityChange({ reason: failure.message, rejected: failure })
    : new Error(`the resolver was not given ${failure.kind} ${failure.id}`)

const byCanonicalOrder = (a: IdentityRecordRow, b: IdentityRecordRow): number =>
  a.timestamp - b.timestamp || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0)

// A stored profile's records, oldest first (its events without a valid identifier carry no evidence and are not among them).
const recordsOf = async (tx: BackendTransaction, workspaceId: string, profileId: string): Promise<Array<IdentityRecordRow>> =>
  [...(await tx.recordsOfProfiles(workspaceId, [profileId]))].sort(byCanonicalOrder)

// The resolver over the evidence components of some stored records, as ingestion builds it.
const resolverAround = async (tx: BackendTransaction, workspaceId: string, records: ReadonlyArray<IdentityRecordRow>, policy: ResolvedIdentityPolicy) => {
  const loaded = await loadComponent(tx, workspaceId, records.flatMap((r) => r.identifiers))
  // A record whose identifiers were all rejected is in no identifier's component: add it itself.
  for (const r of records) if (!loaded.has(r.messageId)) loaded.set(r.messageId, r)
  const { resolver, ledgerStart } = await resolverOfComponent(tx, workspaceId, loaded, policy)
  return { loaded, resolver, ledgerStart }
}

const identityContextOf = async (tx: BackendTransaction, workspaceId: string, context: ManualIdentityContext): Promise<IdentityContext> => {
  const ws = await requireWorkspace(tx, workspaceId)
  return { summarizer: context.summarizerFor(ws.timeZone), policy: context.policy, traits: context.traits }
}

/**
 * Splits a profile (IDN-8) inside a transaction: the profile's component is
 * re-resolved with a do-not-merge pair between its earliest record keeping
 * none of the identifiers and the earliest record carrying one, then
 * persisted like an ingestion.
 *
 * @example
 * ```ts
 * await splitProfile(tx, context, "shop-1", "p_m-1", [{ type: "email", value: "lan@example.com" }], { at })
 * // => { from: "p_m-1", into: "p_m-7" }
 * ```
 */
export const splitProfile = async (
  tx: BackendTransaction,
  context: ManualIdentityContext,
  workspaceId: string,
  profileId: string,
  raw: ReadonlyArray<Identifier>,
  action: ManualAction
): Promise<{ readonly from: ProfileId; readonly into: ProfileId }> => {
  const identity = await identityContextOf(tx, workspaceId, context)
  const row = await liveProfileRow(tx, workspaceId, profileId)
  const held = await tx.identifiersOf(workspaceId, row.profileId)
  const heldKeys = new Set(held.map(identifierKey))
  const moving = new Set<string>()
  for (const id of raw) {
    const value = normalizeValue(id.type, id.value, context.policy)
    if (typeof value !== "string") continue
    const key = identifierKey({ type: id.type, value })
    if (heldKeys.has(key)) moving.add(key)
  }
  if (moving.size === 0) throw new InvalidIdentityChange({ reason: `profile ${row.profileId} holds none of the identifiers to split off` })
  if (moving.size === heldKeys.size) throw new InvalidIdentityChange({ reason: "a split must leave at least one identifier behind" })
  const own = await recordsOf(tx, workspaceId, row.profileId)
  const goes = own.find((r) => r.identifiers.some((i) => moving.has(identifierKey(i))))
  const stays = own.find((r) => !r.identifiers.some((i) => moving.has(identifierKey(i))))
  if (goes === undefined || stays === undefined) throw new InvalidIdentityChange({ reason: "a split must leave events on both sides" })
  const { loaded, resolver, ledgerStart } = await resolverAround(tx, workspaceId, own, context.policy)
  const before = resolver.constraints()
  const outcome = resolver.split(stays.messageId, goes.messageId, action)
  if (Result.isFailure(outcome)) throw refused(outcome.failure)
  // The resolver records the do-not-merge pair and drops manual-merge pairs that joined the two sides.
  await storeConstraintChanges(tx, workspaceId, before, resolver.constraints())
  await persistResolution(tx, workspaceId, identity, { resolver, ledgerStart, loaded, fresh: [] })
  return { from: row.profileId as ProfileId, into: resolver.assignments().get(goes.messageId)! }
}

/**
 * Explains two identifiers (IDN-7) from the earliest stored record carrying
 * each: the chain that joined them, or what kept them apart.
 *
 * @example
 * ```ts
 * await explainIdentifiers(tx, context, "shop-1", { type: "phone", value: "0912345678" }, { type: "email", value: "lan@example.com" })
 * // => { joined: true, profileId: "p_m-1", chain: [{ from: "m-1", to: "m-4", identifier: { type: "phone", ... }, rule: "shared_identifier" }] }
 * ```
 */
export const explainIdentifiers = async (
  tx: BackendTransaction,
  context: ManualIdentityContext,
  workspaceId: string,
  a: Identifier,
  b: Identifier
): Promise<Explanation> => {
  await requireWorkspace(tx, workspaceId)
  const earliestCarrying = async (raw: Identifier): Promise<IdentityRecordRow> => {
    const value = normalizeValue(raw.type, raw.value, context.policy)
    const found = typeof value === "string" ? [...(await tx.recordsHolding(workspaceId, [{ type: raw.type, value }]))].sort(byCanonicalOrder)[0] : undefined
    if (found === undefined) throw new IdentifierNotFound({ workspaceId, type: raw.type, value: raw.value })
    return found
  }
  const [ra, rb] = [await earliestCarrying(a), await earliestCarrying(b)]
  const { resolver } = await resolverAround(tx, workspaceId, [ra, rb], context.policy)
  const explained = resolver.explain(ra.messageId, rb.messageId)
  if (Result.isFailure(explained)) throw new Error(`resolver lost record ${explained.failure.id}`)
  return explained.success
}

interface LoadedPair {
  readonly a: ProfileRow
  readonly b: ProfileRow
  readonly loaded: ReadonlyMap<string, IdentityRecordRow>
  readonly resolver: IdentityResolver
  readonly ledgerStart: number
}

const loadPair = async (tx: BackendTransaction, context: ManualIdentityContext, workspaceId: string, a: string, b: string): Promise<LoadedPair> => {
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
 * // => [{ name: "fullName", a: { value: "Lan", ... }, b: { value: "Nguyễn Thị Lan", ... } }]
 * ```
 */
export const planMerge = async (tx: BackendTransaction, context: ManualIdentityContext, workspaceId: string, a: string, b: string): Promise<MergePlan> => {
  const pair = await loadPair(tx, context, workspaceId, a, b)
  const preview = pair.resolver.previewManualMerge(pair.a.profileId as ProfileId, pair.b.profileId as ProfileId)
  if (Result.isFailure(preview)) throw refused(preview.failure)
  const traitsA = traitsOf(pair.a)
  const traitsB = traitsOf(pair.b)
  const traits: Record<string, StoredTrait> = { ...traitsA }
  mergeTraitsInto(traits, traitsB, context.traits)
  const traitConflicts: Array<{ name: string; a: StoredTrait; b: StoredTrait }> = []
  for (const name of Object.keys(traitsA).sort()) {
    const x = traitsA[name]!
    const y = traitsB[name]
    if (y !== undefined && JSON.stringify(x.value) !== JSON.stringify(y.value)) traitConflicts.push({ name, a: x, b: y })
  }
  return {
    into: preview.success.into,
    from: preview.success.from,
    eventIds: preview.success.recordIds,
    identifiers: preview.success.identifiers,
    identifierConflicts: preview.success.identifierConflicts,
    traitConflicts,
    traits
  }
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
 */
const storeConstraintChanges = async (tx: BackendTransaction, workspaceId: string, before: IdentityConstraints, after: IdentityConstraints): Promise<void> => {
  for (const [a, b] of added(after.doNotMerge, before.doNotMerge)) await tx.deleteDoNotMerge(workspaceId, a, b)
  for (const [a, b] of added(after.mustLink, before.mustLink)) await tx.deleteMustLink(workspaceId, a, b)
  for (const [a, b] of added(before.doNotMerge, after.doNotMerge)) await tx.insertDoNotMerge(workspaceId, a, b)
  for (const [a, b] of added(before.mustLink, after.mustLink)) await tx.insertMustLink(workspaceId, a, b)
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
 * await mergeByHand(tx, context, "shop-1", "p_m-1", "p_m-9", { at, actor: "staff-7", choices: { fullName: "b" } })
 * // => { from: "p_m-9", into: "p_m-1" }
 * ```
 */
export const mergeByHand = async (
  tx: BackendTransaction,
  context: ManualIdentityContext,
  workspaceId: string,
  a: string,
  b: string,
  request: MergeRequest
): Promise<{ readonly from: ProfileId; readonly into: ProfileId }> => {
  const identity = await identityContextOf(tx, workspaceId, context)
  const pair = await loadPair(tx, context, workspaceId, a, b)
  // Choices are checked before anything changes (the transaction would roll back anyway; this names the trait).
  const chosen: Record<string, unknown> = {}
  const [traitsA, traitsB] = [traitsOf(pair.a), traitsOf(pair.b)]
  for (const [name, choice] of Object.entries(request.choices ?? {})) {
    const value = choice === "a" ? traitsA[name]?.value : choice === "b" ? traitsB[name]?.value : choice.value
    if (value === undefined) throw new InvalidIdentityChange({ reason: `choices.${name}: profile ${choice === "a" ? a : b} has no ${name} to keep` })
    chosen[name] = value
  }
  const before = pair.resolver.constraints()
  const { choices: _choices, ...action } = request
  const merged = pair.resolver.manualMerge(pair.a.profileId as ProfileId, pair.b.profileId as ProfileId, action)
  if (Result.isFailure(merged)) throw refused(merged.failure)
  // The resolver records the must-link pair and drops do-not-merge pairs between the two.
  await storeConstraintChanges(tx, workspaceId, before, pair.resolver.constraints())
  await persistResolution(tx, workspaceId, identity, { resolver: pair.resolver, ledgerStart: pair.ledgerStart, loaded: pair.loaded, fresh: [] })
  const into = merged.success.profileId
  const from = (into === pair.a.profileId ? pair.b.profileId : pair.a.profileId) as ProfileId
  if (Object.keys(chosen).length > 0) {
    const [survivor] = await tx.profiles(workspaceId, [into])
    if (survivor === undefined) throw new Error(`merged profile ${into} was not written`)
    const emails = (await tx.identifiersOf(workspaceId, into)).filter((i) => i.type === "email").map((i) => i.value)
    const working = workingProfileOf(survivor, emails)
    const at = request.at.getTime()
    for (const [name, value] of Object.entries(chosen)) working.traits[name] = { value, at, source: "manual" }
    await tx.updateProfiles(workspaceId, [profileRowOf(working)])
  }
  return { from, into }
}
