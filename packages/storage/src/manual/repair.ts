import { identifierKey } from "@kith/identity"
import { Result } from "effect"
import type { StorageWrites } from "../backend.js"
import { evidenceOfEvent } from "../ingest/context.js"
import type { DecodedEvent } from "../ingest/ingest.js"
import { replayProfile } from "../ingest/replay.js"
import { persistResolution } from "../ingest/resolution.js"
import { liveProfileRow } from "../lookups.js"
import { InvalidRepair, type RepairResult, type UndecodableEvent } from "../port/events.js"
import type { ProfileId } from "@kith/core"
import { emailsOf, profileRowOf } from "../profile-state.js"
import { decodeStoredEvent } from "../stored-event.js"
import { rewriteSegmentInputs } from "../ingest/segment-inputs.js"
import { identityContextOf, type ManualIdentityContext, recordsOf, resolverAround } from "./context.js"

const describe = (evidence: { readonly source: string; readonly identifiers: ReadonlyArray<{ readonly type: string; readonly value: string }> }): string =>
  `${evidence.identifiers.map((i) => `${i.type} ${i.value}`).join(", ") || "no identifier"} from ${evidence.source}`

/**
 * Replaces a stored event that no longer decodes with a corrected one
 * (already checked like a batch), inside a transaction: the replacement must
 * keep the messageId and the identity evidence (identifiers and source) the
 * row was resolved with; its time may differ. The row is rewritten, the
 * event's identity component is re-resolved (its time orders the evidence),
 * and the profile holding it is rebuilt from its events.
 *
 * @example
 * ```ts
 * const { profileId, undecodable } = await repairEvent(tx, context, "shop-1", "m-9", checked)
 * // profileId "p_m-1": the profile holding the repaired event, rebuilt
 * ```
 */
export const repairEvent = async (
  tx: StorageWrites,
  context: ManualIdentityContext,
  workspaceId: string,
  messageId: string,
  replacement: DecodedEvent
): Promise<RepairResult> => {
  const identity = await identityContextOf(tx, workspaceId, context)
  const { event, payload } = replacement
  if (event.messageId !== messageId) throw new InvalidRepair({ messageId, reason: `the replacement is event ${event.messageId}; a repair keeps the messageId` })
  const row = await tx.events.get(workspaceId, messageId)
  if (row === undefined) throw new InvalidRepair({ messageId, reason: "no event with this messageId is stored" })
  if (Result.isSuccess(decodeStoredEvent(workspaceId, row))) {
    throw new InvalidRepair({ messageId, reason: "the stored event decodes: raw events are append-only, only one that no longer decodes is replaced" })
  }
  // Identity decisions rest on the stored evidence: a replacement must carry the same.
  const evidence = evidenceOfEvent(event, context.policy)
  const [record] = await tx.identity.records(workspaceId, [messageId])
  const stored = { source: record?.source ?? evidence.source, identifiers: record?.identifiers ?? [] }
  const same =
    stored.source === evidence.source &&
    stored.identifiers.length === evidence.identifiers.length &&
    stored.identifiers.every((id, i) => identifierKey(id) === identifierKey(evidence.identifiers[i]!))
  if (!same) throw new InvalidRepair({ messageId, reason: `the replacement carries ${describe(evidence)}, the stored event ${describe(stored)}` })

  const timestamp = event.timestamp.getTime()
  await tx.events.replace(workspaceId, { messageId, type: event.type, name: event.type === "track" ? event.event : null, timestamp, payload })
  const live = await liveProfileRow(tx, workspaceId, row.profileId)
  const undecodable: Array<UndecodableEvent> = []
  if (record === undefined) {
    // An event without identity evidence is a profile of its own: rebuild it from its event.
    const w = await replayProfile(tx, workspaceId, identity, live.profileId, [{ messageId, timestamp, source: evidence.source }], [], live, undecodable)
    w.lastRecordAt = live.lastRecordAt
    w.isolated = live.isolated
    for (const email of emailsOf(await tx.identity.identifiersOf(workspaceId, [live.profileId]))) w.emails.add(email)
    await tx.profiles.upsert(workspaceId, [profileRowOf(w)])
    await rewriteSegmentInputs(tx, workspaceId, [live.profileId], identity.summarizer.timeZone)
    return { profileId: live.profileId as ProfileId, undecodable }
  }
  // The record's time changed with the event's: re-resolve its component, and rebuild the profile holding it.
  const { loaded, resolver, ledgerStart } = await resolverAround(tx, workspaceId, await recordsOf(tx, workspaceId, live.profileId), context.policy)
  const holder = resolver.assignments().get(messageId)
  if (holder === undefined) throw new Error(`the resolver was not given record ${messageId}`)
  const persisted = await persistResolution(tx, workspaceId, identity, { resolver, ledgerStart, loaded, fresh: [], replay: new Set([holder]) })
  await rewriteSegmentInputs(tx, workspaceId, [live.profileId, holder, ...[...loaded.values()].map((r) => r.profileId)], identity.summarizer.timeZone)
  return { profileId: holder, undecodable: [...undecodable, ...persisted.undecodable] }
}
