import type { Migration } from "./migration.js"

/**
 * Schema version 12: stored segments and their membership (SEG-6, SEG-8) —
 * definitions (`segments`), current members (`segment_members`), every
 * entry and exit (`segment_history`) and the re-evaluation schedule
 * (`segment_due`). New tables only: nothing to backfill.
 */
export const migration12: Migration = {
  version: 12,
  name: "segments",
  up: async (db) => {
    await db.schema
      .createTable("segments")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("segment_id", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("rule", "text", (c) => c.notNull())
      .addColumn("version", "integer", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_by", "text", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("segments_pk", ["workspace_id", "segment_id"])
      .execute()
    await db.schema
      .createTable("segment_members")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("segment_id", "text", (c) => c.notNull())
      .addColumn("profile_id", "text", (c) => c.notNull())
      .addColumn("entered_at", "bigint", (c) => c.notNull())
      .addColumn("version", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("segment_members_pk", ["workspace_id", "segment_id", "profile_id"])
      .execute()
    // A profile's current segments.
    await db.schema.createIndex("segment_members_by_profile").on("segment_members").columns(["workspace_id", "profile_id"]).execute()
    await db.schema
      .createTable("segment_history")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("seq", "bigint", (c) => c.notNull())
      .addColumn("segment_id", "text", (c) => c.notNull())
      .addColumn("profile_id", "text", (c) => c.notNull())
      .addColumn("change", "text", (c) => c.notNull())
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("version", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("segment_history_pk", ["workspace_id", "seq"])
      .execute()
    await db.schema.createIndex("segment_history_by_profile").on("segment_history").columns(["workspace_id", "profile_id", "seq"]).execute()
    await db.schema
      .createTable("segment_due")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("segment_id", "text", (c) => c.notNull())
      .addColumn("profile_id", "text", (c) => c.notNull())
      .addColumn("due_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("segment_due_pk", ["workspace_id", "segment_id", "profile_id"])
      .execute()
    // What has come due is read by instant; erasure finds a profile's entries.
    await db.schema.createIndex("segment_due_by_instant").on("segment_due").columns(["workspace_id", "due_at"]).execute()
    await db.schema.createIndex("segment_due_by_profile").on("segment_due").columns(["workspace_id", "profile_id"]).execute()
  }
}
