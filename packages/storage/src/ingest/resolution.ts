import type { ProfileId } from "@kith/core"
import {
  byCanonicalOrder,
  identifierKey,
  type IdentityResolver,
  type LedgerDraft,
  type LedgerEntry,
  mergeObservedTraitsInto,
  type NormalizedIdentifier
} from "@kith/identity"
import { combineSummaries, type ProfileSummary } from "@kith/profile"
import type { StorageWrites } from "../backend.js"
import type { EventRow, UndecodableEvent } from "../port/events.js"
import type { IdentifierRow, IdentityRecordRow, UnheldIdentifierRow } from "../port/identity-graph.js"
import type { ProfileRow } from "../port/profiles.js"
import { newWorkingProfile, profileRowOf, traitsOfEvent, type WorkingProfile, workingProfileOf } from "../profile-state.js"
import { eventRowOf, type IdentityContext, type NewEvent } from "./context.js"
import { followMerges } from "./follow-merges.js"
import { pipelineFollowsRecords } from "./pipeline-follows-records.js"
import { isolatedProfiles } from "./isolation.js"
import { replayProfile } from "./replay.js"

/**
 * What {@link persistResolution} persists: a resolver holding a component's
 * stored records (`loaded`) and the new events (`fresh`) it was given.
 *
 * @example
 * ```ts
 * const input: ResolutionInput = { resolver, ledgerStart, loaded, fresh: plan.resolve }
 * ```
 */
export interface ResolutionInput {
  readonly resolver: IdentityResolver
  /** The resolver's ledger length before this change (entries after it are the change's). */
  readonly ledgerStart: number
  readonly loaded: ReadonlyMap<string, IdentityRecordRow>
  readonly fresh: ReadonlyArray<NewEvent>
  /** Ledger entries to write before the resolver's (rejected identifiers of new events). */
  readonly extraLedger?: ReadonlyArray<LedgerDraft>
  /** Ledger entries to write after the resolver's, in the same append (records attached elsewhere in the batch). */
  readonly trailingLedger?: ReadonlyArray<LedgerDraft>
  /** Stored profile rows already read in this transaction and unchanged since (they are not read again). */
  readonly knownRows?: ReadonlyMap<string, ProfileRow>
  /** Profiles to rebuild from their events even when they absorbed whole profiles (a repaired event). */
  readonly replay?: ReadonlySet<string>
}

/**
 * What {@link persistResolution} did: the profile of every new event, and
 * the stored rows that did not decode while profiles were rebuilt from their
 * events (skipped).
 *
 * @example
 * ```ts
 * const persisted: PersistedResolution = { profileOf: new Map([["m-9", "p_m-1" as ProfileId]]), undecodable: [] }
 * ```
 */
export interface PersistedResolution {
  readonly profileOf: Map<string, ProfileId>
  readonly undecodable: ReadonlyArray<UndecodableEvent>
  /** Every live profile of the component as written, with its new events (what its segment inputs are built from). */
  readonly written?: ReadonlyMap<string, WrittenProfile>
}

/**
 * A live profile as {@link persistResolution} wrote it: its state, the new
 * events it holds, and — when it only absorbed stored profiles whole (no
 * record moved between profiles, nothing replayed) — those stored profiles,
 * itself included when it was stored: its events are exactly theirs and the
 * new ones.
 *
 * @example
 * ```ts
 * const written: WrittenProfile = { profile: working, fresh: [newEvent], absorbed: ["p_m-1", "p_m-7"], ordersRead: undefined }
 * ```
 */
export interface WrittenProfile {
  readonly profile: WorkingProfile
  readonly fresh: ReadonlyArray<NewEvent>
  readonly absorbed: ReadonlyArray<string> | null
  /** When it absorbed only itself: the orders of the summary it was read with (its stored order rows are theirs). */
  readonly ordersRead: ProfileSummary["orders"] | undefined
}

// The component before and after: who held which record, who holds which now.
interface Outcome {
  readonly assigned: (messageId: string) => string
  /** Stored live profiles of the component and their records, in canonical order. */
  readonly before: ReadonlyMap<string, ReadonlyArray<IdentityRecordRow>>
  /** Live profiles after, with the stored and the new records each holds. */
  readonly after: ReadonlyMap<string, { readonly old: ReadonlyArray<IdentityRecordRow>; readonly fresh: ReadonlyArray<NewEvent> }>
  /** The identifiers each live profile holds after. */
  readonly heldBy: ReadonlyMap<string, ReadonlyArray<NormalizedIdentifier>>
}

