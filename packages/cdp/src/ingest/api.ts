import type { EventTooLarge, InvalidEventBatch, StorageFailure, UndecodableEvent, UnknownWorkspace } from "@kith/storage"
import type { InvalidArgument, InvalidEvent } from "../errors.js"
import type { EventSuppressed } from "../privacy/event-suppressed.js"
import type { CdpMode, Returns } from "../mode.js"
import type { AliasCall, BatchOptions, BatchOutcome, GroupCall, IdentifyCall, IngestOutcome, PageCall, ScreenCall, TrackCall } from "./calls.js"

/**
 * Everything ingestion can fail with: a bad event (nothing written), a bad
 * argument, an event of an erased person the suppression list stopped
 * (single calls; a batch counts them in `suppressed`), or the store failing.
 *
 * @example
 * ```ts
 * const describe = (e: IngestError): string => e._tag
 * describe(new InvalidArgument({ field: "events", reason: "must be an array" })) // => "InvalidArgument"
 * ```
 */
export type IngestError = InvalidEvent | InvalidEventBatch | EventTooLarge | InvalidArgument | UnknownWorkspace | UndecodableEvent | EventSuppressed | StorageFailure

/**
 * Errors of one `identify` / `track` / `page` / `alias` call: an
 * {@link InvalidEvent} names the call and the values found.
 *
 * @example
 * ```ts
 * const describe = (e: IngestCallError): string => e._tag
 * describe(new InvalidEvent({ type: "track", event: "Order Completed", issues: [{ path: "properties.total", message: "Expected number, got \"450000\"" }] })) // => "InvalidEvent"
 * ```
 */
export type IngestCallError = Exclude<IngestError, InvalidEventBatch>

/**
 * Errors of `batch`: an `InvalidEventBatch` gives the position of the first
 * bad event.
 *
 * @example
 * ```ts
 * import { InvalidEventBatch } from "@kith/storage"
 * const describe = (e: BatchError): string => e._tag
 * describe(new InvalidEventBatch({ index: 3, issues: [{ path: "timestamp", message: "Expected a date" }] })) // => "InvalidEventBatch"
 * ```
 */
export type BatchError = Exclude<IngestError, InvalidEvent | EventSuppressed>

/**
 * Ingestion, at the top of the facade: Segment-shaped calls as a host sends
 * them (JSON, without `type`), and batches. Identity is resolved, the raw
 * event appended and the profile and workspace summaries updated in one
 * transaction; a repeated `messageId` changes nothing (ING-3); a bad call
 * writes nothing (ING-5). Each operation returns an Effect in the {@link Cdp}
 * service and a Promise in the client of `createCdp`.
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
 * await cdp.identify({ messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "cookie-9f2", traits: { phone: "0912 345 678" } })
 * // => { messageId: "m-1", profileId: "p_m-1", duplicate: false }
 * ```
 */
