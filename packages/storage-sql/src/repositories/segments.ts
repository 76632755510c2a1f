import type { SegmentDueRow, SegmentHistoryRow, SegmentMemberRow, SegmentRow, SegmentWrites } from "@kith/storage"
import { CompiledQuery, type Kysely, type Selectable } from "kysely"
import type { KithDatabase } from "../schema/index.js"
import type { SegmentDueTable, SegmentHistoryTable, SegmentMembersTable, SegmentsTable } from "../schema/segments.js"
import type { SqlDialectSpecifics } from "../sql-dialect.js"
import { type InsertTarget, insertRows } from "../bulk-insert.js"
import { chunks, idsPerQuery, oneOf } from "./sql-lists.js"

// Written as text statements of bound parameters (insertRows): a first refresh writes a row per member, a history
// row per entry and a schedule entry per profile, hundreds of thousands, where a query builder's tree per statement
// cost more than the rows. Where the driver binds arrays (Postgres), each column is one array parameter instead:
// a thousand rows of bound values cost the server more to parse and bind than to write.
interface ColumnsTarget extends InsertTarget {
  // Each column's SQL type, for its array parameter.
  readonly types: ReadonlyArray<string>
}
const membersTarget: ColumnsTarget = {
  table: "segment_members",
  columns: ["workspace_id", "segment_id", "profile_id", "entered_at", "version"],
  types: ["text", "text", "text", "bigint", "integer"]
}
const historyTarget: ColumnsTarget = {
  table: "segment_history",
  columns: ["workspace_id", "seq", "segment_id", "profile_id", "change", "at", "version"],
  types: ["text", "bigint", "text", "text", "text", "bigint", "integer"]
}
const dueTarget: ColumnsTarget = { table: "segment_due", columns: ["workspace_id", "segment_id", "profile_id", "due_at"], types: ["text", "text", "text", "bigint"] }

// Rows per statement of array parameters.
const ROWS_PER_ARRAYS = 10_000

// A column holding one value in every row of a statement (the workspace, the segment, its version) is bound once:
// as an array it was a copy of the value per row for the driver to quote and the server to parse.
const arrayInsert = (dialect: SqlDialectSpecifics, target: ColumnsTarget, columns: ReadonlyArray<ReadonlyArray<unknown>>): CompiledQuery => {
  const constant = columns.map((values) => values.length > 1 && values.every((v) => v === values[0]))
  if (constant.every(Boolean)) constant.fill(false)
  const parameters: Array<unknown> = []
  const selected: Array<string> = []
  const unnested: Array<string> = []
  columns.forEach((values, c) => {
    const type = target.types[c]!
    if (constant[c]) {
      selected.push(`${dialect.parameter(parameters.length)}::${type}`)
      parameters.push(values[0])
    } else {
      selected.push(`u.c${c}`)
      unnested.push(`${dialect.parameter(parameters.length)}::${type}[]`)
      parameters.push(values)
    }
  })
  const names = columns.flatMap((_, c) => (constant[c] ? [] : [`c${c}`]))
  return CompiledQuery.raw(`insert into ${target.table} (${target.columns.join(", ")}) select ${selected.join(", ")} from unnest(${unnested.join(", ")}) as u(${names.join(", ")})`, parameters)
}

const insertAll = async (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics, target: ColumnsTarget, rows: ReadonlyArray<ReadonlyArray<unknown>>): Promise<void> => {
  if (dialect.arrayParameters !== true) return insertRows(db, dialect, target, rows)
  for (let start = 0; start < rows.length; start += ROWS_PER_ARRAYS) {
    const columns: Array<Array<unknown>> = target.columns.map(() => [])
    for (let r = start; r < Math.min(rows.length, start + ROWS_PER_ARRAYS); r++) {
      const row = rows[r]!
      for (let c = 0; c < columns.length; c++) columns[c]!.push(row[c])
    }
    await db.executeQuery(arrayInsert(dialect, target, columns))
  }
}

const toSegment = (r: Selectable<SegmentsTable>): SegmentRow => ({
  segmentId: r.segment_id,
  name: r.name,
  rule: r.rule,
  version: Number(r.version),
  createdBy: r.created_by,
  createdAt: Number(r.created_at),
  updatedBy: r.updated_by,
  updatedAt: Number(r.updated_at)
})

const toMember = (r: Pick<Selectable<SegmentMembersTable>, "segment_id" | "profile_id" | "entered_at" | "version">): SegmentMemberRow => ({
  segmentId: r.segment_id,
  profileId: r.profile_id,
  enteredAt: Number(r.entered_at),
  version: Number(r.version)
})

const toHistory = (r: Selectable<SegmentHistoryTable>): SegmentHistoryRow => ({
  seq: Number(r.seq),
  segmentId: r.segment_id,
  profileId: r.profile_id,
  change: r.change as SegmentHistoryRow["change"],
  at: Number(r.at),
  version: Number(r.version)
})

