import type { Migration } from "./migration.js"

/**
 * Schema version 15: the shop events automated plans trigger on
 * (`outreach_shop_events`), kept so a LIVE reported once, when announced,
 * still reminds its followers when the reminder is due. A new table only:
 * nothing to backfill.
 */
export const migration15: Migration = {
  version: 15,
  name: "outreach-shop-events",
  up: async (db) => {
    await db.schema
      .createTable("outreach_shop_events")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("due_until", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("outreach_shop_events_pk", ["workspace_id", "key"])
      .execute()
    await db.schema.createIndex("outreach_shop_events_by_due").on("outreach_shop_events").columns(["workspace_id", "due_until"]).execute()
  }
}
