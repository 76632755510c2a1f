/**
 * The SQL side of kith storage, shared by SQLite and Postgres: the Kysely
 * schema ({@link KithDatabase}), forward-only versioned migrations
 * ({@link migrateToLatest}, recorded in `kith_migrations`), and the
 * repositories ({@link makeSqlBackend}) that implement the storage port's
 * backend. `workspace_id` leads every primary key and index (STO-4).
 *
 * @example
 * ```ts
 * import { type KithDatabase, makeSqlBackend, migrateToLatest, type SqlDialectSpecifics } from "@kith/storage-sql"
 * import { storageLayer } from "@kith/storage"
 * import Database from "better-sqlite3"
 * import { Kysely, SqliteDialect } from "kysely"
 *
 * const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
 * const specifics: SqlDialectSpecifics = { name: "sqlite", parameter: () => "?", lockWorkspace: async () => {}, lockMigrations: async () => {} }
 * await migrateToLatest(db) // => { applied: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18], current: 18 }
 * const layer = storageLayer(makeSqlBackend(db, specifics))
 * await db.destroy()
 * ```
 *
 * @packageDocumentation
 */
export * from "./migrations/index.js"
export { backfillSegmentInputs } from "./migrations/0011-segment-inputs.js"
export { insertSegmentInputs, sqlSegmentInputs } from "./repositories/segment-inputs.js"
export { compileRuleToSql, type RuleEvaluation } from "./segments/compile-rule.js"
export { segmentMembersQuery } from "./segments/members-query.js"
export type * from "./schema/index.js"
export * from "./sql-backend.js"
export * from "./sql-dialect.js"
