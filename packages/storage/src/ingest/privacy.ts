import { CONSENT_UPDATED, decodeConsentUpdated, type KithEvent } from "@kith/core"
import type { NormalizedIdentifier } from "@kith/identity"
import { MessageOutcomes, unsubscribeWithdraws } from "@kith/outreach"
import { suppressionKeyer } from "@kith/privacy"
import { Result } from "effect"
import type { StorageWrites } from "../backend.js"
import type { ConsentRow } from "../port/privacy.js"

/**
 * The events of a batch that carry an identifier on the workspace's
 * suppression list (an erased person's), by messageId; each hit is counted
 * on its entry, so what the list stops is reported, never silently dropped.
 * A workspace that never erased anyone has no secret and pays one lookup.
 *
 * @example
 * ```ts
 * const stopped = await stopSuppressed(tx, "shop-1", [{ messageId: "m-9", identifiers: [{ type: "phone", value: "+84912345678" }] }], Date.now())
 * ```
 */
export const stopSuppressed = async (
  tx: StorageWrites,
  workspaceId: string,
  events: ReadonlyArray<{ readonly messageId: string; readonly identifiers: ReadonlyArray<NormalizedIdentifier> }>,
  at: number
): Promise<ReadonlySet<string>> => {
  const secret = await tx.privacy.secret(workspaceId)
  if (secret === undefined) return new Set()
  const keyOf = suppressionKeyer(secret, workspaceId)
  const keysOf = new Map<string, ReadonlyArray<string>>()
  const all = new Set<string>()
  for (const e of events) {
    const keys = e.identifiers.map(keyOf)
    keysOf.set(e.messageId, keys)
    for (const k of keys) all.add(k)
  }
  if (all.size === 0) return new Set()
  const listed = await tx.privacy.suppressedKeys(workspaceId, [...all])
  if (listed.size === 0) return new Set()
  const stopped = new Set<string>()
  const hits = new Map<string, number>()
  for (const [messageId, keys] of keysOf) {
    const hit = keys.filter((k) => listed.has(k))
    if (hit.length === 0) continue
    stopped.add(messageId)
    for (const k of hit) hits.set(k, (hits.get(k) ?? 0) + 1)
  }
  await tx.privacy.countHits(workspaceId, hits, stopped.size, at)
  return stopped
}

/**
 * The problem with a `Consent Updated` event's properties, if any: such an
 * event must carry decisions `@kith/core` can decode, or the batch is refused
 * like any malformed typed event.
 *
 * @example
 * ```ts
 * consentEventProblem({ type: "track", event: "Consent Updated", properties: {} } as KithEvent)?.[0]?.path // => "properties.decisions"
 * ```
 */
export const consentEventProblem = (event: KithEvent): ReadonlyArray<{ readonly path: string; readonly message: string }> | undefined => {
  if (event.type !== "track" || event.event !== CONSENT_UPDATED) return undefined
  const decoded = decodeConsentUpdated(event.properties ?? {})
  return Result.isFailure(decoded) ? decoded.failure.issues.map((i) => ({ path: i.path === "" ? "properties" : `properties.${i.path}`, message: i.message })) : undefined
}

// The source of consent read from an event's `context.consent` (Segment's Consent Management shape).
const SEGMENT_CONSENT = "segment_consent"

// The consent rows an event's `context.consent.categoryPreferences` adds: one per purpose, on the event's channel.
// Every preference carried is kept, repeats included: the records are then the same whatever order the events
// arrive in, so the state at any instant is too (a repeat skipped because it matched the latest decision known
// would be lost when an earlier, different decision arrived after it).
const contextConsentRows = (event: KithEvent, profileId: string, covers: string): Array<ConsentRow> => {
  const preferences = event.context?.consent?.categoryPreferences
  if (preferences === undefined) return []
  const channel = event.context?.channel ?? "web"
  return Object.entries(preferences).map(([purpose, given]) => ({
    id: `${event.messageId}#${purpose}`,
    anchorRecordId: event.messageId,
    purpose,
    channel,
    status: given ? "granted" : "denied",
    at: event.timestamp.getTime(),
    source: SEGMENT_CONSENT,
    evidence: JSON.stringify({ messageId: event.messageId }),
    expiresAt: null,
    recordedOn: profileId,
    covers,
    actor: null
  }))
}

