import type { AliasEvent, CustomTrackEvent, GroupEvent, IdentifyEvent, KnownEventName, PageEvent, ScreenEvent, TrackEventSchema } from "@kith/core"
import type { ProfileId } from "@kith/core"

/**
 * What {@link IngestApi.identify} takes: a Segment `identify` call as JSON,
 * without `type` — `messageId` (the idempotency key), `timestamp`, `userId`
 * or `anonymousId`, `traits`, `context`.
 *
 * @example
 * ```ts
 * const call: IdentifyCall = {
 *   messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "cookie-9f2",
 *   traits: { fullName: "Nguyễn Thị Lan", phone: "0912 345 678" }
 * }
 * ```
 */
export type IdentifyCall = Omit<typeof IdentifyEvent.Encoded, "type">

/**
 * A `track` call of the catalog event `K` (`Order Completed`, `Product
 * Viewed`, ...), without `type`: its `properties` are typed by the catalog.
 * A union of names gives the union of their calls.
 *
 * @example
 * ```ts
 * const call: KnownTrackCall<"Product Viewed"> = {
 *   messageId: "m-2", timestamp: "2025-03-01T09:05:00+07:00", anonymousId: "cookie-9f2",
 *   event: "Product Viewed", properties: { productId: "p-ao-thun", name: "Áo thun", price: 225000 }
 * }
 * ```
 */
export type KnownTrackCall<K extends KnownEventName> = K extends KnownEventName ? Omit<TrackEventSchema<K>["Encoded"], "type"> : never

/**
 * A `track` call of an event outside the catalog, without `type`: any name
 * that is not a catalog name, with JSON `properties`.
 *
 * @example
 * ```ts
 * const call: CustomTrackCall = { messageId: "m-5", timestamp: "2025-03-01T10:00:00+07:00", userId: "u-1", event: "Lucky Wheel Spun", properties: { prize: "voucher" } }
 * ```
 */
export type CustomTrackCall = Omit<typeof CustomTrackEvent.Encoded, "type">

/**
 * What {@link IngestApi.track} takes: a Segment `track` call without `type`.
 * With the event name known at compile time (`E`, inferred from `event`), a
 * catalog name (`Order Completed`, `Product Viewed`, ...) must carry the
 * catalog's `properties` (`total: "450000"` does not type-check) and any
 * other name is a custom event with JSON properties. `TrackCall` alone (a
 * name known only at run time) is any of them; the facade checks it when
 * called.
 *
 * @example
 * ```ts
 * const call: TrackCall<"Product Viewed"> = {
 *   messageId: "m-2", timestamp: "2025-03-01T09:05:00+07:00", anonymousId: "cookie-9f2",
 *   event: "Product Viewed", properties: { productId: "p-ao-thun", name: "Áo thun", price: 225000 }
 * }
 * const custom: TrackCall<"Lucky Wheel Spun"> = { messageId: "m-5", timestamp: "2025-03-01T10:00:00+07:00", userId: "u-1", event: "Lucky Wheel Spun", properties: { prize: "voucher" } }
 * const fromJson: TrackCall = JSON.parse(body)
 * ```
 */
export type TrackCall<E extends string = string> = string extends E
  ? { [K in KnownEventName]: KnownTrackCall<K> }[KnownEventName] | CustomTrackCall
  : E extends KnownEventName
    ? KnownTrackCall<E>
    : CustomTrackCall & { readonly event: E }

/**
 * What {@link IngestApi.page} takes: a Segment `page` call without `type`.
 *
 * @example
 * ```ts
 * const call: PageCall = {
 *   messageId: "m-3", timestamp: "2025-03-01T09:01:00+07:00", anonymousId: "cookie-9f2",
 *   name: "Áo thun", properties: { url: "https://shop.vn/ao-thun", trafficSource: "social" }
 * }
 * ```
 */
export type PageCall = Omit<typeof PageEvent.Encoded, "type">

/**
 * What {@link IngestApi.screen} takes: a Segment `screen` call without `type`
 * (an app screen viewed: `name`, `category`, free JSON `properties`).
 *
 * @example
 * ```ts
 * const call: ScreenCall = { messageId: "m-6", timestamp: "2025-03-01T09:02:00+07:00", anonymousId: "device-1", name: "Giỏ hàng", properties: { items: 2 } }
 * ```
 */
export type ScreenCall = Omit<typeof ScreenEvent.Encoded, "type">

/**
 * What {@link IngestApi.group} takes: a Segment `group` call without `type`
 * (the company or account the person belongs to: `groupId`, the group's
 * `traits`).
 *
 * @example
 * ```ts
 * const call: GroupCall = { messageId: "m-7", timestamp: "2025-03-01T09:03:00+07:00", userId: "u-1", groupId: "cty-an-phat", traits: { name: "Công ty TNHH An Phát", taxCode: "0312345678" } }
 * ```
 */
export type GroupCall = Omit<typeof GroupEvent.Encoded, "type">

/**
 * What {@link IngestApi.alias} takes: a Segment `alias` call without `type`
 * (`previousId`, usually the cookie, and the `userId` it became).
 *
 * @example
 * ```ts
 * const call: AliasCall = { messageId: "m-4", timestamp: "2025-03-01T09:10:00+07:00", previousId: "cookie-9f2", userId: "u-1001" }
 * ```
 */
export type AliasCall = Omit<typeof AliasEvent.Encoded, "type">

/**
 * What one ingestion call did: the event's `messageId`, the profile it
 * belongs to now, and whether it was already stored (a repeat of a
 * messageId changes nothing: ING-3).
 *
 * @example
 * ```ts
 * const outcome: IngestOutcome = { messageId: "m-1", profileId: "p_m-1" as ProfileId, duplicate: false }
 * ```
 */
export interface IngestOutcome {
  readonly messageId: string
  readonly profileId: ProfileId
  readonly duplicate: boolean
}

/**
 * Progress of a batch (DX-5), reported after each chunk is committed.
 *
 * @example
 * ```ts
 * const progress: BatchProgress = { processed: 3000, total: 21883, appended: 2990, duplicates: 10, chunk: 3, chunks: 22 }
 * ```
 */
export interface BatchProgress {
  /** Events of the call handled so far (committed or found to be duplicates). */
  readonly processed: number
  readonly total: number
  readonly appended: number
  readonly duplicates: number
  /** The chunk just committed, from 1. */
  readonly chunk: number
  readonly chunks: number
}

/**
 * Options of a batch call.
 *
 * @example
 * ```ts
 * const options: BatchOptions = { chunkSize: 500, onProgress: (p) => console.log(`${p.processed}/${p.total}`) }
 * ```
 */
export interface BatchOptions {
  /** Called after each committed chunk. An exception it throws stops the batch after that chunk. */
  readonly onProgress?: (progress: BatchProgress) => void
  /** Events per transaction, 1–10,000; default the client's `chunkSize` (1,000). */
  readonly chunkSize?: number
}

/**
 * What a batch did.
 *
 * @example
 * ```ts
 * const outcome: BatchOutcome = { received: 21883, appended: 21883, duplicates: 0, chunks: 22 }
 * ```
 */
export interface BatchOutcome {
  readonly received: number
  readonly appended: number
  readonly duplicates: number
  readonly chunks: number
  /** Events the suppression list stopped (they carry an erased person's identifier); present when some were. */
  readonly suppressed?: number
}
