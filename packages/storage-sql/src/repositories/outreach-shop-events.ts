import type { ShopEventWrites } from "@kith/storage"
import type { Kysely } from "kysely"
import type { KithDatabase } from "../schema/index.js"
import type { SqlDialectSpecifics } from "../sql-dialect.js"
import { chunks } from "./sql-lists.js"

// Rows per insert statement: six parameters each, well under either dialect's limit.
const ROWS_PER_INSERT = 500

/**
 * The shop events repository on either SQL dialect.
 *
 * @param db - Kysely over the kith schema (the database, or a transaction)
 * @param _dialect - the dialect's specifics (both dialects share the SQL)
 * @returns the repository
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3"
 * import { Kysely, SqliteDialect } from "kysely"
 *
 * const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
 * await migrateToLatest(db)
 * const sqlite: SqlDialectSpecifics = { name: "sqlite", parameter: () => "?", lockWorkspace: async () => {}, lockMigrations: async () => {} }
 * await sqlShopEvents(db, sqlite).since("shop-1", 0) // => []
 * await db.destroy()
 * ```
 */
export const sqlShopEvents = (db: Kysely<KithDatabase>, _dialect: SqlDialectSpecifics): ShopEventWrites => ({
  since: async (workspaceId, since) =>
    (
      await db
        .selectFrom("outreach_shop_events")
        .select(["key", "kind", "body", "at", "due_until"])
        .where("workspace_id", "=", workspaceId)
        .where("due_until", ">=", since)
        .orderBy("at")
        .orderBy("key")
        .execute()
    ).map((r) => ({ key: r.key, kind: r.kind, body: r.body, at: Number(r.at), dueUntil: Number(r.due_until) })),
  insert: async (workspaceId, rows) => {
    let added = 0
    for (const chunk of chunks(rows, ROWS_PER_INSERT)) {
      const result = await db
        .insertInto("outreach_shop_events")
        .values(chunk.map((r) => ({ workspace_id: workspaceId, key: r.key, kind: r.kind, body: r.body, at: r.at, due_until: r.dueUntil })))
        .onConflict((oc) => oc.columns(["workspace_id", "key"]).doNothing())
        .executeTakeFirst()
      added += Number(result.numInsertedOrUpdatedRows ?? 0n)
    }
    return added
  }
})
