// The floor of an outbox delivery: the simplest honest claim-and-mark loop on
// kith's own outbox table, one process of four. Per batch: one statement
// claims up to BATCH pending rows with FOR UPDATE SKIP LOCKED (setting the
// lease, as any claim that survives a crash must), the no-op send, one
// statement marks them sent (guarded by the lease owner). No reclaim of
// expired leases, no retries, no rate limits, no message parsing.
import pg from "pg"
import { serveRounds } from "./serve-rounds.js"

const url = process.env["DELIVERBENCH_URL"]!
const schema = process.env["DELIVERBENCH_SCHEMA"]!
const workspaceId = process.env["DELIVERBENCH_WORKSPACE"]!
const batch = Number(process.env["DELIVERBENCH_BATCH"])
const workerId = `floor-${process.pid}`
const LEASE_MS = 30_000

// The rows are picked in a materialized CTE (under `IN (…)` Postgres may run a SKIP LOCKED subquery again and
// take more than the limit); a claimed row's available_at moves to its lease's end, out of the due range of the
// outbox's claim index, as kith's own claim does.
const claim = `with picked as materialized (
    select outbox_id from outreach_outbox where workspace_id = $1 and state = 'pending' and available_at <= $3
    order by available_at limit $4 for update skip locked)
  update outreach_outbox as o set state = 'claimed', lease_owner = $2, lease_expires_at = $3 + ${LEASE_MS}, available_at = $3 + ${LEASE_MS},
    attempts = attempts + 1
  from picked where o.workspace_id = $1 and o.outbox_id = picked.outbox_id
  returning o.outbox_id, o.message`
const mark = `update outreach_outbox set state = 'sent', sent_at = $3
  where workspace_id = $1 and outbox_id = any($2::text[]) and lease_owner = $4 and state = 'claimed'`

await serveRounds(async () => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query(`set search_path to "${schema}"`)
  return {
    work: async (progress, signal) => {
      let statements = 0
      let batches = 0
      while (!signal.aborted) {
        const now = Date.now()
        const { rows } = await client.query<{ outbox_id: string; message: string }>(claim, [workspaceId, workerId, now, batch])
        statements++
        if (rows.length === 0) break
        // The no-op sender.
        await client.query(mark, [workspaceId, rows.map((r) => r.outbox_id), Date.now(), workerId])
        statements++
        batches++
        progress(rows.length)
      }
      return { statements, batches }
    },
    close: () => client.end()
  }
})
