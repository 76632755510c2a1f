// Postgres examples run against a database of their own, created for the run
// and dropped after it, so an example that migrates the schema "kith" finds it
// empty every time and leaves nothing behind in the shared test database.
import pg from "pg"

/** A database for one run; `url` is what `KITH_PG_URL` and `DATABASE_URL` are set to. */
export interface ScratchDatabase {
  readonly url: string
  /** Connections still open to it (an example that does not close its store leaves some). */
  readonly openConnections: () => Promise<number>
  /** Drops it; when an example left connections open, that waits for the next run (see {@link createScratchDatabase}). */
  readonly drop: () => Promise<void>
}

const prefix = "kith_doc_examples_"

const withClient = async <A>(url: string, body: (client: pg.Client) => Promise<A>): Promise<A> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 })
  await client.connect()
  try {
    return await body(client)
  } finally {
    await client.end()
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * Creates a fresh database beside the one `baseUrl` names, after dropping
 * those left by runs whose process has ended; `undefined` when Postgres
 * cannot be reached.
 */
export const createScratchDatabase = async (baseUrl: string): Promise<ScratchDatabase | undefined> => {
  const name = `${prefix}${process.pid}_${Date.now().toString(36)}`
  try {
    await withClient(baseUrl, async (c) => {
      const left = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [prefix])
      for (const { datname } of left.rows) {
        const pid = Number(/^kith_doc_examples_(\d+)_/.exec(datname)?.[1])
        // Names are made by this file of letters, digits and _: quoting them is enough (DDL takes no parameters).
        if (Number.isInteger(pid) && !isAlive(pid)) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`)
      }
      await c.query(`CREATE DATABASE "${name}"`)
    })
  } catch {
    return undefined
  }
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    openConnections: () =>
      withClient(baseUrl, (c) => c.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1", [name])).then((r) => r.rows[0]?.n ?? 0),
    drop: () =>
      withClient(baseUrl, async (c) => {
        // Still in use by a store an example did not close: the next run drops it
        // (DROP DATABASE would wait five seconds for those connections, then fail).
        const open = await c.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1", [name])
        if ((open.rows[0]?.n ?? 0) === 0) await c.query(`DROP DATABASE IF EXISTS "${name}"`)
      }).catch(() => undefined)
  }
}
