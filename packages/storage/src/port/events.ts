import type { KithEvent, ProfileId, WorkspaceId } from "@kith/core"
import type { NormalizedIdentifier } from "@kith/identity"
import { Context, type Effect, type Option, Schema } from "effect"
import type { StorageFailure } from "../errors.js"
import type { Page, PageRequest } from "./page.js"
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
  readonly count: (workspaceId: string) => Promise<number>
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
}
