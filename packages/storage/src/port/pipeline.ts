import type { InvalidInput, WorkspaceId } from "@kith/core"
import type { CareRecord, CustomerPipeline, Happening, Lead, Opportunity, PipelineRules } from "@kith/pipeline"
import { Context, type Effect, Schema } from "effect"
import type { StorageFailure } from "../errors.js"
import type { InvalidCursor, Page, PageRequest } from "./page.js"
import type { ProfileNotFound } from "./profiles.js"
import type { UnknownWorkspace } from "./workspaces.js"

/**
 * The two kinds of pipeline item staff work on: leads and opportunities.
 *
 * @example
 * ```ts
 * const kind: PipelineItemKind = "lead"
 * ```
 */
export type PipelineItemKind = "lead" | "opportunity"

/**
 * A write was based on a version the store no longer holds (optimistic
 * concurrency, PIPE-2/4): someone else changed the item (or the care record)
 * first. Nothing was written; read it again and redo the change on what is
 * there now. `expectedVersion` 0 means the write meant to create it.
 *
 * @example
 * ```ts
 * import { PipelineConflict } from "@kith/storage"
 * new PipelineConflict({ kind: "lead", id: "l-1", expectedVersion: 3, foundVersion: 4 }).message
 * // => "lead l-1 changed since version 3 (the store holds version 4): nothing was written"
 * ```
 */
export class PipelineConflict extends Schema.TaggedError<PipelineConflict>("@kith/storage/PipelineConflict")("PipelineConflict", {
  kind: Schema.Literals(["lead", "opportunity", "care"]),
  id: Schema.String,
  expectedVersion: Schema.Number,
  foundVersion: Schema.Number
}) {
  override get message(): string {
    return `${this.kind} ${this.id} changed since version ${this.expectedVersion} (the store holds version ${this.foundVersion}): nothing was written`
  }
}

/**
 * No lead or opportunity has this id in the workspace.
 *
 * @example
 * ```ts
 * import { PipelineItemNotFound } from "@kith/storage"
 * new PipelineItemNotFound({ kind: "opportunity", id: "o-9" }).message // => "No opportunity o-9"
 * ```
 */
export class PipelineItemNotFound extends Schema.TaggedError<PipelineItemNotFound>("@kith/storage/PipelineItemNotFound")("PipelineItemNotFound", {
  kind: Schema.Literals(["lead", "opportunity"]),
  id: Schema.String
}) {
  override get message(): string {
    return `No ${this.kind} ${this.id}`
  }
}

/**
 * Which items a list reads. Every field narrows; absent fields do not.
 * `text` matches, accent-insensitively, what the item's customer submitted
 * (form answers, a review) and the profile's searchable text (name, email,
 * address, company); a phone in any written form matches the profiles
 * holding it and the answers carrying its digits; `created` is `[from, to)`.
 *
 * @example
 * ```ts
 * const filter: PipelineItemFilter = { statuses: ["new", "received"], sources: ["website_form"], text: "thu ha", createdFrom: new Date("2025-03-01T00:00:00+07:00") }
 * ```
 */
export interface PipelineItemFilter {
  readonly statuses?: ReadonlyArray<string> | undefined
  readonly sources?: ReadonlyArray<string> | undefined
  /** A staff id, or `null` for unassigned items. */
  readonly assignee?: string | null | undefined
  readonly profileIds?: ReadonlyArray<string> | undefined
  readonly createdFrom?: Date | undefined
  readonly createdTo?: Date | undefined
  readonly text?: string | undefined
}

/**
 * What `follow` of {@link Pipelines} did: events applied, events it had applied
 * before (skipped, so a retry doubles nothing), and what the rules did.
 *
 * @example
 * ```ts
 * const outcome: FollowOutcome = { applied: 3, skipped: 0, happened: [] }
 * ```
 */
export interface FollowOutcome {
  readonly applied: number
  readonly skipped: number
  readonly happened: ReadonlyArray<Happening>
}

/**
 * Who was active in a period, as the funnel reads it (PIPE-5): the profiles
 * with a page, screen or track event of theirs in it (`visitors`), and those
 * with an order completed in it (`buyers`).
 *
 * @example
 * ```ts
 * const march: PeriodActivity = { visitors: ["p_m-1", "p_m-7"], buyers: ["p_m-7"] }
 * ```
 */
export interface PeriodActivity {
  readonly visitors: ReadonlyArray<string>
  readonly buyers: ReadonlyArray<string>
}

/**
 * Errors of a pipeline write.
 *
 * @example
 * ```ts
 * const tag = (e: PipelineWriteError): string => e._tag
 * ```
 */
export type PipelineWriteError = UnknownWorkspace | ProfileNotFound | PipelineConflict | InvalidInput | StorageFailure

