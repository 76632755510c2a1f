import { segmentInputsOfRows } from "@kith/storage"
import { type Kysely, sql } from "kysely"
import { insertSegmentInputs } from "../repositories/segment-inputs.js"
import { sqlEvents } from "../repositories/events.js"
import { sqlPipeline } from "../repositories/pipeline.js"
import { profileColumns, toProfileRow } from "../repositories/profile-rows.js"
import type { KithDatabase } from "../schema/index.js"
import type { SqlDialectSpecifics } from "../sql-dialect.js"
import { onSqlite } from "./0009-search-index.js"
import type { Migration, MigrationProgress } from "./migration.js"

/** Live profiles whose inputs are built per backfill page. */
const PROFILES_PER_PAGE = 500

// The repositories' parameter syntax, from the database the migration runs on (no lock is taken: the migration's
// transaction already holds the migration lock).
const dialectOf = (db: Kysely<unknown>): SqlDialectSpecifics =>
  onSqlite(db)
    ? { name: "sqlite", parameter: () => "?", lockWorkspace: async () => undefined, lockMigrations: async () => undefined }
    : { name: "postgres", parameter: (i) => `$${i + 1}`, rowsPerInsert: 500, lockWorkspace: async () => undefined, lockMigrations: async () => undefined }

/**
 * Builds the segment inputs of every live profile already stored, workspace
 * by workspace, `PROFILES_PER_PAGE` profiles at a time in id order, from
 * their rows, events and pipeline statuses (`@kith/storage`'s
 * `segmentInputsOfRows`, the code ingestion runs), reporting the profiles
 * done.
 *
 * @param untyped - a Kysely inside the migration's transaction
 * @param progress - told the profiles done so far and the total
 *
 * @example
 * ```ts
 * await backfillSegmentInputs(db, ({ done, total }) => console.log(`${done}/${total}`))
 * ```
 */
export const backfillSegmentInputs = async (untyped: Kysely<unknown>, progress: (p: MigrationProgress) => void = () => undefined): Promise<void> => {
  const db = untyped as unknown as Kysely<KithDatabase>
  const dialect = dialectOf(untyped)
  const reads = { events: sqlEvents(db, dialect), pipeline: sqlPipeline(db, dialect) }
  const total = Number((await db.selectFrom("profiles").select(sql<number | string>`count(*)`.as("n")).where("merged_into", "is", null).executeTakeFirstOrThrow()).n)
  let done = 0
  progress({ done, total })
  for (const ws of await db.selectFrom("workspaces").select(["workspace_id", "time_zone"]).orderBy("workspace_id").execute()) {
    let after: string | undefined
    for (;;) {
      let page = db.selectFrom("profiles").select(profileColumns).where("workspace_id", "=", ws.workspace_id).where("merged_into", "is", null)
      if (after !== undefined) page = page.where("profile_id", ">", after)
      const rows = (await page.orderBy("profile_id").limit(PROFILES_PER_PAGE).execute()).map(toProfileRow)
      if (rows.length === 0) break
      await insertSegmentInputs(db, dialect, ws.workspace_id, await segmentInputsOfRows(reads, ws.workspace_id, rows, ws.time_zone))
      done += rows.length
      after = rows[rows.length - 1]!.profileId
      progress({ done, total })
    }
  }
}

/**
 * Schema version 11: the segment inputs (SEG-4), in four typed tables kept
 * by every change to profiles in its own transaction — `segment_facts` (one
 * row per live profile), `segment_fact_lists` (tags, customer groups,
 * channels, sources), `segment_traits` (scalar custom traits) and
 * `segment_activity` (one row per meaningful event, order and order line) —
 * backfilled from the profiles already stored, page by page with progress.
 */
export const migration11: Migration = {
  version: 11,
  name: "segment_inputs",
  up: async (db, progress) => {
    await db.schema
      .createTable("segment_facts")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("profile_id", "text", (c) => c.notNull())
      .addColumn("gender", "text")
      .addColumn("birthday", "text")
      .addColumn("country", "text")
      .addColumn("province", "text")
      .addColumn("district", "text")
      .addColumn("region", "text")
      .addColumn("stage", "text", (c) => c.notNull())
      .addColumn("account_status", "text", (c) => c.notNull())
      .addColumn("tier", "text")
      .addColumn("points", "double precision", (c) => c.notNull())
      .addColumn("first_channel", "text")
      .addColumn("first_source", "text")
      .addColumn("assignee_id", "text")
      .addColumn("collaborator_id", "text")
      .addColumn("lead_status", "text")
      .addColumn("care_status", "text")
      .addPrimaryKeyConstraint("segment_facts_pk", ["workspace_id", "profile_id"])
      .execute()
    await db.schema
      .createTable("segment_fact_lists")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("profile_id", "text", (c) => c.notNull())
      .addColumn("list", "text", (c) => c.notNull())
      .addColumn("ord", "integer", (c) => c.notNull())
      .addColumn("value", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("segment_fact_lists_pk", ["workspace_id", "profile_id", "list", "ord"])
      .execute()
    // "Who has tag vip": from the value, without reading every profile's lists.
    await db.schema.createIndex("segment_fact_lists_by_value").on("segment_fact_lists").columns(["workspace_id", "list", "value", "profile_id"]).execute()
    await db.schema
      .createTable("segment_traits")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("profile_id", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("text_value", "text")
      .addColumn("number_value", "double precision")
      .addColumn("boolean_value", "integer")
      .addPrimaryKeyConstraint("segment_traits_pk", ["workspace_id", "profile_id", "name"])
      .execute()
    await db.schema
      .createTable("segment_activity")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("profile_id", "text", (c) => c.notNull())
      .addColumn("ord", "integer", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("order_id", "text")
      .addColumn("product_id", "text")
      .addColumn("category", "text")
      .addColumn("quantity", "bigint")
      .addColumn("value", "bigint")
      .addColumn("currency", "text")
      .addColumn("completed_at", "bigint")
      .addColumn("failed_at", "bigint")
      .addColumn("channel", "text")
      .addColumn("device_type", "text")
      .addColumn("os", "text")
      .addColumn("plan_id", "text")
      .addColumn("csat", "integer")
      .addColumn("agent", "text")
      .addColumn("rating", "integer")
      .addColumn("ticket_kind", "text")
      .addColumn("event_name", "text")
      .addPrimaryKeyConstraint("segment_activity_pk", ["workspace_id", "profile_id", "ord"])
      .execute()
    // Every condition reads one profile's rows of some kinds in a time window.
    await db.schema.createIndex("segment_activity_by_kind").on("segment_activity").columns(["workspace_id", "profile_id", "kind", "at"]).execute()
    await backfillSegmentInputs(db, progress)
  }
}
