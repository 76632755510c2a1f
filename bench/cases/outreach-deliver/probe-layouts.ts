// What the outbox's layout costs Postgres per delivery, before anyone builds one:
// each variant below is a way of claiming and completing kith's outbox rows,
// run on one connection over a fresh fill of N rows in batches of BATCH, and
// measured by the CPU time of its Postgres backend (read from /proc, so the
// figure holds on a loaded machine better than wall time does), how many of its
// row updates were HOT (pg_stat_user_tables) and the table's size after.
// Variants run interleaved, `rounds` times each; medians are printed last.
// With --in-flight=K the loop keeps K claimed batches unfinished (completing
// the oldest once K more are claimed), as a fleet of workers does: 4 workers,
// each completing one batch while it claims the next, hold about 8.
// Run by hand:
//   node --conditions=@kith/source --import tsx bench/cases/outreach-deliver/probe-layouts.ts [rows] [rounds] [--in-flight=K] [variant…]
// Only `kith` is kith's behaviour: its store's own claim and completion (the
// statements outreach.ts writes, on the tables its migrations make), on one
// pooled connection. The others are sketches of layouts, each from the outbox
// as it was before migration 0017, with what each gives up said beside it;
// `queueTable` is the one kith took.
import { readFileSync } from "node:fs"
import { openPostgresStorage, type PostgresStorage } from "@kith/storage-postgres"
import pg from "pg"
import { url } from "./contestants.js"
import { BENCH_WORKSPACE, createOutboxSchema, dropSchema, fillOutbox } from "./outbox-table.js"

const rows = Number(process.argv[2] ?? 20_000)
const rounds = Number(process.argv[3] ?? 2)
const inFlightFlag = process.argv.slice(4).find((a) => a.startsWith("--in-flight="))
const inFlight = inFlightFlag === undefined ? 0 : Number(inFlightFlag.slice("--in-flight=".length))
const BATCH = 300

const returning = "returning o.outbox_id, o.plan_id, o.profile_id, o.occurrence, o.channel, o.purpose, o.message, o.attempts"
const claimOf = (state: string, set: string) => `with picked as materialized (select workspace_id, outbox_id from outreach_outbox
    where workspace_id = $1 and state = '${state}' and available_at <= $2 order by available_at limit $3 for update skip locked)
  update outreach_outbox as o set ${set}
  from picked where o.workspace_id = picked.workspace_id and o.outbox_id = picked.outbox_id ${returning}`
const claimSet = "state = 'claimed', lease_owner = 'w', lease_expires_at = $2 + 30000, available_at = $2 + 30000, attempts = attempts + 1"
const completeWhere = "where workspace_id = $1 and lease_owner = 'w' and outbox_id = any(cast($2 as text[]))"
const complete = `update outreach_outbox set state = 'sent', sent_at = $3, lease_owner = null, lease_expires_at = null ${completeWhere} and state = 'claimed'`

/** One delivery loop: claims a batch (returns its ids, none when drained) and completes it. */
interface Variant {
  /** Delivers through kith's store (on its own one-connection pool) instead of the probe's client. */
  readonly throughStore?: boolean
  /** On kith's own tables as its migrations make them (not the layout before migration 0017). */
  readonly kithLayout?: boolean
  /** Run before the fill (table settings apply to the rows written after them). */
  readonly ddl: ReadonlyArray<string>
  /** Run after the fill. */
  readonly afterFill?: ReadonlyArray<string>
  readonly claim: (c: pg.Client, now: number, store?: PostgresStorage) => Promise<Array<string>>
  readonly complete: (c: pg.Client, ids: Array<string>, store?: PostgresStorage) => Promise<void>
}


// The outbox as it was before migration 0017 (claims read its partial indexes on state, pages filled whole): every variant
// but `kith` starts from it.
const before0017 = [
  "create index outreach_outbox_claimable on outreach_outbox (workspace_id, state, available_at) where state in ('pending', 'claimed')",
  "create index outreach_outbox_held on outreach_outbox (workspace_id, available_at) where state = 'held'",
  "alter table outreach_outbox set (fillfactor = 100)"
]

