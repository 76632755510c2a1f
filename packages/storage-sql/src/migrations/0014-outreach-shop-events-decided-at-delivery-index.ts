import { sql } from "kysely"
import { onSqlite } from "./0009-search-index.js"
import type { Migration } from "./migration.js"

/**
 * Schema version 14: the shop events automated plans trigger on
 * (`outreach_shop_events`), kept so a LIVE reported once, when announced,
 * still reminds its followers when the reminder is due; and when each
 * outbox row's send was decided (`outreach_outbox.decided_at`), so the caps
 * date an unsent send at its decision rather than at a lease's end. Rows
 * written before take their best known instant: a pending row never tried,
 * when it became available (its decision); any other, when it was written.
 * And `events_by_delivery_id`: the message outcome events (`Message
 * Delivered`, … with `deliveryId` = the outbox id) by that id, so a plan's
 * performance joins its outbox rows to their outcomes through an index
 * instead of reading every outcome event's JSON. Partial: only those events
 * carry the expression, so ingesting any other event costs nothing more.
 */
export const migration14: Migration = {
  version: 14,
  name: "outreach_shop_events_decided_at_delivery_index",
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
    const deliveryId = onSqlite(db) ? sql`json_extract(payload, '$.properties.deliveryId')` : sql`(cast(payload as jsonb) #>> '{properties,deliveryId}')`
    await sql`create index events_by_delivery_id on events (workspace_id, ${deliveryId})
      where type = 'track' and name in ('Message Delivered', 'Message Read', 'Message Clicked', 'Message Replied', 'Message Unsubscribed')`.execute(db)
    await sql`update outreach_outbox set decided_at = case when state = 'pending' and attempts = 0 then available_at else created_at end where decision = 'send'`.execute(db)
  }
}
