import type { Page } from "../port/page.js"

/**
 * A page of `items` read as `rows` (at most `limit`): the next cursor is the
 * last row's, and there is none when the rows did not fill the page.
 *
 * @example
 * ```ts
 * pageOf([{ id: "a" }, { id: "b" }], 2, (r) => r.id, ["A", "B"]) // => { items: ["A", "B"], nextCursor: "b" }
 * ```
 */
export const pageOf = <R, A>(rows: ReadonlyArray<R>, limit: number, cursorOf: (row: R) => string, items: ReadonlyArray<A>): Page<A> => ({
  items,
  nextCursor: rows.length === limit && rows.length > 0 ? cursorOf(rows[rows.length - 1]!) : undefined
})
