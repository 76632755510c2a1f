import type { KithEvent, ProfileId, WorkspaceId } from "@kith/core"
import type { NormalizedIdentifier } from "@kith/identity"
import { Context, type Effect, type Option, Schema } from "effect"
import type { StorageFailure } from "../errors.js"
import type { DecodedEvent } from "../ingest/ingest.js"
import type { InvalidCursor, Page, PageRequest } from "./page.js"
import type { ProfileNotFound } from "./profiles.js"
import type { UnknownWorkspace } from "./workspaces.js"

const Issue = Schema.Struct({ path: Schema.String, message: Schema.String })

/**
 * A batch was refused because one of its events is malformed (ING-5). The
 * batch is atomic, so nothing of it was written. `index` is the position of
 * the first bad event in the batch, `issues` name the fields and reasons.
 *
 * @example
 * ```ts
 * import { InvalidEventBatch } from "@kith/storage"
 * const error = new InvalidEventBatch({ index: 3, messageId: "m-4", issues: [{ path: "timestamp", message: "Expected a date" }] })
 * error.message // => "Event 3 (m-4) is invalid: timestamp: Expected a date"
 * ```
 */
export class InvalidEventBatch extends Schema.TaggedError<InvalidEventBatch>("@kith/storage/InvalidEventBatch")("InvalidEventBatch", {
  index: Schema.Number,
  messageId: Schema.optionalKey(Schema.String),
  issues: Schema.Array(Issue)
}) {
  override get message(): string {
    const id = this.messageId === undefined ? "" : ` (${this.messageId})`
    return `Event ${this.index}${id} is invalid: ` + this.issues.map((i) => (i.path === "" ? i.message : `${i.path}: ${i.message}`)).join("; ")
  }
}

/**
 * A batch was refused because one event's JSON is larger than the store
 * accepts (`maxEventBytes`); nothing of the batch was written.
 *
 * @example
 * ```ts
 * import { EventTooLarge } from "@kith/storage"
 * new EventTooLarge({ index: 0, messageId: "m-1", bytes: 70_000, limit: 65_536 }).message
 * // => "Event 0 (m-1) is 70000 bytes, over the 65536-byte limit"
 * ```
 */
export class EventTooLarge extends Schema.TaggedError<EventTooLarge>("@kith/storage/EventTooLarge")("EventTooLarge", {
  index: Schema.Number,
  messageId: Schema.optionalKey(Schema.String),
  bytes: Schema.Number,
  limit: Schema.Number
}) {
  override get message(): string {
    const id = this.messageId === undefined ? "" : ` (${this.messageId})`
    return `Event ${this.index}${id} is ${this.bytes} bytes, over the ${this.limit}-byte limit`
  }
}

/**
 * A stored event row that no longer decodes (written by an earlier version,
 * or edited by hand). It is never a reason to fail: reads and rebuilds of its
 * profile skip it and report it as this warning (`EventPage.undecodable`,
 * `IngestResult.undecodable`, split and merge results); `EventStore.get` of
 * it fails with it; `EventStore.undecodable` lists them and
 * `EventStore.repair` replaces one with a corrected event.
 *
 * @example
 * ```ts
 * import { UndecodableEvent } from "@kith/storage"
 * new UndecodableEvent({ workspaceId: "shop-1", messageId: "m-9", profileId: "p_m-1", reason: "timestamp: Expected an ISO 8601 instant with a zone" }).message
 * // => "Stored event m-9 of profile p_m-1 does not decode (timestamp: Expected an ISO 8601 instant with a zone); it is skipped until repaired"
 * ```
 */
export class UndecodableEvent extends Schema.TaggedError<UndecodableEvent>("@kith/storage/UndecodableEvent")("UndecodableEvent", {
  workspaceId: Schema.String,
  messageId: Schema.String,
  profileId: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `Stored event ${this.messageId} of profile ${this.profileId} does not decode (${this.reason}); it is skipped until repaired`
  }
}

