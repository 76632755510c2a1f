import type { WorkspaceWrites } from "@kith/storage"
import type { Kysely } from "kysely"
import { runCompiled } from "../compiled-once.js"
import type { KithDatabase } from "../schema/index.js"

/**
 * Workspaces and their summaries on SQL (`workspaces`, `workspace_summaries`).
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3"
 * import { Kysely, SqliteDialect } from "kysely"
 *
 * const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
 * await migrateToLatest(db)
 * await sqlWorkspaces(db).insert({ workspaceId: "shop-1", name: "Shop 1", timeZone: "Asia/Ho_Chi_Minh" })
 * await sqlWorkspaces(db).get("shop-1") // => { workspaceId: "shop-1", name: "Shop 1", timeZone: "Asia/Ho_Chi_Minh" }
 * await db.destroy()
 * ```
 */
export const sqlWorkspaces = (db: Kysely<KithDatabase>): WorkspaceWrites => {
  return {
    // Every service call looks its workspace up first: compiled once.
    get: async (workspaceId) => {
      const [row] = (
        await runCompiled(db, "workspace by id", () => db.selectFrom("workspaces").select(["workspace_id", "name", "time_zone"]).where("workspace_id", "=", workspaceId).compile(), [workspaceId])
      ).rows
      return row === undefined ? undefined : { workspaceId: row.workspace_id, name: row.name, timeZone: row.time_zone }
    },
    summary: async (workspaceId) =>
      (await db.selectFrom("workspace_summaries").select("summary").where("workspace_id", "=", workspaceId).executeTakeFirst())?.summary,
    insert: async (row) => {
      await db.insertInto("workspaces").values({ workspace_id: row.workspaceId, name: row.name, time_zone: row.timeZone }).execute()
    },
    writeSummary: async (workspaceId, summary) => {
      await db
        .insertInto("workspace_summaries")
        .values({ workspace_id: workspaceId, summary })
        .onConflict((oc) => oc.column("workspace_id").doUpdateSet({ summary }))
        .execute()
    }
  }
}
