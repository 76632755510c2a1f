import type { Migration } from "./migration.js"

/**
 * Schema version 10: privacy (PRIV-1 … PRIV-7) — consent records anchored to
 * events (`consent_records`), the audit trail (`audit_entries`), the
 * suppression list of keyed hashes (`suppressions`), data-subject requests
 * (`privacy_requests`) and the workspace suppression secret with the
 * count of events the list stopped (`privacy_secrets`).
 */
export const migration10: Migration = {
  version: 10,
  name: "privacy",
  up: async (db) => {
    await db.schema
      .createTable("consent_records")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("anchor_record_id", "text", (c) => c.notNull())
      .addColumn("purpose", "text", (c) => c.notNull())
      .addColumn("channel", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("evidence", "text", (c) => c.notNull())
      .addColumn("expires_at", "bigint")
      .addColumn("recorded_on", "text", (c) => c.notNull())
      .addColumn("covers", "text", (c) => c.notNull())
      .addColumn("actor", "text")
      .addPrimaryKeyConstraint("consent_records_pk", ["workspace_id", "id"])
      .execute()
    // A profile's records are found through its events: by anchor.
    await db.schema.createIndex("consent_records_by_anchor").on("consent_records").columns(["workspace_id", "anchor_record_id"]).execute()
    await db.schema
      .createTable("audit_entries")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("seq", "bigint", (c) => c.notNull())
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("actor", "text", (c) => c.notNull())
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("target", "text", (c) => c.notNull())
      .addColumn("details", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("audit_entries_pk", ["workspace_id", "seq"])
      .execute()
    await db.schema.createIndex("audit_entries_by_target").on("audit_entries").columns(["workspace_id", "target", "seq"]).execute()
    await db.schema
      .createTable("suppressions")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("hits", "bigint", (c) => c.notNull())
      .addColumn("last_hit_at", "bigint")
      .addPrimaryKeyConstraint("suppressions_pk", ["workspace_id", "key"])
      .execute()
    await db.schema
      .createTable("privacy_requests")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("received_at", "bigint", (c) => c.notNull())
      .addColumn("answer_by", "bigint", (c) => c.notNull())
      .addColumn("stop_by", "bigint")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("closed_at", "bigint")
      .addColumn("note", "text")
      .addColumn("actor", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("privacy_requests_pk", ["workspace_id", "id"])
      .execute()
    await db.schema
      .createTable("privacy_secrets")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("secret", "text", (c) => c.notNull())
      .addColumn("stopped_events", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("privacy_secrets_pk", ["workspace_id"])
      .execute()
  }
}
