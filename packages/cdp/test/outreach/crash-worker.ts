// One worker process of the kill -9 crash test: runs `runOutboxWorker` on Postgres until SIGTERM, with a sender
// that appends every call to this instance's log before answering, and logs every claim and renewal.
// Lines are written with one synchronous write each, so a line is in the file before the next step runs:
// a kill -9 loses at most the step in progress, never a line already written.
// Arguments: schema workspaceId instanceId logDir failRate maxAttempts leaseMs seed
import { closeSync, openSync, writeSync } from "node:fs"
import { join } from "node:path"
import { runOutboxWorker } from "@kith/cdp"
import type { OutboxDelivery } from "@kith/storage"
import { DEFAULT_PG_URL, openPostgresStorage } from "@kith/storage-postgres"
import pg from "pg"

const [schema, workspaceId, instanceId, logDir, failRate, maxAttempts, leaseMs, seed] = process.argv.slice(2) as [string, string, string, string, string, string, string, string]
const log = openSync(join(logDir, `${instanceId}.log`), "a")
const line = (...fields: ReadonlyArray<string | number>) => writeSync(log, `${fields.join("\t")}\n`)

// A small seeded generator (mulberry32): each instance fails its own reproducible sequence of sends.
let state = Number(seed) >>> 0
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0
  let t = state
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
}

// The schema is pinned by the connections' search_path rather than openPostgresStorage's `schema`: opening with a
// schema creates it if missing under the database-wide migration lock, which any other test file migrating its own
// schema holds for seconds on a loaded machine, and a restart waiting on it would leave the slot without a worker.
const store = await openPostgresStorage({ pool: new pg.Pool({ max: 3, connectionString: process.env["KITH_PG_URL"] ?? DEFAULT_PG_URL, options: `-c search_path=${schema}` }), migrate: false })
const controller = new AbortController()
process.on("SIGTERM", () => controller.abort())
line("start", instanceId, Date.now())
// "ready" once the first claim has answered: from then on this worker polls, and the test may kill another one.
let polled = false
const delivery: OutboxDelivery = {
  ...store.backend.delivery,
  claim: async (...args) => {
    const rows = await store.backend.delivery.claim(...args)
    if (!polled) line("ready", instanceId, Date.now())
    polled = true
    return rows
  }
}
const summary = await runOutboxWorker({
  delivery,
  workspaceId,
  workerId: instanceId,
  sender: {
    send: async (message, { idempotencyKey, attempt }) => {
      if (idempotencyKey !== message.outboxId) throw new Error("the idempotency key is the outbox id")
      // Recorded before answering: a call the worker dies after is in the log, as a real provider would have it.
      line("call", idempotencyKey, attempt, Date.now())
      await new Promise((resolve) => setImmediate(resolve))
      if (random() < Number(failRate)) throw new Error("provider refused")
    }
  },
  concurrency: 8,
  batchSize: 100,
  leaseMs: Number(leaseMs),
  maxAttempts: Number(maxAttempts),
  backoff: { baseMs: 40, maxMs: 320 },
  idleMs: 50,
  random,
  signal: controller.signal,
  onEvent: (event) => {
    if (event.type === "claimed") line("claim", event.at, event.leaseExpiresAt, event.outboxIds.join(","))
    if (event.type === "renewed") line("renew", event.leaseExpiresAt, event.outboxIds.join(","))
  }
})
line("stop", instanceId, Date.now(), JSON.stringify(summary))
closeSync(log)
await store.close()
