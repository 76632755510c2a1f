import type { Migration } from "./migration.js"

/**
 * Schema version 1: the first schema — workspaces, events, profiles, identifiers and the ledger, each keyed by
 * `workspace_id` first (STO-4).
 */
export const migration1: Migration = {
  version: 1,
  name: "workspaces_events_profiles_identifiers_ledger",
  up: async (db) => {
    await db.schema
      .createTable("workspaces")
      .addColumn("workspace_id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("time_zone", "text", (c) => c.notNull())
      .execute()
    await db.schema
      .createTable("events")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("message_id", "text", (c) => c.notNull())
      .addColumn("profile_id", "text", (c) => c.notNull())
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("name", "text")
      .addColumn("ts", "bigint", (c) => c.notNull())
      .addColumn("payload", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("events_pk", ["workspace_id", "message_id"])
      .execute()
    await db.schema.createIndex("events_by_profile").on("events").columns(["workspace_id", "profile_id", "ts", "message_id"]).execute()
    await db.schema
      .createTable("profiles")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("profile_id", "text", (c) => c.notNull())
      .addColumn("merged_into", "text")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("traits", "text", (c) => c.notNull())
      .addColumn("summary", "text", (c) => c.notNull())
      .addColumn("search_text", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("profiles_pk", ["workspace_id", "profile_id"])
      .execute()
    await db.schema.createIndex("profiles_by_survivor").on("profiles").columns(["workspace_id", "merged_into", "profile_id"]).execute()
    await db.schema
      .createTable("identifiers")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("profile_id", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("identifiers_pk", ["workspace_id", "type", "value"])
      .execute()
    await db.schema.createIndex("identifiers_by_profile").on("identifiers").columns(["workspace_id", "profile_id"]).execute()
    await db.schema
      .createTable("kept_apart")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("profile_a", "text", (c) => c.notNull())
      .addColumn("profile_b", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("kept_apart_pk", ["workspace_id", "profile_a", "profile_b"])
      .execute()
    await db.schema.createIndex("kept_apart_by_b").on("kept_apart").columns(["workspace_id", "profile_b"]).execute()
    await db.schema
      .createTable("ledger")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("seq", "bigint", (c) => c.notNull())
      .addColumn("entry", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("ledger_pk", ["workspace_id", "seq"])
      .execute()
  }
}
