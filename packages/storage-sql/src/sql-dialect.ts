import type { Kysely } from "kysely"
import type { KithDatabase } from "./schema/index.js"

/**
 * What differs between the SQL engines, kept small (Kysely's dialect split):
 * how writers of one workspace are serialized inside a transaction.
 *
 * @example
 * ```ts
 * const sqlite: SqlDialectSpecifics = { name: "sqlite", parameter: () => "?", lockWorkspace: async () => {}, lockMigrations: async () => {} }
 * ```
 */
export interface SqlDialectSpecifics {
  readonly name: string
  /** The text of the bound parameter at `index` (0-based) in a raw statement: `?` on SQLite, `$1`, `$2`, … on Postgres. */
  readonly parameter: (index: number) => string
  /**
   * Rows per multi-row `INSERT` (default 100). Postgres pays a round trip and
   * a parse per statement, so bigger statements pay off there; SQLite runs
   * in-process and keeps one cached statement per shape.
   */
  readonly rowsPerInsert?: number
  /**
   * The driver keeps a prepared statement per distinct SQL text (SQLite
   * through the statement cache): the last, partial chunk of a multi-row
   * `INSERT` is then cut into power-of-two lengths, so its statements take a
   * few texts that stay prepared instead of one new text per length.
   */
  readonly preparesPerText?: boolean
  /**
   * The driver binds a JavaScript array as one array parameter (Postgres):
   * lookups by many identifiers then join against `unnest` of two arrays in
   * one statement instead of one `IN` list per identifier type.
   */
  readonly arrayParameters?: boolean
  /** Called first in every write transaction; blocks until no other writer holds the workspace. */
  readonly lockWorkspace: (trx: Kysely<KithDatabase>, workspaceId: string) => Promise<void>
  /** Called first in every migration transaction. */
  readonly lockMigrations: (trx: Kysely<KithDatabase>) => Promise<void>
  /**
   * Optional: called after a write transaction committed, with the number of
   * events it appended (the Postgres adapter refreshes planner statistics of
   * young tables here). Runs outside the transaction; the write already
   * stands, so a rejection is ignored.
   */
  readonly afterCommit?: (db: Kysely<KithDatabase>, appendedEvents: number) => Promise<void>
}
