import type { ProfileId } from "@kith/core"
import { type LedgerDraft, type NormalizedIdentifier, type ResolvedIdentityPolicy } from "@kith/identity"
import type { StorageWrites } from "../backend.js"
import type { ProfileSummary } from "@kith/profile"
import type { EventRow } from "../port/events.js"
import type { ProfileRow } from "../port/profiles.js"
import { mergeTraitsInto, profileRowOf, type TraitsChange, traitsOfEvent, type WorkingProfile, workingProfileOf } from "../profile-state.js"
import { eventRowOf, type IdentityContext, type NewEvent } from "./context.js"

/** An attached profile as it was read: its summary (summaries are not changed in place) and whether a trait value changed since. */
export interface AttachedAsRead {
  readonly summary: ProfileSummary
  readonly traitValuesChanged: boolean
}

/**
 * Persists records that simply join an isolated profile (the `attach` part
 * of an ingestion plan): exactly what `@kith/identity` would do for them —
 * link each to the profile, with a `linked` ledger entry naming the
 * highest-priority identifier it shares — without loading the profile's
 * history. The profile's identifiers do not change; its summary, traits,
 * stage and latest record time do.
 *
 * @returns the profile of every attached event, the ledger entries to append, each profile as written, and
 *   each profile as read: its summary (its stored order rows are its orders') and whether a trait value changed
 *
 * @example
 * ```ts
 * await persistAttachments(tx, "shop-1", context, new Map([["p_m-1", [newEvent]]]), owners)
 * // resolves to { profileOf: Map { "m-9" => "p_m-1" }, ledger: [{ kind: "linked", recordId: "m-9", ... }], written: Map { "p_m-1" => profile },
 * //   read: Map { "p_m-1" => { summary, traitValuesChanged: false } } }
 * ```
 */
export const persistAttachments = async (
  tx: StorageWrites,
  workspaceId: string,
  context: IdentityContext,
  attach: ReadonlyMap<string, ReadonlyArray<NewEvent>>,
  rows: ReadonlyMap<string, ProfileRow>
): Promise<{
  readonly profileOf: Map<string, ProfileId>
  readonly ledger: Array<LedgerDraft>
  readonly written: Map<string, WorkingProfile>
  readonly read: Map<string, AttachedAsRead>
}> => {
  const profileOf = new Map<string, ProfileId>()
  const ledger: Array<LedgerDraft> = []
  const written = new Map<string, WorkingProfile>()
  const read = new Map<string, AttachedAsRead>()
  if (attach.size === 0) return { profileOf, ledger, written, read }
  const eventRows: Array<EventRow> = []
  const changed: Array<{ readonly row: ProfileRow; readonly working: WorkingProfile; readonly traits: TraitsChange }> = []
  for (const [p, events] of attach) {
    const row = rows.get(p)!
    const w = workingProfileOf(row)
    const summaryRead = w.summary
    let traits: TraitsChange = "none"
    for (const e of events) {
      const { event } = e
      const at = event.timestamp.getTime()
      profileOf.set(event.messageId, p as ProfileId)
      eventRows.push(eventRowOf(e, p))
      w.summary = context.summarizer.add(w.summary, event)
      // The most any of its events changed: a value, else an observation, else nothing.
      const change = mergeTraitsInto(w.traits, traitsOfEvent(event, e.source, context.policy), context.traits)
      if (change === "values" || (change === "observation" && traits === "none")) traits = change
      if (at > w.lastRecordAt) w.lastRecordAt = at
      ledger.push({ kind: "linked", at: event.timestamp, recordId: event.messageId, source: e.source, profileId: p as ProfileId, identifier: sharedIdentifierOf(e.identifiers, context.policy), rule: "shared_identifier" })
    }
    changed.push({ row, working: w, traits })
    written.set(p, w)
    read.set(p, { summary: summaryRead, traitValuesChanged: traits === "values" })
  }
  // The search text indexes trait values and held emails; emails do not change here, so it is made again only when a
  // trait value changed, and the traits text only when a trait did (a value observed again changes when it was seen).
  const needEmails = new Map(changed.filter((c) => c.traits === "values").map((c) => [c.row.profileId, c.working] as const))
  for (const id of needEmails.size === 0 ? [] : await tx.identity.identifiersOf(workspaceId, [...needEmails.keys()])) {
    if (id.type === "email") needEmails.get(id.profileId)!.emails.add(id.value)
  }
  const updated = changed.map((c) => profileRowOf(c.working, c.traits === "none" ? c.row : c.traits === "observation" ? { searchText: c.row.searchText } : undefined))
  // Every identifier of an attached record is held by its profile: nothing to index.
  await tx.events.insert(workspaceId, eventRows)
  await tx.profiles.upsert(workspaceId, updated, rows)
  return { profileOf, ledger, written, read }
}

// The identifier @kith/identity names when a record links to a profile holding all of its identifiers: the
// first of highest priority, in the record's order.
const sharedIdentifierOf = (identifiers: ReadonlyArray<NormalizedIdentifier>, policy: ResolvedIdentityPolicy): NormalizedIdentifier | undefined => {
  let best: NormalizedIdentifier | undefined
  for (const id of identifiers) if (best === undefined || policy.ruleOf(id.type).priority > policy.ruleOf(best.type).priority) best = id
  return best
}

