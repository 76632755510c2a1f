import { Schema } from "effect"

/**
 * A cursor the store did not issue (malformed, damaged, hand-made, or
 * holding text no engine stores) was passed to a paged read. Nothing was
 * read; start again without a cursor. Every engine refuses the same cursors.
 *
 * @example
 * ```ts
 * import { InvalidCursor } from "@kith/storage"
 * new InvalidCursor({ cursor: "NaN:m-1", reason: "an events cursor is <epoch ms>:<messageId>" }).message
 * // => "Invalid cursor \"NaN:m-1\": an events cursor is <epoch ms>:<messageId>"
 * ```
 */
export class InvalidCursor extends Schema.TaggedError<InvalidCursor>("@kith/storage/InvalidCursor")("InvalidCursor", {
  cursor: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `Invalid cursor ${JSON.stringify(this.cursor)}: ${this.reason}`
  }
}

/**
 * A page request: at most `limit` items after the opaque `cursor` of the
 * previous page (absent for the first page). A cursor the store did not
 * issue is refused with {@link InvalidCursor}.
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