const ids = (r: pg.QueryResult): Array<string> => r.rows.map((x: { outbox_id: string }) => x.outbox_id)
const markSent = async (c: pg.Client, batch: Array<string>): Promise<void> => void (await c.query(complete, [BENCH_WORKSPACE, batch, Date.now()]))
const statementsClaim = async (c: pg.Client, now: number): Promise<Array<string>> => {
  const expired = ids(await c.query(claimOf("claimed", claimSet), [BENCH_WORKSPACE, now, BATCH]))
  return [...expired, ...ids(await c.query(claimOf("pending", claimSet), [BENCH_WORKSPACE, now, BATCH - expired.length]))]
}
// A narrow queue of what is due, beside the outbox (which then has no index on its state, so both its updates may be HOT).
const queueDdl = (fillfactor: number) => [
  `alter table outreach_outbox set (fillfactor = ${fillfactor})`,
  "drop index outreach_outbox_claimable",
  "drop index outreach_outbox_held",
  "create table probe_queue (workspace_id text not null, available_at bigint not null, outbox_id text not null, primary key (workspace_id, available_at, outbox_id))",
  "create table probe_leases (lease_id bigserial primary key, workspace_id text not null, owner text not null, expires_at bigint not null, ids text[] not null)"
]

const variants: Record<string, Variant> = {
  // kith: its store's claim (expired leases, then due pending rows) and completion: two non-HOT updates per row.
  kith: {
    ddl: [],
    throughStore: true,
    claim: async (_c, now, store) =>
      (await store!.backend.delivery.claim(BENCH_WORKSPACE, { workerId: "w", limit: BATCH, leaseMs: 30_000, now })).map((r) => r.outboxId),
    complete: async (_c, batch, store) => void (await store!.backend.delivery.complete(BENCH_WORKSPACE, "w", batch, Date.now()))
  },
  // kith's claim of pending rows and its completion as its store spells them (without the expired-lease look-up), as
  // named prepared statements: what parsing and planning each statement again costs kith (which runs them unnamed).
  kithPrepared: {
    ddl: [],
    kithLayout: true,
    claim: async (c, now) =>
      ids(
        await c.query({
          name: "probe-claim",
          text: `with gone as (delete from outreach_outbox_due where ctid = any(array(select ctid from outreach_outbox_due
                where workspace_id = $1 and state = 'pending' and available_at <= $2 order by available_at limit $3 for update skip locked)) returning outbox_id),
              claimed as (update outreach_outbox set ${claimSet} where workspace_id = $1 and outbox_id = any(array(select outbox_id from gone)) and state = 'pending'
                returning outbox_id, plan_id, profile_id, occurrence, channel, purpose, message, attempts),
              lease as (insert into outreach_outbox_leases (workspace_id, expires_at, lease_id, outbox_ids)
                select $1, $2 + 30000, gen_random_uuid()::text, cast(json_agg(outbox_id) as text) from claimed having count(*) > 0)
            select * from claimed`,
          values: [BENCH_WORKSPACE, now, BATCH]
        })
      ),
    complete: async (c, batch) =>
      void (await c.query({ name: "probe-complete", text: complete.replace(/ o\./g, " "), values: [BENCH_WORKSPACE, batch, Date.now()] }))
  },
  // kith's statements before migration 0017 as this file spells them, on the probe's own connection.
  statements: { ddl: [], claim: statementsClaim, complete: markSent },
  // The two claims in one statement (one round trip fewer per batch).
  oneStatementClaim: {
    ddl: [],
    claim: async (c, now) =>
      ids(
        await c.query(
          `with expired as materialized (select workspace_id, outbox_id from outreach_outbox where workspace_id = $1 and state = 'claimed' and available_at <= $2
              order by available_at limit $3 for update skip locked),
            pending as materialized (select workspace_id, outbox_id from outreach_outbox where workspace_id = $1 and state = 'pending' and available_at <= $2
              order by available_at limit $3 for update skip locked),
            picked as (select * from expired union all (select * from pending limit $3 - (select count(*) from expired)))
          update outreach_outbox as o set ${claimSet} from picked where o.workspace_id = picked.workspace_id and o.outbox_id = picked.outbox_id ${returning}`,
          [BENCH_WORKSPACE, now, BATCH]
        )
      ),
    complete: markSent
  },
  // The message kept out of line (TOAST), so neither update copies it.
  toastedMessage: {
    ddl: ["alter table outreach_outbox set (toast_tuple_target = 128)", "alter table outreach_outbox alter column message set storage external"],
    claim: statementsClaim,
    complete: markSent
  },
  // Claim writes only unindexed columns (lease, attempts) with room on the page: HOT. Gives up: claimed rows stay in the
  // pending range, so every claim reads past the leases in flight (with --in-flight=8 that costs what HOT saves), and
  // expired leases no longer come first.
  hotClaim: {
    ddl: ["alter table outreach_outbox set (fillfactor = 45)"],
    claim: async (c, now) =>
      ids(
        await c.query(
          `with picked as materialized (select workspace_id, outbox_id from outreach_outbox where workspace_id = $1 and state = 'pending' and available_at <= $2
              and (lease_expires_at is null or lease_expires_at <= $2) order by available_at limit $3 for update skip locked)
          update outreach_outbox as o set lease_owner = 'w', lease_expires_at = $2 + 30000, attempts = attempts + 1
          from picked where o.workspace_id = picked.workspace_id and o.outbox_id = picked.outbox_id ${returning}`,
          [BENCH_WORKSPACE, now, BATCH]
        )
      ),
    complete: async (c, batch) =>
      void (await c.query(`update outreach_outbox set state = 'sent', sent_at = $3, lease_owner = null, lease_expires_at = null ${completeWhere} and state = 'pending'`, [
        BENCH_WORKSPACE,
        batch,
        Date.now()
      ]))
  },
  // A due-queue table (claim deletes from it) and one lease row per batch; both outbox updates HOT-eligible.
  queueTable: {
    ddl: queueDdl(55),
    afterFill: ["insert into probe_queue select workspace_id, available_at, outbox_id from outreach_outbox", "analyze probe_queue"],
    claim: async (c, now) =>
      ids(
        await c.query(
          `with picked as (delete from probe_queue where (workspace_id, available_at, outbox_id) in (select workspace_id, available_at, outbox_id from probe_queue
                where workspace_id = $1 and available_at <= $2 order by available_at limit $3 for update skip locked) returning outbox_id),
            lease as (insert into probe_leases (workspace_id, owner, expires_at, ids) select $1, 'w', $2 + 30000, array_agg(outbox_id) from picked having count(*) > 0)
          update outreach_outbox as o set state = 'claimed', lease_owner = 'w', lease_expires_at = $2 + 30000, attempts = attempts + 1
          from picked where o.workspace_id = $1 and o.outbox_id = picked.outbox_id ${returning}`,
          [BENCH_WORKSPACE, now, BATCH]
        )
      ),
    complete: markSent
  },
  // A due table beside the outbox (one narrow row per pending, held or claimed row, moved to the lease's end at the claim,
  // deleted at completion); the outbox has no index on state or available_at, so both its updates may be HOT.
  dueTable: {
    ddl: [
      "alter table outreach_outbox set (fillfactor = 55)",
      "drop index outreach_outbox_claimable",
      "drop index outreach_outbox_held",
      "create table probe_due (workspace_id text not null, outbox_id text not null, state text not null, available_at bigint not null, channel text not null, lease_owner text, primary key (workspace_id, outbox_id))",
      "create index probe_due_by_time on probe_due (workspace_id, state, available_at)"
    ],
    afterFill: ["insert into probe_due select workspace_id, outbox_id, state, available_at, channel from outreach_outbox", "analyze probe_due"],
    claim: async (c, now) =>
      ids(
        await c.query(
          `with picked as materialized (select outbox_id from probe_due where workspace_id = $1 and state = 'pending' and available_at <= $2
                order by available_at limit $3 for update skip locked),
            moved as (update probe_due d set state = 'claimed', available_at = $2 + 30000, lease_owner = 'w' from picked where d.workspace_id = $1 and d.outbox_id = picked.outbox_id)
          update outreach_outbox as o set ${claimSet}
          from picked where o.workspace_id = $1 and o.outbox_id = picked.outbox_id ${returning}`,
          [BENCH_WORKSPACE, now, BATCH]
        )
      ),
    complete: async (c, batch) =>
      void (await c.query(
        `with gone as (delete from probe_due where workspace_id = $1 and outbox_id = any(cast($2 as text[])) and state = 'claimed' and lease_owner = 'w' returning outbox_id)
        update outreach_outbox o set state = 'sent', sent_at = $3, lease_owner = null, lease_expires_at = null from gone where o.workspace_id = $1 and o.outbox_id = gone.outbox_id and o.lease_owner = 'w' and o.state = 'claimed'`,
        [BENCH_WORKSPACE, batch, Date.now()]
      ))
  },
  // The due table keyed as the outbox's claimable index was (one index, no id lookup): a claim moves the key to the lease's
  // end, a completion deletes the key the outbox row names.
  dueKey: {
    ddl: [
      "alter table outreach_outbox set (fillfactor = 55)",
      "drop index outreach_outbox_claimable",
      "drop index outreach_outbox_held",
      "create table probe_due (workspace_id text not null, state text not null, available_at bigint not null, outbox_id text not null, channel text not null, primary key (workspace_id, state, available_at, outbox_id))"
    ],
    afterFill: ["insert into probe_due select workspace_id, state, available_at, outbox_id, channel from outreach_outbox", "analyze probe_due"],
    claim: async (c, now) =>
      ids(
        await c.query(
          `with picked as materialized (select state, available_at, outbox_id from probe_due where workspace_id = $1 and state = 'pending' and available_at <= $2
                order by available_at limit $3 for update skip locked),
            moved as (update probe_due d set state = 'claimed', available_at = $2 + 30000 from picked
              where d.workspace_id = $1 and d.state = picked.state and d.available_at = picked.available_at and d.outbox_id = picked.outbox_id)
          update outreach_outbox as o set ${claimSet}
          from picked where o.workspace_id = $1 and o.outbox_id = picked.outbox_id ${returning}`,
          [BENCH_WORKSPACE, now, BATCH]
        )
      ),
    complete: async (c, batch) =>
      void (await c.query(
        `with mine as (select outbox_id, available_at from outreach_outbox where workspace_id = $1 and outbox_id = any(cast($2 as text[])) and lease_owner = 'w' and state = 'claimed'),
          gone as (delete from probe_due d using mine where d.workspace_id = $1 and d.state = 'claimed' and d.available_at = mine.available_at and d.outbox_id = mine.outbox_id returning d.outbox_id)
        update outreach_outbox o set state = 'sent', sent_at = $3, lease_owner = null, lease_expires_at = null from gone where o.workspace_id = $1 and o.outbox_id = gone.outbox_id and o.lease_owner = 'w' and o.state = 'claimed'`,
        [BENCH_WORKSPACE, batch, Date.now()]
      ))
  },
  // No claim write at all: rows locked in a transaction held open while they are sent, one update at completion. Gives up:
  // the claim is not durable (no attempt counted if the worker dies mid-send, no visible lease), a hung worker holds its rows.
  lockOnly: {
    ddl: [],
    claim: async (c, now) => {
      await c.query("begin")
      const batch = ids(
        await c.query(
          "select outbox_id, plan_id, profile_id, occurrence, channel, purpose, message, attempts from outreach_outbox as o " +
            "where workspace_id = $1 and state = 'pending' and available_at <= $2 order by available_at limit $3 for update skip locked",
          [BENCH_WORKSPACE, now, BATCH]
        )
      )
      if (batch.length === 0) await c.query("commit")
      return batch
    },
    complete: async (c, batch) => {
      await c.query(`update outreach_outbox set state = 'sent', sent_at = $3 where workspace_id = $1 and outbox_id = any(cast($2 as text[]))`, [BENCH_WORKSPACE, batch, Date.now()])
      await c.query("commit")
    }
  }
}

