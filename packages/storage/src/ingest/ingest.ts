import type { KithEvent, ProfileId } from "@kith/core"
import type { LedgerDraft } from "@kith/identity"
import { combineWorkspaceSummaries, workspaceSummaryOf } from "@kith/profile"
import type { StorageWrites } from "../backend.js"
import type { IngestResult, UndecodableEvent } from "../port/events.js"
import type { IdentityRecordRow } from "../port/identity-graph.js"
import type { ProfileRow } from "../port/profiles.js"
import { workspaceSummaryFromText, workspaceSummaryToText } from "../workspace-summary-json.js"
import { persistAttachments } from "./attach.js"
import { loadComponent, resolverOfComponent } from "./component.js"
import { evidenceOfEvent, type IdentityContext, type NewEvent } from "./context.js"
import { type IngestPlan, planIngest } from "./plan.js"
import { recordConsentEvents, stopSuppressed } from "./privacy.js"
import { persistResolution, type WrittenProfile } from "./resolution.js"
import { amendSegmentInputs, type GainedEvents, rewriteSegmentInputs, writeResolvedSegmentInputs } from "./segment-inputs.js"

/** A decoded event and the JSON text it arrived as (stored as the raw event). */
export interface DecodedEvent {
  readonly event: KithEvent
  readonly payload: string
}

/** What one ingestion needs besides the transaction. */
export type IngestContext = IdentityContext

// Workspace totals only add up monthly counters, so the new events' own summary is the whole change, whatever
// identity decided about them.
const addToWorkspaceSummary = async (tx: StorageWrites, workspaceId: string, context: IngestContext, fresh: ReadonlyArray<KithEvent>): Promise<void> => {
  const added = workspaceSummaryOf([context.summarizer.summarize(fresh)])
  if (added.activity.size === 0) return
  const current = workspaceSummaryFromText(await tx.workspaces.summary(workspaceId))
  await tx.workspaces.writeSummary(workspaceId, workspaceSummaryToText(combineWorkspaceSummaries(current, added)))
}

// The owner rows the plan read, except those just rewritten by attaching records (no resolved group touches
// them anyway; leaving them out keeps every known row current).
const unattachedOwners = (plan: IngestPlan): Map<string, ProfileRow> => {
  const rows = new Map(plan.owners)
  for (const p of plan.attach.keys()) rows.delete(p)
  return rows
}

const byTimeThenId = (a: KithEvent, b: KithEvent): number =>
  a.timestamp.getTime() - b.timestamp.getTime() || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0)

/**
 * Appends a batch of decoded events inside one transaction and applies what
 * they mean for identity and profiles (ING-3, ING-4, IDN-1, IDN-7):
 *
 * 1. events whose messageId is already stored (or repeated in the batch) are
 *    duplicates and change nothing;
 * 2. the new ones are resolved by `@kith/identity`: the stored evidence
 *    components they touch (every record reachable through shared
 *    identifiers or manual-merge pairs) are loaded with the workspace's
 *    do-not-merge and must-link pairs, fed to a fresh resolver with the
 *    workspace policy, then the new records are ingested; whatever it
 *    decides — create, attach, merge, move, keep apart by the unique-type
 *    guard, drop over a limit, quarantine — is persisted
 *    ({@link persistResolution}). The plan ({@link planIngest}) spares the
 *    work where the outcome is certain: records that only join an isolated
 *    profile are attached directly, and components known to be exactly some
 *    isolated profiles' records are loaded by profile instead of searched;
 * 3. summaries are combined when profiles merge whole, replayed when records
 *    moved (stored rows that no longer decode are skipped and reported in
 *    `undecodable`); traits merged by each trait's strategy;
 * 4. rejected identifiers and every entry of the resolver's ledger go to the
 *    store's ledger;
 * 5. the workspace summary adds the new events' activity;
 * 6. the segment inputs of every profile touched (those the new events
 *    joined and those their component held before) are rebuilt, or
 *    forgotten for profiles merged away.
 *
 * The same events in any batching and order end in the same partition of
 * events into profiles, which the contract suite checks on every engine.
 */
