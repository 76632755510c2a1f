import type { KithEvent, ProfileId } from "@kith/core"
import {
  createResolver,
  identifierKey,
  type IdentityConstraints,
  type IdentityRecord,
  type IdentityResolver,
  type LedgerDraft,
  type LedgerEntry,
  type NormalizedIdentifier,
  type ResolvedIdentityPolicy,
  type TraitMergeConfig
} from "@kith/identity"
import { combineSummaries, type Summarizer } from "@kith/profile"
import { Result } from "effect"
import { decodeEventResult } from "@kith/core"
import type { BackendTransaction, EventRow, IdentifierRow, IdentityRecordRow, ProfileRow } from "./backend.js"
import { groupsSharingTokens } from "./token-groups.js"
import { mergeTraitsInto } from "./trait-merge.js"
import {
  newWorkingProfile,
  profileRowOf,
  traitsOfEvent,
  type WorkingProfile,
  workingProfileOf
} from "./profile-state.js"

/**
 * What one identity change needs besides the transaction: how summaries are
 * computed and the workspace's identity policy.
 *
 * @example
 * ```ts
 * const context: IdentityContext = { summarizer: makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }), policy: resolveIdentityPolicy({}), traits: {} }
 * ```
 */
export interface IdentityContext {
  readonly summarizer: Summarizer
  readonly policy: ResolvedIdentityPolicy
  /** Per-trait merge strategies (IDN-10). */
  readonly traits: TraitMergeConfig
}

/**
 * A new event about to be appended, with the payload it is stored as.
 *
 * @example
 * ```ts
 * const e: NewEvent = { event, payload: JSON.stringify(raw), source: "web", identifiers: [{ type: "phone", value: "+84912345678" }] }
 * ```
 */
export interface NewEvent {
  readonly event: KithEvent
  readonly payload: string
  readonly source: string
  /** Its valid normalized identifiers, in the order it carried them. */
  readonly identifiers: ReadonlyArray<NormalizedIdentifier>
}

/**
 * The stored evidence component(s) around some identifiers: every stored
 * record reachable from them through shared identifiers or a manual merge's
 * must-link pair. Resolution in `@kith/identity` is component-local, so
 * re-resolving exactly these records (plus the new ones) gives the same
 * profiles as resolving the whole workspace.
 *
 * @param tx - the ingestion transaction
 * @param workspaceId - the workspace
 * @param seeds - normalized identifiers of the new records
 * @returns the stored records of the touched components, by message id
 *
 * @example
 * ```ts
 * await loadComponent(tx, "shop-1", [{ type: "phone", value: "+84912345678" }])
 * // => Map { "m-1" => { messageId: "m-1", profileId: "p_m-1", identifiers: [...], ... }, ... }
 * ```
 */
export const loadComponent = async (
  tx: BackendTransaction,
  workspaceId: string,
  seeds: Iterable<NormalizedIdentifier>
): Promise<Map<string, IdentityRecordRow>> => {
  const loaded = new Map<string, IdentityRecordRow>()
  const seen = new Set<string>()
  let frontier: Array<NormalizedIdentifier> = []
  for (const id of seeds) {
    const key = identifierKey(id)
    if (seen.has(key)) continue
    seen.add(key)
    frontier.push(id)
  }
  const add = (rows: ReadonlyArray<IdentityRecordRow>): void => {
    for (const row of rows) {
      if (loaded.has(row.messageId)) continue
      loaded.set(row.messageId, row)
      for (const id of row.identifiers) {
        const key = identifierKey(id)
        if (seen.has(key)) continue
        seen.add(key)
        frontier.push(id)
      }
    }
  }
  const linkChecked = new Set<string>()
  for (;;) {
    while (frontier.length > 0) {
      const next = frontier
      frontier = []
      add(await tx.recordsHolding(workspaceId, next))
    }
    // Manual merges join components that share nothing: follow their pairs, then the identifiers they bring.
    const unchecked = [...loaded.keys()].filter((m) => !linkChecked.has(m))
    if (unchecked.length === 0) break
    for (const m of unchecked) linkChecked.add(m)
    const partners = new Set<string>()
    for (const [a, b] of await tx.mustLink(workspaceId, unchecked)) for (const m of [a, b]) if (!loaded.has(m)) partners.add(m)
    if (partners.size === 0) break
    add(await tx.identityRecords(workspaceId, [...partners]))
  }
  return loaded
}