const named = process.argv.slice(4).filter((a) => a !== inFlightFlag)
const chosen = named.length > 0 ? named : Object.keys(variants)
for (const name of chosen) if (!(name in variants)) throw new Error(`unknown variant ${name}: one of ${Object.keys(variants).join(", ")}`)
// lockOnly holds its batch's transaction open on the one connection: one batch at a time.
if (inFlight > 0 && chosen.includes("lockOnly")) throw new Error("lockOnly holds one batch at a time: leave it out with --in-flight")

const backendCpuMs = (pid: number): number => {
  // Fields after the command name: utime is the 12th, stime the 13th, in clock ticks of 10 ms.
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")
  return (Number(fields[11]) + Number(fields[12])) * 10
}

const figures = new Map<string, Array<number>>()
for (let round = 0; round < rounds; round++) {
  for (const name of chosen) {
    const variant = variants[name]!
    const schema = `deliverbench_layout_${process.pid}`
    await createOutboxSchema(url, schema)
    const c = new pg.Client({ connectionString: url, application_name: "deliverbench-layouts" })
    await c.connect()
    await c.query(`set search_path to "${schema}"`)
    for (const ddl of [...(name === "kith" || variant.kithLayout === true ? [] : before0017), ...variant.ddl]) await c.query(ddl)
    await fillOutbox(c, schema, rows, Date.now())
    for (const ddl of variant.afterFill ?? []) await c.query(ddl)
    // kith's store names its connection so the probe finds its backend.
    const storeName = `deliverbench-layouts-store-${process.pid}`
    process.env["PGAPPNAME"] = storeName
    const store = variant.throughStore === true ? await openPostgresStorage({ connectionString: url, schema, maxConnections: 1, migrate: false }) : undefined
    // A claim that finds nothing opens the pool's one connection.
    if (store !== undefined) await store.backend.delivery.claim(BENCH_WORKSPACE, { workerId: "w", limit: 1, leaseMs: 1, now: 0 })
    delete process.env["PGAPPNAME"]
    const pid =
      store === undefined
        ? (await c.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid
        : (await c.query<{ pid: number }>("select pid from pg_stat_activity where application_name = $1", [storeName])).rows[0]!.pid
    const cpuBefore = backendCpuMs(pid)
    const started = performance.now()
    let delivered = 0
    const unfinished: Array<Array<string>> = []
    for (;;) {
      const batch = await variant.claim(c, Date.now(), store)
      if (batch.length > 0) unfinished.push(batch)
      // Drained: every batch still held is completed.
      while (unfinished.length > (batch.length === 0 ? 0 : inFlight)) {
        const done = unfinished.shift()!
        await variant.complete(c, done, store)
        delivered += done.length
      }
      if (batch.length === 0) break
    }
    const wall = performance.now() - started
    const cpu = backendCpuMs(pid) - cpuBefore
    // A closing backend hands its counts to the statistics as it exits.
    if (store !== undefined) {
      await store.close()
      await new Promise((resolve) => setTimeout(resolve, 300))
    }
    // A backend hands its counts to the statistics at most once a second unless told to at its next idle moment.
    await c.query("select pg_stat_force_next_flush()")
    await c.query("select 1")
    const stats = (
      await c.query<{ upd: string; hot: string; bytes: string }>(
        "select n_tup_upd as upd, n_tup_hot_upd as hot, pg_total_relation_size(relid) + coalesce(pg_total_relation_size(to_regclass('probe_queue')), 0) + coalesce(pg_total_relation_size(to_regclass('probe_due')), 0) as bytes " +
          "from pg_stat_user_tables where relname = 'outreach_outbox' and schemaname = $1",
        [schema]
      )
    ).rows[0]!
    if (delivered !== rows) throw new Error(`${name}: delivered ${delivered} of ${rows}`)
    console.log(
      `${name}: backend CPU ${cpu} ms (${((cpu * 1000) / rows).toFixed(1)} µs a row), wall ${wall.toFixed(0)} ms, ` +
        `updates ${stats.upd} of which HOT ${stats.hot}, size after ${(Number(stats.bytes) / 1e6).toFixed(1)} MB`
    )
    figures.set(name, [...(figures.get(name) ?? []), cpu])
    await dropSchema(c, schema)
    await c.end()
  }
}
const median = (xs: Array<number>): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
for (const [name, cpus] of figures) console.log(`${name}: median backend CPU ${median(cpus)} ms over ${cpus.length} round(s) of ${rows} rows, ${inFlight} batches in flight`)
