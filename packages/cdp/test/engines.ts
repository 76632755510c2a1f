// The three stores a facade test runs on: memory, SQLite (:memory:) and Postgres (a fresh schema per test file,
// dropped on close; skipped with the probe's reason where Postgres is unreachable, which fails the run in CI).
import { type CdpClient, type CdpOptions, type CdpStorage, createCdp } from "@kith/cdp"
import { makeMemoryBackend, storageLayer } from "@kith/storage"
import { openPostgresStorage } from "@kith/storage-postgres"
import { openSqliteStorage } from "@kith/storage-sqlite"
import { afterAll, beforeAll } from "vitest"
import { dropSchema, freshSchemaName, pgUrl, probePostgres } from "../../storage-postgres/test/pg-test-schema.js"

/** One store a facade test opens, with how to close it (and the reason it is skipped, if it is). */
export interface CdpEngine {
  readonly name: string
  readonly skip?: string | undefined
  readonly open: () => Promise<{ storage: CdpStorage; close: () => Promise<void> }>
}

const pgSkip = await probePostgres()
const pgSchema = freshSchemaName()

/** Memory, SQLite and Postgres, in that order. */
export const engines: ReadonlyArray<CdpEngine> = [
  { name: "memory", open: async () => ({ storage: storageLayer(makeMemoryBackend()), close: async () => undefined }) },
  {
    name: "SQLite",
    open: async () => {
      const store = await openSqliteStorage()
      return { storage: store, close: () => store.close() }
    }
  },
  {
    name: "Postgres",
    skip: pgSkip,
    open: async () => {
      const store = await openPostgresStorage({ connectionString: pgUrl, schema: pgSchema, maxConnections: 4 })
      return {
        storage: store,
        close: async () => {
          await store.close()
          await dropSchema(pgSchema)
        }
      }
    }
  }
]

/**
 * Opens `engine` before the enclosing suite's tests and closes it after, with every facade made on it: each
 * `newCdp()` is a facade on a fresh workspace (`${prefix}-1`, `${prefix}-2`, ...) with `options` (and a test's own
 * `overrides` of them).
 */
type FacadeOptions = Omit<CdpOptions, "storage" | "workspace">
export const facadesOn = (engine: CdpEngine, prefix: string, options: FacadeOptions = {}): ((overrides?: FacadeOptions) => Promise<CdpClient>) => {
  let opened: { storage: CdpStorage; close: () => Promise<void> }
  const clients: Array<CdpClient> = []
  let n = 0
  beforeAll(async () => {
    opened = await engine.open()
  })
  afterAll(async () => {
    for (const cdp of clients) await cdp.close()
    await opened.close()
  })
  return async (overrides = {}) => {
    const cdp = await createCdp({ ...options, ...overrides, storage: opened.storage, workspace: `${prefix}-${++n}` })
    clients.push(cdp)
    return cdp
  }
}
