import type { KithEvent, ProfileId } from "@kith/core"
import {
  identifierKey,
  type LedgerDraft,
  type NormalizedIdentifier,
  normalizeValue,
  profileIdOfRecord,
  recordOfEvent,
  type ResolvedIdentityPolicy
} from "@kith/identity"
import { combineSummaries, type Summarizer } from "@kith/profile"
import type { BackendTransaction, EventRow, IdentifierRow } from "./backend.js"
import {
  mergeTraitsInto,
  newWorkingProfile,
  profileRowOf,
  traitsOfEvent,
  type WorkingProfile,
  workingProfileOf
} from "./profile-state.js"
import type { IngestResult } from "./records.js"

/** A decoded event and the JSON text it arrived as (stored as the raw event). */
export interface DecodedEvent {
  readonly event: KithEvent
  readonly payload: string
}

/** What one ingestion needs besides the transaction. */
export interface IngestContext {
  readonly summarizer: Summarizer
  readonly policy: ResolvedIdentityPolicy
}

interface PreparedEvent {
  readonly event: KithEvent
  readonly source: string
  readonly identifiers: ReadonlyArray<NormalizedIdentifier>
}

const byTimeThenId = (a: KithEvent, b: KithEvent): number =>
  a.timestamp.getTime() - b.timestamp.getTime() || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0)

const olderFirst = (a: WorkingProfile, b: WorkingProfile): number =>
  a.createdAt - b.createdAt || (a.profileId < b.profileId ? -1 : a.profileId > b.profileId ? 1 : 0)