const byCanonicalOrder = (a: { readonly timestamp: number; readonly messageId: string }, b: { readonly timestamp: number; readonly messageId: string }): number =>
  a.timestamp - b.timestamp || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0)

/**
 * A resolver holding the stored records of a component, with the
 * workspace's do-not-merge pairs among them, and the ledger length after the
 * bulk load (entries after it are what this change adds).
 *
 * @example
 * ```ts
 * const { resolver, ledgerStart } = await resolverOfComponent(tx, "shop-1", loaded, policy)
 * resolver.ingest(record) // => { kind: "attached", profileId: "p_m-1", ... }
 * ```
 */
export const resolverOfComponent = async (
  tx: BackendTransaction,
  workspaceId: string,
  loaded: ReadonlyMap<string, IdentityRecordRow>,
  policy: ResolvedIdentityPolicy
): Promise<{ readonly resolver: IdentityResolver; readonly ledgerStart: number }> => {
  const ids = [...loaded.keys()]
  const [doNotMerge, mustLink] = ids.length === 0 ? [[], []] : await Promise.all([tx.doNotMerge(workspaceId, ids), tx.mustLink(workspaceId, ids)])
  const resolver = createResolver({ policy, constraints: { doNotMerge, mustLink } })
  const records: Array<IdentityRecord> = []
  for (const row of loaded.values()) {
    // Stored values are already normalized; normalizing again is the identity, so the resolver sees the same keys.
    records.push({ recordId: row.messageId, observedAt: new Date(row.timestamp), source: row.source, identifiers: row.identifiers })
  }
  if (records.length > 0) resolver.ingestBatch(records)
  return { resolver, ledgerStart: resolver.ledgerLength }
}

/**
 * Persists records that simply join an isolated profile (the `attach` part
 * of an ingestion plan): exactly what `@kith/identity` would do for them —
 * link each to the profile, with a `linked` ledger entry naming the
 * highest-priority identifier it shares — without loading the profile's
 * history. The profile's identifiers do not change; its summary, traits,
 * stage and latest record time do.
 *
 * @returns the profile of every attached event, and the ledger entries to append
 *
 * @example
 * ```ts
 * await persistAttachments(tx, "shop-1", context, new Map([["p_m-1", [newEvent]]]), owners)
 * // => { profileOf: Map { "m-9" => "p_m-1" }, ledger: [{ kind: "linked", recordId: "m-9", ... }] }
 * ```
 */
