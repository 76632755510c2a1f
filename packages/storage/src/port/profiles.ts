import type { Identifier, InvalidInput, ProfileId, WorkspaceId } from "@kith/core"
import type { NormalizedIdentifier, ObservedTrait } from "@kith/identity"
import type { LifecycleStage, ProfileSummary } from "@kith/profile"
import { Context, type Effect, type Option, Schema } from "effect"
import type { StorageFailure } from "../errors.js"
import type { InvalidCursor, Page, PageRequest } from "./page.js"
import type { AuditNote } from "./privacy.js"
import type { UnknownWorkspace } from "./workspaces.js"

/**
 * No live or merged-away profile has this id in the workspace.
 *
 * @example
 * ```ts
 * import { ProfileNotFound } from "@kith/storage"
 * new ProfileNotFound({ workspaceId: "ws-1", profileId: "p_x" }).message // => "No profile p_x in workspace ws-1"
 * ```
 */
export class ProfileNotFound extends Schema.TaggedError<ProfileNotFound>("@kith/storage/ProfileNotFound")("ProfileNotFound", {
  workspaceId: Schema.String,
  profileId: Schema.String
}) {
  override get message(): string {
    return `No profile ${this.profileId} in workspace ${this.workspaceId}`
  }
}

/**
 * One trait value with its provenance (IDN-10): the value, when it was
 * observed (epoch ms) and by which source — `@kith/identity`'s
 * `ObservedTrait`, merged by its one trait-merge rule.
 *
 * @example
 * ```ts
 * const t: StoredTrait = { value: "Nguyễn Thị Lan", at: 1740794400000, source: "zalo_oa" }
 * ```
 */
export type StoredTrait = ObservedTrait

/**
 * A profile as the store knows it: its identifiers, traits with provenance,
 * mergeable summary, and the ids that were merged into it.
 *
 * @example
 * ```ts
 * // what ProfileStore.get gives for a profile that absorbed p_m-7:
 * // { profileId: "p_m-1", identifiers: [{ type: "phone", value: "+84912345678" }, ...], mergedIds: ["p_m-7"], ... }
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
 * A live profile as a list or search result shows it (PRF-12): its traits,
 * identifiers (sorted by key, as {@link StoredProfile}'s) and when it was
 * first and last seen (its summary's `firstSeenAt` / `lastSeenAt`).
 *
 * @example
 * ```ts
 * const entry: ProfileEntry = {
 *   profileId: "p_m-1" as ProfileId, traits: { fullName: { value: "Nguyễn Thị Lan", at: 1740794400000, source: "zalo_oa" } },
 *   identifiers: [{ type: "phone", value: "+84912345678" }], firstSeenAt: 1740794400000, lastSeenAt: 1748779200000
 * }
 * ```
 */
