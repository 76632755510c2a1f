import { type KnownEventName, KnownEventNames } from "../events/catalog.js"

/**
 * The Segment spec's names of events kith types under another name: E-commerce
 * v2's wishlist and review events, its US spelling of "cancelled", and the
 * E-commerce v1 names Segment still aliases (`Completed Order`, ...).
 *
 * @example
 * ```ts
 * SegmentEventAliases["Product Added to Wishlist"] // => "Product Favorited"
 * ```
 */
export const SegmentEventAliases: Readonly<Record<string, KnownEventName>> = {
  "Product Added to Wishlist": "Product Favorited",
  "Product Reviewed": "Review Submitted",
  "Order Canceled": "Order Cancelled",
  "Completed Order": "Order Completed",
  "Viewed Product": "Product Viewed",
  "Added Product": "Product Added",
  "Removed Product": "Product Removed",
  "Started Order": "Checkout Started",
  "Refunded Order": "Order Refunded",
  "Cancelled Order": "Order Cancelled"
}

// Names compare without case and with `_` as a space, so `order_completed`
// and `Order completed` are the typed event; custom names stay as sent.
const keyOf = (name: string): string => name.trim().toLowerCase().replace(/[\s_]+/g, " ")

const TYPED = new Map<string, KnownEventName>([
  ...KnownEventNames.map((name) => [keyOf(name), name] as const),
  ...Object.entries(SegmentEventAliases).map(([alias, name]) => [keyOf(alias), name] as const)
])

/**
 * The typed kith event a Segment event name stands for: a catalog name or an
 * alias of one ({@link SegmentEventAliases}), compared without case and with
 * `_` as a space; `undefined` for a custom event.
 *
 * @example
 * ```ts
 * typedEventNameOf("Product Reviewed") // => "Review Submitted"
 * typedEventNameOf("order_completed") // => "Order Completed"
 * typedEventNameOf("Coupon Applied") // => undefined
 * ```
 */
export const typedEventNameOf = (name: string): KnownEventName | undefined => TYPED.get(keyOf(name))
