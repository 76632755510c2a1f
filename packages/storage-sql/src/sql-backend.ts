import type { BackendReader, BackendTransaction, EventRow, IdentifierRow, IdentityRecordRow, ProfileRow, StorageBackend } from "@kith/storage"
import { identifierKey, type LedgerDraft, type NormalizedIdentifier } from "@kith/identity"
import { type Kysely, type RawBuilder, type SqlBool, sql } from "kysely"
import { insertRows } from "./bulk-insert.js"
import type { KithDatabase } from "./schema.js"
import type { SqlDialectSpecifics } from "./sql-dialect.js"

// Both engines accept thousands of bound parameters; chunks keep each statement well under the limits.
const IDS_PER_QUERY = 500

const chunks = <A>(items: ReadonlyArray<A>, size: number): Array<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

// Ids per statement when the dialect binds a list as one array parameter.
const IDS_PER_ARRAY = 5_000

/**
 * `column` is one of `values`, as a condition: one array parameter where the
 * dialect binds arrays (a 500-parameter `IN` list cost Postgres a parse per
 * statement), an `IN` list elsewhere. With {@link idsPerQuery} for the chunks.
 */
const oneOf = (dialect: SqlDialectSpecifics, column: string, values: ReadonlyArray<string>): RawBuilder<SqlBool> =>
  dialect.arrayParameters === true ? sql<SqlBool>`${sql.ref(column)} = any(cast(${values} as text[]))` : sql<SqlBool>`${sql.ref(column)} in (${sql.join(values)})`