export interface ProfileEntry {
  readonly profileId: ProfileId
  readonly traits: Readonly<Record<string, StoredTrait>>
  readonly identifiers: ReadonlyArray<NormalizedIdentifier>
  readonly firstSeenAt: number | undefined
  readonly lastSeenAt: number | undefined
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
export interface ProfileQuery extends PageRequest, ProfileCountQuery {}

/**
 * What `ProfileStore.count` counts: the live profiles a
 * {@link ProfileQuery} with the same `text` and `stage` would page through.
 *
 * @example
 * ```ts
 * const buyersInHanoi: ProfileCountQuery = { stage: "buyer", text: "ha noi" }
 * ```
 */
export interface ProfileCountQuery {
  readonly text?: string | undefined
  /** Only profiles at this lifecycle stage (PRF-2), as of each profile's latest event. */
  readonly stage?: LifecycleStage | undefined
}

/**
 * Profiles: read by id (merged-away ids resolve to the survivor) or by any
 * identifier, traits written with provenance, searched and paged (PRF-12).
 *
 * @example
 * ```ts
 * import type { WorkspaceId } from "@kith/core"
 * import { Effect, Option } from "effect"
 *
 * const shop = "shop-1" as WorkspaceId
 * const program = Effect.gen(function*() {
 *   yield* (yield* Workspaces).create({ workspaceId: shop })
 *   yield* (yield* EventStore).ingest(shop, [
 *     { type: "identify", messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "c-1", traits: { phone: "0912 345 678" } }
 *   ])
 *   const profiles = yield* ProfileStore
 *   return yield* profiles.findByIdentifier(shop, { type: "phone", value: "+84 912 345 678" })
 * })
 * const found = await Effect.runPromise(program.pipe(Effect.provide(storageLayer(makeMemoryBackend()))))
 * Option.map(found, (p) => p.profileId) // => Option.some("p_m-1")
 * ```
 */
export class ProfileStore extends Context.Service<
  ProfileStore,
  {
    readonly get: (workspaceId: WorkspaceId, profileId: ProfileId) => Effect.Effect<StoredProfile, UnknownWorkspace | ProfileNotFound | StorageFailure>
    /** The profile holding this identifier (given raw; normalized by the store), if any; the first by id when a guard kept several apart on it. */
    readonly findByIdentifier: (
      workspaceId: WorkspaceId,
      identifier: Identifier
    ) => Effect.Effect<Option.Option<StoredProfile>, UnknownWorkspace | StorageFailure>
    /**
     * Every live profile an identifier (given raw; normalized by the store)
     * points to, sorted by id: those holding it — several when a guard or a
     * split kept them apart on it — or, for a shared identifier that links
     * nobody (quarantined: a hotline, a kiosk's device id), those whose
     * records carry it as evidence. Empty for a value nobody carries or one
     * that normalization rejects.
     */
    readonly findAllByIdentifier: (
      workspaceId: WorkspaceId,
      identifier: Identifier
    ) => Effect.Effect<ReadonlyArray<StoredProfile>, UnknownWorkspace | StorageFailure>
    /**
     * Merges trait values observed at `at` from `source`, by each trait's
     * strategy (IDN-10: newest by default). Values must be storable (JSON
     * values, well-formed Unicode without NUL: `@kith/core`'s
     * `storableJsonOf`), else `InvalidInput` names each and nothing is written.
     */
    readonly setTraits: (
      workspaceId: WorkspaceId,
      profileId: ProfileId,
      traits: Readonly<Record<string, unknown>>,
      observed: { readonly at: Date; readonly source: string },
      /** Written as a `profile.update` entry in the same transaction. */
      audit?: AuditNote<StoredProfile>
    ) => Effect.Effect<StoredProfile, UnknownWorkspace | ProfileNotFound | InvalidInput | StorageFailure>
    /**
     * Live profiles matching the query, with a stable cursor. Text is matched
     * literally, control characters included; text holding a NUL or a lone
     * surrogate matches nothing (no stored text holds one). Exact matches
     * come first: profiles holding the whole email (or phone) searched for,
     * by id, then profiles whose text contains it, by id. Engines with a
     * search index use it for text of 3 characters or more; shorter text is
     * found by a scan.
     */
    readonly search: (workspaceId: WorkspaceId, query: ProfileQuery) => Effect.Effect<Page<StoredProfile>, UnknownWorkspace | InvalidCursor | StorageFailure>
    /**
     * `search`, each profile as a list shows it ({@link ProfileEntry}): the
     * same profiles in the same order with the same cursor, read without
     * decoding summaries (the engine reads first and last seen from each
     * stored summary) and without the merged-away ids.
     */
    readonly searchEntries: (workspaceId: WorkspaceId, query: ProfileQuery) => Effect.Effect<Page<ProfileEntry>, UnknownWorkspace | InvalidCursor | StorageFailure>
    /**
     * How many live profiles `search` with this text and
     * stage pages through, exactly, counted by the engine (from its indexes),
     * not by reading the profiles.
     */
    readonly count: (workspaceId: WorkspaceId, query: ProfileCountQuery) => Effect.Effect<number, UnknownWorkspace | StorageFailure>
  }
>()("@kith/storage/ProfileStore") {}

/**
 * A profile row. `mergedInto` is set once the profile was merged away (it
 * always names a live profile: merges re-point older redirects). `traits` and
 * `summary` are JSON text; `searchText` is the folded text PRF-12 searches;
 * `stage` the lifecycle stage (PRF-2) as of its latest event.
 *
 * `lastRecordAt` and `isolated` let ingestion attach a record without
 * re-resolving history: `lastRecordAt` is the time of the profile's latest
 * identity record, and `isolated` says that its evidence component is exactly
 * its own records — every identifier they carry is held by this profile
 * alone, nothing was quarantined, dropped or kept apart, no split or manual
 * merge constrains them.
 *
 * @example
 * ```ts
 * const row: ProfileRow = {
 *   profileId: "p_m-1", mergedInto: null, createdAt: 1740794400000, traits: "{}", summary: "{...}",
 *   searchText: "nguyen thi lan", stage: "lead", lastRecordAt: 1740794400000, isolated: true
 * }
 * ```
 */
export interface ProfileRow {
  readonly profileId: string
  readonly mergedInto: string | null
  readonly createdAt: number
  readonly traits: string
  readonly summary: string
  readonly searchText: string
  readonly stage: string
  readonly lastRecordAt: number
  readonly isolated: boolean
}

/**
 * A profile row as a list reads it: its id, its traits (JSON text), and the
 * `firstSeenAt` / `lastSeenAt` of its summary (epoch ms, `null` when unset).
 *
 * @example
 * ```ts
 * const row: ProfileEntryRow = { profileId: "p_m-1", traits: "{}", firstSeenAt: 1740794400000, lastSeenAt: null }
 * ```
 */
export interface ProfileEntryRow {
  readonly profileId: string
  readonly traits: string
  readonly firstSeenAt: number | null
  readonly lastSeenAt: number | null
}

/**
 * Which live profiles a list reads: those whose search text contains
 * `contains`, whose id is in `ids`, or at a `stage`, after `afterId` in id
 * order.
 *
 * @example
 * ```ts
 * const filter: ProfileFilter = { stage: "buyer", afterId: "p_m-1", limit: 50 }
 * ```
 */
export interface ProfileFilter extends ProfileCountFilter {
  readonly afterId?: string | undefined
  readonly limit: number
}

/**
 * Which live profiles a count reads: as {@link ProfileFilter}, without the page.
 * `excludeIds` leaves these profiles out (the exact matches a search
 * already listed first).
 *
 * @example
 * ```ts
 * const filter: ProfileCountFilter = { stage: "buyer", contains: "ha noi" }
 * ```
 */
export interface ProfileCountFilter {
  readonly contains?: string | undefined
  readonly ids?: ReadonlyArray<string> | undefined
  readonly excludeIds?: ReadonlyArray<string> | undefined
  readonly stage?: string | undefined
}

/**
 * What an engine reads of profiles, scoped by workspace. Reads resolve empty
 * for what is not there, never reject.
 *
 * @example
 * ```ts
 * const backend = makeMemoryBackend()
 * await backend.read.profiles.list("shop-1", { stage: "buyer", limit: 2 }) // => [] (no buyer yet)
 * ```
 */
export interface ProfileReads {
  /** Profile rows by id, live or merged away. */
  readonly get: (workspaceId: string, profileIds: ReadonlyArray<string>) => Promise<ReadonlyArray<ProfileRow>>
  /** Ids merged away into this profile. */
  readonly mergedInto: (workspaceId: string, profileId: string) => Promise<ReadonlyArray<string>>
  /** The merged-away profiles redirected to any of these, each with its survivor: one query for a page of profiles. */
  readonly mergedIntoAny: (workspaceId: string, profileIds: ReadonlyArray<string>) => Promise<ReadonlyArray<{ readonly profileId: string; readonly mergedInto: string }>>
  /** Live profiles ordered by id, filtered. */
  readonly list: (workspaceId: string, filter: ProfileFilter) => Promise<ReadonlyArray<ProfileRow>>
  /** `list`, each row with only what a list shows: first and last seen are read from the stored summary by the engine. */
  readonly listEntries: (workspaceId: string, filter: ProfileFilter) => Promise<ReadonlyArray<ProfileEntryRow>>
  /** How many live profiles the filter keeps, exactly. */
  readonly count: (workspaceId: string, filter: ProfileCountFilter) => Promise<number>
}

/**
 * What an engine writes of profiles, inside a transaction.
 *
 * @example
 * ```ts
 * await backend.transaction("shop-1", (tx) => tx.profiles.upsert("shop-1", [row]))
 * ```
 */
export interface ProfileWrites extends ProfileReads {
  readonly insert: (workspaceId: string, rows: ReadonlyArray<ProfileRow>) => Promise<void>
  /**
   * Writes profiles as live (`mergedInto` cleared): inserts missing rows,
   * rewrites traits, summary, search text, stage, `createdAt`, latest record
   * time and isolation of existing ones. `before` gives the rows as this
   * transaction read them, where known, so an engine may leave what did not
   * change alone (an SQL upsert rewrites every index on a column it assigns).
   */
  readonly upsert: (workspaceId: string, rows: ReadonlyArray<ProfileRow>, before?: ReadonlyMap<string, ProfileRow>) => Promise<void>
  /**
   * Redirects each merged-away profile (`merges`: from → into) to its
   * survivor, and every profile redirected to it as well, so a redirect
   * always names a live profile. An `into` is never a `from`.
   */
  readonly followMerges: (workspaceId: string, merges: ReadonlyMap<string, string>) => Promise<void>
}
