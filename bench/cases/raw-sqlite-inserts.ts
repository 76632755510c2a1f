import Database from "better-sqlite3"

/**
 * The baseline of the SQLite ingestion benchmarks: raw better-sqlite3
 * prepared inserts of the events (serialized to JSON) into one table with a
 * (workspace_id, message_id) key, one transaction per `batch` events.
 */
export const rawSqliteInserts = (workspaceId: string, events: ReadonlyArray<object>, batch: number): void => {
  const db = new Database(":memory:")
  db.pragma("journal_mode = WAL")
  db.exec("create table events (workspace_id text not null, message_id text not null, ts text not null, payload text not null, primary key (workspace_id, message_id))")
  const insert = db.prepare("insert into events values (?, ?, ?, ?)")
  const writeBatch = db.transaction((slice: ReadonlyArray<object>) => {
    for (const event of slice) {
      const e = event as Record<string, unknown>
      insert.run(workspaceId, e["messageId"], e["timestamp"], JSON.stringify(e))
    }
  })
  for (let i = 0; i < events.length; i += batch) writeBatch(events.slice(i, i + batch))
  db.close()
}
