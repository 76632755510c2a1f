import type { EventRow, EventWrites } from "@kith/storage"
import { type Kysely, sql } from "kysely"
import { insertRows } from "../bulk-insert.js"
import type { KithDatabase } from "../schema/index.js"
import type { SqlDialectSpecifics } from "../sql-dialect.js"
import { chunks, escapeLike, IDS_PER_QUERY, idsPerQuery, oneOf } from "./sql-lists.js"

const eventColumns = ["message_id", "profile_id", "type", "name", "ts", "payload"] as const
const eventTarget = { table: "events", columns: ["workspace_id", "message_id", "profile_id", "type", "name", "ts", "payload", "identity", "identity_source"] } as const

const toEventRow = (r: { message_id: string; profile_id: string; type: string; name: string | null; ts: number | string | bigint; payload: string }): EventRow => ({
  messageId: r.message_id,
  profileId: r.profile_id,
  type: r.type,
  name: r.name,
  timestamp: Number(r.ts),
  payload: r.payload
})

/**
 * Raw events on SQL (`events`): each row keeps the event's JSON and its
 * identity evidence (identifiers and source), which the identity graph
 * repository reads as records. `onAppended` counts the rows a transaction
 * appends (the dialect's `afterCommit` hook takes the total).
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3"
 * import { Kysely, SqliteDialect } from "kysely"
 *
 * const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
 * await migrateToLatest(db)
 * const sqlite: SqlDialectSpecifics = { name: "sqlite", parameter: () => "?", lockWorkspace: async () => {}, lockMigrations: async () => {} }
 * await sqlEvents(db, sqlite).count("shop-1") // => 0
 * await db.destroy()
 * ```
 */
export const sqlEvents = (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics, onAppended: (rows: number) => void = () => undefined): EventWrites => ({
  existing: async (workspaceId, messageIds) => {
    const found = new Set<string>()
    for (const chunk of chunks(messageIds, idsPerQuery(dialect))) {
      const rows = await db.selectFrom("events").select("message_id").where("workspace_id", "=", workspaceId).where(oneOf(dialect, "message_id", chunk)).execute()
      for (const r of rows) found.add(r.message_id)
    }
    return found
  },
  get: async (workspaceId, messageId) => {
    const row = await db.selectFrom("events").select(eventColumns).where("workspace_id", "=", workspaceId).where("message_id", "=", messageId).executeTakeFirst()
    return row === undefined ? undefined : toEventRow(row)
  },
  byIds: async (workspaceId, messageIds) => {
    const out: Array<EventRow> = []
    for (const chunk of chunks(messageIds, idsPerQuery(dialect))) {
      const rows = await db.selectFrom("events").select(eventColumns).where("workspace_id", "=", workspaceId).where(oneOf(dialect, "message_id", chunk)).execute()
      out.push(...rows.map(toEventRow))
    }
    return out
  },
  ofProfile: async (workspaceId, profileId, after, limit) => {
    let query = db.selectFrom("events").select(eventColumns).where("workspace_id", "=", workspaceId).where("profile_id", "=", profileId)
    if (after !== undefined) {
      query = query.where((eb) =>
        eb.or([eb("ts", ">", after.timestamp), eb.and([eb("ts", "=", after.timestamp), eb("message_id", ">", after.messageId)])])
      )
    }
    return (await query.orderBy("ts").orderBy("message_id").limit(limit).execute()).map(toEventRow)
  },
  // Walks events_by_profile backwards: the newest `limit` rows are read, not the history before them. A merged-away
  // id is resolved to its survivor by the same statement (a scalar subquery on the profile's key, run once).
  ofProfileNewestFirst: async (workspaceId, profileId, before, limit, only) => {
    const live = sql<string>`(select coalesce(p.merged_into, p.profile_id) from profiles p where p.workspace_id = ${workspaceId} and p.profile_id = ${profileId})`
    let query = db.selectFrom("events").select(eventColumns).where("workspace_id", "=", workspaceId).where("profile_id", "=", live)
    if (only !== undefined) {
      const named = [
        ...(only.trackNames.length > 0 ? [sql<boolean>`name in (${sql.join(only.trackNames)})`] : []),
        ...only.trackNamePrefixes.map((prefix) => sql<boolean>`name like ${`${escapeLike(prefix)}%`} escape '\\'`)
      ]
      const kinds = [
        ...(only.types.length > 0 ? [sql<boolean>`type in (${sql.join(only.types)})`] : []),
        ...(named.length > 0 ? [sql<boolean>`(type = 'track' and (${sql.join(named, sql` or `)}))`] : [])
      ]
      query = query.where(kinds.length > 0 ? sql<boolean>`(${sql.join(kinds, sql` or `)})` : sql<boolean>`1 = 0`)
    }
    if (before !== undefined) {
      query = query.where((eb) =>
        eb.or([eb("ts", "<", before.timestamp), eb.and([eb("ts", "=", before.timestamp), eb("message_id", "<", before.messageId)])])
      )
    }
    return (await query.orderBy("ts", "desc").orderBy("message_id", "desc").limit(limit).execute()).map(toEventRow)
  },
  scan: async (workspaceId, afterMessageId, limit) => {
    let query = db.selectFrom("events").select(eventColumns).where("workspace_id", "=", workspaceId)
    if (afterMessageId !== undefined) query = query.where("message_id", ">", afterMessageId)
    return (await query.orderBy("message_id").limit(limit).execute()).map(toEventRow)
  },
  count: async (workspaceId) => {
    const row = await db.selectFrom("events").select((eb) => eb.fn.countAll<number | string>().as("n")).where("workspace_id", "=", workspaceId).executeTakeFirst()
    return Number(row?.n ?? 0)
  },
  insert: (workspaceId, rows) => {
    onAppended(rows.length)
    return insertRows(
      db,
      dialect,
      eventTarget,
      rows.map((r) => {
        const evidence = r.identity === undefined || r.identity.identifiers.length === 0 ? null : r.identity
        return [
          workspaceId,
          r.messageId,
          r.profileId,
          r.type,
          r.name,
          r.timestamp,
          r.payload,
          evidence === null ? null : JSON.stringify(evidence.identifiers.map((i) => [i.type, i.value])),
          evidence === null ? null : evidence.source
        ]
      })
    )
  },
  // One statement per chunk of merges: `case` maps each merged-away id to its survivor.
  followMerges: async (workspaceId, merges) => {
    for (const chunk of chunks([...merges], IDS_PER_QUERY / 2)) {
      const survivor = sql<string>`case profile_id ${sql.join(
        chunk.map(([from, into]) => sql`when ${from} then ${into}`),
        sql` `
      )} end`
      await db
        .updateTable("events")
        .set({ profile_id: survivor })
        .where("workspace_id", "=", workspaceId)
        .where(
          "profile_id",
          "in",
          chunk.map(([from]) => from)
        )
        .execute()
    }
  },
  move: async (workspaceId, into, messageIds) => {
    for (const chunk of chunks(messageIds, IDS_PER_QUERY)) {
      await db.updateTable("events").set({ profile_id: into }).where("workspace_id", "=", workspaceId).where("message_id", "in", chunk).execute()
    }
  },
  // The event's time is its identity record's time too: the unheld identifiers it carries are indexed with it.
  replace: async (workspaceId, { messageId, type, name, timestamp, payload }) => {
    await db.updateTable("events").set({ type, name, ts: timestamp, payload }).where("workspace_id", "=", workspaceId).where("message_id", "=", messageId).execute()
    await db.updateTable("record_identifiers").set({ ts: timestamp }).where("workspace_id", "=", workspaceId).where("message_id", "=", messageId).execute()
  }
})