const toDue = (r: Pick<Selectable<SegmentDueTable>, "segment_id" | "profile_id" | "due_at">): SegmentDueRow => ({
  segmentId: r.segment_id,
  profileId: r.profile_id,
  dueAt: Number(r.due_at)
})

const memberColumns = ["segment_id", "profile_id", "entered_at", "version"] as const

const insertDue = (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics, workspaceId: string, rows: ReadonlyArray<SegmentDueRow>) =>
  insertAll(db, dialect, dueTarget, rows.map((r) => [workspaceId, r.segmentId, r.profileId, r.dueAt]))

/**
 * Stored segments and membership on SQL (`segments`, `segment_members`,
 * `segment_history`, `segment_due`). Lists of ids are bound as parameters,
 * chunked.
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3"
 * import { Kysely, SqliteDialect } from "kysely"
 *
 * const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
 * await migrateToLatest(db)
 * const sqlite: SqlDialectSpecifics = { name: "sqlite", parameter: () => "?", lockWorkspace: async () => {}, lockMigrations: async () => {} }
 * await sqlSegments(db, sqlite).count("shop-1", "seg-vip") // => 0
 * await db.destroy()
 * ```
 */
export const sqlSegments = (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics): SegmentWrites => ({
  segment: async (workspaceId, segmentId) => {
    const row = await db.selectFrom("segments").selectAll().where("workspace_id", "=", workspaceId).where("segment_id", "=", segmentId).executeTakeFirst()
    return row === undefined ? undefined : toSegment(row)
  },
  segments: async (workspaceId) => (await db.selectFrom("segments").selectAll().where("workspace_id", "=", workspaceId).orderBy("segment_id").execute()).map(toSegment),
  members: async (workspaceId, segmentId, page) => {
    let query = db.selectFrom("segment_members").select(memberColumns).where("workspace_id", "=", workspaceId).where("segment_id", "=", segmentId)
    if (page.after !== undefined) query = query.where("profile_id", ">", page.after)
    return (await query.orderBy("profile_id").limit(page.limit).execute()).map(toMember)
  },
  memberIdsAmong: async (workspaceId, segmentId, profileIds) => {
    // By the primary key alone (an index-only read): a refresh of a large segment reads every member's id.
    const query = db.selectFrom("segment_members").select("profile_id").where("workspace_id", "=", workspaceId).where("segment_id", "=", segmentId)
    if (profileIds === undefined) return (await query.execute()).map((r) => r.profile_id)
    const out: Array<string> = []
    for (const chunk of chunks([...new Set(profileIds)], idsPerQuery(dialect))) for (const r of await query.where(oneOf(dialect, "profile_id", chunk)).execute()) out.push(r.profile_id)
    return out
  },
  count: async (workspaceId, segmentId) => {
    const row = await db
      .selectFrom("segment_members")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("workspace_id", "=", workspaceId)
      .where("segment_id", "=", segmentId)
      .executeTakeFirstOrThrow()
    return Number(row.n)
  },
  ofProfile: async (workspaceId, profileId) =>
    (await db.selectFrom("segment_members").select(memberColumns).where("workspace_id", "=", workspaceId).where("profile_id", "=", profileId).orderBy("segment_id").execute()).map(
      toMember
    ),
  history: async (workspaceId, profileId) =>
    (await db.selectFrom("segment_history").selectAll().where("workspace_id", "=", workspaceId).where("profile_id", "=", profileId).orderBy("seq").execute()).map(toHistory),
  due: async (workspaceId, now, limit) =>
    (
      await db
        .selectFrom("segment_due")
        .select(["segment_id", "profile_id", "due_at"])
        .where("workspace_id", "=", workspaceId)
        .where("due_at", "<=", now)
        .orderBy("due_at")
        .orderBy("segment_id")
        .orderBy("profile_id")
        .limit(limit)
        .execute()
    ).map(toDue),
  lastSeq: async (workspaceId) => {
    const row = await db
      .selectFrom("segment_history")
      .select((eb) => eb.fn.max("seq").as("seq"))
      .where("workspace_id", "=", workspaceId)
      .executeTakeFirst()
    return row?.seq === null || row?.seq === undefined ? 0 : Number(row.seq)
  },
  scheduledFrom: async (workspaceId, segmentId) => {
    const row = await db.selectFrom("segments").select("scheduled_from").where("workspace_id", "=", workspaceId).where("segment_id", "=", segmentId).executeTakeFirst()
    return row?.scheduled_from === null || row?.scheduled_from === undefined ? null : Number(row.scheduled_from)
  },
  dueIn: async (workspaceId, segmentId, now) =>
    // By the (workspace, instant) index: what has come due since the last refresh is a small part of the schedule.
    (
      await db
        .selectFrom("segment_due")
        .select("profile_id")
        .where("workspace_id", "=", workspaceId)
        .where("due_at", "<=", now)
        .where("segment_id", "=", segmentId)
        .execute()
    )
      .map((r) => r.profile_id)
      .sort(),
  setScheduledFrom: async (workspaceId, segmentId, at) => {
    await db.updateTable("segments").set({ scheduled_from: at }).where("workspace_id", "=", workspaceId).where("segment_id", "=", segmentId).execute()
  },
  putSegment: async (workspaceId, row) => {
    const values = {
      name: row.name,
      rule: row.rule,
      version: row.version,
      created_by: row.createdBy,
      created_at: row.createdAt,
      updated_by: row.updatedBy,
      updated_at: row.updatedAt
    }
    await db
      .insertInto("segments")
      .values({ workspace_id: workspaceId, segment_id: row.segmentId, ...values })
      .onConflict((oc) => oc.columns(["workspace_id", "segment_id"]).doUpdateSet(values))
      .execute()
  },
  deleteSegment: async (workspaceId, segmentId) => {
    for (const table of ["segments", "segment_members", "segment_due"] as const) {
      await db.deleteFrom(table).where("workspace_id", "=", workspaceId).where("segment_id", "=", segmentId).execute()
    }
  },
  insertMembers: async (workspaceId, rows) => {
    await insertAll(db, dialect, membersTarget, rows.map((r) => [workspaceId, r.segmentId, r.profileId, r.enteredAt, r.version]))
  },
  deleteMembers: async (workspaceId, segmentId, profileIds) => {
    for (const chunk of chunks(profileIds, idsPerQuery(dialect))) {
      await db.deleteFrom("segment_members").where("workspace_id", "=", workspaceId).where("segment_id", "=", segmentId).where(oneOf(dialect, "profile_id", chunk)).execute()
    }
  },
  appendHistory: async (workspaceId, rows) => {
    await insertAll(db, dialect, historyTarget, rows.map((r) => [workspaceId, r.seq, r.segmentId, r.profileId, r.change, r.at, r.version]))
  },
  replaceDue: async (workspaceId, segmentId, profileIds, rows) => {
    const scoped = db.deleteFrom("segment_due").where("workspace_id", "=", workspaceId).where("segment_id", "=", segmentId)
    if (profileIds === "all") await scoped.execute()
    else for (const chunk of chunks(profileIds, idsPerQuery(dialect))) await scoped.where(oneOf(dialect, "profile_id", chunk)).execute()
    await insertDue(db, dialect, workspaceId, rows)
  },
  replaceDueBetween: async (workspaceId, segmentId, range, rows) => {
    // Only the entries that differ are written: a refresh at a later instant leaves most profiles' next change as it was.
    let scoped = db.selectFrom("segment_due").select(["profile_id", "due_at"]).where("workspace_id", "=", workspaceId).where("segment_id", "=", segmentId)
    if (range.after !== undefined) scoped = scoped.where("profile_id", ">", range.after)
    if (range.through !== undefined) scoped = scoped.where("profile_id", "<=", range.through)
    const held = new Map((await scoped.execute()).map((r) => [r.profile_id, Number(r.due_at)]))
    const wanted = new Set<string>()
    const written: Array<SegmentDueRow> = []
    for (const row of rows) {
      wanted.add(row.profileId)
      if (held.get(row.profileId) !== row.dueAt) written.push(row)
    }
    const gone = [...held.keys()].filter((p) => !wanted.has(p))
    const moved = written.filter((r) => held.has(r.profileId)).map((r) => r.profileId)
    for (const chunk of chunks([...gone, ...moved], idsPerQuery(dialect))) {
      await db.deleteFrom("segment_due").where("workspace_id", "=", workspaceId).where("segment_id", "=", segmentId).where(oneOf(dialect, "profile_id", chunk)).execute()
    }
    await insertDue(db, dialect, workspaceId, written)
  },
  eraseProfiles: async (workspaceId, profileIds) => {
    for (const chunk of chunks(profileIds, idsPerQuery(dialect))) {
      for (const table of ["segment_members", "segment_history"] as const) {
        await db.deleteFrom(table).where("workspace_id", "=", workspaceId).where(oneOf(dialect, "profile_id", chunk)).execute()
      }
      // The schedule has no index by profile (schedule writes would pay for it): its entries are reached through the
      // primary key, segment by segment of the workspace (each segment's schedule rows are deleted with it).
      await db
        .deleteFrom("segment_due")
        .where("workspace_id", "=", workspaceId)
        .where("segment_id", "in", db.selectFrom("segments").select("segment_id").where("workspace_id", "=", workspaceId))
        .where(oneOf(dialect, "profile_id", chunk))
        .execute()
    }
  }
})
