import type { Identifier, ProfileId, WorkspaceId } from "@kith/core"
import {
  type Explanation,
  InvalidIdentityOperation,
  type LedgerDraft,
  type LedgerEntry,
  type ManualAction,
  type ManualMergePreview,
  type NormalizedIdentifier,
  type TraitChoice
} from "@kith/identity"
import { Context, type Effect, Schema } from "effect"
import type { StorageFailure } from "../errors.js"
import type { UndecodableEvent } from "./events.js"
import type { InvalidCursor, Page, PageRequest } from "./page.js"
import type { AuditNote } from "./privacy.js"
import type { ProfileNotFound, StoredTrait } from "./profiles.js"
import type { UnknownWorkspace } from "./workspaces.js"

/**
 * An identity operation that cannot be applied as asked (e.g. a split that
 * would move every identifier, or none). Nothing was written. When
 * `@kith/identity` itself refused the change, `rejected` is its typed
 * failure ({@link InvalidIdentityOperation}: which operation and why).
 *
 * @example
 * ```ts
 * import { InvalidIdentityChange } from "@kith/storage"
 * new InvalidIdentityChange({ reason: "a split must leave at least one identifier behind" }).message
 * // => "Invalid identity change: a split must leave at least one identifier behind"
 * ```
 */
export class InvalidIdentityChange extends Schema.TaggedError<InvalidIdentityChange>("@kith/storage/InvalidIdentityChange")("InvalidIdentityChange", {
  reason: Schema.String,
  rejected: Schema.optionalKey(InvalidIdentityOperation)
}) {
  override get message(): string {
    return `Invalid identity change: ${this.reason}`
  }
}

/**
 * No stored event of the workspace carries this identifier (given raw; it
 * was normalized first), so there is nothing to explain or act on.
 *
 * @example
 * ```ts
 * import { IdentifierNotFound } from "@kith/storage"
 * new IdentifierNotFound({ workspaceId: "shop-1", type: "email", value: "nobody@example.com" }).message
 * // => "No stored event of workspace shop-1 carries email nobody@example.com"
 * ```
 */
export class IdentifierNotFound extends Schema.TaggedError<IdentifierNotFound>("@kith/storage/IdentifierNotFound")("IdentifierNotFound", {
  workspaceId: Schema.String,
  type: Schema.String,
  value: Schema.String
}) {
  override get message(): string {
    return `No stored event of workspace ${this.workspaceId} carries ${this.type} ${this.value}`
  }
}

/**
 * A dry-run of a manual merge (IDN-9): `@kith/identity`'s
 * `ManualMergePreview` over stored traits — who survives (`into`, the
 * profile with the earlier first record), the records (`recordIds`, the
 * events' messageIds) and identifiers the merged profile would hold, unique
 * identifier types on which the two disagree (two user ids, say), and the
 * traits whose values differ, side by side (`a` and `b` as passed, the names
 * `MergeRequest.choices` takes).
 *
 * @example
 * ```ts
 * const plan: MergePlan = {
 *   into: "p_m-1" as ProfileId, from: "p_m-9" as ProfileId, recordIds: ["m-1", "m-9"], eventIds: ["m-1", "m-9"],
 *   identifiers: [{ type: "phone", value: "+84912345678" }, { type: "user_id", value: "u-9" }],
 *   identifierConflicts: [],
 *   traitConflicts: [{ name: "fullName", a: { value: "Lan", at: 1740794400000, source: "web" }, b: { value: "Nguyễn Thị Lan", at: 1740880800000, source: "zalo" } }],
 *   traits: { fullName: { value: "Nguyễn Thị Lan", at: 1740880800000, source: "zalo" } }
 * }
 * ```
 */
