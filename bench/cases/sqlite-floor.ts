import type { WorkspaceId } from "@kith/core"
import Database from "better-sqlite3"
import { type Row, SEGMENT_TABLES, type StoredWorkspace } from "./stored-rows.js"

// The columns of a table, in the order its rows were read.
const columnsOf = (db: Database.Database, table: string): Array<string> =>
  (db.prepare(`select name from pragma_table_info('${table}')`).all() as Array<{ name: string }>).map((c) => c.name)

const insertText = (table: string, columns: ReadonlyArray<string>, tail = ""): string =>
  `insert into ${table} (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")}) ${tail}`

/**
 * The floor of a kith ingestion on SQLite: the rows a kith ingestion of
 * `stored.events` wrote, written again with raw better-sqlite3 statements and
 * no logic, into kith's own schema on a fresh `:memory:` database, one
 * transaction per `batch` events.
 *
 * Per batch, with prepared one-row statements (the raw-insert baseline's
 * style; the event rows written 100 to a statement instead were not
 * consistently faster, alternating in one process: medians 4.93 against
 * 5.52 s in one round, 5.74 against 5.59 s in another): a probe per message
 * id, a probe per carried identifier, a read of each profile the batch
 * touches, an insert per event row (payload serialized from the event, as
 * the baseline does), an upsert per touched profile (as it finally is; the
 * schema's triggers index its search text, as they do for kith) and an
 * insert per identifier of a profile new to the run; the segment inputs kith
 * keeps in the same transaction: an upsert of each touched profile's facts
 * row (as it finally is) and, for a profile new to the run, an insert of each
 * of its final list, trait and activity rows; the batch's ledger row and the
 * workspace summary upsert. No decoding, no identity resolution, no
 * summaries, and fewer writes than kith makes (only survivors, each final
 * row once, nothing deleted or rewritten), so it is a floor.
 */
export const sqliteFloor = (workspaceId: WorkspaceId, stored: StoredWorkspace, batch: number): void => {
  const db = new Database(":memory:")
  db.pragma("journal_mode = WAL")
  for (const statement of stored.schema) db.exec(statement)
  writeFloorInto(db, workspaceId, stored, batch)
  db.close()
}

/**
 * The floor's writes (see `sqliteFloor`) into `db`, which already holds
 * kith's schema and may hold other rows of the workspace: a store's ledger
 * numbers its chunks, so the replayed chunks are numbered after the last
 * one `db` holds.
 */
export const writeFloorInto = (db: Database.Database, workspaceId: WorkspaceId, stored: StoredWorkspace, batch: number): void => {
  const lastSeq = Number((db.prepare("select coalesce(max(last_seq), 0) as n from ledger where workspace_id = ?").get(workspaceId) as { n: number }).n)
  const eventProbe = db.prepare("select 1 from events where workspace_id = ? and message_id = ?")
  const identifierProbe = db.prepare("select profile_id from identifiers where workspace_id = ? and type = ? and value = ?")
  const profileRead = db.prepare("select * from profiles where workspace_id = ? and profile_id = ?")
  const eventInsert = db.prepare(
    "insert into events (workspace_id, message_id, profile_id, type, name, ts, payload, identity, identity_source) values (?, ?, ?, ?, ?, ?, ?, ?, ?)"
  )
  const profileUpsert = db.prepare(
    "insert into profiles (workspace_id, profile_id, created_at, traits, summary, search_text, stage, last_record_at, isolated) values (?, ?, ?, ?, ?, ?, ?, ?, ?) " +
      "on conflict (workspace_id, profile_id) do update set traits = excluded.traits, summary = excluded.summary, search_text = excluded.search_text, " +
      "stage = excluded.stage, last_record_at = excluded.last_record_at, isolated = excluded.isolated"
  )
  const identifierInsert = db.prepare("insert or ignore into identifiers (workspace_id, type, value, profile_id) values (?, ?, ?, ?)")
  const segmentColumns = new Map(SEGMENT_TABLES.map((t) => [t, columnsOf(db, t)]))
  const factColumns = segmentColumns.get("segment_facts")!
  const factsUpsert = db.prepare(
    insertText(
      "segment_facts",
      factColumns,
      `on conflict (workspace_id, profile_id) do update set ${factColumns.filter((c) => c !== "workspace_id" && c !== "profile_id").map((c) => `${c} = excluded.${c}`).join(", ")}`
    )
  )
  const segmentInserts = (["segment_fact_lists", "segment_traits", "segment_activity"] as const).map((t) => {
    const columns = segmentColumns.get(t)!
    return { key: t === "segment_fact_lists" ? "lists" : t === "segment_traits" ? "traits" : "activity", columns, statement: db.prepare(insertText(t, columns)) } as const
  })
  const ledgerColumns = columnsOf(db, "ledger")
  const ledgerInsert = db.prepare(insertText("ledger", ledgerColumns))
  const summaryUpsert = db.prepare(insertText("workspace_summaries", ["workspace_id", "summary"], "on conflict (workspace_id) do update set summary = excluded.summary"))
  let ledgerAt = 0
  const written = new Set<string>()
  const writeBatch = db.transaction((slice: ReadonlyArray<Record<string, unknown>>) => {
    const rows = slice.map((e) => stored.eventRows.get(String(e["messageId"]))!)
    for (const r of rows) eventProbe.get(workspaceId, r["message_id"])
    for (const r of rows) {
      for (const [type, value] of JSON.parse(String(r["identity"] ?? "[]")) as Array<[string, string]>) identifierProbe.get(workspaceId, type, value)
    }
    const touched = [...new Set(rows.map((r) => stored.survivorOf.get(String(r["profile_id"]))!))]
    for (const p of touched) profileRead.get(workspaceId, p)
    rows.forEach((r, j) => {
      eventInsert.run(workspaceId, r["message_id"], stored.survivorOf.get(String(r["profile_id"])), r["type"], r["name"], r["ts"], JSON.stringify(slice[j]), r["identity"], r["identity_source"])
    })
    for (const p of touched) {
      const row: Row = stored.profileRows.get(p)!
      profileUpsert.run(workspaceId, p, row["created_at"], row["traits"], row["summary"], row["search_text"], row["stage"], row["last_record_at"], row["isolated"])
      const segment = stored.segmentOf.get(p)
      if (segment !== undefined) factsUpsert.run(factColumns.map((c) => segment.facts[c]))
      if (written.has(p)) continue
      written.add(p)
      for (const identifier of stored.identifiersOf.get(p) ?? []) identifierInsert.run(workspaceId, identifier["type"], identifier["value"], identifier["profile_id"])
      if (segment === undefined) continue
      for (const { key, columns, statement } of segmentInserts) for (const r of segment[key]) statement.run(columns.map((c) => r[c]))
    }
    const ledger = stored.ledgerRows[ledgerAt++]
    if (ledger !== undefined) ledgerInsert.run(ledgerColumns.map((c) => (c === "seq" || c === "last_seq" ? Number(ledger[c]) + lastSeq : ledger[c])))
    if (stored.workspaceSummary !== undefined) summaryUpsert.run(workspaceId, stored.workspaceSummary["summary"])
  })
  for (let i = 0; i < stored.events.length; i += batch) writeBatch(stored.events.slice(i, i + batch))
}
