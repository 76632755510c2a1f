import { sql } from "kysely"
import { onSqlite } from "./0009-search-index.js"
import type { Migration } from "./migration.js"

/**
 * Schema version 17: an outbox row's lease is kept beside its state instead
 * of in it. A claimed row stays `pending` with `lease_owner` set (reported
 * as `claimed`) and keeps the `available_at` it came due at; the lease's end
 * is `lease_expires_at` alone. A claim and a renewal then write no indexed
 * column, and on Postgres, with room left on every page (`fillfactor`), they
 * are HOT updates: no new index entry, the row's new version on its own
 * page. The claim index becomes `outreach_outbox_due`, due rows by
 * `available_at` then `outbox_id` (a fixed order among rows due at the same
 * instant, so a row keeps its place while leased even when its claim could
 * not be HOT and wrote it a new index entry); rows stored `claimed` become
 * `pending` with their lease (their `available_at`, their lease's end, is
 * when they are due again).
 */
export const migration17: Migration = {
  version: 17,
  name: "outbox_lease_in_place",
  up: async (db) => {
    await sql`update outreach_outbox set state = 'pending' where state = 'claimed'`.execute(db)
    await db.schema.dropIndex("outreach_outbox_claimable").execute()
    await db.schema
      .createIndex("outreach_outbox_due")
      .on("outreach_outbox")
      .columns(["workspace_id", "available_at", "outbox_id"])
      .where(sql.ref("state"), "=", "pending")
      .execute()
    // A row is written once and updated twice (claimed, then sent): 45% full pages keep room for the claim's new
    // version on the row's own page. Rows written before keep their pages until they are rewritten.
    if (!onSqlite(db)) await sql`alter table outreach_outbox set (fillfactor = 45)`.execute(db)
  }
}