/**
 * A repair that cannot be applied as asked: no such event, an event that
 * decodes (raw events are append-only: only a damaged one is replaced), or a
 * replacement with another messageId or other identity evidence. Nothing
 * was written.
 *
 * @example
 * ```ts
 * import { InvalidRepair } from "@kith/storage"
 * new InvalidRepair({ messageId: "m-1", reason: "the stored event decodes" }).message
 * // => "Cannot repair event m-1: the stored event decodes"
 * ```
 */
export class InvalidRepair extends Schema.TaggedError<InvalidRepair>("@kith/storage/InvalidRepair")("InvalidRepair", {
  messageId: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `Cannot repair event ${this.messageId}: ${this.reason}`
  }
}

/**
 * A page of a profile's events: the ones that decode, and the stored rows in
 * the same stretch that do not (skipped, see {@link UndecodableEvent}).
 *
 * @example
 * ```ts
 * const page: EventPage = { items: [stored], nextCursor: "1740794400000:m-1", undecodable: [] }
 * ```
 */
export interface EventPage extends Page<StoredEvent> {
  readonly undecodable: ReadonlyArray<UndecodableEvent>
}

/**
 * What `EventStore.repair` did: the profile the repaired event belongs
 * to now (rebuilt from its events), and rows still skipped while rebuilding.
 *
 * @example
 * ```ts
 * const repaired: RepairResult = { profileId: "p_m-1" as ProfileId, undecodable: [] }
 * ```
 */
export interface RepairResult {
  readonly profileId: ProfileId
  readonly undecodable: ReadonlyArray<UndecodableEvent>
}

/**
 * A raw event as appended, with the profile it currently belongs to.
 *
 * @example
 * ```ts
 * // what EventStore.get gives for an event m-1 of profile p_m-1:
 * // { event: { type: "identify", messageId: "m-1", ... }, profileId: "p_m-1" }
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
 * const r: IngestResult = { appended: 2, duplicates: 1, profileOf: new Map([["m-1", "p_m-1"], ["m-2", "p_m-1"]]), undecodable: [] }
 * ```
 */
export interface IngestResult {
  readonly appended: number
  readonly duplicates: number
  /** messageId → profile at the end of the batch, for the events appended by it. */
  readonly profileOf: ReadonlyMap<string, ProfileId>
  /** Stored rows that did not decode while profiles the batch changed were rebuilt: skipped, not failed on. */
  readonly undecodable: ReadonlyArray<UndecodableEvent>
  /**
   * Events stopped by the suppression list (they carry an erased person's
   * identifier, PRIV-2), by messageId: neither stored nor counted as
   * duplicates. Present only when the batch had some.
   */
  readonly suppressed?: ReadonlyArray<string>
}

/**
 * What `EventStore.ingestReported` did (or, in a dry run, would do):
 * the {@link IngestResult}, and for each profile the batch's new events
 * land on, the stored profiles it is made of — `[]` a profile the batch
 * creates, one id a stored profile the events join, several stored
 * profiles the batch merges into one.
 *
 * @example
 * ```ts
 * const report: IngestReport = {
 *   appended: 2, duplicates: 0, undecodable: [],
 *   profileOf: new Map([["m-7", "p_m-1"], ["m-8", "p_m-8"]]),
 *   madeOf: new Map([["p_m-1", ["p_m-1", "p_m-4"]], ["p_m-8", []]])
 * }
 * ```
 */
export interface IngestReport extends IngestResult {
  readonly madeOf: ReadonlyMap<ProfileId, ReadonlyArray<ProfileId>>
}

/**
 * Options of `EventStore.ingestReported`.
 *
 * @example
 * ```ts
 * const preview: IngestReportOptions = { dryRun: true }
 * ```
 */
export interface IngestReportOptions {
  /** Decide everything, then roll the transaction back: nothing is written (a preview). */
  readonly dryRun?: boolean
}

