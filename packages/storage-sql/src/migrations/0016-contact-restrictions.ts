import type { Migration } from "./migration.js"

/**
 * Schema version 16: `contact_restrictions` (OUT-5) — a person's
 * do-not-contact and their blocks of the shop on a channel, with the lifts,
 * each anchored to a stored event so a profile's records are found through
 * its events (merges and splits carry them with no write), and an erasure
 * deletes them with those events.
 */
export const migration16: Migration = {
  version: 16,
  name: "contact_restrictions",
  up: async (db) => {
    await db.schema
      .createTable("contact_restrictions")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("anchor_record_id", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("channel", "text")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("evidence", "text", (c) => c.notNull())
      .addColumn("recorded_on", "text", (c) => c.notNull())
      .addColumn("covers", "text", (c) => c.notNull())
      .addColumn("actor", "text")
      .addPrimaryKeyConstraint("contact_restrictions_pk", ["workspace_id", "id"])
      .execute()
    // A profile's records are found through its events: by anchor.
    await db.schema.createIndex("contact_restrictions_by_anchor").on("contact_restrictions").columns(["workspace_id", "anchor_record_id"]).execute()
  }
}
