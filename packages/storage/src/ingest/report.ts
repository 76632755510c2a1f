import type { ProfileId } from "@kith/core"
import { identifierKey, type NormalizedIdentifier } from "@kith/identity"
import type { StorageWrites } from "../backend.js"
import { liveProfileRow } from "../lookups.js"
import type { IngestReport } from "../port/events.js"
import { evidenceOfEvent } from "./context.js"
import { type DecodedEvent, type IngestContext, ingestDecoded } from "./ingest.js"

/**
 * Ingests a batch like {@link ingestDecoded} and tells, for each profile the
 * batch's new events land on, which stored profiles it is made of: the
 * profiles that held one of the batch's identifiers before it and are now
 * that profile or merged into it. An empty list is a profile the batch
 * created; one id, an existing profile the events joined; several, stored
 * profiles the batch merged.
 *
 * The holders are read before the batch and followed to their survivors
 * after it, in the same transaction, so the report is what identity decided,
 * not a guess from identifiers.
 *
 * @param tx - the ingestion transaction
 * @param workspaceId - the workspace
 * @param events - the decoded batch
 * @param context - summarizer, identity policy, trait strategies
 * @returns what {@link ingestDecoded} returns, with `madeOf`
 *
 * @example
 * ```ts
 * const report = await ingestReported(tx, "shop-1", decoded, context)
 * // report.madeOf.get("p_m-1") is ["p_m-1"] when the batch joined the stored profile p_m-1, [] when it created it
 * ```
 */
export const ingestReported = async (
  tx: StorageWrites,
  workspaceId: string,
  events: ReadonlyArray<DecodedEvent>,
  context: IngestContext
): Promise<IngestReport> => {
  const identifiers = new Map<string, NormalizedIdentifier>()
  for (const { event } of events) for (const id of evidenceOfEvent(event, context.policy).identifiers) identifiers.set(identifierKey(id), id)
  const holders = identifiers.size === 0 ? [] : [...new Set((await tx.identity.owners(workspaceId, [...identifiers.values()])).map((row) => row.profileId))]

  const result = await ingestDecoded(tx, workspaceId, events, context)

  const madeOf = new Map<ProfileId, Array<ProfileId>>()
  for (const profileId of result.profileOf.values()) madeOf.set(profileId, [])
  for (const holder of holders.sort()) {
    const survivor = (await liveProfileRow(tx, workspaceId, holder)).profileId as ProfileId
    madeOf.get(survivor)?.push(holder as ProfileId)
  }
  return { ...result, madeOf }
}
