import type { EventKinds, EventPosition, EventRow, EventWrites } from "@kith/storage"
import { CompiledQuery, type Kysely, sql } from "kysely"
import { insertRows } from "../bulk-insert.js"
import { runCompiled } from "../compiled-once.js"
import type { KithDatabase } from "../schema/index.js"
import type { SqlDialectSpecifics } from "../sql-dialect.js"
import { unplannedParameter } from "../unplanned-parameter.js"
import { chunks, escapeLike, IDS_PER_QUERY, idsPerQuery, oneOf, oneOfBound } from "./sql-lists.js"

const eventColumns = ["message_id", "profile_id", "type", "name", "ts", "payload"] as const

// The statement of `ofProfileNewestFirst` for one shape: parameters in order are the workspace twice and the
// profile id, then the kinds (types, track names, track name prefixes as LIKE patterns) when given, then the
// position (timestamp twice, messageId) when given, then the limit (newestFirstParameters lists them). `next` names
// each parameter in turn, so a statement that holds this one as a subquery numbers its own after it.
export const newestFirstText = (dialect: SqlDialectSpecifics, only: EventKinds | undefined, before: boolean, next = parameterNamer(dialect)): string => {
  const list = (length: number) => Array.from({ length }, next).join(", ")
  let text =
    `select message_id, profile_id, type, name, ts, payload from events where workspace_id = ${next()} and profile_id = ` +
    `(select coalesce(p.merged_into, p.profile_id) from profiles p where p.workspace_id = ${next()} and p.profile_id = ${next()})`
  if (only !== undefined) {
    const types = only.types.length > 0 ? [`type in (${list(only.types.length)})`] : []
    const named = [
      ...(only.trackNames.length > 0 ? [`name in (${list(only.trackNames.length)})`] : []),
      ...only.trackNamePrefixes.map(() => `name like ${unplannedParameter(dialect, next())} escape '\\'`)
    ]
    const kinds = [...types, ...(named.length > 0 ? [`(type = 'track' and (${named.join(" or ")}))`] : [])]
    text += kinds.length > 0 ? ` and (${kinds.join(" or ")})` : " and 1 = 0"
  }
  if (before) text += ` and (ts < ${next()} or (ts = ${next()} and message_id < ${next()}))`
  return `${text} order by ts desc, message_id desc limit ${unplannedParameter(dialect, next())}`
}

// Names the parameters of one statement in turn (`?` on SQLite, `$1`, `$2` … on Postgres).
export const parameterNamer = (dialect: SqlDialectSpecifics): (() => string) => {
  let n = 0
  return () => dialect.parameter(n++)
}

// A newest-first statement's text for each shape (its kinds' list lengths and whether it starts at a position),
// built by `build` the first time that shape is asked for: building it on every page cost as much as running it.
export const textPerNewestFirstShape = (build: (only: EventKinds | undefined, before: boolean) => string) => {
  const texts = new Map<string, string>()
  return (only: EventKinds | undefined, before: boolean): string => {
    const shape = `${only === undefined ? "-" : `${only.types.length}.${only.trackNames.length}.${only.trackNamePrefixes.length}`}${before ? "<" : ""}`
    let text = texts.get(shape)
    if (text === undefined) {
      text = build(only, before)
      texts.set(shape, text)
    }
    return text
  }
}

// The parameters of newestFirstText, in its order.
export const newestFirstParameters = (workspaceId: string, profileId: string, before: EventPosition | undefined, limit: number, only: EventKinds | undefined): Array<unknown> => {
  const parameters: Array<unknown> = [workspaceId, workspaceId, profileId]
  if (only !== undefined) parameters.push(...only.types, ...only.trackNames, ...only.trackNamePrefixes.map((prefix) => `${escapeLike(prefix)}%`))
  if (before !== undefined) parameters.push(before.timestamp, before.timestamp, before.messageId)
  parameters.push(limit)
  return parameters
}

const eventTarget = { table: "events", columns: ["workspace_id", "message_id", "profile_id", "type", "name", "ts", "payload", "identity", "identity_source"] } as const

export const toEventRow = (r: { message_id: string; profile_id: string; type: string; name: string | null; ts: number | string | bigint; payload: string }): EventRow => ({
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
export const sqlEvents = (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics, onAppended: (rows: number) => void = () => undefined): EventWrites => {
  const newestFirstTextOf = textPerNewestFirstShape((only, before) => newestFirstText(dialect, only, before))
  return {
    existing: async (workspaceId, messageIds) => {
      const found = new Set<string>()
      for (const chunk of chunks(messageIds, idsPerQuery(dialect))) {
        const bound = oneOfBound(dialect, chunk)
        const { rows } = await runCompiled(
          db,
          `existing events ${bound.shape}`,
          () => db.selectFrom("events").select("message_id").where("workspace_id", "=", workspaceId).where(oneOf(dialect, "message_id", chunk)).compile(),
          [workspaceId, ...bound.parameters]
        )
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
    // id is resolved to its survivor by the same statement (a scalar subquery on the profile's key, run once). The
    // text is built once per shape (kinds, position) and sent as it is: building it with the query builder on
    // every page cost as much as running it.
    ofProfileNewestFirst: async (workspaceId, profileId, before, limit, only) => {
      const text = newestFirstTextOf(only, before !== undefined)
      const { rows } = await db.executeQuery<Parameters<typeof toEventRow>[0]>(CompiledQuery.raw(text, newestFirstParameters(workspaceId, profileId, before, limit, only)))
      return rows.map(toEventRow)
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
  }
}
