import { sql } from "kysely"
import type { Migration } from "./migration.js"

/**
 * Schema version 5: the ledger is written a transaction at a time: one row per transaction holding its entries as a JSON array
 * (`seq` is the first entry's number, `last_seq` the last one's), instead of one row per entry. Entries keep
 * their numbers; existing rows become one-entry chunks.
 */
export const migration5: Migration = {
  version: 5,
  name: "ledger_chunks",
  up: async (db) => {
    await db.schema
      .createTable("ledger_chunks")
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("seq", "bigint", (c) => c.notNull())
      .addColumn("last_seq", "bigint", (c) => c.notNull())
      .addColumn("entry", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("ledger_chunks_pk", ["workspace_id", "seq"])
      .execute()
    await sql`insert into ledger_chunks (workspace_id, seq, last_seq, entry) select workspace_id, seq, seq, '[' || entry || ']' from ledger`.execute(db)
    await db.schema.dropTable("ledger").execute()
    await db.schema.alterTable("ledger_chunks").renameTo("ledger").execute()
    await db.schema.createIndex("ledger_by_last_seq").on("ledger").columns(["workspace_id", "last_seq"]).execute()
  }
}
