// storage.ingest.postgres: 100,000 testkit events written through the storage
// port on Postgres (KITH_PG_URL), in batches of 1,000, identity decisions and
// summaries included, into a fresh schema per repetition. Baseline: pg
// multi-row INSERTs of the same events (serialized to JSON) into one table,
// 1,000 rows per statement, each in its own transaction.
import type { WorkspaceId } from "@kith/core"
import { DEFAULT_PG_URL, openPostgresStorage } from "@kith/storage-postgres"
import pg from "pg"
import { defineBench } from "../harness.js"
import { ingestInBatches } from "./ingest-in-batches.js"
import { rawPostgresInserts } from "./raw-postgres-inserts.js"
import { sampleEvents } from "./sample-events.js"

const N = 100_000
const BATCH = 1_000
const workspaceId = "bench-shop" as WorkspaceId
const url = process.env["KITH_PG_URL"] ?? DEFAULT_PG_URL
let round = 0
const freshSchema = (side: string) => `kith_bench_${side}_${process.pid}_${round++}`

const dropSchema = async (schema: string): Promise<void> => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query(`drop schema if exists "${schema}" cascade`)
  await client.end()
}

export default defineBench({
  name: "storage.ingest.postgres",
  n: N,
  repeat: 3,
  targetRatio: 4,
  setup: () => sampleEvents(N, Math.ceil(N / 5)),
  run: async (events) => {
    const schema = freshSchema("run")
    const store = await openPostgresStorage({ connectionString: url, schema, maxConnections: 2 })
    await ingestInBatches(store.layer, workspaceId, events, BATCH)
    await store.close()
    await dropSchema(schema)
  },
  baseline: (events) => rawPostgresInserts(url, workspaceId, events, BATCH)
})
