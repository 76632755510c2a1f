// storage.ingest.sqlite: 100,000 testkit events written through the storage
// port on SQLite (:memory:), in batches of 1,000, identity decisions and
// summaries included. Baseline: raw better-sqlite3 prepared inserts of the
// same events (serialized to JSON) into one table, one transaction per 1,000.
import type { WorkspaceId } from "@kith/core"
import { openSqliteStorage } from "@kith/storage-sqlite"
import Database from "better-sqlite3"
import { defineBench } from "../harness.js"
import { ingestInBatches } from "./ingest-in-batches.js"
import { sampleEvents } from "./sample-events.js"

const N = 100_000
const BATCH = 1_000
const workspaceId = "bench-shop" as WorkspaceId

export default defineBench({
  name: "storage.ingest.sqlite",
  n: N,
  repeat: 3,
  targetRatio: 4,
  setup: () => sampleEvents(N, Math.ceil(N / 5)),
  run: async (events) => {
    const store = await openSqliteStorage()
    await ingestInBatches(store.layer, workspaceId, events, BATCH)
    await store.close()
  },
  baseline: (events) => {
    const db = new Database(":memory:")
    db.pragma("journal_mode = WAL")
    db.exec("create table events (workspace_id text not null, message_id text not null, ts text not null, payload text not null, primary key (workspace_id, message_id))")
    const insert = db.prepare("insert into events values (?, ?, ?, ?)")
    const writeBatch = db.transaction((batch: ReadonlyArray<Record<string, unknown>>) => {
      for (const e of batch) insert.run(workspaceId, e["messageId"], e["timestamp"], JSON.stringify(e))
    })
    for (let i = 0; i < events.length; i += BATCH) writeBatch(events.slice(i, i + BATCH))
    db.close()
  }
})