/**
 * Raw events: appended idempotently by messageId in atomic batches (ING-3,
 * ING-4, ING-5), resolved to profiles on the way in.
 *
 * @example
 * ```ts
 * import type { WorkspaceId } from "@kith/core"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   yield* (yield* Workspaces).create({ workspaceId: "shop-1" as WorkspaceId })
 *   const events = yield* EventStore
 *   return yield* events.ingest("shop-1" as WorkspaceId, [
 *     { type: "identify", messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "c-1", traits: { phone: "0912 345 678" } }
 *   ])
 * })
 * await Effect.runPromise(program.pipe(Effect.provide(storageLayer(makeMemoryBackend()))))
 * // => { appended: 1, duplicates: 0, profileOf: Map { "m-1" => "p_m-1" }, undecodable: [] }
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
    /**
     * `ingest`, reporting which stored profiles each landing profile is
     * made of ({@link IngestReport}); with `dryRun`, everything is decided in
     * a transaction that is rolled back, so a preview is exactly what the
     * same batch would do now.
     */
    readonly ingestReported: (
      workspaceId: WorkspaceId,
      events: ReadonlyArray<unknown>,
      options?: IngestReportOptions
    ) => Effect.Effect<IngestReport, InvalidEventBatch | EventTooLarge | UnknownWorkspace | StorageFailure>
    /**
     * Appends, in one transaction, events already checked by
     * `checkEventBatch` (its results, as they came): what a lenient way in
     * (`cdp.collect`) uses after judging each event alone, so no event is
     * decoded twice. An element that did not come from `checkEventBatch` is
     * checked again; a refusal then fails the whole batch, as in `ingest`.
     */
    readonly ingestChecked: (
      workspaceId: WorkspaceId,
      events: ReadonlyArray<DecodedEvent>
    ) => Effect.Effect<IngestResult, InvalidEventBatch | EventTooLarge | UnknownWorkspace | StorageFailure>
    /** One event by messageId, none when not stored; a stored row that no longer decodes fails with {@link UndecodableEvent}. */
    readonly get: (workspaceId: WorkspaceId, messageId: string) => Effect.Effect<Option.Option<StoredEvent>, UnknownWorkspace | UndecodableEvent | StorageFailure>
    /**
     * Events of a profile (or of the survivor it was merged into), oldest
     * first. Stored rows that no longer decode are skipped and listed in
     * `undecodable`.
     */
    readonly listByProfile: (
      workspaceId: WorkspaceId,
      profileId: ProfileId,
      page: PageRequest
    ) => Effect.Effect<EventPage, UnknownWorkspace | ProfileNotFound | InvalidCursor | StorageFailure>
    /**
     * Events of a profile (or of the survivor it was merged into), newest
     * first — by (timestamp, messageId), descending — from just before
     * `before` when given (else from the newest), one page read in one query
     * (a timeline page reads what it shows, not the whole history). The
     * cursor continues after the last event of the page.
     */
    readonly listByProfileNewestFirst: (
      workspaceId: WorkspaceId,
      profileId: ProfileId,
      page: PageRequest & { readonly before?: EventPosition | undefined; readonly only?: EventKinds | undefined }
    ) => Effect.Effect<EventPage, UnknownWorkspace | ProfileNotFound | InvalidCursor | StorageFailure>
    /**
     * `listByProfileNewestFirst`, each event as it is stored (its
     * {@link EventRow}: the payload is the event's JSON text), not decoded:
     * for a reader that needs a few fields of each event (a timeline page
     * reads those of its items). The same events, order and cursor.
     */
    readonly listRowsByProfileNewestFirst: (
      workspaceId: WorkspaceId,
      profileId: ProfileId,
      page: PageRequest & { readonly before?: EventPosition | undefined; readonly only?: EventKinds | undefined }
    ) => Effect.Effect<Page<EventRow>, UnknownWorkspace | ProfileNotFound | InvalidCursor | StorageFailure>
    /**
     * The rows of a profile's timeline, newest first, in one query per page:
     * `listRowsByProfileNewestFirst`'s event rows and, with `sent`, the
     * outreach messages the person was sent (their {@link SentMessageRow}s:
     * the survivor's and those of every profile merged into it), merged by
     * position ({@link timelineRowPosition}). The cursor continues after the
     * last row of the page.
     */
    readonly listTimelineRowsNewestFirst: (
      workspaceId: WorkspaceId,
      profileId: ProfileId,
      page: PageRequest & { readonly before?: EventPosition | undefined; readonly only?: EventKinds | undefined; readonly sent: boolean }
    ) => Effect.Effect<Page<TimelineRow>, UnknownWorkspace | ProfileNotFound | InvalidCursor | StorageFailure>
    readonly count: (workspaceId: WorkspaceId) => Effect.Effect<number, UnknownWorkspace | StorageFailure>
    /**
     * The stored rows of a workspace that no longer decode, by messageId
     * (a scan: run it after an upgrade, or when a warning reported one). A
     * page may hold fewer than `limit` rows while `nextCursor` is set: each
     * call reads a bounded stretch of the workspace.
     */
    readonly undecodable: (workspaceId: WorkspaceId, page: PageRequest) => Effect.Effect<Page<UndecodableEvent>, UnknownWorkspace | InvalidCursor | StorageFailure>
    /**
     * Replaces a stored row that no longer decodes with a corrected event:
     * valid (checked like a batch), with the same messageId and the same
     * identity evidence (identifiers and source; its time may differ). The
     * event's identity component is re-resolved with the corrected time and
     * its profile is rebuilt from its events, so the event counts again.
     */
    readonly repair: (
      workspaceId: WorkspaceId,
      messageId: string,
      replacement: unknown
    ) => Effect.Effect<RepairResult, UnknownWorkspace | InvalidEventBatch | EventTooLarge | InvalidRepair | StorageFailure>
  }
