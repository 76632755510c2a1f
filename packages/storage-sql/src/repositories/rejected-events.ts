import type { RejectedEventWrites, RejectionRow, RejectionStatus } from "@kith/storage"
import type { Kysely, SelectQueryBuilder } from "kysely"
import type { KithDatabase } from "../schema/index.js"
import type { SqlDialectSpecifics } from "../sql-dialect.js"
import { chunks, idsPerQuery, oneOf } from "./sql-lists.js"

const columns = [
  "seq",
  "message_id",
  "type",
  "event",
  "payload",
  "issues",
  "source",
  "ip",
  "first_received_at",
  "last_received_at",
  "attempts",
  "replayed_at"
] as const

const toRow = (r: {
  seq: number | string | bigint
  message_id: string | null
  type: string | null
  event: string | null
  payload: string
  issues: string
  source: string | null
  ip: string | null
  first_received_at: number | string | bigint
  last_received_at: number | string | bigint
  attempts: number
  replayed_at: number | string | bigint | null
}): RejectionRow => ({
  seq: Number(r.seq),
  messageId: r.message_id,
  type: r.type,
  event: r.event,
  payload: r.payload,
  issues: r.issues,
  source: r.source,
  ip: r.ip,
  firstReceivedAt: Number(r.first_received_at),
  lastReceivedAt: Number(r.last_received_at),
  attempts: Number(r.attempts),
  replayedAt: r.replayed_at === null ? null : Number(r.replayed_at)
})

const withStatus = <O>(query: SelectQueryBuilder<KithDatabase, "rejected_events", O>, status: RejectionStatus | undefined) =>
  status === undefined ? query : query.where("replayed_at", status === "pending" ? "is" : "is not", null)

/**
 * Kept refusals on SQL (`rejected_events`), numbered per workspace under the
 * workspace's write lock.
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3"
 * import { Kysely, SqliteDialect } from "kysely"
 *
 * const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
 * await migrateToLatest(db)
 * const sqlite: SqlDialectSpecifics = { name: "sqlite", parameter: () => "?", lockWorkspace: async () => {}, lockMigrations: async () => {} }
 * await sqlRejectedEvents(db, sqlite).count("shop-1", "pending") // => 0
 * await db.destroy()
 * ```
 */
export const sqlRejectedEvents = (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics): RejectedEventWrites => ({
  list: async (workspaceId, { afterSeq, limit, status }) =>
    (
      await withStatus(db.selectFrom("rejected_events").select(columns).where("workspace_id", "=", workspaceId).where("seq", ">", afterSeq), status)
        .orderBy("seq")
        .limit(limit)
        .execute()
    ).map(toRow),
  count: async (workspaceId, status) => {
    const row = await withStatus(db.selectFrom("rejected_events").where("workspace_id", "=", workspaceId), status)
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .executeTakeFirst()
    return Number(row?.n ?? 0)
  },
  byMessageIds: async (workspaceId, messageIds) => {
    const out: Array<RejectionRow> = []
    for (const chunk of chunks(messageIds, idsPerQuery(dialect))) {
      const rows = await db.selectFrom("rejected_events").select(columns).where("workspace_id", "=", workspaceId).where(oneOf(dialect, "message_id", chunk)).execute()
      out.push(...rows.map(toRow))
    }
    return out
  },
  append: async (workspaceId, rows) => {
    if (rows.length === 0) return
    const last = await db.selectFrom("rejected_events").select((eb) => eb.fn.max("seq").as("last")).where("workspace_id", "=", workspaceId).executeTakeFirst()
    let seq = Number(last?.last ?? 0)
    for (const chunk of chunks(rows, 100)) {
      await db
        .insertInto("rejected_events")
        .values(
          chunk.map((r) => ({
            workspace_id: workspaceId,
            seq: ++seq,
            message_id: r.messageId,
            type: r.type,
            event: r.event,
            payload: r.payload,
            issues: r.issues,
            source: r.source,
            ip: r.ip,
            first_received_at: r.firstReceivedAt,
            last_received_at: r.lastReceivedAt,
            attempts: r.attempts,
            replayed_at: r.replayedAt
          }))
        )
        .execute()
    }
  },
  repeat: async (workspaceId, row) => {
    await db
      .updateTable("rejected_events")
      .set({
        payload: row.payload,
        type: row.type,
        event: row.event,
        issues: row.issues,
        source: row.source,
        ip: row.ip,
        first_received_at: row.firstReceivedAt,
        last_received_at: row.lastReceivedAt,
        attempts: row.attempts,
        replayed_at: row.replayedAt
      })
      .where("workspace_id", "=", workspaceId)
      .where("seq", "=", row.seq)
      .execute()
  },
  markReplayed: async (workspaceId, seqs, at) => {
    for (const chunk of chunks(seqs, 500)) {
      await db.updateTable("rejected_events").set({ replayed_at: at }).where("workspace_id", "=", workspaceId).where("seq", "in", chunk).execute()
    }
  },
  erase: async (workspaceId, seqs) => {
    for (const chunk of chunks(seqs, 500)) {
      await db.deleteFrom("rejected_events").where("workspace_id", "=", workspaceId).where("seq", "in", chunk).execute()
    }
  }
})