export const persistAttachments = async (
  tx: BackendTransaction,
  workspaceId: string,
  context: IdentityContext,
  attach: ReadonlyMap<string, ReadonlyArray<NewEvent>>,
  rows: ReadonlyMap<string, ProfileRow>
): Promise<{ readonly profileOf: Map<string, ProfileId>; readonly ledger: Array<LedgerDraft> }> => {
  const profileOf = new Map<string, ProfileId>()
  const ledger: Array<LedgerDraft> = []
  if (attach.size === 0) return { profileOf, ledger }
  const eventRows: Array<EventRow> = []
  const changed: Array<{ readonly row: ProfileRow; readonly working: WorkingProfile; readonly traitsChanged: boolean }> = []
  for (const [p, events] of attach) {
    const row = rows.get(p)!
    const w = workingProfileOf(row)
    let traitsChanged = false
    for (const e of events) {
      const { event } = e
      const at = event.timestamp.getTime()
      profileOf.set(event.messageId, p as ProfileId)
      eventRows.push(eventRowOf(e, p))
      w.summary = context.summarizer.add(w.summary, event)
      if (mergeTraitsInto(w.traits, traitsOfEvent(event, e.source), context.traits)) traitsChanged = true
      if (at > w.lastRecordAt) w.lastRecordAt = at
      ledger.push({ kind: "linked", at: event.timestamp, recordId: event.messageId, source: e.source, profileId: p as ProfileId, identifier: sharedIdentifierOf(e.identifiers, context.policy), rule: "shared_identifier" })
    }
    changed.push({ row, working: w, traitsChanged })
  }
  // The search text indexes traits and held emails; emails do not change here, so it is rebuilt only when traits did.
  const needEmails = new Map(changed.filter((c) => c.traitsChanged).map((c) => [c.row.profileId, c.working] as const))
  for (const id of needEmails.size === 0 ? [] : await tx.identifiersOfProfiles(workspaceId, [...needEmails.keys()])) {
    if (id.type === "email") needEmails.get(id.profileId)!.emails.add(id.value)
  }
  const updated = changed.map((c) => profileRowOf(c.working, c.traitsChanged ? undefined : c.row.searchText))
  // Every identifier of an attached record is held by its profile: nothing to index.
  await tx.insertEvents(workspaceId, eventRows)
  await tx.updateProfiles(workspaceId, updated, rows)
  return { profileOf, ledger }
}

// The identifier @kith/identity names when a record links to a profile holding all of its identifiers: the
// first of highest priority, in the record's order.
const sharedIdentifierOf = (identifiers: ReadonlyArray<NormalizedIdentifier>, policy: ResolvedIdentityPolicy): NormalizedIdentifier | undefined => {
  let best: NormalizedIdentifier | undefined
  for (const id of identifiers) if (best === undefined || policy.ruleOf(id.type).priority > policy.ruleOf(best.type).priority) best = id
  return best
}

/**
 * The live profiles whose evidence component is exactly their own records
 * (see `ProfileRow.isolated`): the component holds no other profile, every
 * identifier its records carry is held by the profile (nothing quarantined,
 * dropped or shared with a profile a guard kept apart), no split or
 * manual merge pair names one of its records, and none of them comes from an
 * isolated source (whose identifiers `@kith/identity` scopes to the source,
 * so equal values do not mean shared identifiers). Such a profile can take a
 * later record that carries only identifiers it holds without re-resolving
 * its history: `@kith/identity` would just link it.
 */
const isolatedProfiles = (
  loaded: ReadonlyMap<string, IdentityRecordRow>,
  fresh: ReadonlyArray<NewEvent>,
  assigned: (messageId: string) => string,
  heldBy: ReadonlyMap<string, ReadonlyArray<NormalizedIdentifier>>,
  constraints: IdentityConstraints,
  policy: ResolvedIdentityPolicy
): Set<string> => {
  const records: Array<{ readonly messageId: string; readonly source: string; readonly identifiers: ReadonlyArray<NormalizedIdentifier> }> = [
    ...loaded.values()
  ]
  for (const e of fresh) records.push({ messageId: e.event.messageId, source: e.source, identifiers: e.identifiers })
  const constrained = new Set<string>()
  for (const [a, b] of [...constraints.doNotMerge, ...constraints.mustLink]) constrained.add(a).add(b)
  for (const r of records) if (policy.isolatedSources.has(r.source)) constrained.add(r.messageId)
  // A profile qualifies when exactly one evidence component holds its records, that component holds nothing else
  // and no constrained record, and the profile holds every identifier the component's records carry.
  const disqualified = new Set<string>()
  const componentKeys = new Map<string, Set<string>>()
  for (const group of groupsSharingTokens(records.length, (i) => records[i]!.identifiers.map(identifierKey))) {
    const profiles = new Set(group.map((i) => assigned(records[i]!.messageId)))
    const [only] = profiles
    if (profiles.size !== 1 || group.some((i) => constrained.has(records[i]!.messageId)) || componentKeys.has(only!)) {
      for (const p of profiles) disqualified.add(p)
      continue
    }
    componentKeys.set(only!, new Set(group.flatMap((i) => records[i]!.identifiers.map(identifierKey))))
  }
  const out = new Set<string>()
  for (const [p, keys] of componentKeys) {
    if (disqualified.has(p)) continue
    const held = new Set((heldBy.get(p) ?? []).map(identifierKey))
    if ([...keys].every((k) => held.has(k))) out.add(p)
  }
  return out
}