/**
 * The operations on one kind of item.
 *
 * @example
 * ```ts
 * const leads: PipelineItems<Lead> = (yield* Pipelines).leads
 * ```
 */
export interface PipelineItems<T extends Lead | Opportunity> {
  /** The item, or {@link PipelineItemNotFound}. */
  readonly get: (workspaceId: WorkspaceId, id: string) => Effect.Effect<T, UnknownWorkspace | PipelineItemNotFound | StorageFailure>
  /** Items in creation order (then by id), filtered, paged. */
  readonly list: (
    workspaceId: WorkspaceId,
    filter: PipelineItemFilter & PageRequest
  ) => Effect.Effect<Page<T>, UnknownWorkspace | InvalidCursor | StorageFailure>
  /**
   * Stores the item if the store still holds `expectedVersion` of it (0: it
   * must not exist yet), else fails with {@link PipelineConflict} and writes
   * nothing. The item's `version` must be higher than `expectedVersion`. Its
   * profile must exist; a merged-away profile id is stored as its survivor.
   */
  readonly write: (workspaceId: WorkspaceId, item: T, expectedVersion: number) => Effect.Effect<T, PipelineWriteError>
}

/**
 * Leads, opportunities and care status, stored (PIPE-1 … PIPE-8): each item
 * as `@kith/pipeline` built it, with its whole history and notes; writes
 * compare versions, so of two staff moving the same item at once one wins and
 * the other gets a {@link PipelineConflict}; identity merges move items to the
 * survivor and splits give each back to the profile its originating record
 * went to (IDN-8). `follow` runs the event rules on stored events, each event
 * once.
 *
 * @example
 * ```ts
 * import type { WorkspaceId } from "@kith/core"
 * import { Effect } from "effect"
 *
 * const shop = "shop-1" as WorkspaceId
 * const program = Effect.gen(function*() {
 *   yield* (yield* Workspaces).create({ workspaceId: shop })
 *   yield* (yield* EventStore).ingest(shop, [{ type: "track", event: "Form Submitted", messageId: "m-1", timestamp: "2025-03-07T16:30:00+07:00", anonymousId: "c-1",
 *     properties: { formId: "lien-he", kind: "website", fields: { ho_ten: "Lê Thu Hà" } } }])
 *   const pipelines = yield* Pipelines
 *   yield* pipelines.follow(shop, {})
 *   return (yield* pipelines.leads.list(shop, { limit: 10 })).items.map((l) => l.status)
 * })
 * await Effect.runPromise(program.pipe(Effect.provide(storageLayer(makeMemoryBackend())))) // => ["new"]
 * ```
 */
export class Pipelines extends Context.Service<
  Pipelines,
  {
    readonly leads: PipelineItems<Lead>
    readonly opportunities: PipelineItems<Opportunity>
    readonly care: {
      /** The profile's care record (an empty one before any change); a merged-away id reads its survivor's. */
      readonly get: (workspaceId: WorkspaceId, profileId: string) => Effect.Effect<CareRecord, UnknownWorkspace | ProfileNotFound | StorageFailure>
      /** Stores the care record if the store still holds `expectedVersion` (0: none yet), else {@link PipelineConflict}. */
      readonly write: (workspaceId: WorkspaceId, care: CareRecord, expectedVersion: number) => Effect.Effect<CareRecord, PipelineWriteError>
    }
    /** Who was active in `[from, to)`: the funnel's visitors and buyers, from the stored events. */
    readonly activity: (workspaceId: WorkspaceId, period: { readonly from: Date; readonly to: Date }) => Effect.Effect<PeriodActivity, UnknownWorkspace | StorageFailure>
    /** A customer's leads and opportunities (a merged-away id reads its survivor's). */
    readonly ofProfile: (workspaceId: WorkspaceId, profileId: string) => Effect.Effect<CustomerPipeline, UnknownWorkspace | ProfileNotFound | StorageFailure>
    /**
     * Runs the event rules (`@kith/pipeline`'s `applyEvent`) on stored events
     * not applied yet — those named, or every stored event — each customer's in
     * time order, in one transaction; an event applied before is skipped.
     */
    readonly follow: (
      workspaceId: WorkspaceId,
      options: { readonly messageIds?: ReadonlyArray<string> | undefined; readonly rules?: PipelineRules | undefined }
    ) => Effect.Effect<FollowOutcome, UnknownWorkspace | StorageFailure>
  }
>()("@kith/storage/Pipelines") {}

/**
 * A lead or an opportunity as an engine stores it: the columns lists filter
 * on, and the whole item as JSON (`body`, `@kith/pipeline`'s schema encoded).
 * Times are epoch ms; `searchText` is the folded text of what was submitted.
 *
 * @example
 * ```ts
 * const row: PipelineItemRow = { kind: "lead", id: "l-1", profileId: "p_m-1", originRecordId: "m-1", status: "new", source: "website_form",
 *   assignee: null, createdAt: 1741339800000, statusSince: 1741339800000, version: 1, searchText: "le thu ha", body: "{...}" }
 * ```
 */
