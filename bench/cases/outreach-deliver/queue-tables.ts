import { runMigrations } from "graphile-worker"
import PgBoss from "pg-boss"
import type pg from "pg"
import { messageSql } from "./outbox-table.js"

// The two queues a user would pick instead of kith's outbox, each in its own
// Postgres schema, set up by the queue's own code and filled, like kith's
// outbox, by one `insert … select … from generate_series` (the job payload is
// the same message kith's rows carry), then analyzed: untimed.

/** The task (graphile-worker) and queue (pg-boss) name. */
export const QUEUE = "deliver"

/** graphile-worker's schema, made by its own migrations. */
export const createGraphileSchema = async (url: string, schema: string): Promise<void> => {
  await runMigrations({ connectionString: url, schema })
}

/** Empties graphile-worker's jobs and adds `n` jobs of the `deliver` task, runnable now (its defaults: 25 attempts, priority 0). */
export const fillGraphile = async (client: pg.Client, schema: string, n: number): Promise<void> => {
  await client.query(`truncate "${schema}"._private_jobs`)
  await client.query(`insert into "${schema}"._private_tasks (identifier) values ($1) on conflict do nothing`, [QUEUE])
  await client.query(
    `insert into "${schema}"._private_jobs (task_id, payload, run_at, max_attempts, priority)
     select t.id, ${messageSql("i")}, now(), 25, 0 from generate_series(1, $2::int) as i, "${schema}"._private_tasks as t where t.identifier = $1`,
    [QUEUE, n]
  )
  await client.query(`analyze "${schema}"._private_jobs`)
}

/** graphile-worker deletes a job once completed: what is left is not done. */
export const graphileRemaining = async (client: pg.Client, schema: string): Promise<number> => {
  const { rows } = await client.query<{ n: string }>(`select count(*) as n from "${schema}"._private_jobs`)
  return Number(rows[0]!.n)
}

/** pg-boss's schema (its own migrations) with the `deliver` queue (standard policy, its defaults). */
export const createPgBossSchema = async (url: string, schema: string): Promise<void> => {
  const boss = new PgBoss({ connectionString: url, schema, supervise: false, schedule: false })
  await boss.start()
  await boss.createQueue(QUEUE)
  await boss.stop({ graceful: false, wait: true })
}

/** Empties pg-boss's jobs and adds `n` jobs to the `deliver` queue, with the column defaults pg-boss's own insert would give. */
export const fillPgBoss = async (client: pg.Client, schema: string, n: number): Promise<void> => {
  await client.query(`truncate "${schema}".job`)
  await client.query(
    `insert into "${schema}".job (name, data, policy) select $1, ${messageSql("i")}::jsonb, q.policy
     from generate_series(1, $2::int) as i, "${schema}".queue as q where q.name = $1`,
    [QUEUE, n]
  )
  await client.query(`analyze "${schema}".job`)
}

/** pg-boss keeps completed jobs (state `completed`) until its maintenance archives them: not done is before that state. */
export const pgBossRemaining = async (client: pg.Client, schema: string): Promise<number> => {
  const { rows } = await client.query<{ n: string }>(`select count(*) as n from "${schema}".job where name = $1 and state < 'completed'`, [QUEUE])
  return Number(rows[0]!.n)
}
