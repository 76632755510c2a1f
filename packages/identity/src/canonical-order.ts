/**
 * Where a record made from an event stands in canonical order: the event's
 * time in epoch milliseconds (the record's `observedAt`) and its `messageId`
 * (the record's id, see {@link recordOfEvent}). Stored event rows carry both.
 *
 * @example
 * ```ts
 * const key: CanonicalOrderKey = { timestamp: Date.parse("2025-03-01T02:00:00Z"), messageId: "m-1" }
 * ```
 */
export interface CanonicalOrderKey {
  readonly timestamp: number
  readonly messageId: string
}

/**
 * Compares two records made from events in canonical order: earlier time
 * first, then `messageId` by code units. Every identity decision follows this
 * order, never arrival order: a profile is named after its first record in it
 * (`p_<messageId>`), and the greedy resolver visits records in it. Use it to
 * sort stored records before handing them to the resolver or to read a
 * profile's records oldest first.
 *
 * @returns negative when `a` comes first, positive when `b` does, 0 for the same position
 *
 * @example
 * ```ts
 * import { byCanonicalOrder } from "@kith/identity"
 *
 * const rows = [
 *   { messageId: "m-2", timestamp: 2000 },
 *   { messageId: "m-3", timestamp: 1000 },
 *   { messageId: "m-1", timestamp: 2000 }
 * ]
 * rows.sort(byCanonicalOrder).map((row) => row.messageId) // => ["m-3", "m-1", "m-2"]
 * ```
 */
export const byCanonicalOrder = (a: CanonicalOrderKey, b: CanonicalOrderKey): number =>
  a.timestamp - b.timestamp || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0)
