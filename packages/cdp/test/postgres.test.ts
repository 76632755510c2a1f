import { DEFAULT_PG_URL, openPostgresStorage } from "@kith/storage-postgres"
import pg from "pg"
import { facadeSuite } from "./facade-suite.js"

const pgUrl = process.env["KITH_PG_URL"] ?? DEFAULT_PG_URL
const inCi = process.env["CI"] !== undefined && process.env["CI"] !== "" && process.env["CI"] !== "false"

// In CI an unreachable Postgres fails the run (never a skip); locally the suite is skipped, loudly.
const probe = async (): Promise<string | undefined> => {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query("select 1")
    return undefined
  } catch (e) {
    const reason = `Postgres unreachable at ${pgUrl}: ${e instanceof Error ? e.message : String(e)}`
    if (inCi) throw new Error(`${reason} (CI requires Postgres)`)
    console.warn(`\n!!! SKIPPING @kith/cdp Postgres tests — ${reason}\n`)
    return reason
  } finally {
    await client.end().catch(() => undefined)
  }
}

const skip = await probe()
// A fresh schema for this file, dropped after.
const schema = `kith_cdp_test_${Math.random().toString(36).slice(2, 10)}`

facadeSuite(
  "Postgres",
  async () => {
    const store = await openPostgresStorage({ connectionString: pgUrl, schema, maxConnections: 4 })
    return {
      storage: store,
      close: async () => {
        await store.close()
        const client = new pg.Client({ connectionString: pgUrl })
        await client.connect()
        try {
          await client.query(`drop schema if exists "${schema}" cascade`)
        } finally {
          await client.end()
        }
      }
    }
  },
  { skip }
)