const outcomeOf = ({ resolver, loaded, fresh }: ResolutionInput): Outcome => {
  const assignment = resolver.assignments()
  const assigned = (messageId: string): string => {
    const p = assignment.get(messageId)
    if (p === undefined) throw new Error(`resolver has no profile for record ${messageId}`)
    return p
  }
  const before = new Map<string, Array<IdentityRecordRow>>()
  for (const row of [...loaded.values()].sort(byCanonicalOrder)) {
    const list = before.get(row.profileId)
    if (list === undefined) before.set(row.profileId, [row])
    else list.push(row)
  }
  const after = new Map<string, { old: Array<IdentityRecordRow>; fresh: Array<NewEvent> }>()
  const membersOf = (p: string) => {
    let m = after.get(p)
    if (m === undefined) after.set(p, (m = { old: [], fresh: [] }))
    return m
  }
  for (const row of loaded.values()) membersOf(assigned(row.messageId)).old.push(row)
  for (const e of fresh) membersOf(assigned(e.event.messageId)).fresh.push(e)
  const heldBy = new Map<string, ReadonlyArray<NormalizedIdentifier>>()
  for (const p of after.keys()) heldBy.set(p, resolver.profileIdentifiers(p as ProfileId) ?? [])
  return { assigned, before, after, heldBy }
}

// The stored rows of every profile before or after, reusing those the transaction already read.
const readProfileRows = async (tx: StorageWrites, workspaceId: string, outcome: Outcome, known: ReadonlyMap<string, ProfileRow> | undefined) => {
  const rows = new Map<string, ProfileRow>()
  const unread: Array<string> = []
  for (const p of new Set([...outcome.before.keys(), ...outcome.after.keys()])) {
    const row = known?.get(p)
    if (row === undefined) unread.push(p)
    else rows.set(p, row)
  }
  if (unread.length > 0) for (const row of await tx.profiles.get(workspaceId, unread)) rows.set(row.profileId, row)
  return rows
}

// Summaries and traits of every live profile: combined when it absorbed stored profiles whole (the common case),
// replayed from its events when records moved between profiles (summaries are not subtractable). A stored row that
// no longer decodes is left out of a replay and reported, never a reason to fail.
const rebuildProfiles = async (
  tx: StorageWrites,
  workspaceId: string,
  context: IdentityContext,
  outcome: Outcome,
  rows: ReadonlyMap<string, ProfileRow>,
  replay: ReadonlySet<string>,
  undecodable: Array<UndecodableEvent>,
  absorbed: Map<string, ReadonlyArray<string>>,
  ordersRead: Map<string, ProfileSummary["orders"]>
): Promise<Map<string, WorkingProfile>> => {
  const { assigned, before, after, heldBy } = outcome
  const absorbedWhole = (p: string, old: ReadonlyArray<IdentityRecordRow>): boolean => {
    for (const q of new Set(old.map((r) => r.profileId))) if (!(before.get(q) ?? []).every((r) => assigned(r.messageId) === p)) return false
    return true
  }
  const working = new Map<string, WorkingProfile>()
  for (const [p, { old, fresh: added }] of after) {
    let w: WorkingProfile
    if (!replay.has(p) && absorbedWhole(p, old)) {
      const from = new Set(old.map((r) => r.profileId))
      // A stored profile left holding none of its stored records is not described by them: no claim is made for it.
      if (!rows.has(p) || from.has(p)) absorbed.set(p, [...from])
      const first = Math.min(...old.map((r) => r.timestamp), ...added.map((e) => e.event.timestamp.getTime()))
      w = newWorkingProfile(p, first)
      let orders: ProfileSummary["orders"] | undefined
      for (const q of new Set(old.map((r) => r.profileId))) {
        const stored = rows.get(q)
        if (stored === undefined) continue
        const prior = workingProfileOf(stored)
        if (q === p) orders = prior.summary.orders
        w.summary = combineSummaries(w.summary, prior.summary)
        mergeObservedTraitsInto(w.traits, prior.traits, context.traits)
      }
      for (const e of added) {
        w.summary = context.summarizer.add(w.summary, e.event)
        mergeObservedTraitsInto(w.traits, traitsOfEvent(e.event, e.source, context.policy), context.traits)
      }
      if (from.size === 1 && orders !== undefined) ordersRead.set(p, orders)
    } else w = await replayProfile(tx, workspaceId, context, p, old, added, rows.get(p), undecodable)
    for (const id of heldBy.get(p)!) if (id.type === "email") w.emails.add(id.value)
    working.set(p, w)
  }
  return working
}

