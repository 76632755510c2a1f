// storage.ingest.postgres: 100,000 testkit events written through the storage
// port on Postgres (KITH_PG_URL), in batches of 1,000, identity decisions and
// summaries included, into a fresh schema per repetition. Baseline: pg
// multi-row INSERTs of the same events (serialized to JSON) into one table,
// 1,000 rows per statement, each in its own transaction. No target: the
// target is on kith against its floor (storage.ingest.postgres.vs-floor).
import type { WorkspaceId } from "@kith/core"
import { DEFAULT_PG_URL } from "@kith/storage-postgres"
import { defineBench } from "../harness.js"
import { ingestOnPostgres } from "./ingest-on-postgres.js"
import { rawPostgresInserts } from "./raw-postgres-inserts.js"
import { sampleEvents } from "./sample-events.js"

const N = 100_000
const BATCH = 1_000
const workspaceId = "bench-shop" as WorkspaceId
const url = process.env["KITH_PG_URL"] ?? DEFAULT_PG_URL

export default defineBench({
  name: "storage.ingest.postgres",
  n: N,
  repeat: 3,
  setup: () => sampleEvents(N, Math.ceil(N / 5)),
  run: (events) => ingestOnPostgres(url, workspaceId, events, BATCH),
  baseline: (events) => rawPostgresInserts(url, workspaceId, events, BATCH)
})
