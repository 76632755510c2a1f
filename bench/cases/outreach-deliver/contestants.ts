import { DEFAULT_PG_URL } from "@kith/storage-postgres"
import type { Contestant } from "./contest.js"
import { BENCH_WORKSPACE, fillOutbox, outboxRemaining } from "./outbox-table.js"
import { fillGraphile, fillPgBoss, graphileRemaining, pgBossRemaining } from "./queue-tables.js"

/** Messages per round. */
export const N = 100_000
/** Rows per claim for kith and the floor: kith's default (`runOutboxWorker`'s batchSize). */
export const BATCH = 300
/**
 * Jobs per pg-boss fetch. pg-boss's fetch sorts every waiting job of the
 * queue (priority, created_on, id) to take the first batchSize, so its cost
 * grows with the backlog and the number of fetches decides its speed: 1,000
 * (over three times kith's batch) is the largest a user would plausibly set and
 * the fastest we measured; at 200 a 100,000-job backlog took minutes.
 */
export const PGBOSS_BATCH = 1_000
/** `work()` loops per pg-boss process: one (more loops add concurrent sorts of the same backlog, not throughput). */
export const PGBOSS_LOOPS = 1

export const url = process.env["KITH_PG_URL"] ?? DEFAULT_PG_URL

/** Delivery from kith's outbox table in `schema` by `script` (kith's worker, or the floor loop). */
export const outboxContestant = (name: string, script: string, schema: string): Contestant => ({
  name,
  script,
  env: { DELIVERBENCH_URL: url, DELIVERBENCH_SCHEMA: schema, DELIVERBENCH_WORKSPACE: BENCH_WORKSPACE, DELIVERBENCH_BATCH: String(BATCH) },
  fill: (client) => fillOutbox(client, schema, N, Date.now()),
  remaining: (client) => outboxRemaining(client, schema)
})

/** graphile-worker, its jobs in `schema`. */
export const graphileContestant = (schema: string): Contestant => ({
  name: "graphile-worker",
  script: "worker-graphile.ts",
  env: { DELIVERBENCH_URL: url, DELIVERBENCH_SCHEMA: schema },
  fill: (client) => fillGraphile(client, schema, N),
  remaining: (client) => graphileRemaining(client, schema)
})

/** pg-boss, its jobs in `schema`. */
export const pgBossContestant = (schema: string): Contestant => ({
  name: "pg-boss",
  script: "worker-pgboss.ts",
  env: { DELIVERBENCH_URL: url, DELIVERBENCH_SCHEMA: schema, DELIVERBENCH_BATCH: String(PGBOSS_BATCH), DELIVERBENCH_LOOPS: String(PGBOSS_LOOPS) },
  fill: (client) => fillPgBoss(client, schema, N),
  remaining: (client) => pgBossRemaining(client, schema)
})
