import { DEFAULT_PG_URL } from "@kith/storage-postgres"
import pg from "pg"

/** The database the Postgres tests use. */
export const pgUrl = process.env["KITH_PG_URL"] ?? DEFAULT_PG_URL

/**
 * Whether Postgres answers. In CI an unreachable Postgres is a failure, never
 * a skip: this throws; locally it returns the reason to skip, loudly.
 */
export const probePostgres = async (): Promise<string | undefined> => {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query("select 1")
    return undefined
  } catch (e) {
    const reason = `Postgres unreachable at ${pgUrl}: ${e instanceof Error ? e.message : String(e)}`
    if (process.env["CI"] !== undefined && process.env["CI"] !== "" && process.env["CI"] !== "false") throw new Error(`${reason} (CI requires Postgres)`)
    console.warn(`\n!!! SKIPPING Postgres tests — ${reason}\n`)
    return reason
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** A fresh schema name for one test file: `kith_test_<random>`. */
export const freshSchemaName = (): string => `kith_test_${Math.random().toString(36).slice(2, 10)}`

/** Drops a test schema and everything in it. */
export const dropSchema = async (schema: string): Promise<void> => {
  const client = new pg.Client({ connectionString: pgUrl })
  await client.connect()
  try {
    await client.query(`drop schema if exists "${schema}" cascade`)
  } finally {
    await client.end()
  }
}
