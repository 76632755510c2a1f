import type { Migration } from "./migration.js"

/**
 * Schema version 8: leads and opportunities (`pipeline_items`), care status
 * (`pipeline_care`) and the events the pipeline's rules were applied to
 * (`pipeline_applied_events`), PIPE-1 … PIPE-8.
 */
export const migration8: Migration = {
  version: 8,
  name: "pipeline",
  up: async (db) => {
    await db.schema
      .createTable("pipeline_items")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("profile_id", "text", (c) => c.notNull())
      .addColumn("origin_record_id", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("source", "text")
      .addColumn("assignee", "text")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("status_since", "bigint", (c) => c.notNull())
      .addColumn("version", "integer", (c) => c.notNull())
      .addColumn("search_text", "text", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("pipeline_items_pk", ["workspace_id", "kind", "id"])
      .execute()
    // Lists read in creation order; a customer's items are read by profile (rules, merges, splits).
    await db.schema.createIndex("pipeline_items_by_creation").on("pipeline_items").columns(["workspace_id", "kind", "created_at", "id"]).execute()
    await db.schema.createIndex("pipeline_items_by_profile").on("pipeline_items").columns(["workspace_id", "profile_id"]).execute()
    await db.schema
      .createTable("pipeline_care")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("profile_id", "text", (c) => c.notNull())
      .addColumn("status", "text")
      .addColumn("version", "integer", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("pipeline_care_pk", ["workspace_id", "profile_id"])
      .execute()
    await db.schema
      .createTable("pipeline_applied_events")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("message_id", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("pipeline_applied_events_pk", ["workspace_id", "message_id"])
      .execute()
  }
}
