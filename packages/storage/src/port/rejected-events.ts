import type { WorkspaceId } from "@kith/core"
import { Context, type Effect } from "effect"
import type { StorageFailure } from "../errors.js"
import type { Page, PageRequest } from "./page.js"
import type { UnknownWorkspace } from "./workspaces.js"

/**
 * One problem of a refused event: where (`path`, empty for the whole event)
 * and why.
 *
 * @example
 * ```ts
 * const issue: RejectionIssue = { path: "properties.total", message: "Expected number, got \"450000\"" }
 * ```
 */
export interface RejectionIssue {
  readonly path: string
  readonly message: string
}

/**
 * An event refused on a lenient way in (SDK traffic, ING-7), to keep:
 * the raw payload as received (JSON text), when, every problem, and what is
 * known of it (its messageId, given or derived; type; track name).
 *
 * @example
 * ```ts
 * const refused: RejectionInput = {
 *   payload: "{\"type\":\"track\",\"event\":\"Order Completed\",\"properties\":{\"total\":\"abc\"}}",
 *   receivedAt: new Date("2025-03-01T02:00:00Z"), messageId: "m-9", type: "track", event: "Order Completed",
 *   issues: [{ path: "properties.total", message: "not a decimal amount: \"abc\"" }], source: "http"
 * }
 * ```
 */
export interface RejectionInput {
  readonly payload: string
  readonly receivedAt: Date
  readonly messageId: string | null
  readonly type: string | null
  readonly event: string | null
  readonly issues: ReadonlyArray<RejectionIssue>
  /** Which way in refused it (`collect`, `http`, ...). */
  readonly source?: string
  /** The sender's address, when a server received it. */
  readonly ip?: string
}

/**
 * A kept refusal. A repeat of the same messageId is the same refusal: it
 * counts an attempt and keeps the latest payload and problems. `replayedAt`
 * is set once a replay ingested it.
 *
 * @example
 * ```ts
 * // after an SDK sent the same bad call twice:
 * // { seq: 1, messageId: "m-9", attempts: 2, replayedAt: null, ... }
 * ```
 */
export interface StoredRejection {
  /** Its position in the workspace's rejections (a cursor for paging). */
  readonly seq: number
  readonly payload: string
  readonly messageId: string | null
  readonly type: string | null
  readonly event: string | null
  readonly issues: ReadonlyArray<RejectionIssue>
  readonly source: string | null
  readonly ip: string | null
  readonly firstReceivedAt: Date
  readonly lastReceivedAt: Date
  readonly attempts: number
  readonly replayedAt: Date | null
}

/**
 * Which rejections a list or count covers: all, those still pending (not
 * replayed), or those replayed.
 *
 * @example
 * ```ts
 * const pending: RejectionStatus = "pending"
 * ```
 */
export type RejectionStatus = "pending" | "replayed"

/**
 * Refused events kept with their raw payload and every problem (ING-7): a
 * lenient way in (`cdp.collect`, the HTTP collection API) judges each event
 * alone and keeps each one it refuses here, so nothing is silently dropped;
 * they are listed, counted and replayed after a mapping fix or a policy
 * change.
 *
 * @example
 * ```ts
 * import type { WorkspaceId } from "@kith/core"
 * import { Effect } from "effect"
 *
 * const shop = "shop-1" as WorkspaceId
 * const refused: RejectionInput = {
 *   payload: JSON.stringify({ type: "track", event: "Order Completed", properties: { total: "abc" } }), receivedAt: new Date("2025-03-01T02:00:00Z"),
 *   messageId: "m-9", type: "track", event: "Order Completed", issues: [{ path: "properties.total", message: "not a decimal amount: \"abc\"" }]
 * }
 * const program = Effect.gen(function*() {
 *   yield* (yield* Workspaces).create({ workspaceId: shop })
 *   const rejected = yield* RejectedEvents
 *   yield* rejected.record(shop, [refused])
 *   return yield* rejected.count(shop, { status: "pending" })
 * })
 * await Effect.runPromise(program.pipe(Effect.provide(storageLayer(makeMemoryBackend())))) // => 1
 * ```
 */