// Each live profile's latest record time, and whether it is isolated now (see ProfileRow).
const markLatestAndIsolation = (working: ReadonlyMap<string, WorkingProfile>, outcome: Outcome, input: ResolutionInput, context: IdentityContext): void => {
  const isolated = isolatedProfiles(input.loaded, input.fresh, outcome.assigned, outcome.heldBy, input.resolver.constraints(), context.policy)
  for (const [p, { old, fresh: added }] of outcome.after) {
    const w = working.get(p)!
    let last = -Infinity
    for (const r of old) if (r.timestamp > last) last = r.timestamp
    for (const e of added) if (e.event.timestamp.getTime() > last) last = e.event.timestamp.getTime()
    w.lastRecordAt = last
    w.isolated = isolated.has(p)
  }
}

// What each live profile holds now; profiles that were never stored hold no identifier rows yet, so there is
// nothing to read or clear for them.
const writeHeldIdentifiers = async (tx: StorageWrites, workspaceId: string, outcome: Outcome, rows: ReadonlyMap<string, ProfileRow>): Promise<void> => {
  const identifierRows: Array<IdentifierRow> = []
  for (const [p, held] of outcome.heldBy) for (const id of held) identifierRows.push({ type: id.type, value: id.value, profileId: p })
  const stored = [...outcome.after.keys()].filter((p) => rows.has(p))
  await tx.identity.replaceIdentifiers(workspaceId, [...new Set([...outcome.before.keys(), ...stored])], identifierRows)
}

// Stored profiles that no longer exist: each is merged into the profile now holding its earliest record.
const survivorsOfGone = (outcome: Outcome): Map<string, string> => {
  const merges = new Map<string, string>()
  for (const [q, records] of outcome.before) if (!outcome.after.has(q)) merges.set(q, outcome.assigned(records[0]!.messageId))
  return merges
}

// New events with their profile; stored events moved where the resolver put them.
const writeEvents = async (
  tx: StorageWrites,
  workspaceId: string,
  outcome: Outcome,
  input: ResolutionInput,
  merges: ReadonlyMap<string, string>
): Promise<Map<string, ProfileId>> => {
  const profileOf = new Map<string, ProfileId>()
  const eventRows: Array<EventRow> = []
  for (const e of input.fresh) {
    const p = outcome.assigned(e.event.messageId)
    profileOf.set(e.event.messageId, p as ProfileId)
    eventRows.push(eventRowOf(e, p))
  }
  if (eventRows.length > 0) await tx.events.insert(workspaceId, eventRows)
  const moves = new Map<string, Array<string>>()
  for (const row of input.loaded.values()) {
    const now = merges.get(row.profileId) ?? row.profileId
    const target = outcome.assigned(row.messageId)
    if (now !== target) moves.set(target, [...(moves.get(target) ?? []), row.messageId])
  }
  for (const [into, messageIds] of moves) await tx.events.move(workspaceId, into, messageIds)
  return profileOf
}

// Identifiers a record carries that its profile does not hold are found by value through the index, not the
// profile: every record of the component is re-indexed, so the index is right whatever moved.
const indexUnheldIdentifiers = async (tx: StorageWrites, workspaceId: string, outcome: Outcome, input: ResolutionInput): Promise<void> => {
  const unheld: Array<UnheldIdentifierRow> = []
  const heldKeys = new Map<string, Set<string>>()
  const holds = (p: string, id: NormalizedIdentifier): boolean => {
    let keys = heldKeys.get(p)
    if (keys === undefined) heldKeys.set(p, (keys = new Set((outcome.heldBy.get(p) ?? []).map(identifierKey))))
    return keys.has(identifierKey(id))
  }
  const evidence = [
    ...input.loaded.values(),
    ...input.fresh.map((e) => ({ messageId: e.event.messageId, timestamp: e.event.timestamp.getTime(), source: e.source, identifiers: e.identifiers }))
  ]
  for (const r of evidence) {
    const p = outcome.assigned(r.messageId)
    r.identifiers.forEach((identifier, ord) => {
      if (!holds(p, identifier)) unheld.push({ messageId: r.messageId, ord, identifier, timestamp: r.timestamp, source: r.source })
    })
  }
  if (unheld.length > 0) await tx.identity.indexUnheld(workspaceId, unheld)
}

