import type { ProfileId } from "@kith/core"
import type { RejectionIssue, StorageFailure, UnknownWorkspace } from "@kith/storage"
import type { InvalidArgument } from "../errors.js"
import type { CdpMode, Returns } from "../mode.js"

/**
 * Options of {@link CollectApi.collect}: when and how the calls arrived.
 *
 * @example
 * ```ts
 * const options: CollectOptions = { receivedAt: new Date("2025-03-01T02:00:07Z"), ip: "203.0.113.9", source: "http", maxCallBytes: 32 * 1024 }
 * ```
 */
export interface CollectOptions {
  /** When the calls were received: the time of a call without one, and the reference of the clock-skew correction. Default: now, from Effect's `Clock`. */
  readonly receivedAt?: Date
  /** The `sentAt` of the batch the calls came in, for calls without their own. */
  readonly sentAt?: unknown
  /** The sender's IP address: a call's `context.ip` when it has none, and kept with a refusal. */
  readonly ip?: string
  /** The way in, kept with each refusal; default `"collect"`. */
  readonly source?: string
  /** The largest call accepted, in bytes of its JSON (Segment's HTTP API: 32 KB); default: only the store's limit on the stored event. */
  readonly maxCallBytes?: number
  /** Accepted events per transaction, 1–10,000, also when shared with concurrent collects; default the client's `chunkSize` (1,000). */
  readonly chunkSize?: number
}

/**
 * What became of one call of a {@link CollectApi.collect}: `accepted` (a new
 * event, on `profileId`), `duplicate` (its messageId was already stored:
 * nothing changed), `suppressed` (it carries an identifier of a person
 * erased before: the suppression list stopped it and counted it, see
 * `cdp.privacy.suppressed()`; nothing was stored) or `rejected` (kept in the
 * rejected-events store with
 * every problem; `messageId` is the call's or the one derived from its
 * content, `null` when there is neither).
 *
 * @example
 * ```ts
 * const fates: ReadonlyArray<CollectResult> = [
 *   { index: 0, status: "accepted", messageId: "m-1", profileId: "p_m-1" as ProfileId },
 *   { index: 1, status: "rejected", messageId: "m-2", issues: [{ path: "properties.total", message: "\"abc\" is not a decimal amount" }] }
 * ]
 * ```
 */
export type CollectResult =
  | { readonly index: number; readonly status: "accepted"; readonly messageId: string; readonly profileId: ProfileId }
  | { readonly index: number; readonly status: "duplicate" | "suppressed"; readonly messageId: string }
  | { readonly index: number; readonly status: "rejected"; readonly messageId: string | null; readonly issues: ReadonlyArray<RejectionIssue> }

/**
 * What a {@link CollectApi.collect} did: counts, and each call's fate in the
 * order they were given.
 *
 * @example
 * ```ts
 * const outcome: CollectOutcome = { received: 2, accepted: 1, duplicates: 0, rejected: 1, results: [] }
 * ```
 */
export interface CollectOutcome {
  readonly received: number
  readonly accepted: number
  readonly duplicates: number
  readonly rejected: number
  /** Calls the suppression list stopped (an erased person's); present when some were. */
  readonly suppressed?: number
  readonly results: ReadonlyArray<CollectResult>
}

/**
 * Errors of `collect`: a bad argument, or the store failing. A bad call is
 * never an error: it is rejected and kept.
 *
 * @example
 * ```ts
 * const describe = (e: CollectError): string => e._tag
 * describe(new InvalidArgument({ field: "calls", reason: "must be an array" })) // => "InvalidArgument"
 * ```
 */
export type CollectError = InvalidArgument | UnknownWorkspace | StorageFailure

/**
 * Lenient ingestion of SDK traffic (ING-6, ING-7): Segment calls exactly as
 * clients send them, each judged alone.
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * import { createCdp } from "@kith/cdp"
 * import { makeMemoryBackend, storageLayer } from "@kith/storage"
 *
 * const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
 * const outcome = await cdp.collect([{ type: "identify", userId: "u-1", traits: { email: "lan@example.com" } }], { receivedAt: new Date("2025-03-01T02:00:00Z") })
 * outcome.accepted // => 1
 * await cdp.close()
 * ```
 */
export interface CollectApi<M extends CdpMode> {
  /**
   * Takes Segment calls as SDKs send them (`@segment/analytics-node`,
   * `@rudderstack/rudder-sdk-node`, analytics.js, the mobile SDKs: snake_case
   * E-commerce v2 properties, decimal prices, no `messageId` or
   * `timestamp`, `screen` and `group` calls), each judged alone — mapped
   * by `@kith/core`'s `fromSegment` (see its README for every field), the
   * call itself kept as the stored event's `raw` — where `batch` is
   * all-or-nothing. The valid ones are ingested in atomic chunks; each
   * invalid one is kept in the rejected-events store ({@link CdpApi.rejected})
   * with its raw payload, the time and every problem with its path, never
   * silently dropped. Refusals are kept before any event is written, so a
   * store failure midway loses nothing a retry does not bring back (repeats
   * are duplicates).
   *
   * Concurrent collects on the same client share transactions (an HTTP
   * server's requests, as `@kith/http` makes them): while one collect's
   * events are being written, the collects that arrive wait, and the next
   * write takes as many of them, in arrival order, as fit in one chunk. Each
   * collect still returns only once its own events are committed; the
   * accepted calls of a collect that fit in one chunk are written in one
   * transaction, shared or not; a collect larger than its chunk is written
   * alone, in its chunks; calls keep their order (the first of a repeated
   * messageId is the one stored, across collects too). Refusals are kept
   * before a collect joins a group, so a bad call never touches another
   * collect; should a shared transaction fail in the store, it is undone
   * whole and each of its collects is written again alone, so a store
   * failure is only the failing collect's. Once its calls are queued, a
   * collect's write runs to its end even if its fiber is interrupted.
   *
   * @param calls - Segment calls, each with its `type` (a `/v1/batch` body's calls: see `expandSegmentBatch`)
   * @param options - when and from where they arrived, limits, chunk size
   * @returns counts and each call's fate
   *
   * @example
   * ```ts
   * import { createCdp } from "@kith/cdp"
   * import { makeMemoryBackend, storageLayer } from "@kith/storage"
   *
   * const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
   * const outcome = await cdp.collect(
   *   [
   *     { type: "track", userId: "u-1", event: "Order Completed", properties: { order_id: "SO-1", total: "19.99", currency: "usd" } },
   *     { type: "track", userId: "u-1", event: "Order Completed", properties: { order_id: "SO-2", total: "abc" } }
   *   ],
   *   { receivedAt: new Date("2025-03-01T02:00:00Z") }
   * )
   * outcome.results.map((r) => r.status) // => ["accepted", "rejected"]
   * await cdp.rejected.count() // => 1
   * await cdp.close()
   * ```
   */
  collect(calls: ReadonlyArray<unknown>, options?: CollectOptions): Returns<M, CollectOutcome, CollectError>
}