export class RejectedEvents extends Context.Service<
  RejectedEvents,
  {
    /** Keeps refusals; a messageId already kept counts another attempt. Returns how many were new and how many repeats. */
    readonly record: (
      workspaceId: WorkspaceId,
      refusals: ReadonlyArray<RejectionInput>
    ) => Effect.Effect<{ readonly recorded: number; readonly repeats: number }, UnknownWorkspace | StorageFailure>
    /** Kept refusals in the order they were first kept, optionally only pending or replayed ones. */
    readonly list: (
      workspaceId: WorkspaceId,
      page: PageRequest & { readonly status?: RejectionStatus | undefined }
    ) => Effect.Effect<Page<StoredRejection>, UnknownWorkspace | StorageFailure>
    readonly count: (workspaceId: WorkspaceId, filter?: { readonly status?: RejectionStatus | undefined }) => Effect.Effect<number, UnknownWorkspace | StorageFailure>
    /** Marks refusals (by `seq`) as replayed at `at`: a replay ingested them. */
    readonly markReplayed: (workspaceId: WorkspaceId, seqs: ReadonlyArray<number>, at: Date) => Effect.Effect<void, UnknownWorkspace | StorageFailure>
  }
>()("@kith/storage/RejectedEvents") {}

/**
 * A kept refusal as an engine stores it: times in epoch ms, issues as JSON text.
 *
 * @example
 * ```ts
 * const row: RejectionRow = { seq: 1, payload: "{}", messageId: "m-9", type: "track", event: null, issues: "[]", source: "http", ip: null, firstReceivedAt: 1740794400000, lastReceivedAt: 1740794400000, attempts: 1, replayedAt: null }
 * ```
 */
export interface RejectionRow {
  readonly seq: number
  readonly payload: string
  readonly messageId: string | null
  readonly type: string | null
  readonly event: string | null
  readonly issues: string
  readonly source: string | null
  readonly ip: string | null
  readonly firstReceivedAt: number
  readonly lastReceivedAt: number
  readonly attempts: number
  readonly replayedAt: number | null
}

/**
 * What an engine reads of kept refusals.
 *
 * @example
 * ```ts
 * const backend = makeMemoryBackend()
 * await backend.read.rejected.list("shop-1", { afterSeq: 0, limit: 50, status: "pending" }) // => []
 * ```
 */
export interface RejectedEventReads {
  /** Rows with `seq` above `afterSeq`, in order. */
  readonly list: (
    workspaceId: string,
    filter: { readonly afterSeq: number; readonly limit: number; readonly status?: RejectionStatus | undefined }
  ) => Promise<ReadonlyArray<RejectionRow>>
  readonly count: (workspaceId: string, status: RejectionStatus | undefined) => Promise<number>
  /** The rows kept for these message ids. */
  readonly byMessageIds: (workspaceId: string, messageIds: ReadonlyArray<string>) => Promise<ReadonlyArray<RejectionRow>>
}

/**
 * What an engine writes of kept refusals, inside a transaction.
 *
 * @example
 * ```ts
 * await backend.transaction("shop-1", (tx) => tx.rejected.markReplayed("shop-1", [1, 2], Date.UTC(2025, 2, 2)))
 * ```
 */
export interface RejectedEventWrites extends RejectedEventReads {
  /** Appends rows numbered after the workspace's last `seq` (the rows' own `seq` is ignored). */
  readonly append: (workspaceId: string, rows: ReadonlyArray<Omit<RejectionRow, "seq">>) => Promise<void>
  /** Rewrites a repeat: its latest payload, problems, time, attempts, and pending again. */
  readonly repeat: (workspaceId: string, row: RejectionRow) => Promise<void>
  readonly markReplayed: (workspaceId: string, seqs: ReadonlyArray<number>, at: number) => Promise<void>
  /** Deletes refusals (by `seq`): an erasure deleting the raw payloads that carry the person (PRIV-2). */
  readonly erase: (workspaceId: string, seqs: ReadonlyArray<number>) => Promise<void>
}
