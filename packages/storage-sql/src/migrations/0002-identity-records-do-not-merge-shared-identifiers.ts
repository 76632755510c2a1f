import { sql } from "kysely"
import type { Migration } from "./migration.js"

/**
 * Schema version 2: storage persists what @kith/identity decides: the evidence it re-resolves (each event's identifiers),
 * do-not-merge record pairs, and identifiers held by several profiles that a guard kept apart.
 */
export const migration2: Migration = {
  version: 2,
  name: "identity_records_do_not_merge_shared_identifiers",
  up: async (db) => {
    await db.schema
      .createTable("record_identifiers")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("message_id", "text", (c) => c.notNull())
      .addColumn("ord", "integer", (c) => c.notNull())
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("ts", "bigint", (c) => c.notNull())
      .addColumn("source", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("record_identifiers_pk", ["workspace_id", "message_id", "ord"])
      .execute()
    await db.schema.createIndex("record_identifiers_by_value").on("record_identifiers").columns(["workspace_id", "type", "value", "message_id"]).execute()
    await db.schema
      .createTable("do_not_merge")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("record_a", "text", (c) => c.notNull())
      .addColumn("record_b", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("do_not_merge_pk", ["workspace_id", "record_a", "record_b"])
      .execute()
    await db.schema.createIndex("do_not_merge_by_b").on("do_not_merge").columns(["workspace_id", "record_b"]).execute()
    await db.schema
      .createTable("identifier_owners")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("profile_id", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("identifier_owners_pk", ["workspace_id", "type", "value", "profile_id"])
      .execute()
    await sql`insert into identifier_owners (workspace_id, type, value, profile_id) select workspace_id, type, value, profile_id from identifiers`.execute(db)
    await db.schema.dropTable("identifiers").execute()
    await db.schema.alterTable("identifier_owners").renameTo("identifiers").execute()
    await db.schema.createIndex("identifiers_by_owner").on("identifiers").columns(["workspace_id", "profile_id"]).execute()
  }
}
