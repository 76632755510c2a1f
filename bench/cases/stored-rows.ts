import type { WorkspaceId } from "@kith/core"
import { openSqliteStorage } from "@kith/storage-sqlite"
import Database from "better-sqlite3"
import { ingestInBatches } from "./ingest-in-batches.js"

/** A stored row, as better-sqlite3 reads it. */
export type Row = Record<string, string | number | null>

/** The segment-input rows kith keeps for one live profile, one table each. */
export interface SegmentRows {
  readonly facts: Row
  readonly lists: ReadonlyArray<Row>
  readonly traits: ReadonlyArray<Row>
  readonly activity: ReadonlyArray<Row>
}

/** The tables of the segment inputs, in the order the floors write them. */
export const SEGMENT_TABLES = ["segment_facts", "segment_fact_lists", "segment_traits", "segment_activity"] as const

/**
 * What a kith ingestion of some events stored, kept to replay the same
 * writes with raw statements (the storage.ingest floor cases): the events,
 * kith's schema, each event's row, each profile's survivor and row, the
 * identifiers each profile holds, each live profile's segment-input rows,
 * the ledger rows (one per batch that had entries, in order) and the
 * workspace summary row.
 */
export interface StoredWorkspace {
  readonly events: ReadonlyArray<Record<string, unknown>>
  readonly schema: ReadonlyArray<string>
  readonly eventRows: ReadonlyMap<string, Row>
  readonly survivorOf: ReadonlyMap<string, string>
  readonly profileRows: ReadonlyMap<string, Row>
  readonly identifiersOf: ReadonlyMap<string, ReadonlyArray<Row>>
  readonly segmentOf: ReadonlyMap<string, SegmentRows>
  readonly ledgerRows: ReadonlyArray<Row>
  readonly workspaceSummary: Row | undefined
}

// Rows of a table grouped by profile, in the table's key order.
const byProfile = (rows: ReadonlyArray<Row>): Map<string, Array<Row>> => {
  const out = new Map<string, Array<Row>>()
  for (const row of rows) {
    const p = String(row["profile_id"])
    let held = out.get(p)
    if (held === undefined) out.set(p, (held = []))
    held.push(row)
  }
  return out
}

// The statements that recreate a schema, in creation order; the shadow tables
// a virtual table (an FTS index) makes for itself are left to it. Only tables:
// the triggers that keep the index current share its name's prefix, and
// without them the floor would skip the index writes kith makes.
const schemaOf = (rows: ReadonlyArray<Row>): ReadonlyArray<string> => {
  const virtual = rows.filter((r) => /^create virtual table/i.test(String(r["sql"]))).map((r) => `${String(r["name"])}_`)
  const shadow = (r: Row) => r["type"] === "table" && virtual.some((prefix) => String(r["name"]).startsWith(prefix))
  return rows.filter((r) => !shadow(r)).map((r) => String(r["sql"]))
}

/**
 * Ingests `events` through kith on an in-memory SQLite store in batches of
 * `batch` (untimed setup of the floor cases) and keeps what it stored.
 */
export const storedBy = async (workspaceId: WorkspaceId, events: ReadonlyArray<Record<string, unknown>>, batch: number): Promise<StoredWorkspace> => {
  const database = new Database(":memory:")
  const store = await openSqliteStorage({ database })
  await ingestInBatches(store.layer, workspaceId, events, batch)
  const all = (text: string) => database.prepare(text).all() as Array<Row>
  const profiles = all("select * from profiles")
  const merged = new Map(profiles.map((p) => [String(p["profile_id"]), p["merged_into"] === null ? undefined : String(p["merged_into"])]))
  const survivorOf = new Map<string, string>()
  for (const id of merged.keys()) {
    let p = id
    for (let next = merged.get(p); next !== undefined; next = merged.get(p)) p = next
    survivorOf.set(id, p)
  }
  const identifiersOf = byProfile(all("select * from identifiers"))
  const lists = byProfile(all("select * from segment_fact_lists order by profile_id, list, ord"))
  const traits = byProfile(all("select * from segment_traits order by profile_id, name"))
  const activity = byProfile(all("select * from segment_activity order by profile_id, ord"))
  const segmentOf = new Map<string, SegmentRows>()
  for (const facts of all("select * from segment_facts")) {
    const p = String(facts["profile_id"])
    segmentOf.set(p, { facts, lists: lists.get(p) ?? [], traits: traits.get(p) ?? [], activity: activity.get(p) ?? [] })
  }
  const stored: StoredWorkspace = {
    events,
    schema: schemaOf(all("select type, name, sql from sqlite_master where sql is not null and name not like 'sqlite_%'")),
    eventRows: new Map(all("select * from events").map((r) => [String(r["message_id"]), r])),
    survivorOf,
    profileRows: new Map(profiles.map((p) => [String(p["profile_id"]), p])),
    identifiersOf,
    segmentOf,
    ledgerRows: all("select * from ledger order by seq"),
    workspaceSummary: all("select * from workspace_summaries")[0]
  }
  await store.close()
  return stored
}

/**
 * The setup of a case timing kith beside its floor: the events, and what kith
 * stored for them, captured (by {@link storedBy}) on the first call of
 * `stored` only. The kith side takes the events alone, so its process does
 * not hold the floor's captured rows (about 570 MB more peak RSS), as a
 * host's process would not; the floor side's first call is its untimed
 * warm-up.
 */
export interface EventsAndCapture {
  readonly events: ReadonlyArray<Record<string, unknown>>
  readonly stored: () => Promise<StoredWorkspace>
}

/** {@link EventsAndCapture} of `events`, ingested in batches of `batch` when first asked for. */
export const eventsAndCapture = (workspaceId: WorkspaceId, events: ReadonlyArray<Record<string, unknown>>, batch: number): EventsAndCapture => {
  let captured: Promise<StoredWorkspace> | undefined
  return { events, stored: () => (captured ??= storedBy(workspaceId, events, batch)) }
}
