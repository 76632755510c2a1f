import { type Kysely, sql } from "kysely"
import type { KithDatabase } from "../schema/index.js"
import { migration1 } from "./0001-workspaces-events-profiles-identifiers-ledger.js"
import { migration2 } from "./0002-identity-records-do-not-merge-shared-identifiers.js"
import { migration3 } from "./0003-must-link-workspace-summaries-profile-stage.js"
import { migration4 } from "./0004-identity-evidence-on-events.js"
import { migration5 } from "./0005-ledger-chunks.js"
import { migration6 } from "./0006-identifiers-by-profile-covering.js"
import { migration7 } from "./0007-rejected-events.js"
import { migration8 } from "./0008-pipeline.js"
import { migration9 } from "./0009-search-index.js"
import { migration10 } from "./0010-privacy.js"
import { migration11 } from "./0011-segment-inputs.js"
import { migration12 } from "./0012-segments.js"
import { migration13 } from "./0013-outreach.js"
import { migration14 } from "./0014-outreach-shop-events-decided-at-delivery-index.js"
import { migration15 } from "./0015-segment-schedule-from.js"
import { migration16 } from "./0016-contact-restrictions.js"
import { migration17 } from "./0017-outbox-due-and-leases.js"
import { migration18 } from "./0018-segment-due-without-profile-index.js"
import type { Migration, MigrationProgress } from "./migration.js"

export type { Migration, MigrationProgress } from "./migration.js"

/**
 * The migrations of the kith schema, oldest first, one file per version
 * (`migrations/NNNN-<what>.ts`). Never edit a released one: add the next
 * version in a new file and list it here.
 *
 * @example
 * ```ts
 * import { migrations } from "@kith/storage-sql"
 * migrations.map((m) => m.version) // => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]
 * ```
 */
export const migrations: ReadonlyArray<Migration> = [migration1, migration2, migration3, migration4, migration5, migration6, migration7, migration8, migration9, migration10, migration11, migration12, migration13, migration14, migration15, migration16, migration17, migration18]

/**
 * What {@link migrateToLatest} did.
 *
 * @example
 * ```ts
 * const report: MigrationReport = { applied: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18], current: 18 }
 * ```
 */
export interface MigrationReport {
  /** Versions applied by this call (empty when the schema was already current). */
  readonly applied: ReadonlyArray<number>
  /** The schema version afterwards. */
  readonly current: number
}

/**
 * Brings a database to the latest schema (STO-2): creates `kith_migrations`
 * if needed, then applies every missing migration in order, each in its own
 * transaction together with its `kith_migrations` row. Running it again is
 * a no-op. `lock` runs first inside each transaction (Postgres takes an
 * advisory lock there so two processes never migrate at once).
 *
 * @param db - a Kysely instance over the kith schema
 * @param lock - optional: serializes concurrent migrators
 * @param onProgress - optional: told how far a long step (an index built on existing rows) has come
 * @returns which versions were applied and the current version
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3"
 * import { Kysely, SqliteDialect } from "kysely"
 *
 * const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
 * await migrateToLatest(db) // => { applied: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18], current: 18 }
 * await migrateToLatest(db) // => { applied: [], current: 18 }
 * await db.destroy()
 * ```
 */
export const migrateToLatest = async (
  db: Kysely<KithDatabase>,
  lock: (trx: Kysely<KithDatabase>) => Promise<void> = async () => undefined,
  onProgress?: (version: number, progress: MigrationProgress) => void
): Promise<MigrationReport> => {
  // Under the lock too: CREATE TABLE IF NOT EXISTS is not safe against a concurrent migrator on Postgres.
  await db.transaction().execute(async (trx) => {
    await lock(trx)
    await trx.schema
      .createTable("kith_migrations")
      .ifNotExists()
      .addColumn("version", "integer", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("applied_at", "text", (c) => c.notNull())
      .execute()
  })
  const applied: Array<number> = []
  for (const migration of migrations) {
    const done = await db.transaction().execute(async (trx) => {
      await lock(trx)
      const row = await trx.selectFrom("kith_migrations").select("version").where("version", "=", migration.version).executeTakeFirst()
      if (row !== undefined) return false
      await migration.up(trx as unknown as Kysely<unknown>, onProgress === undefined ? undefined : (p) => onProgress(migration.version, p))
      // The applied time is bookkeeping for operators, read from the database clock.
      await trx
        .insertInto("kith_migrations")
        .values({ version: migration.version, name: migration.name, applied_at: sql<string>`CURRENT_TIMESTAMP` })
        .execute()
      return true
    })
    if (done) applied.push(migration.version)
  }
  return { applied, current: migrations[migrations.length - 1]?.version ?? 0 }
}

/**
 * The versions recorded in `kith_migrations`, in order (empty on a fresh database).
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3"
 * import { Kysely, SqliteDialect } from "kysely"
 *
 * const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
 * await appliedMigrations(db) // => []
 * await migrateToLatest(db)
 * await appliedMigrations(db) // => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]
 * await db.destroy()
 * ```
 */
export const appliedMigrations = async (db: Kysely<KithDatabase>): Promise<Array<number>> => {
  // Introspection would list other schemas' tables on Postgres; asking the table itself is exact.
  const tables = await db.introspection.getTables()
  if (!tables.some((t) => t.name === "kith_migrations")) return []
  try {
    const rows = await db.selectFrom("kith_migrations").select("version").orderBy("version").execute()
    return rows.map((r) => Number(r.version))
  } catch (e) {
    // 42P01 undefined_table: only another schema has a kith_migrations table, so this one has applied nothing.
    if ((e as { code?: unknown }).code === "42P01") return []
    throw e
  }
}
