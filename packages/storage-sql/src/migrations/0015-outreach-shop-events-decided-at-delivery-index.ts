import { sql } from "kysely"
import type { Migration } from "./migration.js"

/**
 * Schema version 15: the shop events automated plans trigger on
 * (`outreach_shop_events`), kept so a LIVE reported once, when announced,
 * still reminds its followers when the reminder is due; and when each
 * outbox row's send was decided (`outreach_outbox.decided_at`), so the caps
 * date an unsent send at its decision rather than at a lease's end. Rows
 * written before take their best known instant: a pending row never tried,
 * when it became available (its decision); any other, when it was written.
 */
export const migration15: Migration = {
  version: 15,
  name: "outreach-shop-events-decided-at",
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
    await db.schema.alterTable("outreach_outbox").addColumn("decided_at", "bigint").execute()
    await sql`update outreach_outbox set decided_at = case when state = 'pending' and attempts = 0 then available_at else created_at end where decision = 'send'`.execute(db)
  }
}