export interface MergePlan extends ManualMergePreview<StoredTrait> {
  /**
   * The same as `recordIds`.
   *
   * @deprecated Read `recordIds`; `eventIds` goes in the next minor version.
   */
  readonly eventIds: ReadonlyArray<string>
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

/**
 * A manual merge (IDN-9): who and when (`action`), and per trait in conflict
 * which side's value the merged profile keeps (`"a"`, `"b"` or `{ value }`).
 *
 * @example
 * ```ts
 * const request: MergeRequest = { at: new Date("2025-04-01T00:00:00Z"), actor: "staff-7", reason: "same customer", choices: { fullName: "b" } }
 * ```
 */
export interface MergeRequest extends ManualAction {
  readonly choices?: Readonly<Record<string, TraitChoice>>
  /** Written as an `identity.merge` entry on the survivor in the same transaction. */
  readonly audit?: AuditNote<IdentityChange>
}

/**
 * What a split or a manual merge did: `from` and `into` (the profile split
 * off, or the survivor), and, only when there were any, the stored rows that
 * did not decode while the profiles were rebuilt (skipped, see
 * {@link UndecodableEvent}).
 *
 * @example
 * ```ts
 * const change: IdentityChange = { from: "p_m-1" as ProfileId, into: "p_m-7" as ProfileId }
 * ```
 */
export interface IdentityChange {
  readonly from: ProfileId
  readonly into: ProfileId
  readonly undecodable?: ReadonlyArray<UndecodableEvent>
}

/**
 * Options of a split: `alsoDetach` splits more identifiers off in the same
 * call — those listed, or `"linking"`: every identifier that events of both
 * sides carry (what the split would otherwise report in
 * {@link SplitChange.linking}). The events carrying them go with the
 * split-off side too, so the split is refused when no event would stay.
 *
 * @example
 * ```ts
 * const options: SplitOptions = { alsoDetach: [{ type: "anonymous_id", value: "shared-tablet" }] }
 * const all: SplitOptions = { alsoDetach: "linking" }
 * ```
 */
export interface SplitOptions {
  readonly alsoDetach?: ReadonlyArray<Identifier> | "linking"
  /** Written as an `identity.split` entry on the profile split in the same transaction. */
  readonly audit?: AuditNote<SplitChange>
}

/**
 * What a split did (IDN-8). `from` is the profile split; `into` the new
 * profile, never `from`; `detached` the one now holding the split-off
 * identifiers and the events that carried them. Profile ids follow a
 * profile's earliest event, so when that event carried a split-off
 * identifier the split-off side keeps the id: `detached === from`, and the
 * events that stayed are the new profile `into`.
 *
 * `linking` names the identifiers more than one of the resulting profiles
 * hold (a shared phone, a tablet's anonymous id): evidence that still links
 * the sides, which only the split keeps apart. A lookup by one fails with
 * `AmbiguousIdentifier` naming both, and a later event carrying only such an
 * identifier joins neither side. Split them off too with
 * {@link SplitOptions.alsoDetach} (`"linking"` for all of them).
 * `profiles` lists every profile the old one's events are in now, in order
 * of their first events: two, or more when an event carrying only linking
 * identifiers joined neither side.
 *
 * `separated` is false when a split-off identifier is still held by another
 * profile than `detached` (then it is also in `linking`): an event carrying
 * it was linked to the other side by stronger evidence (a phone) and stayed
 * there. Split that profile again, or detach the linking identifiers too.
 *
 * @example
 * ```ts
 * const change: SplitChange = {
 *   from: "p_s-1" as ProfileId, into: "p_s-2" as ProfileId, detached: "p_s-2" as ProfileId, separated: true,
 *   linking: [{ type: "anonymous_id", value: "shared-tablet" }], profiles: ["p_s-1" as ProfileId, "p_s-2" as ProfileId]
 * }
 * ```
 */
export interface SplitChange extends IdentityChange {
  readonly detached: ProfileId
  /** Every identifier split off is held by `detached` alone. */
  readonly separated: boolean
  readonly linking: ReadonlyArray<NormalizedIdentifier>
  readonly profiles: ReadonlyArray<ProfileId>
}

/**
 * An {@link IdentityChange}, with `undecodable` only when some row was skipped.
 *
 * @example
 * ```ts
 * identityChange("p_m-1" as ProfileId, "p_m-7" as ProfileId, []) // => { from: "p_m-1", into: "p_m-7" }
 * ```
 */
export const identityChange = (from: ProfileId, into: ProfileId, undecodable: ReadonlyArray<UndecodableEvent>): IdentityChange =>
  undecodable.length === 0 ? { from, into } : { from, into, undecodable }

/**
 * The identity graph: where a merged-away id ends up, the append-only merge
 * ledger (IDN-7), explanations, splits (IDN-8) and manual merges (IDN-9).
 *
 * @example
 * ```ts
 * import type { ProfileId, WorkspaceId } from "@kith/core"
 * import { Effect } from "effect"
 *
 * const shop = "shop-1" as WorkspaceId
 * const program = Effect.gen(function*() {
 *   yield* (yield* Workspaces).create({ workspaceId: shop })
 *   const events = yield* EventStore
 *   // Two visitors, then a call that shows they are one person.
 *   yield* events.ingest(shop, [
 *     { type: "identify", messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "c-1", traits: { phone: "0912 345 678" } },
 *     { type: "identify", messageId: "m-7", timestamp: "2025-03-02T09:00:00+07:00", anonymousId: "c-7", traits: { email: "lan@example.vn" } }
 *   ])
 *   yield* events.ingest(shop, [
 *     { type: "identify", messageId: "m-9", timestamp: "2025-03-03T09:00:00+07:00", anonymousId: "c-9", traits: { phone: "0912345678", email: "lan@example.vn" } }
 *   ])
 *   const graph = yield* IdentityGraph
 *   return yield* graph.resolve(shop, "p_m-7" as ProfileId)
 * })
 * await Effect.runPromise(program.pipe(Effect.provide(storageLayer(makeMemoryBackend())))) // => "p_m-1" (p_m-7 was merged into it)
 * ```
 */
export class IdentityGraph extends Context.Service<
  IdentityGraph,
  {
    /** The live profile id an id stands for now. */
    readonly resolve: (workspaceId: WorkspaceId, profileId: ProfileId) => Effect.Effect<ProfileId, UnknownWorkspace | ProfileNotFound | StorageFailure>
    readonly ledger: (workspaceId: WorkspaceId, page: PageRequest) => Effect.Effect<Page<StoredLedgerEntry>, UnknownWorkspace | InvalidCursor | StorageFailure>
    /**
     * Splits a profile (IDN-8): the given identifiers (and `options.alsoDetach`),
     * and the events that carried them, move to their own profile; both
     * summaries and traits are recomputed from their events; the pair is kept
     * apart from then on. The {@link SplitChange} names the identifiers that
     * still link the sides.
     */
    readonly split: (
      workspaceId: WorkspaceId,
      profileId: ProfileId,
      identifiers: ReadonlyArray<Identifier>,
      action: ManualAction,
      options?: SplitOptions
    ) => Effect.Effect<SplitChange, UnknownWorkspace | ProfileNotFound | InvalidIdentityChange | StorageFailure>
    /**
     * Why two identifiers are (or are not) in one profile (IDN-7): the chain
     * of shared identifiers between the earliest records carrying each, or
     * the guards, quarantines and splits that kept them apart. Fails with
     * {@link IdentifierNotFound} when no stored event carries one of them.
     */
    readonly explain: (
      workspaceId: WorkspaceId,
      a: Identifier,
      b: Identifier
    ) => Effect.Effect<Explanation, UnknownWorkspace | IdentifierNotFound | StorageFailure>
    /** A dry run of `merge`: what would be merged, and the unique-identifier and trait conflicts to choose on. Changes nothing. */
    readonly previewMerge: (
      workspaceId: WorkspaceId,
      a: ProfileId,
      b: ProfileId
    ) => Effect.Effect<MergePlan, UnknownWorkspace | ProfileNotFound | InvalidIdentityChange | StorageFailure>
    /**
     * Merges two profiles by hand (IDN-9), over any guard or earlier split:
     * the pair is remembered, so every later re-resolution keeps them
     * together; the survivor is the profile with the earlier first record;
     * each trait choice is written as a `manual` observation at `request.at`.
     */
    readonly merge: (
      workspaceId: WorkspaceId,
      a: ProfileId,
      b: ProfileId,
      request: MergeRequest
    ) => Effect.Effect<IdentityChange, UnknownWorkspace | ProfileNotFound | InvalidIdentityChange | StorageFailure>
  }
>()("@kith/storage/IdentityGraph") {}

/**
 * An identifier row: a normalized identifier held by a live profile (one
 * identifier may be held by several when a guard kept them apart).
 *
 * @example
 * ```ts
 * const row: IdentifierRow = { type: "phone", value: "+84912345678", profileId: "p_m-1" }
 * ```
 */
export interface IdentifierRow {
  readonly type: string
  readonly value: string
  readonly profileId: string
}

/**
 * The identity evidence of one stored event (a record for `@kith/identity`):
 * its valid normalized identifiers in the order the event carried them, its
 * time and source, and the profile its event belongs to now.
 *
 * @example
 * ```ts
 * const row: IdentityRecordRow = { messageId: "m-1", timestamp: 1740794400000, source: "web", profileId: "p_m-1", identifiers: [{ type: "phone", value: "+84912345678" }] }
 * ```
 */
export interface IdentityRecordRow {
  readonly messageId: string
  readonly timestamp: number
  readonly source: string
  readonly profileId: string
  readonly identifiers: ReadonlyArray<NormalizedIdentifier>
}

/**
 * What an engine reads of the identity graph, scoped by workspace: which
 * profiles hold which identifiers, the identity evidence of stored events
 * (records), the constraints splits and manual merges left, and the ledger.
 * Reads resolve empty for what is not there, never reject.
 *
 * @example
 * ```ts
 * const backend = makeMemoryBackend()
 * await backend.transaction("shop-1", async (tx) => {
 *   await tx.workspaces.insert({ workspaceId: "shop-1", name: "Shop 1", timeZone: "Asia/Ho_Chi_Minh" })
 *   await tx.identity.insertIdentifiers("shop-1", [{ type: "phone", value: "+84912345678", profileId: "p_m-1" }])
 * })
 * await backend.read.identity.owners("shop-1", [{ type: "phone", value: "+84912345678" }])
 * // => [{ type: "phone", value: "+84912345678", profileId: "p_m-1" }]
 * ```
 */
export interface IdentityGraphReads {
  /** The live profiles holding each of these identifiers (several when a guard kept them apart). */
  readonly owners: (workspaceId: string, identifiers: ReadonlyArray<NormalizedIdentifier>) => Promise<ReadonlyArray<IdentifierRow>>
  /** The identifier rows of these profiles. */
  readonly identifiersOf: (workspaceId: string, profileIds: ReadonlyArray<string>) => Promise<ReadonlyArray<IdentifierRow>>
  /**
   * Which of these identifiers — each held by no profile — some stored
   * identity record carries anyway (quarantined, dropped, guarded), as
   * `identifierKey`s. Only meaningful for unheld identifiers.
   */
  readonly seen: (workspaceId: string, identifiers: ReadonlyArray<NormalizedIdentifier>) => Promise<ReadonlySet<string>>
  /** The stored identity records carrying any of these identifiers: those of the profiles holding one, and the indexed unheld ones. */
  readonly recordsHolding: (workspaceId: string, identifiers: ReadonlyArray<NormalizedIdentifier>) => Promise<ReadonlyArray<IdentityRecordRow>>
  /** The identity records of these events (events without a valid identifier have none). */
  readonly records: (workspaceId: string, messageIds: ReadonlyArray<string>) => Promise<ReadonlyArray<IdentityRecordRow>>
  /** The identity records of every event of these live profiles. */
  readonly recordsOfProfiles: (workspaceId: string, profileIds: ReadonlyArray<string>) => Promise<ReadonlyArray<IdentityRecordRow>>
  /** Do-not-merge record pairs (from splits) naming any of these records. */
  readonly doNotMerge: (workspaceId: string, messageIds: ReadonlyArray<string>) => Promise<ReadonlyArray<readonly [string, string]>>
  /** Must-link record pairs (from manual merges) naming any of these records. */
  readonly mustLink: (workspaceId: string, messageIds: ReadonlyArray<string>) => Promise<ReadonlyArray<readonly [string, string]>>
  /** Kept-apart profile pairs involving any of these live profiles. */
  readonly keptApart: (workspaceId: string, profileIds: ReadonlyArray<string>) => Promise<ReadonlyArray<readonly [string, string]>>
  /** Ledger entries (JSON text) with `seq` above `afterSeq`, in order. */
  readonly ledger: (workspaceId: string, afterSeq: number, limit: number) => Promise<ReadonlyArray<{ readonly seq: number; readonly entry: string }>>
}

/**
 * An identifier a stored event carries that its profile does not hold,
 * indexed by value (see {@link IdentityGraphWrites.indexUnheld}).
 *
 * @example
 * ```ts
 * const row: UnheldIdentifierRow = { messageId: "m-9", ord: 0, identifier: { type: "phone", value: "+842838221234" }, timestamp: 1740794400000, source: "web" }
 * ```
 */
export interface UnheldIdentifierRow {
  readonly messageId: string
  /** Its position among the identifiers the event carried. */
  readonly ord: number
  readonly identifier: NormalizedIdentifier
  readonly timestamp: number
  readonly source: string
}

/**
 * What an engine writes of the identity graph, inside a transaction.
 *
 * @example
 * ```ts
 * await backend.transaction("shop-1", async (tx) => {
 *   await tx.identity.insertIdentifiers("shop-1", [{ type: "phone", value: "+84912345678", profileId: "p_m-1" }])
 * })
 * ```
 */
export interface IdentityGraphWrites extends IdentityGraphReads {
  readonly insertIdentifiers: (workspaceId: string, rows: ReadonlyArray<IdentifierRow>) => Promise<void>
  /** Deletes every identifier row of these profiles, then inserts `rows`. */
  readonly replaceIdentifiers: (workspaceId: string, profileIds: ReadonlyArray<string>, rows: ReadonlyArray<IdentifierRow>) => Promise<void>
  /**
   * Indexes identifiers that stored events carry but their profile does not
   * hold (quarantined, dropped over a limit, kept apart by a guard, or moved
   * away by a split), by value. Identifiers a profile holds are found through
   * the profile instead, so the records carrying any identifier are: the
   * records of the profiles holding it, plus the indexed ones. Re-indexing a
   * pair is a no-op.
   */
  readonly indexUnheld: (workspaceId: string, rows: ReadonlyArray<UnheldIdentifierRow>) => Promise<void>
  /**
   * The identifiers and kept-apart pairs of each merged-away profile
   * (`merges`: from → into) now belong to its survivor.
   */
  readonly followMerges: (workspaceId: string, merges: ReadonlyMap<string, string>) => Promise<void>
  readonly insertKeptApart: (workspaceId: string, a: string, b: string) => Promise<void>
  /** Records a do-not-merge pair of records (a split, IDN-8). */
  readonly insertDoNotMerge: (workspaceId: string, a: string, b: string) => Promise<void>
  /** Forgets a do-not-merge pair, stored in either order (a manual merge over an earlier split). */
  readonly deleteDoNotMerge: (workspaceId: string, a: string, b: string) => Promise<void>
  /** Records a must-link pair of records (a manual merge, IDN-9). */
  readonly insertMustLink: (workspaceId: string, a: string, b: string) => Promise<void>
  /** Forgets a must-link pair, stored in either order (a split of a manually merged profile). */
  readonly deleteMustLink: (workspaceId: string, a: string, b: string) => Promise<void>
  /** Appends entries (JSON-able drafts) and numbers them after the workspace's last `seq`. */
  readonly appendLedger: (workspaceId: string, entries: ReadonlyArray<LedgerDraft>) => Promise<void>
}