// The stored row of a new event, with its identity evidence.
const eventRowOf = (e: NewEvent, profileId: string): EventRow => ({
  messageId: e.event.messageId,
  profileId,
  type: e.event.type,
  name: e.event.type === "track" ? e.event.event : null,
  timestamp: e.event.timestamp.getTime(),
  payload: e.payload,
  identity: { source: e.source, identifiers: e.identifiers }
})

const draftOf = (entry: LedgerEntry): LedgerDraft => {
  const { seq: _seq, ...draft } = entry
  return draft as LedgerDraft
}

const decodeRow = (row: EventRow): KithEvent => {
  const decoded = decodeEventResult(JSON.parse(row.payload))
  if (Result.isFailure(decoded)) throw new Error(`Stored event ${row.messageId} does not decode: ${decoded.failure.message}`)
  return decoded.success
}

/**
 * Persists what the resolver decided for a component (issue 5): the
 * resolver holds the component's stored records (`loaded`) and the new
 * events; this writes
 *
 * - every live profile of the component (inserted, rewritten or revived),
 *   with the identifiers `@kith/identity` says it holds (an identifier may be
 *   held by several profiles kept apart by a guard; a quarantined or dropped
 *   one by none);
 * - stored profiles that no longer exist: merged away (redirected) into the
 *   profile now holding their earliest record;
 * - the new events and the identity records, and moved stored events;
 * - summaries and traits: combined when stored profiles were absorbed whole
 *   (the common case), replayed from the events when records moved between
 *   profiles;
 * - the resolver's ledger entries after `ledgerStart`.
 *
 * @returns the profile of every new event
 *
 * @example
 * ```ts
 * await persistResolution(tx, "shop-1", context, { resolver, ledgerStart, loaded, fresh })
 * // => Map { "m-9" => "p_m-1" }
 * ```
 */
