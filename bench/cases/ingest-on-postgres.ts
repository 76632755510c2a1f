import type { WorkspaceId } from "@kith/core"
import { openPostgresStorage } from "@kith/storage-postgres"
import pg from "pg"
import { ingestInBatches } from "./ingest-in-batches.js"

let round = 0

/**
 * What the Postgres ingestion benchmarks time on kith's side: a fresh schema
 * (migrated by kith), the events ingested through the storage port in
 * batches of `batch`, the schema dropped afterwards.
 */
export const ingestOnPostgres = async (url: string, workspaceId: WorkspaceId, events: ReadonlyArray<unknown>, batch: number): Promise<void> => {
  const schema = `kith_bench_run_${process.pid}_${round++}`
  const store = await openPostgresStorage({ connectionString: url, schema, maxConnections: 2 })
  await ingestInBatches(store.layer, workspaceId, events, batch)
  await store.close()
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query(`drop schema if exists "${schema}" cascade`)
  await client.end()
}
