import type { KithEvent } from "@kith/core"
import type { NormalizedIdentifier, ResolvedIdentityPolicy, TraitMergeConfig } from "@kith/identity"
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
