/**
 * The order records and events are resolved and stored in: by time, then by
 * message id, so equal instants still have one order.
 *
 * @example
 * ```ts
 * [{ timestamp: 2, messageId: "a" }, { timestamp: 1, messageId: "b" }].sort(byCanonicalOrder)
 * // => [{ timestamp: 1, messageId: "b" }, { timestamp: 2, messageId: "a" }]
 * ```
 */
export const byCanonicalOrder = (a: { readonly timestamp: number; readonly messageId: string }, b: { readonly timestamp: number; readonly messageId: string }): number =>
  a.timestamp - b.timestamp || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0)