export interface PipelineItemRow {
  readonly kind: PipelineItemKind
  readonly id: string
  readonly profileId: string
  readonly originRecordId: string
  readonly status: string
  readonly source: string | null
  readonly assignee: string | null
  readonly createdAt: number
  readonly statusSince: number
  readonly version: number
  readonly searchText: string
  readonly body: string
}

/**
 * A care record as an engine stores it.
 *
 * @example
 * ```ts
 * const row: CareRow = { profileId: "p_m-1", status: "contacted", version: 1, body: "{...}" }
 * ```
 */
export interface CareRow {
  readonly profileId: string
  readonly status: string | null
  readonly version: number
  readonly body: string
}

/**
 * A list's filter as an engine applies it: times in epoch ms, text folded,
 * and the position to start after.
 *
 * @example
 * ```ts
 * const filter: PipelineRowFilter = { statuses: ["new"], text: "thu ha", after: { createdAt: 1741339800000, id: "l-1" }, limit: 50 }
 * ```
 */
export interface PipelineRowFilter {
  readonly statuses?: ReadonlyArray<string> | undefined
  readonly sources?: ReadonlyArray<string> | undefined
  readonly assignee?: string | null | undefined
  readonly profileIds?: ReadonlyArray<string> | undefined
  readonly createdFrom?: number | undefined
  readonly createdTo?: number | undefined
  /** Folded text: matches the item's `searchText` or its live profile's search text. */
  readonly text?: string | undefined
  /** With `text`: items of these profiles match it too (those holding a phone searched for). */
  readonly textProfileIds?: ReadonlyArray<string> | undefined
  readonly after?: { readonly createdAt: number; readonly id: string } | undefined
  readonly limit: number
}

/**
 * What an engine reads of the pipeline.
 *
 * @example
 * ```ts
 * const backend = makeMemoryBackend()
 * await backend.read.pipeline.item("shop-1", "lead", "l-1") // => undefined
 * ```
 */
export interface PipelineReads {
  readonly item: (workspaceId: string, kind: PipelineItemKind, id: string) => Promise<PipelineItemRow | undefined>
  /** Items of a kind ordered by (createdAt, id), filtered. */
  readonly list: (workspaceId: string, kind: PipelineItemKind, filter: PipelineRowFilter) => Promise<ReadonlyArray<PipelineItemRow>>
  /** Every item (both kinds) of these profiles. */
  readonly ofProfiles: (workspaceId: string, profileIds: ReadonlyArray<string>) => Promise<ReadonlyArray<PipelineItemRow>>
  /** The care rows of these profiles (those that have one). */
  readonly care: (workspaceId: string, profileIds: ReadonlyArray<string>) => Promise<ReadonlyArray<CareRow>>
  /** Which of these events the rules were already applied to. */
  readonly applied: (workspaceId: string, messageIds: ReadonlyArray<string>) => Promise<ReadonlySet<string>>
  /** Profiles with a page, screen or track event in `[from, to)` (epoch ms), and those with an `Order Completed` in it. */
  readonly activity: (workspaceId: string, from: number, to: number) => Promise<PeriodActivity>
}

/**
 * What an engine writes of the pipeline, inside a transaction. Updates
 * compare versions and say whether they wrote.
 *
 * @example
 * ```ts
 * // false, and nothing written, when the store holds another version than 1:
 * const wrote = await backend.transaction("shop-1", (tx) => tx.pipeline.updateItem("shop-1", row, 1))
 * ```
 */
export interface PipelineWrites extends PipelineReads {
  readonly insertItem: (workspaceId: string, row: PipelineItemRow) => Promise<void>
  /** Rewrites the item if its stored version is `expectedVersion`; `false` (nothing written) otherwise. */
  readonly updateItem: (workspaceId: string, row: PipelineItemRow, expectedVersion: number) => Promise<boolean>
  /** Writes the care row if its stored version is `expectedVersion` (0: no row yet); `false` otherwise. */
  readonly putCare: (workspaceId: string, row: CareRow, expectedVersion: number) => Promise<boolean>
  readonly deleteCare: (workspaceId: string, profileIds: ReadonlyArray<string>) => Promise<void>
  readonly markApplied: (workspaceId: string, messageIds: ReadonlyArray<string>) => Promise<void>
  /** Erasure (PRIV-2): deletes every item and the care row of these profiles; returns how many items went. */
  readonly eraseProfiles: (workspaceId: string, profileIds: ReadonlyArray<string>) => Promise<number>
}
