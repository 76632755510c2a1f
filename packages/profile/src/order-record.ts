import type { LineItem } from "@kith/core"

/**
 * What an order said about itself in one `Order Placed` or `Order Completed`
 * event: amounts and lines. Kept per kind so the state at any `asOf` is exact.
 */
export interface OrderDetails {
  /** When the event happened (epoch ms). */
  readonly at: number
  /** The event's messageId: the tie-break between two versions at the same instant. */
  readonly messageId: string
  readonly currency: string
  readonly total: number
  /** Paid so far; absent means paid in full. */
  readonly paid: number | undefined
  readonly products: ReadonlyArray<LineItem>
}

/** Goods sent back for an order (one `Order Returned` event). */
export interface ReturnEntry {
  readonly at: number
  /** The value returned when the event says so. */
  readonly amount: number | undefined
  /** The lines returned; absent (with no amount) means the whole order. */
  readonly products: ReadonlyArray<LineItem> | undefined
}

/** Money given back for an order (one `Order Refunded` event). */
export interface RefundEntry {
  readonly at: number
  readonly currency: string
  /** The amount refunded; absent means the whole order (a full refund). */
  readonly amount: number | undefined
}

/**
 * Everything known about one order across its lifecycle events, as a
 * join-semilattice: each instant is the earliest seen, each details slot keeps
 * the latest version, returns and refunds are keyed by messageId. Joining is
 * associative, commutative and idempotent, so events may arrive in any order,
 * twice, or split between two profiles that later merge.
 */
export interface OrderRecord {
  readonly orderId: string
  readonly placedAt: number | undefined
  readonly completedAt: number | undefined
  readonly cancelledAt: number | undefined
  readonly deliveryFailedAt: number | undefined
  readonly placed: OrderDetails | undefined
  readonly completed: OrderDetails | undefined
  readonly returns: ReadonlyMap<string, ReturnEntry> | undefined
  readonly refunds: ReadonlyMap<string, RefundEntry> | undefined
}

/** An {@link OrderRecord} while a fold still owns it. */
export type MutableOrderRecord = { -readonly [K in keyof OrderRecord]: OrderRecord[K] }

/**
 * A record with nothing known yet.
 *
 * @example
 * ```ts
 * emptyOrderRecord("SO-1").placedAt // => undefined
 * ```
 */
export const emptyOrderRecord = (orderId: string): MutableOrderRecord => ({
  orderId,
  placedAt: undefined,
  completedAt: undefined,
  cancelledAt: undefined,
  deliveryFailedAt: undefined,
  placed: undefined,
  completed: undefined,
  returns: undefined,
  refunds: undefined
})

/**
 * The earlier of two optional instants.
 *
 * @example
 * ```ts
 * minAt(undefined, 5) // => 5
 * minAt(3, 5) // => 3
 * ```
 */
export const minAt = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : a < b ? a : b

/**
 * The later of two optional instants.
 *
 * @example
 * ```ts
 * maxAt(undefined, 5) // => 5
 * maxAt(3, 5) // => 5
 * ```
 */
export const maxAt = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : a > b ? a : b

/**
 * The newer of two versions of an order's details: later instant first, then
 * the greater messageId, so the choice never depends on arrival order.
 *
 * @example
 * ```ts
 * const placed = { at: 5, messageId: "m-1", currency: "VND", total: 250000, paid: undefined, products: [] }
 * newerDetails(undefined, placed) === placed // => true
 * newerDetails(placed, { ...placed, at: 9, messageId: "m-2", total: 300000 })?.total // => 300000
 * ```
 */
export const newerDetails = (a: OrderDetails | undefined, b: OrderDetails | undefined): OrderDetails | undefined => {
  if (a === undefined) return b
  if (b === undefined) return a
  if (a.at !== b.at) return a.at > b.at ? a : b
  return a.messageId >= b.messageId ? a : b
}

const unionByKey = <V>(a: ReadonlyMap<string, V> | undefined, b: ReadonlyMap<string, V> | undefined): ReadonlyMap<string, V> | undefined => {
  if (a === undefined || a === b) return b
  if (b === undefined) return a
  const out = new Map(a)
  for (const [key, value] of b) if (!out.has(key)) out.set(key, value)
  return out
}

/**
 * Joins two records of the same order (the least upper bound of both).
 *
 * @example
 * ```ts
 * joinOrderRecords({ ...emptyOrderRecord("SO-1"), placedAt: 5 }, { ...emptyOrderRecord("SO-1"), completedAt: 9 })
 * // => { orderId: "SO-1", placedAt: 5, completedAt: 9, ... }
 * ```
 */
export const joinOrderRecords = (a: OrderRecord, b: OrderRecord): OrderRecord => ({
  orderId: a.orderId,
  placedAt: minAt(a.placedAt, b.placedAt),
  completedAt: minAt(a.completedAt, b.completedAt),
  cancelledAt: minAt(a.cancelledAt, b.cancelledAt),
  deliveryFailedAt: minAt(a.deliveryFailedAt, b.deliveryFailedAt),
  placed: newerDetails(a.placed, b.placed),
  completed: newerDetails(a.completed, b.completed),
  returns: unionByKey(a.returns, b.returns),
  refunds: unionByKey(a.refunds, b.refunds)
})
