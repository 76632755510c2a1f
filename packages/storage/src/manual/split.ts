import type { Identifier, ProfileId } from "@kith/core"
import { identifierKey, type ManualAction, normalizeValue } from "@kith/identity"
import { Result } from "effect"
import type { StorageWrites } from "../backend.js"
import { persistResolution } from "../ingest/resolution.js"
import { liveProfileRow } from "../lookups.js"
import { type IdentityChange, identityChange, InvalidIdentityChange } from "../port/identity-graph.js"
import { identityContextOf, type ManualIdentityContext, recordsOf, refused, resolverAround, storeConstraintChanges } from "./context.js"

/**
 * Splits a profile (IDN-8) inside a transaction: the profile's component is
 * re-resolved with a do-not-merge pair between its earliest record keeping
 * none of the identifiers and the earliest record carrying one, then
 * persisted like an ingestion.
 *
 * @example
 * ```ts
 * const { from, into } = await splitProfile(tx, context, "shop-1", "p_m-1", [{ type: "email", value: "lan@example.com" }], { at })
 * // from "p_m-1", into "p_m-7"
 * ```
 */
export const splitProfile = async (
  tx: StorageWrites,
  context: ManualIdentityContext,
  workspaceId: string,
  profileId: string,
  raw: ReadonlyArray<Identifier>,
  action: ManualAction
): Promise<IdentityChange> => {
  const identity = await identityContextOf(tx, workspaceId, context)
  const row = await liveProfileRow(tx, workspaceId, profileId)
  const held = await tx.identity.identifiersOf(workspaceId, [row.profileId])
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
  const { undecodable } = await persistResolution(tx, workspaceId, identity, { resolver, ledgerStart, loaded, fresh: [] })
  return identityChange(row.profileId as ProfileId, resolver.assignments().get(goes.messageId)!, undecodable)
}

