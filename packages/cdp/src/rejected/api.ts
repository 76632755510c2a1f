import type { Page, RejectionIssue, RejectionStatus, StorageFailure, StoredRejection, UnknownWorkspace } from "@kith/storage"
import type { InvalidArgument } from "../errors.js"
import type { ListRequest } from "../list-request.js"
import type { CdpMode, Returns } from "../mode.js"

/**
 * Which kept refusals a list covers: a page, optionally only those still
 * `pending` or those `replayed`.
 *
 * @example
 * ```ts
 * const request: RejectedListRequest = { status: "pending", limit: 100 }
 * ```
 */
export interface RejectedListRequest extends ListRequest {
  readonly status?: RejectionStatus
}

/**
 * Options of {@link RejectedApi.replay}: which pending refusals to judge
 * again (a page of them: `limit`, 1–10,000, default 1,000, after `cursor`).
 *
 * @example
 * ```ts
 * const options: ReplayOptions = { limit: 500 }
 * ```
 */
export interface ReplayOptions {
  readonly limit?: number
  readonly cursor?: string | undefined
}

/**
 * What became of one kept refusal in a replay: `replayed` (ingested now),
 * `duplicate` (its event was stored meanwhile: the refusal is settled too)
 * or `rejected` (still refused, with its problems; it stays pending).
 *
 * @example
 * ```ts
 * const fate: ReplayResult = { seq: 1, messageId: "m-9", status: "replayed" }
 * ```
 */
export type ReplayResult =
  | { readonly seq: number; readonly messageId: string; readonly status: "replayed" | "duplicate" }
  | { readonly seq: number; readonly messageId: string | null; readonly status: "rejected"; readonly issues: ReadonlyArray<RejectionIssue> }

/**
 * What a replay did: how many pending refusals it judged again and their
 * fates, and the cursor of the next page of pending ones (`undefined` at
 * the end).
 *
 * @example
 * ```ts
 * const outcome: ReplayOutcome = { examined: 2, replayed: 1, duplicates: 0, stillRejected: 1, results: [], nextCursor: undefined }
 * ```
 */
export interface ReplayOutcome {
  readonly examined: number
  readonly replayed: number
  readonly duplicates: number
  readonly stillRejected: number
  readonly results: ReadonlyArray<ReplayResult>
  readonly nextCursor: string | undefined
}

/**
 * `cdp.rejected`: the events a lenient way in (`cdp.collect`, the HTTP
 * collection API) refused, each kept with its raw payload, when it came and
 * every problem (ING-7) — listed, counted, and replayed after a mapping fix
 * or a policy change.
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * import { createCdp } from "@kith/cdp"
 * import { makeMemoryBackend, storageLayer } from "@kith/storage"
 *
 * const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
 * await cdp.collect([{ type: "track", messageId: "m-9", userId: "u-1", event: "Order Completed", properties: { order_id: "SO-9", total: "abc" } }], { receivedAt: new Date("2025-03-01T02:00:00Z") })
 * const page = await cdp.rejected.list({ status: "pending" })
 * page.items.map((r) => [r.messageId, r.issues[0]?.path]) // => [["m-9", "properties.total"]]
 * await cdp.rejected.count({ status: "pending" }) // => 1
 * await cdp.close()
 * ```
 */
export interface RejectedApi<M extends CdpMode> {
  /**
   * Kept refusals in the order they were first kept, paged. A call sent
   * again with the same messageId is one refusal with `attempts` counted.
   *
   * @param request - `status`, `limit` (1–1,000, default 50), `cursor`
   * @returns a page of refusals
   *
   * @example
   * ```ts
   * (await cdp.rejected.list({ status: "pending" })).items.map((r) => r.messageId) // ["m-9"]: the refusals kept
   * ```
   */
  list(request?: RejectedListRequest): Returns<M, Page<StoredRejection>, InvalidArgument | UnknownWorkspace | StorageFailure>
  /**
   * How many refusals are kept, optionally only `pending` or `replayed` ones.
   *
   * @param filter - `status`
   * @returns the number of kept refusals
   *
   * @example
   * ```ts
   * await cdp.rejected.count({ status: "pending" }) // how many are still pending
   * ```
   */
  count(filter?: { readonly status?: RejectionStatus }): Returns<M, number, UnknownWorkspace | StorageFailure>
  /**
   * Judges pending refusals again, as `collect` judged them (with the time
   * and address they last arrived with, but without a way in's limit on a
   * call's size: only the store's limit applies), after a mapping fix or a
   * policy change: those that pass are ingested and marked replayed, the
   * others stay pending.
   *
   * @param options - `limit`, `cursor`
   * @returns counts, each refusal's fate, and the next page's cursor
   *
   * @example
   * ```ts
   * const outcome = await cdp.rejected.replay({ limit: 500 })
   * // outcome: { examined, replayed, duplicates, stillRejected, results, nextCursor }
   * ```
   */
  replay(options?: ReplayOptions): Returns<M, ReplayOutcome, InvalidArgument | UnknownWorkspace | StorageFailure>
}
