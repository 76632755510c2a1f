import type { OutboxRow, OutreachWrites } from "@kith/storage"
import { type Kysely, sql } from "kysely"
import type { KithDatabase } from "../schema/index.js"
import type { SqlDialectSpecifics } from "../sql-dialect.js"
import { enqueueOutbox, toOutbox, unqueueOutbox } from "./outreach.js"
import { chunks, idsPerQuery, oneOf } from "./sql-lists.js"

/**
 * What an erasure reads and writes of the outbox on SQL (PRIV-2): the rows
 * of the erased profiles (through the index by profile), deleted by id, or
 * rewritten in place. Kept apart from plan execution's and delivery's
 * statements: an erasure is rare and touches one person's rows.
 *
 * @param db - Kysely over the kith schema, or a transaction
 * @param dialect - the dialect's specifics
 * @returns the two operations, part of the outreach repository
 *
 * @example
 * ```ts
 * const rows = await sqlOutboxErasure(db, sqliteSpecifics).outboxOfProfiles("shop-1", ["p_m-1"])
 * ```
 */
export const sqlOutboxErasure = (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics): Pick<OutreachWrites, "outboxOfProfiles" | "eraseOutbox"> => ({
  outboxOfProfiles: async (workspaceId, profileIds) => {
    const out: Array<OutboxRow> = []
    for (const chunk of chunks([...new Set(profileIds)], idsPerQuery(dialect))) {
      // On Postgres workers claim and complete outside the workspace's lock: the rows read are locked until the
      // erasure commits, so a claim skips them and a completion waits, then finds them gone or no longer claimed.
      // Their due rows are locked first, in the order a claim takes them. SQLite runs every write transaction under
      // its one writer lock.
      if (dialect.name === "postgres")
        await sql`
          select outbox_id from outreach_outbox_due where workspace_id = ${workspaceId} and (state, available_at, outbox_id) in (
            select state, available_at, outbox_id from outreach_outbox where workspace_id = ${workspaceId} and ${oneOf(dialect, "profile_id", chunk)})
          for update`.execute(db)
      const rows = await db
        .selectFrom("outreach_outbox")
        .selectAll()
        .where("workspace_id", "=", workspaceId)
        .where(oneOf(dialect, "profile_id", chunk))
        .$if(dialect.name === "postgres", (q) => q.forUpdate())
        .execute()
      out.push(...rows.map(toOutbox))
    }
    return out.sort((a, b) => (a.outboxId < b.outboxId ? -1 : a.outboxId > b.outboxId ? 1 : 0))
  },
  eraseOutbox: async (workspaceId, { deleted, kept }) => {
    const queued = ["pending", "held"]
    await unqueueOutbox(db, dialect, workspaceId, [...deleted, ...kept.map((row) => row.outboxId)], queued)
    for (const chunk of chunks([...new Set(deleted)], idsPerQuery(dialect))) {
      await db.deleteFrom("outreach_outbox").where("workspace_id", "=", workspaceId).where(oneOf(dialect, "outbox_id", chunk)).execute()
    }
    for (const row of kept) {
      await db
        .updateTable("outreach_outbox")
        .set({
          message: row.message,
          state: row.state,
          decision: row.decision,
          reason: row.reason,
          available_at: row.availableAt,
          lease_owner: row.leaseOwner,
          lease_expires_at: row.leaseExpiresAt,
          last_error: row.lastError
        })
        .where("workspace_id", "=", workspaceId)
        .where("outbox_id", "=", row.outboxId)
        .execute()
    }
    await enqueueOutbox(db, dialect, workspaceId, kept.map((row) => row.outboxId))
  }
})
