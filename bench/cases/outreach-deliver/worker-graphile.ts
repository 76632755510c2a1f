// One graphile-worker process of four, with the settings graphile-worker's
// performance page gives for throughput (https://worker.graphile.org/docs/performance):
// concurrentJobs 24, a pool of 25, localQueue size 500 (jobs fetched and
// locked 500 at a time), completeJobBatchDelay 0 and failJobBatchDelay 0
// (completions batched). The task is the no-op sender, given the same
// message the kith side carries (parsed by graphile-worker as the job's payload).
import { Logger, type Runner, run } from "graphile-worker"
import pg from "pg"
import { serveRounds } from "./serve-rounds.js"

const url = process.env["DELIVERBENCH_URL"]!
const schema = process.env["DELIVERBENCH_SCHEMA"]!

await serveRounds(async () => {
  const pool = new pg.Pool({ connectionString: url, max: 25, idleTimeoutMillis: 0 })
  pool.on("error", (error) => console.error(error))
  let progress: (n: number) => void = () => {}
  // Quiet: a log line per job would cost more than the jobs.
  const logger = new Logger(() => () => {})
  return {
    work: async (report, signal) => {
      progress = report
      const runner: Runner = await run({
        pgPool: pool,
        schema,
        logger,
        noHandleSignals: true,
        taskList: {
          deliver: async () => {
            progress(1)
          }
        },
        preset: { worker: { concurrentJobs: 24, maxPoolSize: 25, localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } }
      })
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }))
      await runner.stop()
    },
    close: () => pool.end()
  }
})
