/** Index rows read per backfill page (more than any event carries, so a page always completes one event). */
export const BACKFILL_PAGE = 5_000
