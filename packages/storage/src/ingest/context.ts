import type { KithEvent } from "@kith/core"
import { identifierKey, type LedgerDraft, type NormalizedIdentifier, normalizeValue, recordOfEvent, type ResolvedIdentityPolicy, type TraitMergeConfig } from "@kith/identity"
import type { Summarizer } from "@kith/profile"
import type { EventRow } from "../port/events.js"

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
 * An event's identity evidence as `@kith/identity` sees it: its source and
 * its valid normalized identifiers (each once, in the order it carried
 * them), and a `rejected` ledger warning for each identifier the policy
 * refused (invalid or blocklisted: they never link).
 *
 * @example
 * ```ts
 * const { source, identifiers, rejected } = evidenceOfEvent(event, policy)
 * // source "web", identifiers [{ type: "phone", value: "+84912345678" }], rejected []
 * ```
 */
export const evidenceOfEvent = (
  event: KithEvent,
  policy: ResolvedIdentityPolicy
): { readonly source: string; readonly identifiers: Array<NormalizedIdentifier>; readonly rejected: Array<LedgerDraft> } => {
  const record = recordOfEvent(event)
  const identifiers: Array<NormalizedIdentifier> = []
  const rejected: Array<LedgerDraft> = []
  const keys = new Set<string>()
  for (const raw of record.identifiers) {
    const value = normalizeValue(raw.type, raw.value, policy)
    if (typeof value !== "string") {
      rejected.push({ kind: "warning", at: event.timestamp, warning: { kind: "rejected", recordId: event.messageId, identifier: raw, reason: value.reason } })
      continue
    }
    const id = { type: raw.type, value }
    const key = identifierKey(id)
    if (keys.has(key)) continue
    keys.add(key)
    identifiers.push(id)
  }
  return { source: record.source, identifiers, rejected }
}

/**
 * The stored row of a new event, with its identity evidence.
 *
 * @example
 * ```ts
 * const row = eventRowOf(newEvent, "p_m-1") // its identity: { source: "web", identifiers: [{ type: "phone", value: "+84912345678" }] }
 * ```
 */
export const eventRowOf = (e: NewEvent, profileId: string): EventRow => ({
  messageId: e.event.messageId,
  profileId,
  type: e.event.type,
  name: e.event.type === "track" ? e.event.event : null,
  timestamp: e.event.timestamp.getTime(),
  payload: e.payload,
  identity: { source: e.source, identifiers: e.identifiers }
})
