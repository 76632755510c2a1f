import type { Migration } from "./migration.js"

/**
 * Schema version 7: events a lenient way in refuses are kept with their raw payload and every problem
 * (`rejected_events`, ING-7), one row per refusal numbered per workspace, a messageId at most once.
 */
export const migration7: Migration = {
  version: 7,
  name: "rejected_events",
  up: async (db) => {
    await db.schema
      .createTable("rejected_events")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("seq", "bigint", (c) => c.notNull())
      .addColumn("message_id", "text")
      .addColumn("type", "text")
      .addColumn("event", "text")
      .addColumn("payload", "text", (c) => c.notNull())
      .addColumn("issues", "text", (c) => c.notNull())
      .addColumn("source", "text")
      .addColumn("ip", "text")
      .addColumn("first_received_at", "bigint", (c) => c.notNull())
      .addColumn("last_received_at", "bigint", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull())
      .addColumn("replayed_at", "bigint")
      .addPrimaryKeyConstraint("rejected_events_pk", ["workspace_id", "seq"])
      .execute()
    await db.schema.createIndex("rejected_events_by_message").on("rejected_events").columns(["workspace_id", "message_id"]).unique().execute()
  }
}
