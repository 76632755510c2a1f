import { type Identifier } from "@kith/core"
import { identifierKey, type NormalizedIdentifier, normalizeValue, type ResolvedIdentityPolicy } from "@kith/identity"
import { anonymizedEvent, namesAny, payloadTexts, suppressionKey } from "@kith/privacy"
import { summaryToJson } from "@kith/profile"
import type { StorageReads, StorageWrites } from "../backend.js"
import type { EventRow } from "../port/events.js"
import type { ErasureMode, ErasureReport, SuppressionRow } from "../port/privacy.js"
import type { ProfileRow } from "../port/profiles.js"
import { parseSummary } from "../profile-state.js"
import { eraseOutboxOf } from "./outreach-erasure.js"

const PAGE = 1_000

/**
 * Every event row of a live profile (merged-away profiles' events belong to
 * it), oldest first, read a page at a time.
 *
 * @example
 * ```ts
 * const rows = await eventsOfProfile(reads, "shop-1", "p_m-1")
 * ```
 */
export const eventsOfProfile = async (reads: StorageReads, workspaceId: string, profileId: string): Promise<ReadonlyArray<EventRow>> => {
  const out: Array<EventRow> = []
  for (let after: EventRow | undefined; ; ) {
    const page = await reads.events.ofProfile(workspaceId, profileId, after === undefined ? undefined : { timestamp: after.timestamp, messageId: after.messageId }, PAGE)
    out.push(...page)
    if (page.length < PAGE) return out
    after = page.at(-1)
  }
}

/**
 * The workspace's suppression secret, made (random, 32 bytes) on first need.
 *
 * @example
 * ```ts
 * const secret = await secretOf(tx, "shop-1")
 * ```
 */
export const secretOf = async (tx: StorageWrites, workspaceId: string): Promise<string> => {
  const held = await tx.privacy.secret(workspaceId)
  if (held !== undefined) return held
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  const secret = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")
  await tx.privacy.putSecret(workspaceId, secret)
  return secret
}

/**
 * Normalizes raw identifiers by the workspace policy; values normalization
 * rejects are left out (nothing stored can carry them).
 *
 * @example
 * ```ts
 * import { resolveIdentityPolicy } from "@kith/identity"
 * normalizedOf([{ type: "phone", value: "0912 345 678" }], resolveIdentityPolicy({})) // => [{ type: "phone", value: "+84912345678" }]
 * ```
 */
export const normalizedOf = (identifiers: ReadonlyArray<Identifier>, policy: ResolvedIdentityPolicy): Array<NormalizedIdentifier> =>
  identifiers.flatMap((i) => {
    const value = typeof i?.type === "string" && typeof i.value === "string" ? normalizeValue(i.type, i.value, policy) : undefined
    return typeof value === "string" ? [{ type: i.type, value }] : []
  })

/**
 * Adds identifiers to the suppression list as keyed hashes; returns how many
 * distinct ones were given.
 *
 * @example
 * ```ts
 * await suppressIdentifiers(tx, "shop-1", [{ type: "phone", value: "+84912345678" }], Date.now())
 * ```
 */
export const suppressIdentifiers = async (tx: StorageWrites, workspaceId: string, identifiers: ReadonlyArray<NormalizedIdentifier>, at: number): Promise<number> => {
  if (identifiers.length === 0) return 0
  const secret = await secretOf(tx, workspaceId)
  const rows = new Map<string, SuppressionRow>()
  for (const i of identifiers) {
    const key = suppressionKey(secret, workspaceId, i)
    rows.set(key, { key, type: i.type, createdAt: at, hits: 0, lastHitAt: null })
  }
  await tx.privacy.addSuppressions(workspaceId, [...rows.values()])
  return rows.size
}

// The identifier types an erasure reads refused payloads for: every type the person held, and phone and email (the
// ones written in many forms).
const READ_AS = ["phone", "email"]

/**
 * Deletes the refused calls kept in `cdp.rejected` whose raw payload carries
 * one of the identifiers (PRIV-2): a value of the payload (`@kith/privacy`'s
 * `payloadTexts`) that normalizes, as one of the identifier types, to one of
 * them — so a phone in any written form is found. Reads every kept refusal
 * of the workspace, a page at a time. Returns how many went.
 *
 * @example
 * ```ts
 * const erased = await eraseRejected(tx, "shop-1", [{ type: "phone", value: "+84912345678" }], policy)
 * ```
 */
export const eraseRejected = async (
  tx: StorageWrites,
  workspaceId: string,
  identifiers: ReadonlyArray<NormalizedIdentifier>,
  policy: ResolvedIdentityPolicy
): Promise<number> => {
  if (identifiers.length === 0) return 0
  const wanted = new Set(identifiers.map(identifierKey))
  const types = [...new Set([...identifiers.map((i) => i.type), ...READ_AS])]
  const carries = (text: string): boolean =>
    types.some((type) => {
      const value = normalizeValue(type, text, policy)
      return typeof value === "string" && wanted.has(identifierKey({ type, value }))
    })
  const erased: Array<number> = []
  for (let afterSeq = 0; ; ) {
    const page = await tx.rejected.list(workspaceId, { afterSeq, limit: PAGE })
    for (const row of page) if (payloadTexts(row.payload).some(carries)) erased.push(row.seq)
    if (page.length < PAGE) break
    afterSeq = page.at(-1)!.seq
  }
  if (erased.length > 0) await tx.rejected.erase(workspaceId, erased)
  return erased.length
}

