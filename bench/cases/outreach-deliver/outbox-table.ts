import { openPostgresStorage } from "@kith/storage-postgres"
import pg from "pg"

/** The workspace every outbox bench row belongs to. */
export const BENCH_WORKSPACE = "bench-shop"

/**
 * The message every contestant delivers, as one SQL expression of the row
 * number `i`: what kith's plan execution renders into an outbox row (text in
 * the recipient's locale, address, products, voucher). The queues carry the
 * same JSON as their job payload, so every contestant moves the same bytes.
 */
export const messageSql = (i: string): string =>
  `json_build_object('text', 'Chào khách ' || ${i} || ', cảm ơn bạn đã mua hàng tại shop! Tặng bạn mã giảm 10% cho đơn tiếp theo.', ` +
  `'locale', 'vi', 'to', '+8491' || lpad(${i}::text, 7, '0'), 'products', json_build_array('sku-1', 'sku-2'), 'voucher', json_build_object('kind', 'none'))`

/**
 * A fresh Postgres schema with kith's tables, made by kith's own migrations,
 * so the outbox table (and its claim index) is exactly the one kith's
 * workers use.
 */
export const createOutboxSchema = async (url: string, schema: string): Promise<void> => {
  const store = await openPostgresStorage({ connectionString: url, schema, maxConnections: 1 })
  await store.close()
}

/**
 * The floor's table: kith's outbox (made by its migrations) with the one
 * index a bare claim-and-mark loop on it needs — pending and claimed rows by
 * `available_at` — and its pages filled whole. Kith's own claim reads its due
 * table instead, and leaves room on the outbox's pages for its in-place updates.
 */
export const createFloorSchema = async (url: string, schema: string): Promise<void> => {
  await createOutboxSchema(url, schema)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`create index outreach_outbox_claimable on "${schema}".outreach_outbox (workspace_id, state, available_at) where state in ('pending', 'claimed')`)
    await client.query(`alter table "${schema}".outreach_outbox set (fillfactor = 100)`)
  } finally {
    await client.end()
  }
}

/**
 * Empties the outbox and fills it with `n` pending rows of one plan (one per
 * profile, available now), in one `insert … select … from generate_series`
 * statement, and their due rows in one more, then refreshes the planner's statistics: about a second, never
 * timed. Every round starts from the same fresh table.
 */
export const fillOutbox = async (client: pg.Client, schema: string, n: number, now: number): Promise<void> => {
  await client.query(`truncate "${schema}".outreach_outbox, "${schema}".outreach_outbox_due, "${schema}".outreach_outbox_leases`)
  await client.query(
    `insert into "${schema}".outreach_outbox (workspace_id, plan_id, profile_id, occurrence, outbox_id, channel, purpose, decision, reason, holdout,
       message, state, attempts, available_at, created_at)
     select $1, 'plan-bench', 'p_' || i, '', 'ob_' || substr(md5('plan-bench/p_' || i), 1, 16), 'zalo', 'transactional', 'send', 'consented', 0,
       ${messageSql("i")}::text, 'pending', 0, $2::bigint, $2::bigint
     from generate_series(1, $3::int) as i`,
    [BENCH_WORKSPACE, now, n]
  )
  // Each pending row's due row, as kith's own insert of outbox rows writes it.
  await client.query(
    `insert into "${schema}".outreach_outbox_due (workspace_id, state, available_at, outbox_id, channel)
     select workspace_id, state, available_at, outbox_id, channel from "${schema}".outreach_outbox`
  )
  await client.query(`analyze "${schema}".outreach_outbox`)
  await client.query(`analyze "${schema}".outreach_outbox_due`)
}

/** Rows of the bench workspace not yet sent. */
export const outboxRemaining = async (client: pg.Client, schema: string): Promise<number> => {
  const { rows } = await client.query<{ n: string }>(
    `select count(*) as n from "${schema}".outreach_outbox where workspace_id = $1 and state in ('pending', 'claimed')`,
    [BENCH_WORKSPACE]
  )
  return Number(rows[0]!.n)
}

/** Drops a bench schema. */
export const dropSchema = async (client: pg.Client, schema: string): Promise<void> => {
  await client.query(`drop schema if exists "${schema}" cascade`)
}
