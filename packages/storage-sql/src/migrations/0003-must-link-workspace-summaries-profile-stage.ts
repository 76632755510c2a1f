import type { Migration } from "./migration.js"

/**
 * Schema version 3: manual merges persist must-link record pairs (IDN-9); the workspace summary is kept with every ingestion
 * (PRF-5 shares); profiles carry their lifecycle stage for lists (PRF-2), and what ingestion needs to attach a
 * record without re-resolving its profile's history: the time of its latest record and whether its evidence
 * component is exactly its own records (see @kith/storage's ingestion). Rows written before this version are
 * conservatively "not isolated", so they take the full path once and are marked then.
 */
export const migration3: Migration = {
  version: 3,
  name: "must_link_workspace_summaries_profile_stage",
  up: async (db) => {
    await db.schema
      .createTable("must_link")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("record_a", "text", (c) => c.notNull())
      .addColumn("record_b", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("must_link_pk", ["workspace_id", "record_a", "record_b"])
      .execute()
    await db.schema.createIndex("must_link_by_b").on("must_link").columns(["workspace_id", "record_b"]).execute()
    await db.schema
      .createTable("workspace_summaries")
      .addColumn("workspace_id", "text", (c) => c.primaryKey())
      .addColumn("summary", "text", (c) => c.notNull())
      .execute()
    await db.schema.alterTable("profiles").addColumn("stage", "text", (c) => c.notNull().defaultTo("visitor")).execute()
    await db.schema.alterTable("profiles").addColumn("last_record_at", "bigint", (c) => c.notNull().defaultTo(0)).execute()
    await db.schema.alterTable("profiles").addColumn("isolated", "integer", (c) => c.notNull().defaultTo(0)).execute()
    await db.schema.createIndex("profiles_by_stage").on("profiles").columns(["workspace_id", "stage", "profile_id"]).execute()
  }
}