>()("@kith/storage/EventStore") {}

/**
 * A raw event row: the encoded event as JSON text, the profile it belongs to,
 * and its time (epoch ms) for ordering.
 *
 * @example
 * ```ts
 * const row: EventRow = { messageId: "m-1", profileId: "p_m-1", type: "identify", name: null, timestamp: 1740794400000, payload: "{...}" }
 * ```
 */
export interface EventRow {
  readonly messageId: string
  readonly profileId: string
  readonly type: string
  readonly name: string | null
  readonly timestamp: number
  readonly payload: string
  /**
   * Its identity evidence, written with the event (reads of events may leave
   * it out): the source and the valid normalized identifiers it carried, in
   * order. Absent or empty for an event without a valid identifier.
   */
  readonly identity?: { readonly source: string; readonly identifiers: ReadonlyArray<NormalizedIdentifier> } | undefined
}

/**
 * Which events a read keeps, by kind: those of one of `types`, and `track`
 * events named one of `trackNames` or starting with one of
 * `trackNamePrefixes` (a timeline page reads only the events it shows).
 *
 * @example
 * ```ts
 * const visitsAndOrders: EventKinds = { types: ["page", "screen"], trackNames: ["Order Completed"], trackNamePrefixes: [] }
 * ```
 */
export interface EventKinds {
  readonly types: ReadonlyArray<string>
  readonly trackNames: ReadonlyArray<string>
  readonly trackNamePrefixes: ReadonlyArray<string>
}

/**
 * An outreach message a person was sent, as their timeline reads it: the
 * outbox row's id, plan, channel, message (its JSON text) and the instant it
 * was sent.
 *
 * @example
 * ```ts
 * const row: SentMessageRow = { outboxId: "ob-1", planId: "plan-camon", channel: "zalo", message: JSON.stringify({ text: "Cảm ơn chị" }), sentAt: 1740794400000 }
 * ```
 */
export interface SentMessageRow {
  readonly outboxId: string
  readonly planId: string
  readonly channel: string
  readonly message: string
  readonly sentAt: number
}

/**
 * A row of a profile's timeline: a stored event or an outreach message the
 * person was sent.
 *
 * @example
 * ```ts
 * const rows: ReadonlyArray<TimelineRow> = [{ outboxId: "ob-1", planId: "plan-camon", channel: "zalo", message: "{}", sentAt: 1740794400000 }]
 * ```
 */
export type TimelineRow = EventRow | SentMessageRow

/**
 * Whether a timeline row is an outreach message (else it is an event row).
 *
 * @example
 * ```ts
 * isSentMessageRow({ outboxId: "ob-1", planId: "plan-camon", channel: "zalo", message: "{}", sentAt: 1740794400000 }) // => true
 * ```
 */
