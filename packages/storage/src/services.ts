import type { Identifier, ProfileId, WorkspaceId } from "@kith/core"
import type { Explanation, ManualAction, TraitChoice } from "@kith/identity"
import type { WorkspaceSummary } from "@kith/profile"
import { Context, type Effect, type Option } from "effect"
import type {
  EventTooLarge,
  IdentifierNotFound,
  InvalidEventBatch,
  InvalidIdentityChange,
  ProfileNotFound,
  StorageFailure,
  UnknownWorkspace
} from "./errors.js"
import type {
  IngestResult,
  MergePlan,
  Page,
  PageRequest,
  ProfileQuery,
  StoredEvent,
  StoredLedgerEntry,
  StoredProfile,
  StoredTrait,
  StoredWorkspace
} from "./records.js"

/**
 * What creating a workspace takes: its id, and optionally a name and the IANA
 * timezone summaries bucket months in (default `Asia/Ho_Chi_Minh`).
 *
 * @example
 * ```ts
 * const input: WorkspaceInput = { workspaceId: "shop-1" as WorkspaceId, name: "Shop 1" }
 * ```
 */
export interface WorkspaceInput {
  readonly workspaceId: WorkspaceId
  readonly name?: string
  readonly timeZone?: string
}

/**
 * Workspaces: the tenant every record belongs to (STO-4). Writing to a
 * workspace that was never created fails with {@link UnknownWorkspace}.
 *
 * @example
 * ```ts
 * const program = Effect.gen(function*() {
 *   const workspaces = yield* Workspaces
 *   return yield* workspaces.create({ workspaceId: "shop-1" as WorkspaceId })
 * })
 * // => { workspaceId: "shop-1", name: "shop-1", timeZone: "Asia/Ho_Chi_Minh" }
 * ```
 */
export class Workspaces extends Context.Service<
  Workspaces,
  {
    /** Creates the workspace, or returns it unchanged when it exists. */
    readonly create: (input: WorkspaceInput) => Effect.Effect<StoredWorkspace, StorageFailure>
    readonly get: (workspaceId: WorkspaceId) => Effect.Effect<StoredWorkspace, UnknownWorkspace | StorageFailure>
    /**
     * The workspace's monthly activity totals (the denominators of PRF-5's
     * shares), kept up to date by every ingestion in the same transaction.
     */
    readonly summary: (workspaceId: WorkspaceId) => Effect.Effect<WorkspaceSummary, UnknownWorkspace | StorageFailure>
  }
>()("@kith/storage/Workspaces") {}

/**
 * Raw events: appended idempotently by messageId in atomic batches (ING-3,
 * ING-4, ING-5), resolved to profiles on the way in.
 *
 * @example
 * ```ts
 * const program = Effect.gen(function*() {
 *   const events = yield* EventStore
 *   return yield* events.ingest("shop-1" as WorkspaceId, [
 *     { type: "identify", messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "c-1", traits: { phone: "0912 345 678" } }
 *   ])
 * })
 * // => { appended: 1, duplicates: 0, profileOf: Map { "m-1" => "p_m-1" } }
 * ```
 */
export class EventStore extends Context.Service<
  EventStore,
  {
    /** The largest event this store accepts, in bytes of its JSON (`StorageOptions.maxEventBytes`). */
    readonly maxEventBytes: number
    /**
     * Decodes and appends a batch in one transaction. A malformed or oversized
     * event fails the whole batch (nothing written); already stored messageIds
     * are counted as duplicates and change nothing.
     */
    readonly ingest: (
      workspaceId: WorkspaceId,
      events: ReadonlyArray<unknown>
    ) => Effect.Effect<IngestResult, InvalidEventBatch | EventTooLarge | UnknownWorkspace | StorageFailure>
    readonly get: (workspaceId: WorkspaceId, messageId: string) => Effect.Effect<Option.Option<StoredEvent>, UnknownWorkspace | StorageFailure>
    /** Events of a profile (or of the survivor it was merged into), oldest first. */
    readonly listByProfile: (
      workspaceId: WorkspaceId,
      profileId: ProfileId,
      page: PageRequest
    ) => Effect.Effect<Page<StoredEvent>, UnknownWorkspace | ProfileNotFound | StorageFailure>
    readonly count: (workspaceId: WorkspaceId) => Effect.Effect<number, UnknownWorkspace | StorageFailure>
  }
