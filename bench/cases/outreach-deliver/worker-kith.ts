// One kith worker process of four: `runOutboxWorker` on kith's Postgres store
// (its own pool, migrations already run by the bench), the no-op sender,
// batches of DELIVERBENCH_BATCH, otherwise its defaults (16 sends in flight,
// 30 s lease renewed every 10 s, 5 attempts), until a claim finds nothing.
// The store's delivery operations are wrapped to count each kind of
// statement and the time spent in it, so a slow round says where it went.
import { runOutboxWorker } from "@kith/cdp"
import type { OutboxDelivery } from "@kith/storage"
import { openPostgresStorage } from "@kith/storage-postgres"
import { serveRounds } from "./serve-rounds.js"

const url = process.env["DELIVERBENCH_URL"]!
const schema = process.env["DELIVERBENCH_SCHEMA"]!
const workspaceId = process.env["DELIVERBENCH_WORKSPACE"]!
const batchSize = Number(process.env["DELIVERBENCH_BATCH"])

/** The same operations, each call counted (`<op>Calls`) and timed (`<op>Ms`, wall time until its promise settled). */
const measuredDelivery = (delivery: OutboxDelivery, stats: Record<string, number>): OutboxDelivery => {
  const wrap =
    <A extends Array<unknown>>(name: string, op: (...args: A) => Promise<number | ReadonlyArray<unknown>>) =>
    async (...args: A) => {
      const started = performance.now()
      try {
        return await op(...args)
      } finally {
        stats[`${name}Calls`] = (stats[`${name}Calls`] ?? 0) + 1
        stats[`${name}Ms`] = (stats[`${name}Ms`] ?? 0) + performance.now() - started
      }
    }
  return {
    claim: wrap("claim", delivery.claim) as OutboxDelivery["claim"],
    complete: wrap("complete", delivery.complete) as OutboxDelivery["complete"],
    fail: wrap("fail", delivery.fail) as OutboxDelivery["fail"],
    renew: wrap("renew", delivery.renew) as OutboxDelivery["renew"]
  }
}

await serveRounds(async () => {
  const store = await openPostgresStorage({ connectionString: url, schema, maxConnections: 4, migrate: false })
  return {
    work: async (progress, signal) => {
      const stats: Record<string, number> = {}
      const started = performance.now()
      const summary = await runOutboxWorker({
        delivery: measuredDelivery(store.backend.delivery, stats),
        workspaceId,
        batchSize,
        untilDrained: true,
        signal,
        sender: {
          send: async () => {
            progress(1)
          }
        }
      })
      return { ...stats, workerMs: performance.now() - started, batches: summary.batches, sent: summary.sent, lost: summary.lost, released: summary.released }
    },
    close: () => store.close()
  }
})
