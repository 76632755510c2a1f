import type { CareRow, PipelineItemKind, PipelineItemRow, PipelineWrites } from "@kith/storage"
import { type Kysely, type Selectable, sql } from "kysely"
import { runCompiled } from "../compiled-once.js"
import type { KithDatabase } from "../schema/index.js"
import type { PipelineItemsTable } from "../schema/pipeline.js"
import type { SqlDialectSpecifics } from "../sql-dialect.js"
import { chunks, escapeLike, idsPerQuery, oneOf, oneOfBound } from "./sql-lists.js"

const itemColumns = ["kind", "id", "profile_id", "origin_record_id", "status", "source", "assignee", "created_at", "status_since", "version", "search_text", "body"] as const

// A row as the table selects it (its columns are the schema's: no second list of their types).
const toItem = (r: Pick<Selectable<PipelineItemsTable>, (typeof itemColumns)[number]>): PipelineItemRow => ({
  kind: r.kind as PipelineItemKind,
  id: r.id,
  profileId: r.profile_id,
  originRecordId: r.origin_record_id,
  status: r.status,
  source: r.source,
  assignee: r.assignee,
  createdAt: Number(r.created_at),
  statusSince: Number(r.status_since),
  version: Number(r.version),
  searchText: r.search_text,
  body: r.body
})

const itemValues = (row: PipelineItemRow) => ({
  profile_id: row.profileId,
  origin_record_id: row.originRecordId,
  status: row.status,
  source: row.source,
  assignee: row.assignee,
  created_at: row.createdAt,
  status_since: row.statusSince,
  version: row.version,
  search_text: row.searchText,
  body: row.body
})

const toCare = (r: { profile_id: string; status: string | null; version: number; body: string }): CareRow => ({
  profileId: r.profile_id,
  status: r.status,
  version: Number(r.version),
  body: r.body
})

/**
 * Leads, opportunities, care status and applied events on SQL
 * (`pipeline_items`, `pipeline_care`, `pipeline_applied_events`). Updates
 * compare `version` in their `where`, so a stale write changes no row.
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3"
 * import { Kysely, SqliteDialect } from "kysely"
 *
 * const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
 * await migrateToLatest(db)
 * const sqlite: SqlDialectSpecifics = { name: "sqlite", parameter: () => "?", lockWorkspace: async () => {}, lockMigrations: async () => {} }
 * await sqlPipeline(db, sqlite).item("shop-1", "lead", "l-1") // => undefined
 * await db.destroy()
 * ```
 */