>()("@kith/storage/EventStore") {}

/**
 * Profiles: read by id (merged-away ids resolve to the survivor) or by any
 * identifier, traits written with provenance, searched and paged (PRF-12).
 *
 * @example
 * ```ts
 * const program = Effect.gen(function*() {
 *   const profiles = yield* ProfileStore
 *   return yield* profiles.findByIdentifier("shop-1" as WorkspaceId, { type: "phone", value: "+84 912 345 678" })
 * })
 * // => Option.some({ profileId: "p_m-1", identifiers: [...], ... })
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
    /** Merges trait values observed at `at` from `source`, by each trait's strategy (IDN-10: newest by default). */
    readonly setTraits: (
      workspaceId: WorkspaceId,
      profileId: ProfileId,
      traits: Readonly<Record<string, unknown>>,
      observed: { readonly at: Date; readonly source: string }
    ) => Effect.Effect<StoredProfile, UnknownWorkspace | ProfileNotFound | StorageFailure>
    /** Live profiles matching the query, by profile id, with a stable cursor. */
    readonly search: (workspaceId: WorkspaceId, query: ProfileQuery) => Effect.Effect<Page<StoredProfile>, UnknownWorkspace | StorageFailure>
  }
>()("@kith/storage/ProfileStore") {}

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
}

/**
 * The identity graph: where a merged-away id ends up, the append-only merge
 * ledger (IDN-7), explanations, splits (IDN-8) and manual merges (IDN-9).
 *
 * @example
 * ```ts
 * const program = Effect.gen(function*() {
 *   const graph = yield* IdentityGraph
 *   return yield* graph.resolve("shop-1" as WorkspaceId, "p_m-7" as ProfileId)
 * })
 * // => "p_m-1" when p_m-7 was merged into p_m-1
 * ```
 */
export class IdentityGraph extends Context.Service<
  IdentityGraph,
  {
    /** The live profile id an id stands for now. */
    readonly resolve: (workspaceId: WorkspaceId, profileId: ProfileId) => Effect.Effect<ProfileId, UnknownWorkspace | ProfileNotFound | StorageFailure>
    readonly ledger: (workspaceId: WorkspaceId, page: PageRequest) => Effect.Effect<Page<StoredLedgerEntry>, UnknownWorkspace | StorageFailure>
    /**
     * Splits a profile (IDN-8): the given identifiers, and every event that
     * carried one of them, move to a new profile; both summaries and traits are
     * recomputed from their events; the pair is kept apart from then on.
     */
    readonly split: (
      workspaceId: WorkspaceId,
      profileId: ProfileId,
      identifiers: ReadonlyArray<Identifier>,
      action: ManualAction
    ) => Effect.Effect<
      { readonly from: ProfileId; readonly into: ProfileId },
      UnknownWorkspace | ProfileNotFound | InvalidIdentityChange | StorageFailure
    >
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
    ) => Effect.Effect<
      { readonly from: ProfileId; readonly into: ProfileId },
      UnknownWorkspace | ProfileNotFound | InvalidIdentityChange | StorageFailure
    >
  }
>()("@kith/storage/IdentityGraph") {}

/**
 * Every service of the storage port: what `storageLayer` provides.
 *
 * @example
 * ```ts
 * const layer: Layer.Layer<StorageServices> = storageLayer(makeMemoryBackend())
 * ```
 */
export type StorageServices = Workspaces | EventStore | ProfileStore | IdentityGraph

export type { StoredTrait }
