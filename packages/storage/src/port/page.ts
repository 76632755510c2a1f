/**
 * A page request: at most `limit` items after the opaque `cursor` of the
 * previous page (absent for the first page).
 *
 * @example
 * ```ts
 * const first: PageRequest = { limit: 50 }
 * const next: PageRequest = { limit: 50, cursor: page.nextCursor }
 * ```
 */
export interface PageRequest {
  readonly limit: number
  readonly cursor?: string | undefined
}

/**
 * A page of results and the cursor of the next one (absent on the last page).
 * Cursors are stable: writes between pages never repeat or skip an item that
 * existed when paging started and still matches.
 *
 * @example
 * ```ts
 * const page: Page<StoredProfile> = { items: [profile], nextCursor: "p_m-1" }
 * ```
 */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly nextCursor: string | undefined
}
