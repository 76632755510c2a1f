import { ownValue, setOwnValue } from "@kith/core"
import { mergeObservedTraitsInto } from "@kith/identity"
import type { StorageWrites } from "../backend.js"
import type { UndecodableEvent } from "../port/events.js"
import type { ProfileRow } from "../port/profiles.js"
import { newWorkingProfile, traitsOfEvent, type WorkingProfile, workingProfileOf } from "../profile-state.js"
import { decodeStoredEvents } from "../stored-event.js"
import type { IdentityContext, NewEvent } from "./context.js"

/** A stored event to replay: which one, when it happened, and the source its traits are credited to. */
export interface ReplayedEvent {
  readonly messageId: string
  readonly timestamp: number
  readonly source: string
}

/**
 * Rebuilds a profile from its events (summaries are not subtractable: when
 * records move between profiles, or an event is repaired, the summary and
 * traits are recomputed from the events the profile holds). Stored rows
 * that no longer decode are left out and pushed to `undecodable`; the
 * profile is first seen at its earliest event, decodable or not. Traits set
 * by hand (asserted by no event) stay with the profile of the same id
 * (`same`).
 *
 * @example
 * ```ts
 * const w = await replayProfile(tx, "shop-1", context, "p_m-1", records, [], row, undecodable)
 * // w.summary is the summary of the profile's events; rows that no longer decode are in `undecodable`
 * ```
 */
export const replayProfile = async (
  tx: StorageWrites,
  workspaceId: string,
  context: IdentityContext,
  profileId: string,
  stored: ReadonlyArray<ReplayedEvent>,
  added: ReadonlyArray<NewEvent>,
  same: ProfileRow | undefined,
  undecodable: Array<UndecodableEvent>
): Promise<WorkingProfile> => {
  const decoded = decodeStoredEvents(workspaceId, await tx.events.byIds(workspaceId, stored.map((r) => r.messageId)))
  undecodable.push(...decoded.undecodable)
  const all = [...decoded.events.map((e) => e.event), ...added.map((e) => e.event)]
  const w = newWorkingProfile(profileId, Math.min(...stored.map((r) => r.timestamp), ...added.map((e) => e.event.timestamp.getTime())))
  w.summary = context.summarizer.summarize(all)
  const sourceOf = new Map<string, string>([...stored.map((r) => [r.messageId, r.source] as const), ...added.map((e) => [e.event.messageId, e.source] as const)])
  const asserted = new Set<string>()
  for (const e of all) {
    const traits = traitsOfEvent(e, sourceOf.get(e.messageId) ?? "unknown", context.policy)
    for (const name of Object.keys(traits)) asserted.add(name)
    mergeObservedTraitsInto(w.traits, traits, context.traits)
  }
  if (same !== undefined) {
    for (const [name, trait] of Object.entries(workingProfileOf(same).traits)) if (!asserted.has(name) && ownValue(w.traits, name) === undefined) setOwnValue(w.traits, name, trait)
  }
  return w
}
