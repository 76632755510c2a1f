// Where a kith delivery round's database time goes, statement by statement:
// one process, one connection at a time, no concurrency, on a fresh outbox of
// N rows; kith's claim and complete (through its store) against the floor's
// two statements, each side on its own fresh fill, wall time per statement
// and the plans of the first claim. Run by hand:
//   node --conditions=@kith/source --import tsx bench/cases/outreach-deliver/probe-statements.ts [rows] [batch] [--without-secondary-indexes] [--floor-only] [--plans]
// The last flag drops the outbox's unique (plan, profile, occurrence) and by-profile indexes first: every claim and
// completion is an update of indexed columns (no HOT update), so each writes a new entry into every index.
import { openPostgresStorage } from "@kith/storage-postgres"
import pg from "pg"
import { BENCH_WORKSPACE, createFloorSchema, createOutboxSchema, dropSchema, fillOutbox } from "./outbox-table.js"
import { url } from "./contestants.js"

const rows = Number(process.argv[2] ?? 20_000)
const batch = Number(process.argv[3] ?? 200)
// Each side on its own schema: the floor's claim needs the index kith's outbox no longer has (createFloorSchema).
const schema = `deliverbench_probe_${process.pid}`
const floorSchema = `deliverbench_probe_floor_${process.pid}`
await createOutboxSchema(url, schema)
await createFloorSchema(url, floorSchema)
const client = new pg.Client({ connectionString: url })
await client.connect()
if (process.argv.includes("--without-secondary-indexes")) {
  for (const s of [schema, floorSchema]) {
    await client.query(`alter table "${s}".outreach_outbox drop constraint outreach_outbox_once`)
    await client.query(`drop index "${s}".outreach_outbox_by_profile`)
  }
}
const store = await openPostgresStorage({ connectionString: url, schema, maxConnections: 1, migrate: false })

const median = (xs: Array<number>): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const report = (label: string, claims: Array<number>, marks: Array<number>): void =>
  console.log(`${label}: ${claims.length} batches; claim median ${median(claims).toFixed(2)} ms, total ${claims.reduce((a, b) => a + b, 0).toFixed(0)} ms; ` +
    `mark median ${median(marks).toFixed(2)} ms, total ${marks.reduce((a, b) => a + b, 0).toFixed(0)} ms`)

// kith's claim of pending rows as its store spells it on Postgres (outreach.ts), for --plans.
const kithClaimSql = `with picked as materialized (select state, available_at, outbox_id from outreach_outbox_due
    where workspace_id = $1 and state = 'pending' and available_at <= $2 order by available_at limit $3 for update skip locked),
  gone as (delete from outreach_outbox_due as d using picked where d.workspace_id = $1 and d.state = picked.state and d.available_at = picked.available_at
    and d.outbox_id = picked.outbox_id returning d.outbox_id),
  claimed as (update outreach_outbox as o set state = 'claimed', lease_owner = 'w', lease_expires_at = $2 + 30000, available_at = $2 + 30000, attempts = attempts + 1
    from gone where o.workspace_id = $1 and o.outbox_id = gone.outbox_id and o.state = 'pending'
    returning o.outbox_id, o.plan_id, o.profile_id, o.occurrence, o.channel, o.purpose, o.message, o.attempts),
  lease as (insert into outreach_outbox_leases (workspace_id, expires_at, lease_id, outbox_ids)
    select $1, $2 + 30000, 'probe', cast(json_agg(outbox_id) as text) from claimed having count(*) > 0)
  select * from claimed`
const floorClaimSql = `with picked as materialized (select outbox_id from outreach_outbox where workspace_id = $1 and state = 'pending' and available_at <= $2
  order by available_at limit $3 for update skip locked)
  update outreach_outbox as o set state = 'claimed', lease_owner = 'w', lease_expires_at = $2 + 30000, available_at = $2 + 30000, attempts = attempts + 1
  from picked where o.workspace_id = $1 and o.outbox_id = picked.outbox_id returning o.outbox_id, o.message`

const sides = process.argv.includes("--floor-only") ? (["floor", "floor"] as const) : (["kith", "floor", "kith", "floor"] as const)
for (const side of sides) {
  await client.query(`set search_path to "${side === "kith" ? schema : floorSchema}"`)
  await fillOutbox(client, side === "kith" ? schema : floorSchema, rows, Date.now())
  for (const sql of process.argv.includes("--plans") ? [side === "kith" ? kithClaimSql : floorClaimSql] : []) {
    await client.query("begin")
    const plan = await client.query(`explain (analyze, buffers) ${sql}`, [BENCH_WORKSPACE, Date.now(), batch])
    await client.query("rollback")
    console.log(`${side} claim plan:\n  ` + plan.rows.map((r) => r["QUERY PLAN"]).join("\n  "))
  }
  const claims: Array<number> = []
  const marks: Array<number> = []
  for (;;) {
    let started = performance.now()
    const ids =
      side === "kith"
        ? (await store.backend.delivery.claim(BENCH_WORKSPACE, { workerId: "w", limit: batch, leaseMs: 30_000, now: Date.now() })).map((r) => r.outboxId)
        : (await client.query<{ outbox_id: string }>(floorClaimSql, [BENCH_WORKSPACE, Date.now(), batch])).rows.map((r) => r.outbox_id)
    claims.push(performance.now() - started)
    if (ids.length === 0) break
    started = performance.now()
    if (side === "kith") await store.backend.delivery.complete(BENCH_WORKSPACE, "w", ids, Date.now())
    else
      await client.query(`update outreach_outbox set state = 'sent', sent_at = $3 where workspace_id = $1 and outbox_id = any($2::text[]) and lease_owner = 'w' and state = 'claimed'`, [
        BENCH_WORKSPACE,
        ids,
        Date.now()
      ])
    marks.push(performance.now() - started)
  }
  report(side, claims, marks)
}
await store.close()
await dropSchema(client, schema)
await dropSchema(client, floorSchema)
await client.end()
