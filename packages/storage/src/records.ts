import type { KithEvent, ProfileId, WorkspaceId } from "@kith/core"
import type { LedgerEntry, NormalizedIdentifier } from "@kith/identity"
import type { LifecycleStage, ProfileSummary } from "@kith/profile"

/**
 * A workspace as stored: its id, display name and the timezone its
 * summaries bucket months in.
 *
 * @example
 * ```ts
 * const ws: StoredWorkspace = { workspaceId: "shop-1" as WorkspaceId, name: "Shop 1", timeZone: "Asia/Ho_Chi_Minh" }
 * ```
 */
export interface StoredWorkspace {
  readonly workspaceId: WorkspaceId
  readonly name: string
  readonly timeZone: string
}

/**
 * One trait value with its provenance (IDN-10): the value, when it was
 * observed (epoch ms) and by which source. The newest observation wins.
 *
 * @example
 * ```ts
 * const t: StoredTrait = { value: "Nguyễn Thị Lan", at: 1740794400000, source: "zalo_oa" }
 * ```
 */
export interface StoredTrait {
  readonly value: unknown
  readonly at: number
  readonly source: string
}

/**
 * A profile as the store knows it: its identifiers, traits with provenance,
 * mergeable summary, and the ids that were merged into it.
 *
 * @example
 * ```ts
 * profile.profileId // => "p_m-1"
 * profile.identifiers // => [{ type: "phone", value: "+84912345678" }, ...]
 * profile.mergedIds // => ["p_m-7"]
 * ```
 */
export interface StoredProfile {
  readonly profileId: ProfileId
  /** First time any of its events happened (epoch ms). */
  readonly createdAt: number
  readonly identifiers: ReadonlyArray<NormalizedIdentifier>
  readonly traits: Readonly<Record<string, StoredTrait>>
  readonly summary: ProfileSummary
  /** Profile ids that were merged away into this one (they still resolve here). */
  readonly mergedIds: ReadonlyArray<ProfileId>
}

/**
 * A raw event as appended, with the profile it currently belongs to.
 *
 * @example
 * ```ts
 * stored.event.messageId // => "m-1"
 * stored.profileId // => "p_m-1"
 * ```
 */
export interface StoredEvent {
  readonly event: KithEvent
  readonly profileId: ProfileId
}

/**
 * What a batch did: how many events were new, how many were already there
 * (same messageId: ING-3), and which profile each new event landed on.
 *
 * @example
 * ```ts
 * const r: IngestResult = { appended: 2, duplicates: 1, profileOf: new Map([["m-1", "p_m-1"], ["m-2", "p_m-1"]]) }
 * ```
 */
export interface IngestResult {
  readonly appended: number
  readonly duplicates: number
  /** messageId → profile at the end of the batch, for the events appended by it. */
  readonly profileOf: ReadonlyMap<string, ProfileId>
}

/**
 * A page request: at most `limit` items after the opaque `cursor` of the
 * previous page (absent for the first page).
 *
 * @example
 * ```ts
 * const first: PageRequest = { limit: 50 }
 * const next: PageRequest = { limit: 50, cursor: page.nextCursor }
 * ```
 */
export interface PageRequest {
  readonly limit: number
  readonly cursor?: string | undefined
}

/**
 * A page of results and the cursor of the next one (absent on the last page).
 * Cursors are stable: writes between pages never repeat or skip an item that
 * existed when paging started and still matches.
 *
 * @example
 * ```ts
 * const page: Page<StoredProfile> = { items: [profile], nextCursor: "p_m-1" }
 * ```
 */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly nextCursor: string | undefined
}

/**
 * A profile search (PRF-12): `text` matches name, email, address and company
 * accent-insensitively (`nguyen` finds `Nguyễn`), and a phone in any written
 * form (`0912 345 678`, `+84912345678`, `84-912-345-678`).
 *
 * @example
 * ```ts
 * const query: ProfileQuery = { text: "nguyen thi lan", limit: 20 }
 * const buyers: ProfileQuery = { stage: "buyer", limit: 50 }
 * ```
 */
export interface ProfileQuery extends PageRequest {
  readonly text?: string | undefined
  /** Only profiles at this lifecycle stage (PRF-2), as of each profile's latest event. */
  readonly stage?: LifecycleStage | undefined
}

/**
 * A dry-run of a manual merge (IDN-9): who survives (`into`, the profile
 * with the earlier first record), the events and identifiers the merged
 * profile would hold, unique identifier types on which the two disagree
 * (two user ids, say), and the traits whose values differ, side by side
 * (`a` and `b` as passed), to choose on with `MergeRequest.choices`.
 *
 * @example
 * ```ts
 * const plan: MergePlan = {
 *   into: "p_m-1" as ProfileId, from: "p_m-9" as ProfileId, eventIds: ["m-1", "m-9"],
 *   identifiers: [{ type: "phone", value: "+84912345678" }, { type: "user_id", value: "u-9" }],
 *   identifierConflicts: [],
 *   traitConflicts: [{ name: "fullName", a: { value: "Lan", at: 1740794400000, source: "web" }, b: { value: "Nguyễn Thị Lan", at: 1740880800000, source: "zalo" } }],
 *   traits: { fullName: { value: "Nguyễn Thị Lan", at: 1740880800000, source: "zalo" } }
 * }
 * ```
 */
export interface MergePlan {
  readonly into: ProfileId
  readonly from: ProfileId
  readonly eventIds: ReadonlyArray<string>
  readonly identifiers: ReadonlyArray<NormalizedIdentifier>
  readonly identifierConflicts: ReadonlyArray<{ readonly type: string; readonly values: ReadonlyArray<string> }>
  readonly traitConflicts: ReadonlyArray<{ readonly name: string; readonly a: StoredTrait; readonly b: StoredTrait }>
  /** The merged traits before any choice (newest observation wins). */
  readonly traits: Readonly<Record<string, StoredTrait>>
}

/**
 * A ledger entry as stored: identity's {@link LedgerEntry}, numbered per
 * workspace in append order.
 *
 * @example
 * ```ts
 * const entry: StoredLedgerEntry = { seq: 1, kind: "created", at: new Date("2025-03-01T02:00:00Z"), recordId: "m-1", source: "web", profileId: "p_m-1" as ProfileId }
 * ```
 */
export type StoredLedgerEntry = LedgerEntry