export const isSentMessageRow = (row: TimelineRow): row is SentMessageRow => "outboxId" in row

/**
 * Where a timeline row stands among a profile's events: an event's instant
 * and messageId, a message's sending instant and outbox id. Timeline rows
 * are ordered by it, as events are.
 *
 * @example
 * ```ts
 * timelineRowPosition({ outboxId: "ob-1", planId: "plan-camon", channel: "zalo", message: "{}", sentAt: 1740794400000 }) // => { timestamp: 1740794400000, messageId: "ob-1" }
 * ```
 */
export const timelineRowPosition = (row: TimelineRow): EventPosition =>
  isSentMessageRow(row) ? { timestamp: row.sentAt, messageId: row.outboxId } : { timestamp: row.timestamp, messageId: row.messageId }

/**
 * A position in a profile's events, which are ordered by (timestamp, messageId).
 *
 * @example
 * ```ts
 * const after: EventPosition = { timestamp: 1740794400000, messageId: "m-1" }
 * ```
 */
export interface EventPosition {
  readonly timestamp: number
  readonly messageId: string
}

/**
 * What an engine reads of raw events, scoped by workspace. Reads resolve
 * `undefined` or empty for what is not there, never reject.
 *
 * @example
 * ```ts
 * const backend = makeMemoryBackend()
 * await backend.read.events.existing("shop-1", ["m-1", "m-2"]) // => Set { } (nothing stored yet)
 * ```
 */
export interface EventReads {
  /** Which of these message ids are already stored. */
  readonly existing: (workspaceId: string, messageIds: ReadonlyArray<string>) => Promise<ReadonlySet<string>>
  readonly get: (workspaceId: string, messageId: string) => Promise<EventRow | undefined>
  /** Event rows by message id (missing ones are left out). */
  readonly byIds: (workspaceId: string, messageIds: ReadonlyArray<string>) => Promise<ReadonlyArray<EventRow>>
  /** Events of a profile ordered by (timestamp, messageId), after the given position. */
  readonly ofProfile: (workspaceId: string, profileId: string, after: EventPosition | undefined, limit: number) => Promise<ReadonlyArray<EventRow>>
  /**
   * Events of a profile — or, for a merged-away id, of the live profile it
   * was merged into — ordered by (timestamp, messageId) descending, before
   * the given position, of these kinds when given; none for an id no
   * profile has. One query: the id is resolved by it.
   */
  readonly ofProfileNewestFirst: (
    workspaceId: string,
    profileId: string,
    before: EventPosition | undefined,
    limit: number,
    only?: EventKinds
  ) => Promise<ReadonlyArray<EventRow>>
  readonly count: (workspaceId: string) => Promise<number>
  /** Every event of the workspace ordered by messageId, after `afterMessageId`. */
  readonly scan: (workspaceId: string, afterMessageId: string | undefined, limit: number) => Promise<ReadonlyArray<EventRow>>
}

/**
 * What an engine writes of raw events, inside a transaction. Events are
 * append-only: only the profile they belong to ever changes.
 *
 * @example
 * ```ts
 * await backend.transaction("shop-1", (tx) => tx.events.move("shop-1", "p_m-7", ["m-7", "m-8"]))
 * ```
 */
export interface EventWrites extends EventReads {
  readonly insert: (workspaceId: string, rows: ReadonlyArray<EventRow>) => Promise<void>
  /** The events of each merged-away profile (`merges`: from → into) now belong to its survivor. */
  readonly followMerges: (workspaceId: string, merges: ReadonlyMap<string, string>) => Promise<void>
  /** These events now belong to another live profile (a split or a re-resolution moved their records). */
  readonly move: (workspaceId: string, into: string, messageIds: ReadonlyArray<string>) => Promise<void>
  /**
   * Rewrites a stored event's payload, type, name and time (a repair): its
   * profile and identity evidence stay; the time of its identity record
   * follows the event's.
   */
  readonly replace: (workspaceId: string, row: Pick<EventRow, "messageId" | "type" | "name" | "timestamp" | "payload">) => Promise<void>
}
