import type { Kysely } from "kysely"
import type { KithDatabase } from "./schema.js"

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
  /** Called first in every write transaction; blocks until no other writer holds the workspace. */
  readonly lockWorkspace: (trx: Kysely<KithDatabase>, workspaceId: string) => Promise<void>
  /** Called first in every migration transaction. */
  readonly lockMigrations: (trx: Kysely<KithDatabase>) => Promise<void>
}
