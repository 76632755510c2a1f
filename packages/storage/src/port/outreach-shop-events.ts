/**
 * A shop event (a price change, a LIVE scheduled) as an engine stores it:
 * its key, kind, the event as JSON (instants in epoch ms), when it happened
 * and the last instant an occurrence it causes can be due (a price change:
 * when it happened; a LIVE: when it starts).
 *
 * @example
 * ```ts
 * const row: ShopEventRow = { key: "live-9", kind: "live_scheduled", body: "{\"liveId\":\"live-9\",\"startsAt\":1767610800000}", at: 1767578400000, dueUntil: 1767610800000 }
 * ```
 */
export interface ShopEventRow {
  readonly key: string
  readonly kind: string
  readonly body: string
  readonly at: number
  readonly dueUntil: number
}

/**
 * What an engine reads of the shop events automated plans trigger on.
 *
 * @example
 * ```ts
 * const backend = makeMemoryBackend()
 * await backend.read.shopEvents.since("shop-1", 0) // => []
 * ```
 */
export interface ShopEventReads {
  /** The events that can still cause an occurrence due at or after `since` (`dueUntil >= since`), by time then key. */
  readonly since: (workspaceId: string, since: number) => Promise<ReadonlyArray<ShopEventRow>>
}

/**
 * What an engine writes of shop events, inside a transaction.
 *
 * @example
 * ```ts
 * await backend.transaction("shop-1", (tx) => tx.shopEvents.insert("shop-1", []))
 * ```
 */
export interface ShopEventWrites extends ShopEventReads {
  /** Stores the rows whose key is new; a key already stored keeps its first row. Returns how many were new. */
  readonly insert: (workspaceId: string, rows: ReadonlyArray<ShopEventRow>) => Promise<number>
}
