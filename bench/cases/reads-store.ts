// The store the `reads.*` cases read: a seeded testkit shop of 200,000 people
// (about 1.1 million events) ingested through the storage port, built once
// per engine and reused by every case and every later run. SQLite keeps it in
// bench/.cache/reads-200k.sqlite (gitignored), Postgres in the schema
// kith_bench_reads_200k; each is built under a temporary name and renamed
// when complete, so an interrupted build is never taken for a finished one.
// Bump STORE_VERSION when the shop or the ingestion it needs changes; opening
// a store migrates it to the latest schema (a new index is built then, once).
import type { KithEventEncoded, WorkspaceId } from "@kith/core"
import { EventStore, type StorageServices, Workspaces } from "@kith/storage"
import { DEFAULT_PG_URL, openPostgresStorage } from "@kith/storage-postgres"
import { generateShop } from "@kith/testkit"
import { Effect, type Layer } from "effect"
import { join } from "node:path"
import pg from "pg"
import { cachedSqliteStore } from "./cached-sqlite-store.js"

export const READS_PEOPLE = 200_000
export const readsWorkspace = "reads-shop" as WorkspaceId
export const pgUrl = process.env["KITH_PG_URL"] ?? DEFAULT_PG_URL
const STORE_VERSION = 1
const cacheDir = join(import.meta.dirname, "..", ".cache")
export const sqlitePath = join(cacheDir, `reads-200k-v${STORE_VERSION}.sqlite`)
export const pgSchema = `kith_bench_reads_200k_v${STORE_VERSION}`

const log = (text: string) => process.stderr.write(`[reads-store] ${new Date().toISOString()} ${text}\n`)

const ingestShop = (layer: Layer.Layer<StorageServices>): Promise<void> =>
  Effect.runPromise(
    Effect.gen(function* () {
      yield* (yield* Workspaces).create({ workspaceId: readsWorkspace })
      const ingest = (yield* EventStore).ingest
      let batch: Array<KithEventEncoded> = []
      let total = 0
      for (const { event } of generateShop({ seed: 7, people: READS_PEOPLE }).events()) {
        batch.push(JSON.parse(JSON.stringify(event)) as KithEventEncoded)
        if (batch.length === 1_000) {
          yield* ingest(readsWorkspace, batch)
          total += batch.length
          batch = []
          if (total % 50_000 === 0) log(`${total} events`)
        }
      }
      if (batch.length > 0) yield* ingest(readsWorkspace, batch)
    }).pipe(Effect.provide(layer))
  )

/** Builds the SQLite store unless it is there; returns its path. */
export const sqliteReadsStore = (): Promise<string> => cachedSqliteStore(sqlitePath, (store) => ingestShop(store.layer), log)

const schemaExists = async (client: pg.Client, schema: string): Promise<boolean> =>
  (await client.query("select 1 from information_schema.schemata where schema_name = $1", [schema])).rowCount === 1

/** Builds the Postgres store unless it is there; returns its schema. */
export const postgresReadsStore = (): Promise<string> => postgresShopStore(pgSchema)

/**
 * Builds the reads store's shop into the Postgres schema `schema` unless it
 * is there (another case's own copy, one it may write to); returns `schema`.
 */
export const postgresShopStore = async (schema: string): Promise<string> => {
  const client = new pg.Client({ connectionString: pgUrl })
  await client.connect()
  try {
    if (await schemaExists(client, schema)) return schema
    const building = `${schema}_building`
    await client.query(`drop schema if exists "${building}" cascade`)
    log(`building schema ${building}`)
    const store = await openPostgresStorage({ connectionString: pgUrl, schema: building, maxConnections: 2 })
    await ingestShop(store.layer)
    await store.close()
    // What autovacuum does to a store that grew: statistics for the planner, the visibility map for index-only scans.
    for (const table of ["profiles", "identifiers", "events"]) await client.query(`vacuum analyze "${building}"."${table}"`)
    await client.query(`alter schema "${building}" rename to "${schema}"`)
    log(`built schema ${schema}`)
    return schema
  } finally {
    await client.end()
  }
}

// `node --conditions=@kith/source --import tsx bench/cases/reads-store.ts sqlite|postgres` builds ahead of a bench run.
if (process.argv[1] === import.meta.filename) {
  const engine = process.argv[2]
  await (engine === "postgres" ? postgresReadsStore() : sqliteReadsStore())
}
