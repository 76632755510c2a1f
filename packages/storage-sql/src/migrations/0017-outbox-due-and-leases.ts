import { sql } from "kysely"
import { onSqlite } from "./0009-search-index.js"
import type { Migration } from "./migration.js"

/**
 * Schema version 17: the outbox's queue beside it. `outreach_outbox_due`
 * holds one narrow row per pending or held outbox row, keyed by its state
 * and `available_at` (what the outbox's `outreach_outbox_claimable` and
 * `outreach_outbox_held` indexes held, which go): a claim deletes the due
 * rows it takes. `outreach_outbox_leases` holds one row per claimed batch —
 * its rows and when its lease ends — so a claim finds the rows of a dead
 * worker once their lease has expired. With no index on the columns a claim
 * or a completion writes (state, lease, `available_at`, attempts), Postgres
 * updates an outbox row in place on its page (a HOT update, no index entry
 * written); the outbox keeps free room on its pages for that (fillfactor,
 * Postgres only: SQLite rewrites a row either way). Existing rows are
 * queued as they stand: pending and held rows get their due row, each
 * claimed row a lease of its own.
 */
export const migration17: Migration = {
  version: 17,
  name: "outbox_due_and_leases",
  up: async (db) => {
    await db.schema
      .createTable("outreach_outbox_due")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("available_at", "bigint", (c) => c.notNull())
      .addColumn("outbox_id", "text", (c) => c.notNull())
      .addColumn("channel", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("outreach_outbox_due_pk", ["workspace_id", "state", "available_at", "outbox_id"])
      .execute()
    await db.schema
      .createTable("outreach_outbox_leases")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .addColumn("lease_id", "text", (c) => c.notNull())
      .addColumn("outbox_ids", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("outreach_outbox_leases_pk", ["workspace_id", "expires_at", "lease_id"])
      .execute()
    await sql`insert into outreach_outbox_due (workspace_id, state, available_at, outbox_id, channel)
      select workspace_id, state, available_at, outbox_id, channel from outreach_outbox where state in ('pending', 'held')`.execute(db)
    const ids = onSqlite(db) ? sql`json_array(outbox_id)` : sql`cast(json_build_array(outbox_id) as text)`
    await sql`insert into outreach_outbox_leases (workspace_id, expires_at, lease_id, outbox_ids)
      select workspace_id, coalesce(lease_expires_at, available_at), outbox_id, ${ids} from outreach_outbox where state = 'claimed'`.execute(db)
    await db.schema.dropIndex("outreach_outbox_claimable").execute()
    await db.schema.dropIndex("outreach_outbox_held").execute()
    if (!onSqlite(db)) await sql`alter table outreach_outbox set (fillfactor = 50)`.execute(db)
  }
}
