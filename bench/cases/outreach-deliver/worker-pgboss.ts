// One pg-boss process of four. pg-boss's throughput settings are those of
// `work()` (https://github.com/timgit/pg-boss/blob/10.4.2/docs/readme.md#work,
// https://timgit.github.io/pg-boss/#/./api/workers): batchSize (jobs per
// fetch; the handler gets the array and completes it with one statement) and
// pollingIntervalSeconds (at least 0.5; a worker waits out the rest of the
// interval after each batch). The fastest of those settings here: batchSize
// DELIVERBENCH_BATCH jobs, polling every 0.5 s, DELIVERBENCH_LOOPS `work()`
// loops per process. Supervision (maintenance) and scheduling are off in the
// workers: the bench process set the queue up.
import PgBoss from "pg-boss"
import { serveRounds } from "./serve-rounds.js"

const url = process.env["DELIVERBENCH_URL"]!
const schema = process.env["DELIVERBENCH_SCHEMA"]!
const batchSize = Number(process.env["DELIVERBENCH_BATCH"])
const loops = Number(process.env["DELIVERBENCH_LOOPS"])
export const QUEUE = "deliver"

await serveRounds(async () => {
  const boss = new PgBoss({ connectionString: url, schema, supervise: false, schedule: false, migrate: false, max: loops + 2,
    // pg-boss names its connections itself: the bench finds a contestant's backends by this name.
    application_name: process.env["PGAPPNAME"]! })
  boss.on("error", (error) => console.error(error))
  await boss.start()
  return {
    work: async (progress, signal) => {
      for (let i = 0; i < loops; i++) {
        await boss.work(QUEUE, { batchSize, pollingIntervalSeconds: 0.5 }, async (jobs) => {
          // The no-op sender, once per job of the batch.
          progress(jobs.length)
        })
      }
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }))
      await boss.offWork(QUEUE)
    },
    close: () => boss.stop({ graceful: false, wait: true })
  }
})
