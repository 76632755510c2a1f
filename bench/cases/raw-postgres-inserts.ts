import pg from "pg"

let round = 0

/**
 * The baseline of the Postgres ingestion benchmarks: pg multi-row INSERTs of
 * the events (serialized to JSON) into one table with a (workspace_id,
 * message_id) key, `batch` rows per statement, each in its own transaction,
 * in a fresh schema dropped afterwards.
 */
export const rawPostgresInserts = async (url: string, workspaceId: string, events: ReadonlyArray<object>, batch: number): Promise<void> => {
  const schema = `kith_bench_base_${process.pid}_${round++}`
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query(`create schema "${schema}"`)
  await client.query(`set search_path to "${schema}"`)
  await client.query(
    "create table events (workspace_id text not null, message_id text not null, ts text not null, payload text not null, primary key (workspace_id, message_id))"
  )
  for (let i = 0; i < events.length; i += batch) {
    const slice = events.slice(i, i + batch) as ReadonlyArray<Record<string, unknown>>
    const values: Array<unknown> = []
    const rows = slice.map((e, j) => {
      values.push(workspaceId, e["messageId"], e["timestamp"], JSON.stringify(e))
      return `($${j * 4 + 1}, $${j * 4 + 2}, $${j * 4 + 3}, $${j * 4 + 4})`
    })
    await client.query("begin")
    await client.query(`insert into events values ${rows.join(", ")}`, values)
    await client.query("commit")
  }
  await client.query(`drop schema "${schema}" cascade`)
  await client.end()
}
