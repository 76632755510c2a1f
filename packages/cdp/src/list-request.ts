/**
 * A page request of a list or search: up to `limit` rows (1–1,000, default
 * 50) after `cursor`, the `nextCursor` of the page before.
 *
 * @example
 * ```ts
 * const first: ListRequest = { limit: 50 }
 * const next: ListRequest = { limit: 50, cursor: page.nextCursor }
 * ```
 */
export interface ListRequest {
  readonly limit?: number
  readonly cursor?: string | undefined
}