export const persistResolution = async (
  tx: BackendTransaction,
  workspaceId: string,
  context: IdentityContext,
  input: {
    readonly resolver: IdentityResolver
    readonly ledgerStart: number
    readonly loaded: ReadonlyMap<string, IdentityRecordRow>
    readonly fresh: ReadonlyArray<NewEvent>
    /** Ledger entries to write before the resolver's (rejected identifiers of new events). */
    readonly extraLedger?: ReadonlyArray<LedgerDraft>
    /** Ledger entries to write after the resolver's, in the same append (records attached elsewhere in the batch). */
    readonly trailingLedger?: ReadonlyArray<LedgerDraft>
    /** Stored profile rows already read in this transaction and unchanged since (they are not read again). */
    readonly knownRows?: ReadonlyMap<string, ProfileRow>
  }
): Promise<Map<string, ProfileId>> => {
  const { resolver, loaded, fresh } = input
  const assignment = resolver.assignments()
  const assigned = (messageId: string): string => {
    const p = assignment.get(messageId)
    if (p === undefined) throw new Error(`resolver has no profile for record ${messageId}`)
    return p
  }

  // Old state: stored live profiles of the component and their records, in canonical order.
  const oldRecords = new Map<string, Array<IdentityRecordRow>>()
  for (const row of [...loaded.values()].sort(byCanonicalOrder)) {
    const list = oldRecords.get(row.profileId) ?? []
    list.push(row)
    oldRecords.set(row.profileId, list)
  }
  // New state: live profiles and what each holds.
  const members = new Map<string, { old: Array<IdentityRecordRow>; fresh: Array<NewEvent> }>()
  const membersOf = (p: string) => {
    let m = members.get(p)
    if (m === undefined) members.set(p, (m = { old: [], fresh: [] }))
    return m
  }
  for (const row of loaded.values()) membersOf(assigned(row.messageId)).old.push(row)
  for (const e of fresh) membersOf(assigned(e.event.messageId)).fresh.push(e)

  const oldIds = [...oldRecords.keys()]
  const liveIds = [...members.keys()]
  const rowsById = new Map<string, ProfileRow>()
  const unread: Array<string> = []
  for (const p of new Set([...oldIds, ...liveIds])) {
    const row = input.knownRows?.get(p)
    if (row === undefined) unread.push(p)
    else rowsById.set(p, row)
  }
  if (unread.length > 0) for (const row of await tx.profiles(workspaceId, unread)) rowsById.set(row.profileId, row)

  // Summaries and traits of every live profile.
  const wholeOld = (p: string, old: ReadonlyArray<IdentityRecordRow>): boolean => {
    const owners = new Set(old.map((r) => r.profileId))
    for (const q of owners) if (!(oldRecords.get(q) ?? []).every((r) => assigned(r.messageId) === p)) return false
    return true
  }
  const working = new Map<string, WorkingProfile>()
  const heldBy = new Map<string, ReadonlyArray<NormalizedIdentifier>>()
  for (const p of members.keys()) heldBy.set(p, resolver.profile(p as ProfileId)?.identifiers ?? [])
  for (const [p, { old, fresh: added }] of members) {
    let w: WorkingProfile
    if (wholeOld(p, old)) {
      const owners = [...new Set(old.map((r) => r.profileId))]
      const first = Math.min(...old.map((r) => r.timestamp), ...added.map((e) => e.event.timestamp.getTime()))
      w = newWorkingProfile(p, first)
      for (const q of owners) {
        const stored = rowsById.get(q)
        if (stored === undefined) continue
        const prior = workingProfileOf(stored)
        w.summary = combineSummaries(w.summary, prior.summary)
        mergeTraitsInto(w.traits, prior.traits, context.traits)
      }
      for (const e of added) {
        w.summary = context.summarizer.add(w.summary, e.event)
        mergeTraitsInto(w.traits, traitsOfEvent(e.event, e.source), context.traits)
      }
    } else {
      // Records moved between profiles: replay the profile's events (summaries are not subtractable).
      const storedEvents = (await tx.eventsById(workspaceId, old.map((r) => r.messageId))).map(decodeRow)
      const all = [...storedEvents, ...added.map((e) => e.event)]
      w = newWorkingProfile(p, Math.min(...all.map((e) => e.timestamp.getTime())))
      w.summary = context.summarizer.summarize(all)
      const sourceOf = new Map<string, string>([...old.map((r) => [r.messageId, r.source] as const), ...added.map((e) => [e.event.messageId, e.source] as const)])
      const asserted = new Set<string>()
      for (const e of all) {
        const traits = traitsOfEvent(e, sourceOf.get(e.messageId) ?? "unknown")
        for (const name of Object.keys(traits)) asserted.add(name)
        mergeTraitsInto(w.traits, traits, context.traits)
      }
      // Traits set by hand (no event asserts them) stay with the profile of the same id.
      const same = rowsById.get(p)
      if (same !== undefined) {
        for (const [name, trait] of Object.entries(workingProfileOf(same).traits)) if (!asserted.has(name) && w.traits[name] === undefined) w.traits[name] = trait
      }
    }
    for (const id of heldBy.get(p)!) if (id.type === "email") w.emails.add(id.value)
    working.set(p, w)
  }

  const isolated = isolatedProfiles(loaded, fresh, assigned, heldBy, resolver.constraints(), context.policy)
  for (const [p, { old, fresh: added }] of members) {
    const w = working.get(p)!
    let last = -Infinity
    for (const r of old) if (r.timestamp > last) last = r.timestamp
    for (const e of added) if (e.event.timestamp.getTime() > last) last = e.event.timestamp.getTime()
    w.lastRecordAt = last
    w.isolated = isolated.has(p)
  }

  // Identifiers: what each live profile holds now.
  const identifierRows: Array<IdentifierRow> = []
  for (const p of liveIds) {
    for (const id of heldBy.get(p)!) identifierRows.push({ type: id.type, value: id.value, profileId: p })
  }
  // Profiles that were never stored hold no identifier rows yet: nothing to read or clear for them.
  await tx.replaceIdentifiers(workspaceId, [...new Set([...oldIds, ...liveIds.filter((p) => rowsById.has(p))])], identifierRows)

  // Stored profiles that are gone: into the profile now holding their earliest record.
  const live = new Set(liveIds)
  const merges = new Map<string, Array<string>>()
  for (const [q, records] of oldRecords) {
    if (live.has(q)) continue
    const into = assigned(records[0]!.messageId)
    merges.set(into, [...(merges.get(into) ?? []), q])
  }
  if (merges.size > 0) await tx.mergeProfiles(workspaceId, [...merges].map(([into, from]) => ({ from, into })))

  // Events: new ones with their profile, stored ones moved where the resolver put them.
  const profileOf = new Map<string, ProfileId>()
  const eventRows: Array<EventRow> = []
  for (const e of fresh) {
    const p = assigned(e.event.messageId)
    profileOf.set(e.event.messageId, p as ProfileId)
    eventRows.push(eventRowOf(e, p))
  }
  if (eventRows.length > 0) await tx.insertEvents(workspaceId, eventRows)
  const mergedInto = new Map<string, string>()
  for (const [into, from] of merges) for (const q of from) mergedInto.set(q, into)
  const moves = new Map<string, Array<string>>()
  for (const row of loaded.values()) {
    const now = mergedInto.get(row.profileId) ?? row.profileId
    const target = assigned(row.messageId)
    if (now !== target) moves.set(target, [...(moves.get(target) ?? []), row.messageId])
  }
  for (const [into, messageIds] of moves) await tx.moveToProfile(workspaceId, into, [], messageIds)
  // Identifiers a record carries that its profile does not hold are found by value through the index, not the profile.
  const unheld: Array<{ messageId: string; ord: number; identifier: NormalizedIdentifier; timestamp: number; source: string }> = []
  const heldKeys = new Map<string, Set<string>>()
  const holds = (p: string, id: NormalizedIdentifier): boolean => {
    let keys = heldKeys.get(p)
    if (keys === undefined) heldKeys.set(p, (keys = new Set((heldBy.get(p) ?? []).map(identifierKey))))
    return keys.has(identifierKey(id))
  }
  const evidence = [...loaded.values(), ...fresh.map((e) => ({ messageId: e.event.messageId, timestamp: e.event.timestamp.getTime(), source: e.source, identifiers: e.identifiers }))]
  for (const r of evidence) {
    const p = assigned(r.messageId)
    r.identifiers.forEach((identifier, ord) => {
      if (!holds(p, identifier)) unheld.push({ messageId: r.messageId, ord, identifier, timestamp: r.timestamp, source: r.source })
    })
  }
  if (unheld.length > 0) await tx.indexUnheldIdentifiers(workspaceId, unheld)
  if (working.size > 0) await tx.updateProfiles(workspaceId, [...working.values()].map((w) => profileRowOf(w)), rowsById)
  const ledger = [...(input.extraLedger ?? []), ...resolver.ledgerFrom(input.ledgerStart).map(draftOf), ...(input.trailingLedger ?? [])]
  if (ledger.length > 0) await tx.appendLedger(workspaceId, ledger)
  return profileOf
}