const pairKey = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`)

/**
 * Appends a batch of decoded events inside one transaction and applies what
 * they mean for identity and profiles (ING-3, ING-4, IDN-1, IDN-7):
 *
 * 1. events whose messageId is already stored (or repeated in the batch) are
 *    duplicates and change nothing;
 * 2. the new ones, in (timestamp, messageId) order, are resolved: every live
 *    profile holding one of the event's normalized identifiers is merged into
 *    the oldest of them (unless a split recorded the pair as kept apart), a
 *    new profile `p_<messageId>` is created when none holds any, and the
 *    event's new identifiers attach to the survivor;
 * 3. summaries are combined (never replayed) and traits merged newest-wins;
 * 4. every creation, link, merge and rejected identifier goes to the ledger.
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
  const prepared: Array<PreparedEvent> = []
  const allKeys = new Map<string, NormalizedIdentifier>()
  for (const event of fresh) {
    const record = recordOfEvent(event)
    const identifiers: Array<NormalizedIdentifier> = []
    for (const raw of record.identifiers) {
      const value = normalizeValue(raw.type, raw.value, context.policy)
      if (typeof value !== "string") {
        ledger.push({ kind: "warning", at: event.timestamp, warning: { kind: "rejected", recordId: event.messageId, identifier: raw, reason: value.reason } })
        continue
      }
      const id = { type: raw.type, value }
      const key = identifierKey(id)
      if (!allKeys.has(key)) allKeys.set(key, id)
      if (!identifiers.some((x) => x.type === id.type && x.value === id.value)) identifiers.push(id)
    }
    prepared.push({ event, source: record.source, identifiers })
  }

  // Load the owners of every identifier the batch mentions, and their profiles, in two reads.
  const ownerOf = new Map<string, string>()
  for (const row of await tx.identifierOwners(workspaceId, [...allKeys.values()])) {
    ownerOf.set(identifierKey(row), row.profileId)
  }
  const ownerIds = [...new Set(ownerOf.values())]
  const profiles = new Map<string, WorkingProfile>()
  if (ownerIds.length > 0) {
    const emailsByProfile = new Map<string, Array<string>>()
    for (const [key, owner] of ownerOf) {
      if (key.startsWith("email:")) {
        const list = emailsByProfile.get(owner) ?? []
        list.push(key.slice(6))
        emailsByProfile.set(owner, list)
      }
    }
    for (const row of await tx.profiles(workspaceId, ownerIds)) {
      profiles.set(row.profileId, workingProfileOf(row, emailsByProfile.get(row.profileId) ?? []))
    }
  }
  const keptApart = new Set<string>()
  const partnersOf = new Map<string, Set<string>>()
  const addKeptApart = (a: string, b: string): void => {
    keptApart.add(pairKey(a, b))
    for (const [x, y] of [[a, b], [b, a]] as const) {
      const set = partnersOf.get(x) ?? new Set<string>()
      set.add(y)
      partnersOf.set(x, set)
    }
  }
  if (ownerIds.length > 0) for (const [a, b] of await tx.keptApart(workspaceId, ownerIds)) addKeptApart(a, b)

  const created = new Set<string>()
  const touched = new Set<string>()
  const redirect = new Map<string, string>()
  const resolve = (id: string): string => {
    let current = id
    for (let next = redirect.get(current); next !== undefined; next = redirect.get(current)) current = next
    return current
  }
  const newIdentifiers = new Map<string, NormalizedIdentifier>()
  const eventOwner = new Map<string, string>()

  for (const { event, source, identifiers } of prepared) {
    const at = event.timestamp
    const ts = at.getTime()
    const candidateIds = new Set<string>()
    for (const id of identifiers) {
      const owner = ownerOf.get(identifierKey(id))
      if (owner !== undefined) candidateIds.add(resolve(owner))
    }
    let target: WorkingProfile
    if (candidateIds.size === 0) {
      const profileId = profileIdOfRecord(event.messageId)
      target = newWorkingProfile(profileId, ts)
      profiles.set(profileId, target)
      created.add(profileId)
      ledger.push({ kind: "created", at, recordId: event.messageId, source, profileId })
    } else {
      const candidates = [...candidateIds].map((id) => profiles.get(id)!).sort(olderFirst)
      target = candidates[0]!
      ledger.push({ kind: "linked", at, recordId: event.messageId, source, profileId: target.profileId as ProfileId, identifier: undefined, rule: "shared_identifier" })
      for (const other of candidates.slice(1)) {
        if (keptApart.has(pairKey(target.profileId, other.profileId))) continue
        target.summary = combineSummaries(target.summary, other.summary)
        mergeTraitsInto(target.traits, other.traits)
        for (const email of other.emails) target.emails.add(email)
        target.createdAt = Math.min(target.createdAt, other.createdAt)
        redirect.set(other.profileId, target.profileId)
        for (const partner of partnersOf.get(other.profileId) ?? []) addKeptApart(target.profileId, partner)
        const bridge = identifiers.find((id) => ownerOf.has(identifierKey(id)) && resolve(ownerOf.get(identifierKey(id))!) === target.profileId)
        ledger.push({
          kind: "merged",
          at,
          from: other.profileId as ProfileId,
          into: target.profileId as ProfileId,
          recordId: event.messageId,
          identifier: bridge,
          rule: "shared_identifier"
        })
      }
    }
    for (const id of identifiers) {
      const key = identifierKey(id)
      if (ownerOf.has(key)) continue
      ownerOf.set(key, target.profileId)
      newIdentifiers.set(key, id)
      if (id.type === "email") target.emails.add(id.value)
    }
    target.summary = context.summarizer.add(target.summary, event)
    mergeTraitsInto(target.traits, traitsOfEvent(event, source))
    target.createdAt = Math.min(target.createdAt, ts)
    touched.add(target.profileId)
    eventOwner.set(event.messageId, target.profileId)
  }

  // Write: new profiles, identifiers and events carry their final owner; merges move what was stored before.
  const live = (id: string): boolean => resolve(id) === id
  const mergedGroups = new Map<string, Array<string>>()
  for (const from of redirect.keys()) {
    const into = resolve(from)
    const group = mergedGroups.get(into) ?? []
    group.push(from)
    mergedGroups.set(into, group)
  }
  const toInsert = [...created].map((id) => profileRowOf(profiles.get(id)!))
  if (toInsert.length > 0) await tx.insertProfiles(workspaceId, toInsert)
  const identifierRows: Array<IdentifierRow> = []
  for (const [key, id] of newIdentifiers) identifierRows.push({ type: id.type, value: id.value, profileId: resolve(ownerOf.get(key)!) })
  if (identifierRows.length > 0) await tx.insertIdentifiers(workspaceId, identifierRows)
  const eventRows: Array<EventRow> = []
  const profileOf = new Map<string, ProfileId>()
  for (const { event } of prepared) {
    const profileId = resolve(eventOwner.get(event.messageId)!)
    profileOf.set(event.messageId, profileId as ProfileId)
    eventRows.push({
      messageId: event.messageId,
      profileId,
      type: event.type,
      name: event.type === "track" ? event.event : null,
      timestamp: event.timestamp.getTime(),
      payload: payloadOf.get(event.messageId)!
    })
  }
  await tx.insertEvents(workspaceId, eventRows)
  if (mergedGroups.size > 0) await tx.mergeProfiles(workspaceId, [...mergedGroups].map(([into, from]) => ({ from, into })))
  const updates = [...touched].filter((id) => live(id) && !created.has(id)).map((id) => profileRowOf(profiles.get(id)!))
  if (updates.length > 0) await tx.updateProfiles(workspaceId, updates)
  await tx.appendLedger(workspaceId, ledger)
  return { appended: fresh.length, duplicates, profileOf }
}

