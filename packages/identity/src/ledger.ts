import type { Identifier, ProfileId } from "@kith/core"
import type { GuardReason } from "./engine/component.js"
import type { RejectionReason } from "./errors.js"
import type { NormalizedIdentifier } from "./normalize.js"

export type { GuardReason } from "./engine/component.js"

/**
 * Something resolution declined to do, recorded instead of dropped silently:
 * - `rejected`: a raw identifier failed normalization or the blocklist;
 * - `dropped`: a valid identifier its profile could not hold (a limit, or a second value of a unique type);
 * - `kept_apart`: a shared identifier did not merge two profiles because of a guard;
 * - `quarantined`: a shared identifier (a shop hotline, a kiosk's device id, a family email), withdrawn from
 *   linking; it stays on each record as evidence, listed with the profiles whose records carry it, for review;
 * - `ambiguous`: a record whose identifiers led to several profiles that a guard keeps apart joined none of
 *   them; `identifiers` are those that led there, `candidateProfileIds` the profiles.
 *
 * @example
 * ```ts
 * const warning: IdentityWarning = {
 *   kind: "kept_apart", recordId: "r-2", identifier: { type: "phone", value: "+84912345678" },
 *   profileId: "p_r-2" as ProfileId, otherProfileId: "p_r-1" as ProfileId, reason: "unique_conflict"
 * }
 * ```
 */
export type IdentityWarning =
  | { readonly kind: "rejected"; readonly recordId: string; readonly identifier: Identifier; readonly reason: RejectionReason }
  | {
      readonly kind: "dropped"
      readonly recordId: string
      readonly identifier: NormalizedIdentifier
      readonly reason: "limit" | "unique_conflict"
    }
  | {
      readonly kind: "kept_apart"
      readonly recordId: string
      readonly identifier: NormalizedIdentifier
      readonly profileId: ProfileId
      readonly otherProfileId: ProfileId
      readonly reason: GuardReason
    }
  | { readonly kind: "quarantined"; readonly identifier: NormalizedIdentifier; readonly profileIds: ReadonlyArray<ProfileId> }
  | {
      readonly kind: "ambiguous"
      readonly recordId: string
      readonly profileId: ProfileId
      readonly identifiers: ReadonlyArray<NormalizedIdentifier>
      readonly candidateProfileIds: ReadonlyArray<ProfileId>
    }

/**
 * Who made a manual change, and why.
 *
 * @example
 * ```ts
 * const action: ManualAction = { at: new Date("2025-04-01T00:00:00Z"), actor: "staff-7", reason: "two sisters share a phone" }
 * ```
 */
export interface ManualAction {
  /** When the action was taken (time is a parameter, never the clock). */
  readonly at: Date
  readonly actor?: string
  readonly reason?: string
}

/**
 * One entry of the append-only merge ledger (IDN-7). Every entry has a
 * sequence number `seq` and a time `at` (the record's observed time, or the
 * time of a manual action).
 *
 * - `created`: a record started a new profile.
 * - `linked`: a record joined a profile through a shared identifier.
 * - `merged`: profile `from` became part of `into` (its id now resolves to `into`);
 *   `rule` says why: a record bridging both (`shared_identifier`), an earlier
 *   record arriving late and becoming the canonical one (`earlier_record`), a
 *   person (`manual_merge`), or a component re-resolved after a split or a bulk
 *   load into a non-empty state (`recompute`, at the load's latest observed time).
 * - `moved`: re-resolving a component moved a record to another profile.
 * - `split`: a person separated two records (IDN-8); a do-not-merge pair was recorded.
 * - `manual_merge`: a person merged two profiles (IDN-9).
 * - `warning`: an {@link IdentityWarning}.
 *
 * @example
 * ```ts
 * const entry: LedgerEntry = {
 *   seq: 2, kind: "linked", at: new Date("2025-03-01T02:00:00Z"), recordId: "r-2", source: "zalo_oa",
 *   profileId: "p_r-1" as ProfileId, identifier: { type: "phone", value: "+84912345678" }, rule: "shared_identifier"
 * }
 * ```
 */
export type LedgerEntry =
  | { readonly seq: number; readonly kind: "created"; readonly at: Date; readonly recordId: string; readonly source: string; readonly profileId: ProfileId }
  | {
      readonly seq: number
      readonly kind: "linked"
      readonly at: Date
      readonly recordId: string
      readonly source: string
      readonly profileId: ProfileId
      readonly identifier: NormalizedIdentifier | undefined
      readonly rule: "shared_identifier" | "manual_merge"
    }
  | {
      readonly seq: number
      readonly kind: "merged"
      readonly at: Date
      readonly from: ProfileId
      readonly into: ProfileId
      readonly recordId: string | undefined
      readonly identifier: NormalizedIdentifier | undefined
      readonly rule: "shared_identifier" | "earlier_record" | "manual_merge" | "recompute"
    }
  | { readonly seq: number; readonly kind: "moved"; readonly at: Date; readonly recordId: string; readonly from: ProfileId; readonly into: ProfileId }
  | {
      readonly seq: number
      readonly kind: "split"
      readonly at: Date
      readonly recordIds: readonly [string, string]
      readonly from: ProfileId
      readonly into: ReadonlyArray<ProfileId>
      readonly actor: string | undefined
      readonly reason: string | undefined
    }
  | {
      readonly seq: number
      readonly kind: "manual_merge"
      readonly at: Date
      readonly profileIds: readonly [ProfileId, ProfileId]
      readonly into: ProfileId
      readonly actor: string | undefined
      readonly reason: string | undefined
      readonly choices: Readonly<Record<string, unknown>>
    }
  | { readonly seq: number; readonly kind: "warning"; readonly at: Date; readonly warning: IdentityWarning }

/**
 * A {@link LedgerEntry} before it gets its sequence number.
 *
 * @example
 * ```ts
 * const draft: LedgerDraft = { kind: "created", at: new Date("2025-03-01T00:00:00Z"), recordId: "r-1", source: "web", profileId: "p_r-1" as ProfileId }
 * ```
 */
export type LedgerDraft = LedgerEntry extends infer E ? (E extends { readonly seq: number } ? Omit<E, "seq"> : never) : never
