import type { ContactRestrictionRow, ContactRestrictionWrites, OwnedContactRestrictionRow } from "@kith/storage"
import type { Kysely } from "kysely"
import type { KithDatabase } from "../schema/index.js"
import type { SqlDialectSpecifics } from "../sql-dialect.js"
import { chunks, idsPerQuery, oneOf } from "./sql-lists.js"

// Rows per insert statement: twelve parameters each, well under either dialect's limit.
const ROWS_PER_INSERT = 50

/**
 * Contact restrictions on either SQL dialect (`contact_restrictions`). A
 * profile's rows are those anchored to its events (a join on `events`), so
 * merges and splits carry them with no write here.
 *
 * @param db - Kysely over the kith schema (the database, or a transaction)
 * @param dialect - the dialect's specifics (how a list of ids is bound)
 * @returns the repository
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3"
 * import { Kysely, SqliteDialect } from "kysely"
 *
 * const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
 * await migrateToLatest(db)
 * const sqlite: SqlDialectSpecifics = { name: "sqlite", parameter: () => "?", lockWorkspace: async () => {}, lockMigrations: async () => {} }
 * await sqlContactRestrictions(db, sqlite).ofProfiles("shop-1", ["p_m-1"]) // => []
 * await db.destroy()
 * ```
 */
export const sqlContactRestrictions = (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics): ContactRestrictionWrites => ({
  ofProfiles: async (workspaceId, profileIds) => {
    const out: Array<OwnedContactRestrictionRow> = []
    for (const chunk of chunks(profileIds, idsPerQuery(dialect))) {
      const rows = await db
        .selectFrom("contact_restrictions as r")
        .innerJoin("events as e", (j) => j.onRef("e.workspace_id", "=", "r.workspace_id").onRef("e.message_id", "=", "r.anchor_record_id"))
        .select(["r.id", "r.anchor_record_id", "r.kind", "r.channel", "r.status", "r.at", "r.source", "r.evidence", "r.recorded_on", "r.covers", "r.actor", "e.profile_id as owner"])
        .where("r.workspace_id", "=", workspaceId)
        .where(oneOf(dialect, "e.profile_id", chunk))
        .execute()
      for (const r of rows) {
        const row: ContactRestrictionRow = {
          id: r.id,
          anchorRecordId: r.anchor_record_id,
          kind: r.kind,
          channel: r.channel,
          status: r.status,
          at: Number(r.at),
          source: r.source,
          evidence: r.evidence,
          recordedOn: r.recorded_on,
          covers: r.covers,
          actor: r.actor
        }
        out.push({ ...row, owner: r.owner })
      }
    }
    return out
  },
  insert: async (workspaceId, rows) => {
    for (const chunk of chunks(rows, ROWS_PER_INSERT)) {
      await db
        .insertInto("contact_restrictions")
        .values(
          chunk.map((r) => ({
            workspace_id: workspaceId,
            id: r.id,
            anchor_record_id: r.anchorRecordId,
            kind: r.kind,
            channel: r.channel,
            status: r.status,
            at: r.at,
            source: r.source,
            evidence: r.evidence,
            recorded_on: r.recordedOn,
            covers: r.covers,
            actor: r.actor
          }))
        )
        .execute()
    }
  },
  eraseAnchoredTo: async (workspaceId, messageIds) => {
    let removed = 0
    for (const chunk of chunks(messageIds, idsPerQuery(dialect))) {
      const result = await db.deleteFrom("contact_restrictions").where("workspace_id", "=", workspaceId).where(oneOf(dialect, "anchor_record_id", chunk)).executeTakeFirst()
      removed += Number(result.numDeletedRows)
    }
    return removed
  }
})