export const ingestDecoded = async (
  tx: StorageWrites,
  workspaceId: string,
  events: ReadonlyArray<DecodedEvent>,
  context: IngestContext
): Promise<IngestResult> => {
  const seen = new Set<string>()
  const unique: Array<KithEvent> = []
  const payloadOf = new Map<string, string>()
  for (const { event, payload } of events) {
    if (seen.has(event.messageId)) continue
    seen.add(event.messageId)
    unique.push(event)
    payloadOf.set(event.messageId, payload)
  }
  const stored = unique.length === 0 ? new Set<string>() : await tx.events.existing(workspaceId, [...seen])
  const unseen = unique.filter((e) => !stored.has(e.messageId)).sort(byTimeThenId)
  const duplicates = events.length - unseen.length
  if (unseen.length === 0) return { appended: 0, duplicates, profileOf: new Map(), undecodable: [] }

  const evidence = unseen.map((event) => {
    const { source, identifiers, rejected } = evidenceOfEvent(event, context.policy)
    return { event, messageId: event.messageId, source, identifiers, rejected }
  })
  // An erased person's identifiers stop their later events (PRIV-2): counted on the list and reported here.
  const stopped = await stopSuppressed(tx, workspaceId, evidence, unseen.at(-1)!.timestamp.getTime())
  const suppressed = stopped.size === 0 ? {} : { suppressed: unseen.filter((e) => stopped.has(e.messageId)).map((e) => e.messageId) }
  const fresh = stopped.size === 0 ? unseen : unseen.filter((e) => !stopped.has(e.messageId))
  if (fresh.length === 0) return { appended: 0, duplicates, profileOf: new Map(), undecodable: [], ...suppressed }

  const ledger: Array<LedgerDraft> = []
  const prepared: Array<NewEvent> = []
  for (const { event, source, identifiers, rejected } of evidence) {
    if (stopped.has(event.messageId)) continue
    ledger.push(...rejected)
    prepared.push({ event, payload: payloadOf.get(event.messageId)!, source, identifiers })
  }

  const plan = await planIngest(tx, workspaceId, prepared, context.policy)
  const profileOf = new Map<string, ProfileId>()
  let undecodable: ReadonlyArray<UndecodableEvent> = []
  let resolvedProfiles: ReadonlyMap<string, WrittenProfile> | undefined
  // Profiles whose segment inputs this batch rebuilds: those resolution writes to, and those that held their component
  // before (attached profiles are isolated: no resolved group touches them, and their inputs are amended instead).
  const touched = new Set<string>()
  for (const p of plan.owners.keys()) if (!plan.attach.has(p)) touched.add(p)
  // Attached profiles are isolated, so no resolved group touches them: writing them first changes nothing, and
  // their ledger entries can follow the resolver's in the one append this batch makes.
  const attached = await persistAttachments(tx, workspaceId, context, plan.attach, plan.owners)
  for (const [m, p] of attached.profileOf) profileOf.set(m, p)
  if (plan.resolve.length > 0) {
    // Re-resolve the stored components these records touch, with them, exactly as @kith/identity decides.
    const loaded = plan.loadFrom.length === 0 ? new Map<string, IdentityRecordRow>() : await loadComponent(tx, workspaceId, plan.loadFrom)
    if (plan.loadProfiles.length > 0) for (const row of await tx.identity.recordsOfProfiles(workspaceId, plan.loadProfiles)) loaded.set(row.messageId, row)
    for (const row of loaded.values()) touched.add(row.profileId)
    const { resolver, ledgerStart } = await resolverOfComponent(tx, workspaceId, loaded, context.policy)
    for (const { event, source, identifiers } of plan.resolve) {
      resolver.ingest({ recordId: event.messageId, observedAt: event.timestamp, source, identifiers })
    }
    const resolved = await persistResolution(tx, workspaceId, context, {
      resolver,
      ledgerStart,
      loaded,
      fresh: plan.resolve,
      extraLedger: ledger,
      trailingLedger: attached.ledger,
      knownRows: unattachedOwners(plan)
    })
    for (const [m, p] of resolved.profileOf) {
      profileOf.set(m, p)
      touched.add(p)
    }
    undecodable = resolved.undecodable
    resolvedProfiles = resolved.written
  } else {
    const entries = [...ledger, ...attached.ledger]
    if (entries.length > 0) await tx.identity.appendLedger(workspaceId, entries)
  }
  await addToWorkspaceSummary(tx, workspaceId, context, fresh)
  await recordConsentEvents(tx, workspaceId, fresh, profileOf)
  const amended = new Map<string, GainedEvents>()
  for (const [p, profile] of attached.written) {
    if (touched.has(p)) continue
    const read = attached.read.get(p)
    amended.set(p, { profile, events: plan.attach.get(p) ?? [], ordersRead: read?.summary.orders, summaryReadWithSameTraitValues: read?.traitValuesChanged === false ? read.summary : undefined })
  }
  await amendSegmentInputs(tx, workspaceId, amended, context.summarizer.timeZone)
  // Profiles resolution wrote whole from stored profiles and new events take their inputs from those; the rest are rebuilt.
  if (resolvedProfiles !== undefined) for (const p of await writeResolvedSegmentInputs(tx, workspaceId, resolvedProfiles, context.summarizer.timeZone)) touched.delete(p)
  await rewriteSegmentInputs(tx, workspaceId, touched, context.summarizer.timeZone)
  return { appended: fresh.length, duplicates, profileOf, undecodable, ...suppressed }
}

