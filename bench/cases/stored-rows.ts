import type { WorkspaceId } from "@kith/core"
import { openSqliteStorage } from "@kith/storage-sqlite"
import Database from "better-sqlite3"
import { ingestInBatches } from "./ingest-in-batches.js"

/** A stored row, as better-sqlite3 reads it. */
export type Row = Record<string, string | number | null>

/**
 * What a kith ingestion of some events stored, kept to replay the same
 * writes with raw statements (the storage.ingest floor cases): the events,
 * kith's schema, each event's row, each profile's survivor and row, and the
 * identifiers each profile holds.
 */
export interface StoredWorkspace {
  readonly events: ReadonlyArray<Record<string, unknown>>
  readonly schema: ReadonlyArray<string>
  readonly eventRows: ReadonlyMap<string, Row>
  readonly survivorOf: ReadonlyMap<string, string>
  readonly profileRows: ReadonlyMap<string, Row>
  readonly identifiersOf: ReadonlyMap<string, ReadonlyArray<Row>>
}

// The statements that recreate a schema, in creation order; the shadow tables
// a virtual table (an FTS index) makes for itself are left to it.
const schemaOf = (rows: ReadonlyArray<Row>): ReadonlyArray<string> => {
  const virtual = rows.filter((r) => /^create virtual table/i.test(String(r["sql"]))).map((r) => `${String(r["name"])}_`)
  return rows.filter((r) => !virtual.some((prefix) => String(r["name"]).startsWith(prefix))).map((r) => String(r["sql"]))
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
  const identifiersOf = new Map<string, Array<Row>>()
  for (const row of all("select * from identifiers")) {
    const p = String(row["profile_id"])
    identifiersOf.set(p, [...(identifiersOf.get(p) ?? []), row])
  }
  const stored: StoredWorkspace = {
    events,
    schema: schemaOf(all("select name, sql from sqlite_master where sql is not null and name not like 'sqlite_%'")),
    eventRows: new Map(all("select * from events").map((r) => [String(r["message_id"]), r])),
    survivorOf,
    profileRows: new Map(profiles.map((p) => [String(p["profile_id"]), p])),
    identifiersOf
  }
  await store.close()
  return stored
}