// An anonymized profile's summary: its numbers, without the free text a points entry or a referrer may name someone with.
const anonymizedSummary = (json: string): string => {
  const summary = parseSummary(json)
  const points = new Map([...summary.points].map(([id, entry]) => [id, { ...entry, reason: undefined }]))
  const sources = summary.sources.map((touch) => ({ ...touch, referrer: undefined }))
  return JSON.stringify(summaryToJson({ ...summary, points, sources }))
}

/**
 * Erases one live profile inside a transaction (PRIV-2): itself, the
 * profiles merged into it, its events, identifiers, identity records,
 * ledger entries naming any of its ids or values, consent records, contact
 * restrictions (do-not-contact, blocks: anonymized too), leads,
 * opportunities, care record, segment inputs and membership with its
 * history, its outreach messages (the outbox rows of every one of its
 * profiles: `eraseOutboxOf`), and the refused calls whose raw payload
 * carries one of its identifiers. With `suppress`, every identifier it held
 * (and `alsoSuppress`) goes on the suppression list.
 *
 * Anonymized (`mode: "anonymize"`), the live profile row stays, under its
 * opaque id, with its summary (orders, spend, activity counts; no points
 * reason or referrer) and no trait, identifier or search text; the events
 * `@kith/privacy`'s `anonymizedEvent` keeps stay, rewritten, with no
 * identity evidence; its outreach messages stay without their text and
 * address (what a plan's performance counts); everything else goes as above.
 *
 * Features built later add their own erasure here, through their port (as
 * the pipeline's, segments' and outreach's), in this same transaction.
 *
 * @example
 * ```ts
 * const report = await eraseProfileIn(tx, "shop-1", liveRow, { mode: "delete", suppress: true, alsoSuppress: [], at: Date.now(), policy })
 * ```
 */
export const eraseProfileIn = async (
  tx: StorageWrites,
  workspaceId: string,
  live: ProfileRow,
  options: {
    readonly mode: ErasureMode
    readonly suppress: boolean
    readonly alsoSuppress: ReadonlyArray<NormalizedIdentifier>
    readonly at: number
    readonly policy: ResolvedIdentityPolicy
  }
): Promise<ErasureReport> => {
  const profileIds = [live.profileId, ...(await tx.profiles.mergedInto(workspaceId, live.profileId))]
  const events = await eventsOfProfile(tx, workspaceId, live.profileId)
  const messageIds = events.map((e) => e.messageId)
  const held = await tx.identity.identifiersOf(workspaceId, [live.profileId])
  const records = await tx.identity.records(workspaceId, messageIds)
  const names = new Set<string>([...profileIds, ...messageIds, ...held.map((i) => i.value)])
  for (const r of records) for (const i of r.identifiers) names.add(i.value)
  const anonymize = options.mode === "anonymize"
  const keep = new Map<string, string>()
  if (anonymize) {
    // The kept profile's id stays (the aggregates hang on it); the ledger entries naming it go with the rest.
    const placeholder = `anonymized-${live.profileId}`
    for (const e of events) {
      const kept = anonymizedEvent(JSON.parse(e.payload) as Record<string, unknown>, placeholder)
      if (kept !== undefined) keep.set(e.messageId, JSON.stringify(kept))
    }
  }
  const consents = (await tx.privacy.consentOfProfiles(workspaceId, [live.profileId])).length
  const contactRestrictions = await tx.contactRestrictions.eraseAnchoredTo(workspaceId, messageIds)
  const pipelineItems = await tx.pipeline.eraseProfiles(workspaceId, profileIds)
  await tx.segmentInputs.remove(workspaceId, profileIds)
  await tx.segments.eraseProfiles(workspaceId, profileIds)
  const outreachMessages = await eraseOutboxOf(tx, workspaceId, profileIds, options.mode)
  const { ledgerEntries } = await tx.privacy.erase(workspaceId, { profileIds, messageIds, names: [...names], ...(anonymize ? { keep } : {}) })
  if (anonymize) {
    await tx.profiles.upsert(workspaceId, [{ ...live, mergedInto: null, traits: "{}", searchText: "", summary: anonymizedSummary(live.summary) }])
  }
  // Requests the person made stay as proof they were answered, without the value they were made with.
  for (const request of await tx.privacy.requests(workspaceId)) {
    const subject = JSON.parse(request.subject) as { readonly type?: string }
    if (namesAny(subject, names)) await tx.privacy.putRequest(workspaceId, { ...request, subject: JSON.stringify({ type: subject.type ?? "profileId", erased: true }) })
  }
  const heldIds = held.map((i) => ({ type: i.type, value: i.value }))
  const everyIdentifier = new Map<string, NormalizedIdentifier>()
  for (const i of [...heldIds, ...records.flatMap((r) => r.identifiers), ...options.alsoSuppress]) everyIdentifier.set(identifierKey(i), { type: i.type, value: i.value })
  const rejectedEvents = await eraseRejected(tx, workspaceId, [...everyIdentifier.values()], options.policy)
  const toSuppress = new Map<string, NormalizedIdentifier>()
  if (options.suppress) for (const i of [...heldIds, ...options.alsoSuppress]) toSuppress.set(identifierKey(i), i)
  const suppressed = await suppressIdentifiers(tx, workspaceId, [...toSuppress.values()], options.at)
  return {
    mode: options.mode,
    profileIds,
    events: events.length - keep.size,
    keptEvents: keep.size,
    identifiers: held.length,
    ledgerEntries,
    consents,
    contactRestrictions,
    pipelineItems,
    outreachMessages,
    rejectedEvents,
    suppressed
  }
}
