// storage.ingest.postgres.flat: events per second of kith's Postgres
// ingestion into a store of about 1,100,000 events against an empty one.
// The big store is this case's own copy of the reads shop (200,000 people,
// built once through kith into the schema below and kept); each repetition
// feeds it 2,000 new people's events (about 11,000, a testkit seed of their
// own per repetition, messageIds tagged so none repeats a stored one; see
// fresh-events.ts) in batches of 1,000, and the baseline feeds the same
// events, repetition for repetition, into a fresh empty schema (dropped
// after). The big store is not copied per repetition (a schema copy costs
// minutes): it grows by about 1 % a repetition, far inside the ±15 % this
// case checks. Wall time of the ingestion alone (Postgres does its share of
// the work in its own processes), per 10,875 events. Target: ratio ≤ 1.15.
import type { WorkspaceId } from "@kith/core"
import { openPostgresStorage } from "@kith/storage-postgres"
import pg from "pg"
import { defineBench } from "../harness.js"
import { freshEvents } from "./fresh-events.js"
import { timedIngestion } from "./ingest-in-batches.js"
import { pgUrl, postgresShopStore, readsWorkspace } from "./reads-store.js"

const PEOPLE = 2_000
// Events of the first repetition's people (seed 99); the others' are within 5 % of it.
const N = 10_875
const BATCH = 1_000
// Bump when the shop or the ingestion it needs changes, as reads-store.ts does.
const bigSchema = "ingest_kith_bench_flat_200k_v1"

interface Data {
  readonly big: string
  round: number
}

// The events of one repetition: new people (a seed of its own), ids unique to this process and repetition.
const eventsOf = (round: number) => freshEvents(99 + round, PEOPLE, `flat${process.pid}r${round}`) as unknown as ReadonlyArray<Record<string, unknown>>

const ingestInto = (
  schema: string,
  create: boolean,
  events: ReadonlyArray<Record<string, unknown>>
) => timedIngestion(() => openPostgresStorage({ connectionString: pgUrl, schema, maxConnections: 2 }), readsWorkspace as WorkspaceId, events, BATCH, create, N)

export default defineBench<Data>({
  name: "storage.ingest.postgres.flat",
  n: N,
  repeat: 3,
  targetRatio: 1.15,
  setup: async () => ({ big: await postgresShopStore(bigSchema), round: 0 }),
  run: (data) => ingestInto(data.big, false, eventsOf(data.round++)),
  baseline: async (data) => {
    const schema = `ingest_kith_bench_flat_empty_${process.pid}_${data.round}`
    try {
      return await ingestInto(schema, true, eventsOf(data.round++))
    } finally {
      const client = new pg.Client({ connectionString: pgUrl })
      await client.connect()
      await client.query(`drop schema if exists "${schema}" cascade`)
      await client.end()
    }
  }
})