const draftOf = (entry: LedgerEntry): LedgerDraft => {
  const { seq: _seq, ...draft } = entry
  return draft as LedgerDraft
}

// The change's ledger entries, in one append: rejected identifiers, the resolver's decisions, then attachments.
const appendLedger = async (tx: StorageWrites, workspaceId: string, input: ResolutionInput): Promise<void> => {
  const ledger = [...(input.extraLedger ?? []), ...input.resolver.ledgerFrom(input.ledgerStart).map(draftOf), ...(input.trailingLedger ?? [])]
  if (ledger.length > 0) await tx.identity.appendLedger(workspaceId, ledger)
}

/**
 * Persists what the resolver decided for a component, in these steps (the
 * storage README lists the same):
 *
 * 1. **outcome** — who held each record before and who holds it now;
 * 2. **read profile rows** — the stored rows of every profile involved;
 * 3. **rebuild profiles** — summaries and traits combined when stored
 *    profiles were absorbed whole (the common case), replayed from the
 *    events when records moved between profiles;
 * 4. **latest record and isolation** of every live profile;
 * 5. **held identifiers** — what `@kith/identity` says each live profile
 *    holds (an identifier may be held by several profiles kept apart by a
 *    guard; a quarantined or dropped one by none);
 * 6. **merges** — stored profiles that no longer exist redirect to the
 *    profile now holding their earliest record, and their rows follow;
 * 7. **events** — the new ones appended, moved stored ones re-pointed;
 * 8. **unheld identifiers** indexed by value;
 * 9. **profiles** written;
 * 10. **pipeline** — leads, opportunities and care changes follow their
 *     originating records (IDN-8);
 * 11. **ledger** — the resolver's entries after `ledgerStart`.
 *
 * @returns the profile of every new event, and stored rows skipped because they no longer decode
 *
 * @example
 * ```ts
 * const { profileOf, undecodable } = await persistResolution(tx, "shop-1", context, { resolver, ledgerStart, loaded, fresh })
 * // profileOf: Map { "m-9" => "p_m-1" }; undecodable: []
 * ```
 */
export const persistResolution = async (
  tx: StorageWrites,
  workspaceId: string,
  context: IdentityContext,
  input: ResolutionInput
): Promise<PersistedResolution> => {
  const outcome = outcomeOf(input)
  const rows = await readProfileRows(tx, workspaceId, outcome, input.knownRows)
  const undecodable: Array<UndecodableEvent> = []
  const absorbed = new Map<string, ReadonlyArray<string>>()
  const ordersRead = new Map<string, ProfileSummary["orders"]>()
  const working = await rebuildProfiles(tx, workspaceId, context, outcome, rows, input.replay ?? new Set(), undecodable, absorbed, ordersRead)
  markLatestAndIsolation(working, outcome, input, context)
  await writeHeldIdentifiers(tx, workspaceId, outcome, rows)
  const merges = survivorsOfGone(outcome)
  if (merges.size > 0) await followMerges(tx, workspaceId, merges)
  const profileOf = await writeEvents(tx, workspaceId, outcome, input, merges)
  await indexUnheldIdentifiers(tx, workspaceId, outcome, input)
  if (working.size > 0) await tx.profiles.upsert(workspaceId, [...working.values()].map((w) => profileRowOf(w)), rows)
  // Only a merge or a record changing profile moves pipeline items; a plain attach reads nothing more.
  if (merges.size > 0 || [...input.loaded.values()].some((r) => outcome.assigned(r.messageId) !== r.profileId)) {
    const assignments = input.resolver.assignments()
    await pipelineFollowsRecords(tx, workspaceId, [...outcome.before.keys()], (recordId) => assignments.get(recordId), merges)
  }
  await appendLedger(tx, workspaceId, input)
  const written = new Map<string, WrittenProfile>()
  for (const [p, w] of working) written.set(p, { profile: w, fresh: outcome.after.get(p)!.fresh, absorbed: absorbed.get(p) ?? null, ordersRead: ordersRead.get(p) })
  return { profileOf, undecodable, written }
}