// The source of the withdrawals an unsubscribe records.
const UNSUBSCRIBED = "message_unsubscribed"

// The withdrawals a `Message Unsubscribed` event records: each purpose an unsubscribe withdraws, on the message's
// channel, at the event's time, with the message it came from as evidence. Its properties were decoded with the
// event (a channel and a deliveryId are required), so they are read as they are.
const unsubscribeRows = (event: KithEvent, profileId: string, covers: string): Array<ConsentRow> => {
  if (event.type !== "track" || event.event !== MessageOutcomes.unsubscribed) return []
  const properties = (event.properties ?? {}) as { readonly channel?: unknown; readonly deliveryId?: unknown; readonly planId?: unknown }
  if (typeof properties.channel !== "string") return []
  const evidence = JSON.stringify({
    messageId: event.messageId,
    ...(typeof properties.deliveryId === "string" ? { deliveryId: properties.deliveryId } : {}),
    ...(typeof properties.planId === "string" ? { planId: properties.planId } : {})
  })
  return unsubscribeWithdraws.map((purpose) => ({
    id: `${event.messageId}#${UNSUBSCRIBED}#${purpose}`,
    anchorRecordId: event.messageId,
    purpose,
    channel: properties.channel as string,
    status: "withdrawn",
    at: event.timestamp.getTime(),
    source: UNSUBSCRIBED,
    evidence,
    expiresAt: null,
    recordedOn: profileId,
    covers,
    actor: null
  }))
}

/**
 * Stores the consent decisions the batch's `Consent Updated` events carry,
 * each anchored to its event, made for the profile the event landed on and
 * covering the profiles merged into it by then; and the preferences an
 * event's `context.consent.categoryPreferences` carries (Segment's Consent
 * Management shape): each purpose on the event's channel (`web` when it
 * names none), `true` granted and `false` denied, the event's time its time;
 * and the withdrawal a `Message Unsubscribed` event is (OUT-5): the
 * purposes `@kith/outreach`'s `unsubscribeWithdraws` names (`marketing`:
 * promotions and care) withdrawn on the message's channel at the event's
 * time, source `message_unsubscribed`, so a later plan skips the person as
 * `withdrawn`.
 *
 * @example
 * ```ts
 * await recordConsentEvents(tx, "shop-1", events, result.profileOf)
 * ```
 */
export const recordConsentEvents = async (
  tx: StorageWrites,
  workspaceId: string,
  events: ReadonlyArray<KithEvent>,
  profileOf: ReadonlyMap<string, string>
): Promise<void> => {
  const rows: Array<ConsentRow> = []
  for (const event of events) {
    if (event.type !== "track" || event.event !== CONSENT_UPDATED) continue
    const decoded = decodeConsentUpdated(event.properties ?? {})
    const profileId = profileOf.get(event.messageId)
    if (Result.isFailure(decoded) || profileId === undefined) continue
    const covers = JSON.stringify([profileId, ...(await tx.profiles.mergedInto(workspaceId, profileId))])
    decoded.success.decisions.forEach((d, i) =>
      rows.push({
        id: `${event.messageId}#${i}`,
        anchorRecordId: event.messageId,
        purpose: d.purpose,
        channel: d.channel,
        status: d.status,
        at: event.timestamp.getTime(),
        source: decoded.success.source ?? "event",
        evidence: JSON.stringify(decoded.success.evidence ?? { messageId: event.messageId }),
        expiresAt: d.expiresAt?.getTime() ?? null,
        recordedOn: profileId,
        covers,
        actor: null
      })
    )
  }
  const coversOf = new Map<string, string>()
  for (const event of events) {
    const profileId = profileOf.get(event.messageId)
    const unsubscribe = event.type === "track" && event.event === MessageOutcomes.unsubscribed
    if ((event.context?.consent === undefined && !unsubscribe) || profileId === undefined) continue
    let covers = coversOf.get(profileId)
    if (covers === undefined) coversOf.set(profileId, (covers = JSON.stringify([profileId, ...(await tx.profiles.mergedInto(workspaceId, profileId))])))
    rows.push(...contextConsentRows(event, profileId, covers), ...unsubscribeRows(event, profileId, covers))
  }
  if (rows.length > 0) await tx.privacy.insertConsent(workspaceId, rows)
}
