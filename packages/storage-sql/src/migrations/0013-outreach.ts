import { sql } from "kysely"
import type { Migration } from "./migration.js"

/**
 * Schema version 13: outreach plans and their outbox (OUT-7) —
 * `outreach_plans`, `outreach_outbox` (one row per plan, profile and
 * occurrence) and `outreach_rate_limits` (per-channel windows every worker
 * shares). New tables only: nothing to backfill.
 */
export const migration13: Migration = {
  version: 13,
  name: "outreach",
  up: async (db) => {
    await db.schema
      .createTable("outreach_plans")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("plan_id", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("definition", "text", (c) => c.notNull())
      .addColumn("start_at", "bigint")
      .addColumn("resolution", "text")
      .addColumn("history", "text", (c) => c.notNull())
      .addColumn("version", "integer", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("outreach_plans_pk", ["workspace_id", "plan_id"])
      .execute()
    await db.schema.createIndex("outreach_plans_by_status").on("outreach_plans").columns(["workspace_id", "status", "start_at"]).execute()
    await db.schema
      .createTable("outreach_outbox")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("outbox_id", "text", (c) => c.notNull())
      .addColumn("plan_id", "text", (c) => c.notNull())
      .addColumn("profile_id", "text", (c) => c.notNull())
      .addColumn("occurrence", "text", (c) => c.notNull())
      .addColumn("channel", "text", (c) => c.notNull())
      .addColumn("purpose", "text", (c) => c.notNull())
      .addColumn("decision", "text", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("holdout", "integer", (c) => c.notNull())
      .addColumn("message", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull())
      .addColumn("available_at", "bigint", (c) => c.notNull())
      .addColumn("lease_owner", "text")
      .addColumn("lease_expires_at", "bigint")
      .addColumn("last_error", "text")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("sent_at", "bigint")
      .addPrimaryKeyConstraint("outreach_outbox_pk", ["workspace_id", "outbox_id"])
      .addUniqueConstraint("outreach_outbox_once", ["workspace_id", "plan_id", "profile_id", "occurrence"])
      .execute()
    // Partial indexes: only the rows a worker or `tick` still has to look at are in them, so a drained
    // outbox costs nothing to claim from, and rows leave the index as they are sent. A claim reads expired
    // leases and due pending rows as two ranges of the first.
    await db.schema
      .createIndex("outreach_outbox_claimable")
      .on("outreach_outbox")
      .columns(["workspace_id", "state", "available_at"])
      .where(sql.ref("state"), "in", ["pending", "claimed"])
      .execute()
    await db.schema
      .createIndex("outreach_outbox_held")
      .on("outreach_outbox")
      .columns(["workspace_id", "available_at"])
      .where(sql.ref("state"), "=", "held")
      .execute()
    // A recipient's sends, for the caps.
    await db.schema.createIndex("outreach_outbox_by_profile").on("outreach_outbox").columns(["workspace_id", "profile_id"]).execute()
    await db.schema
      .createTable("outreach_rate_limits")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("channel", "text", (c) => c.notNull())
      .addColumn("window_start", "bigint", (c) => c.notNull())
      .addColumn("used", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("outreach_rate_limits_pk", ["workspace_id", "channel"])
      .execute()
  }
}