export interface IngestApi<M extends CdpMode> {
  /**
   * Ingests one `identify` call (ING-1): who someone is and what is known
   * about them (`traits`).
   *
   * @param call - the call without `type`: `messageId`, `timestamp`, `userId` or `anonymousId`, `traits`, `context`
   * @returns the event's `messageId`, the profile it belongs to now and whether it was a repeat;
   *   fails with {@link InvalidEvent} naming the field and the value found
   *
   * @example
   * ```ts
   * await cdp.identify({ messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "cookie-9f2", traits: { fullName: "Nguyễn Thị Lan", phone: "0912 345 678" } })
   * // => { messageId: "m-1", profileId: "p_m-1", duplicate: false }
   * ```
   */
  identify(call: IdentifyCall): Returns<M, IngestOutcome, IngestCallError>
  /**
   * Ingests one `track` call: an event a person did. A catalog event name
   * (`Order Completed`, ...) must carry the catalog's properties, checked
   * when it compiles and when it runs; any other name is a custom event.
   *
   * @param call - the call without `type`, see {@link TrackCall}
   * @returns as {@link IngestApi.identify}
   *
   * @example
   * ```ts
   * await cdp.track({ messageId: "m-2", timestamp: "2025-03-02T20:15:00+07:00", anonymousId: "cookie-9f2", event: "Order Completed",
   *   properties: { orderId: "SO-1", currency: "VND", total: 450000, products: [{ productId: "p-ao", quantity: 2, price: 225000 }] } })
   * // => { messageId: "m-2", profileId: "p_m-1", duplicate: false }
   * await cdp.track({ messageId: "m-3", timestamp: "2025-03-02T20:30:00+07:00", anonymousId: "cookie-9f2", event: "Lucky Wheel Spun", properties: { prize: "voucher" } })
   * // => { messageId: "m-3", profileId: "p_m-1", duplicate: false }
   * // `properties: { total: "450000", ... }` on "Order Completed" does not compile; sent as untyped JSON, it fails with
   * // InvalidEvent: track("Order Completed"): properties.total: Expected number, got "450000"
   * ```
   */
  track<E extends string>(call: TrackCall<E>): Returns<M, IngestOutcome, IngestCallError>
  /**
   * Ingests one `page` call: a page or screen viewed.
   *
   * @param call - the call without `type`: `name`, `category`, `properties` (`url`, `trafficSource`, ...)
   * @returns as {@link IngestApi.identify}
   *
   * @example
   * ```ts
   * await cdp.page({ messageId: "m-4", timestamp: "2025-03-01T09:01:00+07:00", anonymousId: "cookie-9f2", name: "Áo thun", properties: { url: "https://shop.vn/ao-thun" } })
   * // => { messageId: "m-4", profileId: "p_m-1", duplicate: false }
   * ```
   */
  page(call: PageCall): Returns<M, IngestOutcome, IngestCallError>
  /**
   * Ingests one `screen` call: a screen of a mobile app viewed, a visit on
   * the timeline like a page.
   *
   * @param call - the call without `type`: `name`, `category`, `properties` (free JSON)
   * @returns as {@link IngestApi.identify}
   *
   * @example
   * ```ts
   * await cdp.screen({ messageId: "m-6", timestamp: "2025-03-01T09:02:00+07:00", anonymousId: "cookie-9f2", name: "Giỏ hàng", properties: { items: 2 } })
   * // resolves to { messageId: "m-6", profileId: "p_m-1", duplicate: false } after the identify of cookie-9f2 above
   * ```
   */
  screen(call: ScreenCall): Returns<M, IngestOutcome, IngestCallError>
  /**
   * Ingests one `group` call: the company or account the person belongs
   * to. The profile takes the group as `groupId`, its name as `companyName`
   * and its tax code as `taxCode`; the group's other traits stay on the
   * event, and its email or phone never identify the person.
   *
   * @param call - the call without `type`: `groupId`, the group's `traits`
   * @returns as {@link IngestApi.identify}
   *
   * @example
   * ```ts
   * await cdp.group({ messageId: "m-7", timestamp: "2025-03-01T09:03:00+07:00", anonymousId: "cookie-9f2", groupId: "cty-an-phat", traits: { name: "Công ty TNHH An Phát", taxCode: "0312345678" } })
   * // resolves to { messageId: "m-7", profileId: "p_m-1", duplicate: false }; the profile's companyName is now "Công ty TNHH An Phát"
   * ```
   */
  group(call: GroupCall): Returns<M, IngestOutcome, IngestCallError>
  /**
   * Ingests one `alias` call: `previousId` (usually a cookie) and `userId`
   * are the same person.
   *
   * @param call - the call without `type`
   * @returns as {@link IngestApi.identify}
   *
   * @example
   * ```ts
   * await cdp.alias({ messageId: "m-5", timestamp: "2025-03-01T09:10:00+07:00", previousId: "cookie-9f2", userId: "u-1001" })
   * // => { messageId: "m-5", profileId: "p_m-1", duplicate: false }
   * ```
   */
  alias(call: AliasCall): Returns<M, IngestOutcome, IngestCallError>
  /**
   * Ingests many raw events (any of the six calls, each with its `type`),
   * in kith's canonical form (see `collect` for calls as SDKs send them).
   * All are validated first: one bad event fails the call and nothing is
   * written. Then they are written in chunks (`chunkSize`, default the
   * facade's, 1,000), each one transaction (ING-4), with `onProgress` after
   * each (DX-5). If the store fails midway, the chunks before stay written;
   * calling again with the same events finishes the job (repeats are
   * duplicates).
   *
   * @param events - raw events as JSON, each with `type`
   * @param options - `chunkSize`, `onProgress`
   * @returns how many were received, appended and duplicates, in how many chunks
   *
   * @example
   * ```ts
   * await cdp.batch(events, { chunkSize: 500, onProgress: (p) => console.log(`${p.processed}/${p.total}`) })
   * // => { received: 1200, appended: 1200, duplicates: 0, chunks: 3 }
   * ```
   */
  batch(events: ReadonlyArray<unknown>, options?: BatchOptions): Returns<M, BatchOutcome, BatchError>
}
