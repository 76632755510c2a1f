import type { KithEvent } from "@kith/core"
import { identifierKey, type LedgerDraft, type NormalizedIdentifier, normalizeValue, recordOfEvent } from "@kith/identity"
import { combineWorkspaceSummaries, workspaceSummaryOf } from "@kith/profile"
import type { BackendTransaction } from "./backend.js"
import { type IdentityContext, loadComponent, type NewEvent, persistResolution, resolverOfComponent } from "./identity-apply.js"
import type { IngestResult } from "./records.js"
import { workspaceSummaryFromText, workspaceSummaryToText } from "./workspace-summary-json.js"

/** A decoded event and the JSON text it arrived as (stored as the raw event). */
export interface DecodedEvent {
  readonly event: KithEvent
  readonly payload: string
}

/** What one ingestion needs besides the transaction. */
export type IngestContext = IdentityContext

// Workspace totals only add up monthly counters, so the new events' own summary is the whole change, whatever
// identity decided about them.
const addToWorkspaceSummary = async (tx: BackendTransaction, workspaceId: string, context: IngestContext, fresh: ReadonlyArray<KithEvent>): Promise<void> => {
  const added = workspaceSummaryOf([context.summarizer.summarize(fresh)])
  if (added.activity.size === 0) return
  const current = workspaceSummaryFromText(await tx.workspaceSummary(workspaceId))
  await tx.writeWorkspaceSummary(workspaceId, workspaceSummaryToText(combineWorkspaceSummaries(current, added)))
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
 *    identifiers) are loaded with the workspace's do-not-merge pairs, fed to
 *    a fresh resolver with the workspace policy, then the new records are
 *    ingested; whatever it decides — create, attach, merge, move, keep apart
 *    by the unique-type guard, drop over a limit, quarantine — is persisted
 *    ({@link persistResolution});
 * 3. summaries are combined when profiles merge whole, replayed when records
 *    moved; traits merged newest-wins;
 * 4. rejected identifiers and every entry of the resolver's ledger go to the
 *    store's ledger.
 *
 * The same events in any batching and order end in the same partition of
 * events into profiles, which the contract suite checks on every engine.
 */
export const ingestDecoded = async (
  tx: BackendTransaction,
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
  const stored = unique.length === 0 ? new Set<string>() : await tx.existingMessageIds(workspaceId, [...seen])
  const fresh = unique.filter((e) => !stored.has(e.messageId)).sort(byTimeThenId)
  const duplicates = events.length - fresh.length
  if (fresh.length === 0) return { appended: 0, duplicates, profileOf: new Map() }

  const ledger: Array<LedgerDraft> = []
  const prepared: Array<NewEvent> = []
  const seeds = new Map<string, NormalizedIdentifier>()
  for (const event of fresh) {
    const record = recordOfEvent(event)
    const identifiers: Array<NormalizedIdentifier> = []
    const keys = new Set<string>()
    for (const raw of record.identifiers) {
      const value = normalizeValue(raw.type, raw.value, context.policy)
      if (typeof value !== "string") {
        ledger.push({ kind: "warning", at: event.timestamp, warning: { kind: "rejected", recordId: event.messageId, identifier: raw, reason: value.reason } })
        continue
      }
      const id = { type: raw.type, value }
      const key = identifierKey(id)
      if (keys.has(key)) continue
      keys.add(key)
      identifiers.push(id)
      if (!seeds.has(key)) seeds.set(key, id)
    }
    prepared.push({ event, payload: payloadOf.get(event.messageId)!, source: record.source, identifiers })
  }

  // Re-resolve the stored components the batch touches, with the new records, exactly as @kith/identity decides.
  const loaded = await loadComponent(tx, workspaceId, seeds.values())
  const { resolver, ledgerStart } = await resolverOfComponent(tx, workspaceId, loaded, context.policy)
  for (const { event, source, identifiers } of prepared) {
    resolver.ingest({ recordId: event.messageId, observedAt: event.timestamp, source, identifiers })
  }
  const profileOf = await persistResolution(tx, workspaceId, context, { resolver, ledgerStart, loaded, fresh: prepared, extraLedger: ledger })
  await addToWorkspaceSummary(tx, workspaceId, context, fresh)
  return { appended: fresh.length, duplicates, profileOf }
}

