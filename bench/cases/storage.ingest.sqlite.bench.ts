// storage.ingest.sqlite: 100,000 testkit events written through the storage
// port on SQLite (:memory:), in batches of 1,000, identity decisions and
// summaries included. Baseline: raw better-sqlite3 prepared inserts of the
// same events (serialized to JSON) into one table, one transaction per 1,000.
// No target: the target is on kith against its floor
// (storage.ingest.sqlite.vs-floor).
import type { WorkspaceId } from "@kith/core"
import { openSqliteStorage } from "@kith/storage-sqlite"
import { defineBench } from "../harness.js"
import { ingestInBatches } from "./ingest-in-batches.js"
import { rawSqliteInserts } from "./raw-sqlite-inserts.js"
import { sampleEvents } from "./sample-events.js"

const N = 100_000
const BATCH = 1_000
const workspaceId = "bench-shop" as WorkspaceId

export default defineBench({
  name: "storage.ingest.sqlite",
  n: N,
  repeat: 3,
  setup: () => sampleEvents(N, Math.ceil(N / 5)),
  run: async (events) => {
    const store = await openSqliteStorage()
    await ingestInBatches(store.layer, workspaceId, events, BATCH)
    await store.close()
  },
  baseline: (events) => rawSqliteInserts(workspaceId, events, BATCH)
})
