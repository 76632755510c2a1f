import type { Identifier, ProfileId } from "@kith/core"
import { identifierKey, linkingIdentifiers, type ManualAction, normalizeValue, type ResolvedProfile } from "@kith/identity"
import { Result } from "effect"
import type { StorageWrites } from "../backend.js"
import { persistResolution } from "../ingest/resolution.js"
import { liveProfileRow } from "../lookups.js"
import { identityChange, InvalidIdentityChange, type IdentityRecordRow, type SplitChange, type SplitOptions } from "../port/identity-graph.js"
import { rewriteSegmentInputs } from "../ingest/segment-inputs.js"
import { identityContextOf, type ManualIdentityContext, recordsOf, refused, resolverAround, storeConstraintChanges } from "./context.js"

/**
 * Splits a profile (IDN-8) inside a transaction: the profile's component is
 * re-resolved with a do-not-merge pair between its earliest record keeping
 * none of the identifiers and the earliest record carrying one, then
 * persisted like an ingestion. `options.alsoDetach` adds identifiers to split
 * off (`"linking"`: those events of both sides carry).
 *
 * @example
 * ```ts
 * const { from, into, detached, linking } = await splitProfile(tx, context, "shop-1", "p_m-1", [{ type: "email", value: "lan@example.com" }], { at })
 * // from "p_m-1", into "p_m-7", detached "p_m-7", linking [{ type: "phone", value: "+84912345678" }]
 * ```
 */
export const splitProfile = async (
  tx: StorageWrites,
  context: ManualIdentityContext,
  workspaceId: string,
  profileId: string,
  raw: ReadonlyArray<Identifier>,
  action: ManualAction,
  options: SplitOptions = {}
): Promise<SplitChange> => {
  const identity = await identityContextOf(tx, workspaceId, context)
  const row = await liveProfileRow(tx, workspaceId, profileId)
  const held = await tx.identity.identifiersOf(workspaceId, [row.profileId])
  const heldKeys = new Set(held.map(identifierKey))
  const moving = new Set<string>()
  for (const id of raw) {
    const key = heldKey(id, heldKeys, context)
    if (key !== undefined) moving.add(key)
  }
  if (moving.size === 0) throw new InvalidIdentityChange({ reason: `profile ${row.profileId} holds none of the identifiers to split off` })
  const own = await recordsOf(tx, workspaceId, row.profileId)
  const detach = options.alsoDetach ?? []
  const extra = detach === "linking" ? carriedOnBothSides(own, moving) : detach.map((id) => heldKey(id, heldKeys, context) ?? notHeld(row.profileId, id))
  for (const key of extra) moving.add(key)
  if (moving.size === heldKeys.size) throw new InvalidIdentityChange({ reason: `a split must leave at least one identifier behind${linkingNote(extra)}` })
  const goes = own.find((r) => carries(r, moving))
  const stays = own.find((r) => !carries(r, moving))
  if (goes === undefined || stays === undefined) throw new InvalidIdentityChange({ reason: `a split must leave events on both sides${linkingNote(extra)}` })
  const { loaded, resolver, ledgerStart } = await resolverAround(tx, workspaceId, own, context.policy)
  const before = resolver.constraints()
  const outcome = resolver.split(stays.messageId, goes.messageId, action)
  if (Result.isFailure(outcome)) throw refused(outcome.failure)
  // The resolver records the do-not-merge pair and drops manual-merge pairs that joined the two sides.
  await storeConstraintChanges(tx, workspaceId, before, resolver.constraints())
  const { undecodable } = await persistResolution(tx, workspaceId, identity, { resolver, ledgerStart, loaded, fresh: [] })
  const from = row.profileId as ProfileId
  const { a: kept, b: detached } = outcome.success
  // The profiles the old one's records are in now, in order of their first records.
  const profiles: Array<ResolvedProfile> = []
  for (const record of own) {
    const now = resolver.profileOf(record.messageId)!
    if (!profiles.some((p) => p.profileId === now)) profiles.push(resolver.profile(now)!)
  }
  await rewriteSegmentInputs(tx, workspaceId, [from, ...profiles.map((p) => p.profileId), ...[...loaded.values()].map((r) => r.profileId)], identity.summarizer.timeZone)
  // Separated: no other profile still holds an identifier split off.
  const separated = profiles.every((p) => p.profileId === detached || !p.identifiers.some((i) => moving.has(identifierKey(i))))
  return {
    ...identityChange(from, detached === from ? kept : detached, undecodable),
    detached,
    separated,
    linking: linkingIdentifiers(profiles),
    profiles: profiles.map((p) => p.profileId)
  }
}

// The key of an identifier the profile holds, once normalized; undefined when it holds none such.
const heldKey = (id: Identifier, heldKeys: ReadonlySet<string>, context: ManualIdentityContext): string | undefined => {
  const value = normalizeValue(id.type, id.value, context.policy)
  if (typeof value !== "string") return undefined
  const key = identifierKey({ type: id.type, value })
  return heldKeys.has(key) ? key : undefined
}

const notHeld = (profileId: string, id: Identifier): never => {
  throw new InvalidIdentityChange({ reason: `profile ${profileId} holds no ${id.type} ${id.value} to detach` })
}

const carries = (record: IdentityRecordRow, keys: ReadonlySet<string>): boolean => record.identifiers.some((i) => keys.has(identifierKey(i)))

// The identifiers, other than those moving, that records of both sides carry.
const carriedOnBothSides = (records: ReadonlyArray<IdentityRecordRow>, moving: ReadonlySet<string>): Array<string> => {
  const goes = new Set<string>()
  const stays = new Set<string>()
  for (const record of records) {
    const side = carries(record, moving) ? goes : stays
    for (const identifier of record.identifiers) side.add(identifierKey(identifier))
  }
  return [...goes].filter((key) => stays.has(key) && !moving.has(key)).sort()
}

const linkingNote = (extra: ReadonlyArray<string>): string => (extra.length === 0 ? "" : ` (detaching also ${extra.join(", ")})`)
