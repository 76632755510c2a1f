import type { EventPage, InvalidCursor, StorageFailure, StoredEvent, UndecodableEvent, UnknownWorkspace } from "@kith/storage"
import type { InvalidArgument } from "../errors.js"
import type { ListRequest } from "../list-request.js"
import type { CdpMode, Returns } from "../mode.js"
import type { ProfileLookupError, ProfileReference } from "../profile-reference.js"

/**
 * `cdp.events`: the raw events as stored, append-only — a profile's events,
 * one event by its messageId, and how many the workspace holds. Each
 * operation returns an Effect in the {@link Cdp} service and a Promise in
 * the client of `createCdp`.
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * const page = await cdp.events.list({ type: "phone", value: "0912 345 678" }, { limit: 100 })
 * page.items.map((e) => e.event.messageId) // => ["m-1", "m-2", "m-3"]
 * await cdp.events.count() // => 3
 * ```
 */
export interface EventsApi<M extends CdpMode> {
  /**
   * The profile's raw events as stored (and those of every profile merged
   * into it), oldest first, paged.
   *
   * @param ref - the profile's id or an identifier it holds
   * @param options - `limit` (1–1,000, default 50), `cursor`
   * @returns one page of events, each with the profile it belongs to
   *
   * @example
   * ```ts
   * (await cdp.events.list("p_m-1")).items[0]?.event.type // => "identify"
   * ```
   */
  list(ref: ProfileReference, options?: ListRequest): Returns<M, EventPage, ProfileLookupError | InvalidCursor>
  /**
   * One raw event by its messageId, with the profile it belongs to now (the
   * survivor when its profile was merged away).
   *
   * @param messageId - the event's idempotency key
   * @returns the event and its profile, or `undefined` when none is stored
   *
   * @example
   * ```ts
   * (await cdp.events.get("m-2"))?.profileId // => "p_m-1"
   * await cdp.events.get("m-404") // => undefined
   * ```
   */
  get(messageId: string): Returns<M, StoredEvent | undefined, InvalidArgument | UnknownWorkspace | UndecodableEvent | StorageFailure>
  /**
   * How many raw events the workspace holds (repeats of a messageId count once).
   *
   * @returns the number of stored events
   *
   * @example
   * ```ts
   * await cdp.events.count() // => 3
   * ```
   */
  count(): Returns<M, number, UnknownWorkspace | StorageFailure>
}