export const sqlPipeline = (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics): PipelineWrites => ({
  item: async (workspaceId, kind, id) => {
    const row = await db.selectFrom("pipeline_items").select(itemColumns).where("workspace_id", "=", workspaceId).where("kind", "=", kind).where("id", "=", id).executeTakeFirst()
    return row === undefined ? undefined : toItem(row)
  },
  list: async (workspaceId, kind, f) => {
    let query = db.selectFrom("pipeline_items").select(itemColumns).where("workspace_id", "=", workspaceId).where("kind", "=", kind)
    if (f.statuses !== undefined) query = f.statuses.length === 0 ? query.where(sql<boolean>`1 = 0`) : query.where(oneOf(dialect, "status", f.statuses))
    if (f.sources !== undefined) query = f.sources.length === 0 ? query.where(sql<boolean>`1 = 0`) : query.where(oneOf(dialect, "source", f.sources))
    if (f.assignee !== undefined) query = f.assignee === null ? query.where("assignee", "is", null) : query.where("assignee", "=", f.assignee)
    if (f.profileIds !== undefined) query = f.profileIds.length === 0 ? query.where(sql<boolean>`1 = 0`) : query.where(oneOf(dialect, "profile_id", f.profileIds))
    if (f.createdFrom !== undefined) query = query.where("created_at", ">=", f.createdFrom)
    if (f.createdTo !== undefined) query = query.where("created_at", "<", f.createdTo)
    if (f.text !== undefined) {
      const pattern = `%${escapeLike(f.text)}%`
      query = query.where((eb) =>
        eb.or([
          sql<boolean>`search_text like ${pattern} escape '\\'`,
          eb(
            "profile_id",
            "in",
            eb
              .selectFrom("profiles")
              .select("profile_id")
              .where("workspace_id", "=", workspaceId)
              .where("merged_into", "is", null)
              .where(sql<boolean>`search_text like ${pattern} escape '\\'`)
          ),
          ...(f.textProfileIds === undefined || f.textProfileIds.length === 0 ? [] : [oneOf(dialect, "profile_id", f.textProfileIds)])
        ])
      )
    }
    if (f.after !== undefined) {
      const { createdAt, id } = f.after
      query = query.where((eb) => eb.or([eb("created_at", ">", createdAt), eb.and([eb("created_at", "=", createdAt), eb("id", ">", id)])]))
    }
    return (await query.orderBy("created_at").orderBy("id").limit(f.limit).execute()).map(toItem)
  },
  ofProfiles: async (workspaceId, profileIds) => {
    const out: Array<PipelineItemRow> = []
    for (const chunk of chunks(profileIds, idsPerQuery(dialect))) {
      const bound = oneOfBound(dialect, chunk)
      const { rows } = await runCompiled(
        db,
        `pipeline items of profiles ${bound.shape}`,
        () => db.selectFrom("pipeline_items").select(itemColumns).where("workspace_id", "=", workspaceId).where(oneOf(dialect, "profile_id", chunk)).compile(),
        [workspaceId, ...bound.parameters]
      )
      out.push(...rows.map(toItem))
    }
    return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  },
  care: async (workspaceId, profileIds) => {
    const out: Array<CareRow> = []
    for (const chunk of chunks(profileIds, idsPerQuery(dialect))) {
      const bound = oneOfBound(dialect, chunk)
      const { rows } = await runCompiled(
        db,
        `care of profiles ${bound.shape}`,
        () => db.selectFrom("pipeline_care").select(["profile_id", "status", "version", "body"]).where("workspace_id", "=", workspaceId).where(oneOf(dialect, "profile_id", chunk)).compile(),
        [workspaceId, ...bound.parameters]
      )
      out.push(...rows.map(toCare))
    }
    return out
  },
  applied: async (workspaceId, messageIds) => {
    const out = new Set<string>()
    for (const chunk of chunks(messageIds, idsPerQuery(dialect))) {
      const rows = await db.selectFrom("pipeline_applied_events").select("message_id").where("workspace_id", "=", workspaceId).where(oneOf(dialect, "message_id", chunk)).execute()
      for (const r of rows) out.add(r.message_id)
    }
    return out
  },
  activity: async (workspaceId, from, to) => {
    const rows = await db
      .selectFrom("events")
      .select(["profile_id", (eb) => eb.fn.max(sql<number>`case when name = 'Order Completed' then 1 else 0 end`).as("bought")])
      .where("workspace_id", "=", workspaceId)
      .where("ts", ">=", from)
      .where("ts", "<", to)
      .where("type", "in", ["page", "screen", "track"])
      .groupBy("profile_id")
      .orderBy("profile_id")
      .execute()
    return { visitors: rows.map((r) => r.profile_id), buyers: rows.filter((r) => Number(r.bought) === 1).map((r) => r.profile_id) }
  },
  insertItem: async (workspaceId, row) => {
    await db
      .insertInto("pipeline_items")
      .values({ workspace_id: workspaceId, kind: row.kind, id: row.id, ...itemValues(row) })
      .execute()
  },
  updateItem: async (workspaceId, row, expectedVersion) => {
    const result = await db
      .updateTable("pipeline_items")
      .set(itemValues(row))
      .where("workspace_id", "=", workspaceId)
      .where("kind", "=", row.kind)
      .where("id", "=", row.id)
      .where("version", "=", expectedVersion)
      .executeTakeFirst()
    return Number(result.numUpdatedRows) === 1
  },
  putCare: async (workspaceId, row, expectedVersion) => {
    const values = { status: row.status, version: row.version, body: row.body }
    if (expectedVersion === 0) {
      const held = await db.selectFrom("pipeline_care").select("version").where("workspace_id", "=", workspaceId).where("profile_id", "=", row.profileId).executeTakeFirst()
      if (held !== undefined) return false
      await db.insertInto("pipeline_care").values({ workspace_id: workspaceId, profile_id: row.profileId, ...values }).execute()
      return true
    }
    const result = await db
      .updateTable("pipeline_care")
      .set(values)
      .where("workspace_id", "=", workspaceId)
      .where("profile_id", "=", row.profileId)
      .where("version", "=", expectedVersion)
      .executeTakeFirst()
    return Number(result.numUpdatedRows) === 1
  },
  deleteCare: async (workspaceId, profileIds) => {
    for (const chunk of chunks(profileIds, idsPerQuery(dialect))) {
      await db.deleteFrom("pipeline_care").where("workspace_id", "=", workspaceId).where(oneOf(dialect, "profile_id", chunk)).execute()
    }
  },
  eraseProfiles: async (workspaceId, profileIds) => {
    let erased = 0
    for (const chunk of chunks(profileIds, idsPerQuery(dialect))) {
      const result = await db.deleteFrom("pipeline_items").where("workspace_id", "=", workspaceId).where(oneOf(dialect, "profile_id", chunk)).executeTakeFirst()
      erased += Number(result.numDeletedRows)
      await db.deleteFrom("pipeline_care").where("workspace_id", "=", workspaceId).where(oneOf(dialect, "profile_id", chunk)).execute()
    }
    return erased
  },
  markApplied: async (workspaceId, messageIds) => {
    for (const chunk of chunks(messageIds, 200)) {
      await db
        .insertInto("pipeline_applied_events")
        .values(chunk.map((message_id) => ({ workspace_id: workspaceId, message_id })))
        .onConflict((oc) => oc.columns(["workspace_id", "message_id"]).doNothing())
        .execute()
    }
  }
})
