import type { WorkspaceId } from "@kith/core"
import { openPostgresStorage } from "@kith/storage-postgres"
import pg from "pg"
import { type Row, SEGMENT_TABLES, type StoredWorkspace } from "./stored-rows.js"

let round = 0

// `insert into <table> (<columns>) values ($1, ...), ...` for `rows` rows.
const insertText = (table: string, columns: ReadonlyArray<string>, rows: number, tail = ""): string => {
  const tuples: Array<string> = []
  for (let r = 0; r < rows; r++) tuples.push(`(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(", ")})`)
  return `insert into ${table} (${columns.join(", ")}) values ${tuples.join(", ")} ${tail}`
}

const eventColumns = ["workspace_id", "message_id", "profile_id", "type", "name", "ts", "payload", "identity", "identity_source"]
const profileColumns = ["workspace_id", "profile_id", "created_at", "traits", "summary", "search_text", "stage", "last_record_at", "isolated"]
const identifierColumns = ["workspace_id", "type", "value", "profile_id"]
// Rows per multi-row statement of the segment tables: the widest (activity, 23 columns) stays under 65,535 parameters.
const ROWS_PER_STATEMENT = 1_000

// The columns of a table (as stored rows carry them), in table order.
const columnsOf = async (client: pg.Client, table: string): Promise<Array<string>> =>
  (await client.query<{ column_name: string }>("select column_name from information_schema.columns where table_schema = current_schema() and table_name = $1 order by ordinal_position", [table])).rows.map(
    (r) => r.column_name
  )

// Multi-row inserts of `rows` into `table`, ROWS_PER_STATEMENT at a time.
const insertAll = async (client: pg.Client, table: string, columns: ReadonlyArray<string>, rows: ReadonlyArray<Row>, tail = ""): Promise<void> => {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT)
    await client.query(insertText(table, columns, chunk.length, tail), chunk.flatMap((r) => columns.map((c) => r[c])))
  }
}

/**
 * The floor of a kith ingestion on Postgres: the rows a kith ingestion of
 * `stored.events` wrote, written again with raw pg statements and no logic,
 * into kith's own schema (made by kith's migrations) in a fresh Postgres
 * schema dropped afterwards.
 *
 * Per batch of `batch` events, in one transaction, it makes the fewest round
 * trips that can do the work: one lookup of the batch's message ids, one of
 * all its identifiers (a key probe per identifier), one read of the profiles
 * it touches, and one multi-row statement each for the event rows (payload
 * serialized from the event, as the baseline does), the profile upserts (as
 * each profile finally is) and the identifiers of profiles new to it; the
 * segment inputs kith keeps in the same transaction (one upsert of the
 * touched profiles' facts rows as they finally are, and the final list,
 * trait and activity rows of profiles new to the run, inserted once); the
 * batch's ledger row and the workspace summary upsert; and the planner
 * statistics refreshed as kith's adapter does. No decoding, no identity
 * resolution, no summaries, and fewer writes than kith makes (only
 * survivors, each final row once, nothing deleted or rewritten), so it is a
 * floor.
 */