const idsPerQuery = (dialect: SqlDialectSpecifics): number => (dialect.arrayParameters === true ? IDS_PER_ARRAY : IDS_PER_QUERY)

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`)

const valuesByType = (identifiers: ReadonlyArray<NormalizedIdentifier>): Map<string, Array<string>> => {
  const byType = new Map<string, Array<string>>()
  for (const id of identifiers) {
    const values = byType.get(id.type)
    if (values === undefined) byType.set(id.type, [id.value])
    else values.push(id.value)
  }
  return byType
}

// Deletes a record pair of a constraint table whichever order it was stored in.
const deletePair = async (trx: Kysely<KithDatabase>, table: "do_not_merge" | "must_link", workspaceId: string, a: string, b: string): Promise<void> => {
  await trx
    .deleteFrom(table)
    .where("workspace_id", "=", workspaceId)
    .where((eb) => eb.or([eb.and([eb("record_a", "=", a), eb("record_b", "=", b)]), eb.and([eb("record_a", "=", b), eb("record_b", "=", a)])]))
    .execute()
}

// Record pairs of a constraint table (do_not_merge, must_link) naming any of these records, each pair once.
const recordPairs = async (
  db: Kysely<KithDatabase>,
  dialect: SqlDialectSpecifics,
  table: "do_not_merge" | "must_link",
  workspaceId: string,
  messageIds: ReadonlyArray<string>
): Promise<ReadonlyArray<readonly [string, string]>> => {
  const out: Array<readonly [string, string]> = []
  const seen = new Set<string>()
  for (const chunk of chunks(messageIds, idsPerQuery(dialect))) {
    const rows = await db
      .selectFrom(table)
      .select(["record_a", "record_b"])
      .where("workspace_id", "=", workspaceId)
      .where((eb) => eb.or([oneOf(dialect, "record_a", chunk), oneOf(dialect, "record_b", chunk)]))
      .execute()
    for (const r of rows) {
      const key = `${r.record_a}\u0000${r.record_b}`
      if (seen.has(key)) continue
      seen.add(key)
      out.push([r.record_a, r.record_b])
    }
  }
  return out
}

const toProfileRow = (r: {
  profile_id: string
  merged_into: string | null
  created_at: number | string | bigint
  traits: string
  summary: string
  search_text: string
  stage: string
  last_record_at: number | string | bigint
  isolated: number
}): ProfileRow => ({
  profileId: r.profile_id,
  mergedInto: r.merged_into,
  createdAt: Number(r.created_at),
  traits: r.traits,
  summary: r.summary,
  searchText: r.search_text,
  stage: r.stage,
  lastRecordAt: Number(r.last_record_at),
  isolated: r.isolated === 1
})

const toEventRow = (r: { message_id: string; profile_id: string; type: string; name: string | null; ts: number | string | bigint; payload: string }): EventRow => ({
  messageId: r.message_id,
  profileId: r.profile_id,
  type: r.type,
  name: r.name,
  timestamp: Number(r.ts),
  payload: r.payload
})

const profileColumns = ["profile_id", "merged_into", "created_at", "traits", "summary", "search_text", "stage", "last_record_at", "isolated"] as const
const eventColumns = ["message_id", "profile_id", "type", "name", "ts", "payload"] as const
const identityColumns = ["message_id", "ts", "profile_id", "identity", "identity_source"] as const

const identityRecordOf = (r: {
  message_id: string
  ts: number | string | bigint
  profile_id: string
  identity: string | null
  identity_source: string | null
}): IdentityRecordRow => ({
  messageId: r.message_id,
  timestamp: Number(r.ts),
  source: r.identity_source ?? "unknown",
  profileId: r.profile_id,
  identifiers: (JSON.parse(r.identity ?? "[]") as Array<[string, string]>).map(([type, value]) => ({ type, value }))
})

// The identity evidence kept on the event rows whose message or profile is one of `values` (events without any are
// not records).
const evidenceOf = async (
  db: Kysely<KithDatabase>,
  dialect: SqlDialectSpecifics,
  workspaceId: string,
  column: "message_id" | "profile_id",
  values: ReadonlyArray<string>
): Promise<Array<IdentityRecordRow>> => {
  const out: Array<IdentityRecordRow> = []
  for (const chunk of chunks(values, idsPerQuery(dialect))) {
    const rows = await db
      .selectFrom("events")
      .select(identityColumns)
      .where("workspace_id", "=", workspaceId)
      .where(oneOf(dialect, column, chunk))
      .where("identity", "is not", null)
      .execute()
    for (const r of rows) out.push(identityRecordOf(r))
  }
  return out
}

// Identifiers per lookup when a dialect binds them as two arrays (one statement, whatever the types).
const IDENTIFIERS_PER_ARRAY_QUERY = 1_000

/**
 * The rows of `identifiers` or `record_identifiers` in a workspace whose
 * (type, value) is one of `identifiers`, with the given columns; with
 * `onePerIdentifier`, at most one row per identifier (enough to know it is
 * there, however many records carry it). On a dialect with array parameters
 * it is one statement per thousand identifiers, probing the key for each
 * pair of `unnest` (a statement per identifier type cost Postgres a round
 * trip and a parse each); elsewhere one `IN` list per type, which SQLite
 * answers from the key in-process.
 */
const rowsByIdentifier = async <Column extends "type" | "value" | "profile_id" | "message_id">(
  db: Kysely<KithDatabase>,
  dialect: SqlDialectSpecifics,
  table: "identifiers" | "record_identifiers",
  columns: ReadonlyArray<Column>,
  workspaceId: string,
  identifiers: ReadonlyArray<NormalizedIdentifier>,
  onePerIdentifier = false
): Promise<Array<Record<Column, string>>> => {
  const out: Array<Record<Column, string>> = []
  const selected = sql.join(columns.map((c) => sql.ref(`t.${c}`)))
  if (dialect.arrayParameters === true) {
    // Each identifier once, so every engine returns the same rows for the same question.
    const unique = [...new Map(identifiers.map((i) => [identifierKey(i), i])).values()]
    for (const chunk of chunks(unique, IDENTIFIERS_PER_ARRAY_QUERY)) {
      const types = chunk.map((i) => i.type)
      const values = chunk.map((i) => i.value)
      // `offset 0` (or the limit) keeps the subquery a probe of the key per identifier: flattened into a join, a
      // planner whose statistics lag (a young table) hashes the whole workspace instead.
      const result = await sql<Record<Column, string>>`select ${selected}
        from unnest(cast(${types} as text[]), cast(${values} as text[])) as k(type, value)
        cross join lateral (select ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(table)}
          where workspace_id = ${workspaceId} and type = k.type and value = k.value ${sql.raw(onePerIdentifier ? "limit 1" : "offset 0")}) as t`.execute(db)
      out.push(...result.rows)
    }
    return out
  }
  for (const [type, values] of valuesByType(identifiers)) {
    for (const chunk of chunks(values, IDS_PER_QUERY)) {
      const result = await sql<Record<Column, string>>`select ${sql.raw(onePerIdentifier ? "distinct " : "")}${selected} from ${sql.table(table)} as t
        where t.workspace_id = ${workspaceId} and t.type = ${type} and t.value in (${sql.join(chunk)})`.execute(db)
      out.push(...result.rows)
    }
  }
  return out
}

const readerOn = (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics): BackendReader => ({
  workspace: async (workspaceId) => {
    const row = await db.selectFrom("workspaces").selectAll().where("workspace_id", "=", workspaceId).executeTakeFirst()
    return row === undefined ? undefined : { workspaceId: row.workspace_id, name: row.name, timeZone: row.time_zone }
  },
  existingMessageIds: async (workspaceId, messageIds) => {
    const found = new Set<string>()
    for (const chunk of chunks(messageIds, idsPerQuery(dialect))) {
      const rows = await db.selectFrom("events").select("message_id").where("workspace_id", "=", workspaceId).where(oneOf(dialect, "message_id", chunk)).execute()
      for (const r of rows) found.add(r.message_id)
    }
    return found
  },
  identifierOwners: async (workspaceId, identifiers) =>
    (await rowsByIdentifier(db, dialect, "identifiers", ["type", "value", "profile_id"], workspaceId, identifiers)).map((r) => ({
      type: r.type,
      value: r.value,
      profileId: r.profile_id
    })),
  profiles: async (workspaceId, profileIds) => {
    const out: Array<ProfileRow> = []
    for (const chunk of chunks(profileIds, idsPerQuery(dialect))) {
      const rows = await db.selectFrom("profiles").select(profileColumns).where("workspace_id", "=", workspaceId).where(oneOf(dialect, "profile_id", chunk)).execute()
      out.push(...rows.map(toProfileRow))
    }
    return out
  },
  mergedInto: async (workspaceId, profileId) =>
    (await db.selectFrom("profiles").select("profile_id").where("workspace_id", "=", workspaceId).where("merged_into", "=", profileId).execute()).map(
      (r) => r.profile_id
    ),
  identifiersOf: (workspaceId, profileId) => readerOn(db, dialect).identifiersOfProfiles(workspaceId, [profileId]),
  identifiersOfProfiles: async (workspaceId, profileIds) => {
    const out: Array<IdentifierRow> = []
    for (const chunk of chunks(profileIds, idsPerQuery(dialect))) {
      const rows = await db
        .selectFrom("identifiers")
        .select(["type", "value", "profile_id"])
        .where("workspace_id", "=", workspaceId)
        .where(oneOf(dialect, "profile_id", chunk))
        .execute()
      for (const r of rows) out.push({ type: r.type, value: r.value, profileId: r.profile_id })
    }
    return out
  },
  event: async (workspaceId, messageId) => {
    const row = await db.selectFrom("events").select(eventColumns).where("workspace_id", "=", workspaceId).where("message_id", "=", messageId).executeTakeFirst()
    return row === undefined ? undefined : toEventRow(row)
  },
  eventsOf: async (workspaceId, profileId, after, limit) => {
    let query = db.selectFrom("events").select(eventColumns).where("workspace_id", "=", workspaceId).where("profile_id", "=", profileId)
    if (after !== undefined) {
      query = query.where((eb) =>
        eb.or([eb("ts", ">", after.timestamp), eb.and([eb("ts", "=", after.timestamp), eb("message_id", ">", after.messageId)])])
      )
    }
    return (await query.orderBy("ts").orderBy("message_id").limit(limit).execute()).map(toEventRow)
  },
  countEvents: async (workspaceId) => {
    const row = await db.selectFrom("events").select((eb) => eb.fn.countAll<number | string>().as("n")).where("workspace_id", "=", workspaceId).executeTakeFirst()
    return Number(row?.n ?? 0)
  },
  listProfiles: async (workspaceId, filter) => {
    let query = db.selectFrom("profiles").select(profileColumns).where("workspace_id", "=", workspaceId).where("merged_into", "is", null)
    if (filter.afterId !== undefined) query = query.where("profile_id", ">", filter.afterId)
    if (filter.contains !== undefined) query = query.where(sql<boolean>`search_text like ${`%${escapeLike(filter.contains)}%`} escape '\\'`)
    if (filter.ids !== undefined) {
      if (filter.ids.length === 0) return []
      query = query.where("profile_id", "in", filter.ids)
    }
    if (filter.stage !== undefined) query = query.where("stage", "=", filter.stage)
    return (await query.orderBy("profile_id").limit(filter.limit).execute()).map(toProfileRow)
  },
  workspaceSummary: async (workspaceId) =>
    (await db.selectFrom("workspace_summaries").select("summary").where("workspace_id", "=", workspaceId).executeTakeFirst())?.summary,
  // Entries are stored a transaction per row: read chunks from the one holding `afterSeq + 1` on, until `limit`.
  ledger: async (workspaceId, afterSeq, limit) => {
    const out: Array<{ seq: number; entry: string }> = []
    let after = afterSeq
    while (out.length < limit) {
      const chunks = await db
        .selectFrom("ledger")
        .select(["seq", "last_seq", "entry"])
        .where("workspace_id", "=", workspaceId)
        .where("last_seq", ">", after)
        .orderBy("last_seq")
        .limit(LEDGER_CHUNKS_PER_READ)
        .execute()
      for (const chunk of chunks) {
        const entries = JSON.parse(chunk.entry) as Array<unknown>
        const first = Number(chunk.seq)
        entries.forEach((entry, i) => {
          if (first + i > after && out.length < limit) out.push({ seq: first + i, entry: JSON.stringify(entry) })
        })
        after = Number(chunk.last_seq)
      }
      if (chunks.length < LEDGER_CHUNKS_PER_READ) break
    }
    return out
  },
  keptApart: async (workspaceId, profileIds) => {
    if (profileIds.length === 0) return []
    const out: Array<readonly [string, string]> = []
    for (const chunk of chunks(profileIds, IDS_PER_QUERY)) {
      const rows = await db
        .selectFrom("kept_apart")
        .select(["profile_a", "profile_b"])
        .where("workspace_id", "=", workspaceId)
        .where((eb) => eb.or([eb("profile_a", "in", chunk), eb("profile_b", "in", chunk)]))
        .execute()
      for (const r of rows) out.push([r.profile_a, r.profile_b])
    }
    return out
  },
  // The records of the profiles holding an identifier (through `identifiers`), then those the unheld index lists;
  // each read uses its index (an OR of per-type conditions made SQLite scan).
  recordsHolding: async (workspaceId, identifiers) => {
    const reader = readerOn(db, dialect)
    const wanted = new Set(identifiers.map(identifierKey))
    const holders = [...new Set((await reader.identifierOwners(workspaceId, identifiers)).map((o) => o.profileId))]
    const out = new Map<string, IdentityRecordRow>()
    for (const r of holders.length === 0 ? [] : await reader.recordsOfProfiles(workspaceId, holders)) {
      if (r.identifiers.some((id) => wanted.has(identifierKey(id)))) out.set(r.messageId, r)
    }
    const indexed = new Set<string>()
    for (const r of await rowsByIdentifier(db, dialect, "record_identifiers", ["message_id"], workspaceId, identifiers)) {
      if (!out.has(r.message_id)) indexed.add(r.message_id)
    }
    for (const r of indexed.size === 0 ? [] : await reader.identityRecords(workspaceId, [...indexed])) out.set(r.messageId, r)
    return [...out.values()]
  },
  identityRecords: (workspaceId, messageIds) => evidenceOf(db, dialect, workspaceId, "message_id", messageIds),
  doNotMerge: (workspaceId, messageIds) => recordPairs(db, dialect, "do_not_merge", workspaceId, messageIds),
  mustLink: (workspaceId, messageIds) => recordPairs(db, dialect, "must_link", workspaceId, messageIds),
  recordsOfProfiles: (workspaceId, profileIds) => evidenceOf(db, dialect, workspaceId, "profile_id", profileIds),
  seenIdentifiers: async (workspaceId, identifiers) =>
    new Set((await rowsByIdentifier(db, dialect, "record_identifiers", ["type", "value"], workspaceId, identifiers, true)).map(identifierKey)),
  eventsById: async (workspaceId, messageIds) => {
    const out: Array<EventRow> = []
    for (const chunk of chunks(messageIds, idsPerQuery(dialect))) {
      const rows = await db.selectFrom("events").select(eventColumns).where("workspace_id", "=", workspaceId).where(oneOf(dialect, "message_id", chunk)).execute()
      out.push(...rows.map(toEventRow))
    }
    return out
  }
})

const eventTarget = { table: "events", columns: ["workspace_id", "message_id", "profile_id", "type", "name", "ts", "payload", "identity", "identity_source"] } as const
const profileTarget = {
  table: "profiles",
  columns: ["workspace_id", "profile_id", "merged_into", "created_at", "traits", "summary", "search_text", "stage", "last_record_at", "isolated"]
} as const
// The rows exist in the common case, so only the SET part runs: one multi-row upsert instead of an UPDATE per profile.
const profileUpsertTarget = {
  ...profileTarget,
  onConflict:
    "on conflict (workspace_id, profile_id) do update set merged_into = null, created_at = excluded.created_at, traits = excluded.traits, " +
    "summary = excluded.summary, search_text = excluded.search_text, stage = excluded.stage, last_record_at = excluded.last_record_at, isolated = excluded.isolated"
} as const
const steadyProfileUpsertTarget = {
  ...profileTarget,
  onConflict:
    "on conflict (workspace_id, profile_id) do update set created_at = excluded.created_at, traits = excluded.traits, " +
    "summary = excluded.summary, search_text = excluded.search_text, last_record_at = excluded.last_record_at, isolated = excluded.isolated"
} as const
const identifierTarget = { table: "identifiers", columns: ["workspace_id", "type", "value", "profile_id"] } as const
const recordIdentifierTarget = { table: "record_identifiers", columns: ["workspace_id", "message_id", "ord", "type", "value", "ts", "source"] } as const
// Ledger rows read per query while paging (each holds one transaction's entries).
const LEDGER_CHUNKS_PER_READ = 50

const profileValues = (workspaceId: string, r: ProfileRow, mergedInto: string | null): Array<unknown> => [
  workspaceId,
  r.profileId,
  mergedInto,
  r.createdAt,
  r.traits,
  r.summary,
  r.searchText,
  r.stage,
  r.lastRecordAt,
  r.isolated ? 1 : 0
]

const transactionOn = (trx: Kysely<KithDatabase>, dialect: SqlDialectSpecifics, written: { events: number }): BackendTransaction => ({
  ...readerOn(trx, dialect),
  insertWorkspace: async (row) => {
    await trx.insertInto("workspaces").values({ workspace_id: row.workspaceId, name: row.name, time_zone: row.timeZone }).execute()
  },
  insertEvents: (workspaceId, rows) => {
    written.events += rows.length
    return insertRows(
      trx,
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
  insertProfiles: (workspaceId, rows) => insertRows(trx, dialect, profileTarget, rows.map((r) => profileValues(workspaceId, r, r.mergedInto))),
  // Most rows keep their stage and were not merged away: their upsert leaves both columns, and so the stage and
  // survivor indexes, alone (SQLite rewrites the entries of every index on an assigned column: measured 35–45%
  // of the upsert). The others, and rows not read before, take the full upsert.
  updateProfiles: async (workspaceId, rows, before) => {
    const steady: Array<Array<unknown>> = []
    const full: Array<Array<unknown>> = []
    for (const r of rows) {
      const old = before?.get(r.profileId)
      ;(old !== undefined && old.mergedInto === null && old.stage === r.stage ? steady : full).push(profileValues(workspaceId, r, null))
    }
    await insertRows(trx, dialect, steadyProfileUpsertTarget, steady)
    await insertRows(trx, dialect, profileUpsertTarget, full)
  },
  insertIdentifiers: (workspaceId, rows) => insertRows(trx, dialect, identifierTarget, rows.map((r) => [workspaceId, r.type, r.value, r.profileId])),
  // One statement per table for all merges of a batch: `case` maps each merged-away id to its survivor.
  mergeProfiles: async (workspaceId, merges) => {
    const target = new Map<string, string>()
    for (const { from, into } of merges) for (const f of from) target.set(f, into)
    for (const chunk of chunks([...target], IDS_PER_QUERY / 2)) {
      const ids = chunk.map(([from]) => from)
      const survivorOf = (column: "profile_id" | "merged_into") =>
        sql<string>`case ${sql.ref(column)} ${sql.join(
          chunk.map(([from, into]) => sql`when ${from} then ${into}`),
          sql` `
        )} end`
      // Several profiles may hold one identifier: copy to the survivor (once), then drop the merged-away rows.
      await trx
        .insertInto("identifiers")
        .columns(["workspace_id", "type", "value", "profile_id"])
        .expression(
          trx
            .selectFrom("identifiers")
            .select((eb) => [eb.ref("workspace_id").as("workspace_id"), eb.ref("type").as("type"), eb.ref("value").as("value"), survivorOf("profile_id").as("profile_id")])
            .where("workspace_id", "=", workspaceId)
            .where("profile_id", "in", ids)
        )
        .onConflict((oc) => oc.doNothing())
        .execute()
      await trx.deleteFrom("identifiers").where("workspace_id", "=", workspaceId).where("profile_id", "in", ids).execute()
      await trx.updateTable("events").set({ profile_id: survivorOf("profile_id") }).where("workspace_id", "=", workspaceId).where("profile_id", "in", ids).execute()
      // Two statements rather than one OR, so each uses its index (the primary key, profiles_by_survivor).
      await trx.updateTable("profiles").set({ merged_into: survivorOf("merged_into") }).where("workspace_id", "=", workspaceId).where("merged_into", "in", ids).execute()
      await trx.updateTable("profiles").set({ merged_into: survivorOf("profile_id") }).where("workspace_id", "=", workspaceId).where("profile_id", "in", ids).execute()
      const pairs = await trx
        .selectFrom("kept_apart")
        .select(["profile_a", "profile_b"])
        .where("workspace_id", "=", workspaceId)
        .where((eb) => eb.or([eb("profile_a", "in", ids), eb("profile_b", "in", ids)]))
        .execute()
      if (pairs.length > 0) {
        await trx
          .deleteFrom("kept_apart")
          .where("workspace_id", "=", workspaceId)
          .where((eb) => eb.or([eb("profile_a", "in", ids), eb("profile_b", "in", ids)]))
          .execute()
        await trx
          .insertInto("kept_apart")
          .values(
            pairs.map((p) => ({
              workspace_id: workspaceId,
              profile_a: target.get(p.profile_a) ?? p.profile_a,
              profile_b: target.get(p.profile_b) ?? p.profile_b
            }))
          )
          .onConflict((oc) => oc.doNothing())
          .execute()
      }
    }
  },
  moveToProfile: async (workspaceId, into, identifiers: ReadonlyArray<NormalizedIdentifier>, messageIds) => {
    for (const id of identifiers) {
      await trx.deleteFrom("identifiers").where("workspace_id", "=", workspaceId).where("type", "=", id.type).where("value", "=", id.value).execute()
      await trx.insertInto("identifiers").values({ workspace_id: workspaceId, type: id.type, value: id.value, profile_id: into }).execute()
    }
    for (const chunk of chunks(messageIds, IDS_PER_QUERY)) {
      await trx.updateTable("events").set({ profile_id: into }).where("workspace_id", "=", workspaceId).where("message_id", "in", chunk).execute()
    }
  },
  indexUnheldIdentifiers: (workspaceId, rows) =>
    insertRows(
      trx,
      dialect,
      { ...recordIdentifierTarget, onConflict: "on conflict do nothing" },
      rows.map((r) => [workspaceId, r.messageId, r.ord, r.identifier.type, r.identifier.value, r.timestamp, r.source])
    ),
  // Writes only the difference: a record attaching to a profile usually changes none of its identifiers.
  replaceIdentifiers: async (workspaceId, profileIds, rows) => {
    const keyOf = (type: string, value: string, profileId: string): string => `${type}\u0000${value}\u0000${profileId}`
    const existing = new Map<string, IdentifierRow>()
    for (const r of await readerOn(trx, dialect).identifiersOfProfiles(workspaceId, profileIds)) existing.set(keyOf(r.type, r.value, r.profileId), r)
    const wanted = new Set(rows.map((r) => keyOf(r.type, r.value, r.profileId)))
    const kept = new Map<string, number>()
    const gone = new Map<string, Array<IdentifierRow>>()
    for (const [key, row] of existing) {
      if (wanted.has(key)) kept.set(row.profileId, (kept.get(row.profileId) ?? 0) + 1)
      else gone.set(row.profileId, [...(gone.get(row.profileId) ?? []), row])
    }
    const wholeProfiles = [...gone.keys()].filter((p) => !kept.has(p))
    for (const chunk of chunks(wholeProfiles, idsPerQuery(dialect))) {
      await trx.deleteFrom("identifiers").where("workspace_id", "=", workspaceId).where(oneOf(dialect, "profile_id", chunk)).execute()
    }
    for (const [profileId, list] of gone) {
      if (!kept.has(profileId)) continue
      for (const r of list) {
        await trx.deleteFrom("identifiers").where("workspace_id", "=", workspaceId).where("profile_id", "=", profileId).where("type", "=", r.type).where("value", "=", r.value).execute()
      }
    }
    const added = rows.filter((r) => !existing.has(keyOf(r.type, r.value, r.profileId)))
    await insertRows(trx, dialect, { ...identifierTarget, onConflict: "on conflict do nothing" }, added.map((r) => [workspaceId, r.type, r.value, r.profileId]))
  },
  insertDoNotMerge: async (workspaceId, a, b) => {
    await trx.insertInto("do_not_merge").values({ workspace_id: workspaceId, record_a: a, record_b: b }).onConflict((oc) => oc.doNothing()).execute()
  },
  deleteDoNotMerge: (workspaceId, a, b) => deletePair(trx, "do_not_merge", workspaceId, a, b),
  deleteMustLink: (workspaceId, a, b) => deletePair(trx, "must_link", workspaceId, a, b),
  insertMustLink: async (workspaceId, a, b) => {
    await trx.insertInto("must_link").values({ workspace_id: workspaceId, record_a: a, record_b: b }).onConflict((oc) => oc.doNothing()).execute()
  },
  writeWorkspaceSummary: async (workspaceId, summary) => {
    await trx
      .insertInto("workspace_summaries")
      .values({ workspace_id: workspaceId, summary })
      .onConflict((oc) => oc.column("workspace_id").doUpdateSet({ summary }))
      .execute()
  },
  insertKeptApart: async (workspaceId, a, b) => {
    await trx.insertInto("kept_apart").values({ workspace_id: workspaceId, profile_a: a, profile_b: b }).onConflict((oc) => oc.doNothing()).execute()
  },
  // One statement numbers and writes the transaction's entries (the workspace lock keeps `max` stable).
  appendLedger: async (workspaceId, entries: ReadonlyArray<LedgerDraft>) => {
    if (entries.length === 0) return
    await sql`insert into ledger (workspace_id, seq, last_seq, entry)
      select cast(${workspaceId} as text), coalesce(max(last_seq), 0) + 1, coalesce(max(last_seq), 0) + cast(${entries.length} as bigint),
        cast(${JSON.stringify(entries)} as text)
      from ledger where workspace_id = ${workspaceId}`.execute(trx)
  }
})

/**
 * The storage backend over any Kysely database holding the kith schema:
 * the repositories both SQL dialects share. Each write runs in one database
 * transaction that first takes the dialect's workspace lock, so a failed
 * batch leaves nothing and concurrent writers of a workspace never interleave
 * (STO-3); unique keys (workspace_id, message_id) and (workspace_id, type,
 * value) back that up.
 *
 * @param db - Kysely over the kith schema (migrated: see {@link migrateToLatest})
 * @param dialect - the dialect's specifics
 * @returns a {@link StorageBackend} for `storageLayer`
 *
 * @example
 * ```ts
 * const backend = makeSqlBackend(db, sqliteSpecifics)
 * const layer = storageLayer(backend)
 * ```
 */
export const makeSqlBackend = (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics): StorageBackend => ({
  read: readerOn(db, dialect),
  transaction: async (workspaceId, work) => {
    const written = { events: 0 }
    const result = await db.transaction().execute(async (trx) => {
      await dialect.lockWorkspace(trx, workspaceId)
      return work(transactionOn(trx, dialect, written))
    })
    // The write stands whatever the hook does: its failure must not report a committed batch as failed.
    if (written.events > 0 && dialect.afterCommit !== undefined) await dialect.afterCommit(db, written.events).catch(() => undefined)
    return result
  },
  close: () => db.destroy()
})
