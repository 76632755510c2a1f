import type { KithDatabase } from "@kith/storage-sql"
import { type Kysely, sql } from "kysely"

// Below this many events a table is small enough that any plan is fast.
const FIRST_REFRESH_AFTER = 1_000

// The tables ingestion looks up by key lists, and only the columns it filters on: statistics of the wide ones
// (payloads, summaries) would cost most of the time and serve no query.
const LOOKED_UP_COLUMNS = sql.raw(
  "events (workspace_id, message_id, profile_id, ts), identifiers, profiles (workspace_id, profile_id, merged_into, stage), " +
    "record_identifiers (workspace_id, type, value, message_id)"
)

// The planner's idea of how many events the table holds: -1 until the table was first analyzed.
const estimatedEvents = async (db: Kysely<KithDatabase>): Promise<number> => {
  const result = await sql<{ rows: number | string | null }>`select reltuples as rows from pg_class where oid = to_regclass('events')`.execute(db)
  return Number(result.rows[0]?.rows ?? -1)
}

/**
 * Keeps Postgres' planner statistics of kith's tables current while they
 * are young, called after every write transaction with the events it
 * appended.
 *
 * Why: a fresh schema has no statistics until autovacuum's next visit (a
 * minute or more). Without them the planner takes `workspace_id = $1` as
 * highly selective and answers "which of these 500 message ids exist" by
 * reading the whole workspace through the key's first column, so a first
 * import into a new database slows down as it grows (measured: 16 ms per
 * lookup at 100,000 events instead of under 2). Running `ANALYZE` each time
 * the event count has doubled since the last refresh costs a few tenths of
 * a second over a first import of 100,000 events and nothing afterwards: a
 * writer of a large, analyzed database only refreshes after appending as
 * many events as the table holds, which autovacuum will long have done.
 * It never waits for a lock (`skip_locked`: a table that a vacuum or
 * another refresh holds is left for the next time), and it never fails: a
 * failed refresh (e.g. the user does not own the tables, the connection
 * dropped) is ignored, because statistics only change speed and the write
 * has already committed.
 *
 * @returns the `afterCommit` hook of a Postgres `SqlDialectSpecifics`
 *
 * @example
 * ```ts
 * const specifics: SqlDialectSpecifics = { ...postgresSpecifics, afterCommit: plannerStatisticsRefresher() }
 * ```
 */
export const plannerStatisticsRefresher = (): ((db: Kysely<KithDatabase>, appendedEvents: number) => Promise<void>) => {
  let appendedSinceRefresh = 0
  let refreshAfter: number | undefined
  return async (db, appendedEvents) => {
    appendedSinceRefresh += appendedEvents
    try {
      refreshAfter ??= Math.max(FIRST_REFRESH_AFTER, await estimatedEvents(db))
      if (appendedSinceRefresh < refreshAfter) return
      appendedSinceRefresh = 0
      // skip_locked: never wait behind a vacuum or another refresh (a table it skips is refreshed next time).
      await sql`analyze (skip_locked) ${LOOKED_UP_COLUMNS}`.execute(db)
      refreshAfter = Math.max(FIRST_REFRESH_AFTER, await estimatedEvents(db))
    } catch {
      // Speed only: try again after as many more events.
    }
  }
}