export const postgresFloor = async (url: string, workspaceId: WorkspaceId, stored: StoredWorkspace, batch: number): Promise<void> => {
  const schema = `kith_bench_floor_${process.pid}_${round++}`
  const store = await openPostgresStorage({ connectionString: url, schema, maxConnections: 1 })
  await store.close()
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query(`set search_path to "${schema}"`)
  const segmentColumns = new Map<string, Array<string>>()
  for (const t of SEGMENT_TABLES) segmentColumns.set(t, await columnsOf(client, t))
  const factColumns = segmentColumns.get("segment_facts")!
  const factsTail = `on conflict (workspace_id, profile_id) do update set ${factColumns
    .filter((c) => c !== "workspace_id" && c !== "profile_id")
    .map((c) => `${c} = excluded.${c}`)
    .join(", ")}`
  const ledgerColumns = await columnsOf(client, "ledger")
  let ledgerAt = 0
  const written = new Set<string>()
  let analyzeAt = 1_000
  for (let i = 0; i < stored.events.length; i += batch) {
    const slice = stored.events.slice(i, i + batch)
    const rows = slice.map((e) => stored.eventRows.get(String(e["messageId"]))!)
    await client.query("begin")
    await client.query("select message_id from events where workspace_id = $1 and message_id = any($2::text[])", [workspaceId, rows.map((r) => r["message_id"])])
    const carried = rows.flatMap((r) => JSON.parse(String(r["identity"] ?? "[]")) as Array<[string, string]>)
    await client.query(
      "select t.profile_id from unnest($2::text[], $3::text[]) as k(type, value) cross join lateral " +
        "(select profile_id from identifiers where workspace_id = $1 and type = k.type and value = k.value offset 0) as t",
      [workspaceId, carried.map(([type]) => type), carried.map(([, value]) => value)]
    )
    const touched = [...new Set(rows.map((r) => stored.survivorOf.get(String(r["profile_id"]))!))]
    await client.query("select * from profiles where workspace_id = $1 and profile_id = any($2::text[])", [workspaceId, touched])
    await client.query(
      insertText("events", eventColumns, rows.length),
      rows.flatMap((r, j) => [workspaceId, r["message_id"], stored.survivorOf.get(String(r["profile_id"])), r["type"], r["name"], r["ts"], JSON.stringify(slice[j]), r["identity"], r["identity_source"]])
    )
    await client.query(
      insertText(
        "profiles",
        profileColumns,
        touched.length,
        "on conflict (workspace_id, profile_id) do update set traits = excluded.traits, summary = excluded.summary, search_text = excluded.search_text, " +
          "stage = excluded.stage, last_record_at = excluded.last_record_at, isolated = excluded.isolated"
      ),
      touched.flatMap((p) => {
        const row = stored.profileRows.get(p)!
        return [workspaceId, p, row["created_at"], row["traits"], row["summary"], row["search_text"], row["stage"], row["last_record_at"], row["isolated"]]
      })
    )
    const newcomers = touched.filter((p) => !written.has(p))
    const fresh = newcomers.flatMap((p) => stored.identifiersOf.get(p) ?? [])
    for (const p of touched) written.add(p)
    if (fresh.length > 0) {
      await client.query(insertText("identifiers", identifierColumns, fresh.length, "on conflict do nothing"), fresh.flatMap((r) => [workspaceId, r["type"], r["value"], r["profile_id"]]))
    }
    const segments = touched.flatMap((p) => {
      const segment = stored.segmentOf.get(p)
      return segment === undefined ? [] : [segment]
    })
    await insertAll(client, "segment_facts", factColumns, segments.map((s) => s.facts), factsTail)
    const newSegments = newcomers.flatMap((p) => {
      const segment = stored.segmentOf.get(p)
      return segment === undefined ? [] : [segment]
    })
    await insertAll(client, "segment_fact_lists", segmentColumns.get("segment_fact_lists")!, newSegments.flatMap((s) => s.lists))
    await insertAll(client, "segment_traits", segmentColumns.get("segment_traits")!, newSegments.flatMap((s) => s.traits))
    await insertAll(client, "segment_activity", segmentColumns.get("segment_activity")!, newSegments.flatMap((s) => s.activity))
    const ledger = stored.ledgerRows[ledgerAt++]
    if (ledger !== undefined) await insertAll(client, "ledger", ledgerColumns, [ledger])
    if (stored.workspaceSummary !== undefined) {
      await client.query("insert into workspace_summaries (workspace_id, summary) values ($1, $2) on conflict (workspace_id) do update set summary = excluded.summary", [
        workspaceId,
        stored.workspaceSummary["summary"]
      ])
    }
    await client.query("commit")
    // Planner statistics as kith's Postgres adapter keeps them (each time the events double): without them the
    // key lookups above read the whole workspace.
    if (i + batch >= analyzeAt) {
      analyzeAt *= 2
      await client.query("analyze events (workspace_id, message_id, profile_id, ts), identifiers, profiles (workspace_id, profile_id, merged_into, stage)")
    }
  }
  await client.query(`drop schema "${schema}" cascade`)
  await client.end()
}

