import { type ChildProcess, fork } from "node:child_process"
import { setTimeout as sleep } from "node:timers/promises"
import pg from "pg"
import { backendCpuMs, cpuSpentBetween } from "./backend-cpu.js"
import { type FromWorker, type ToWorker, applicationNameOf } from "./protocol.js"

/** What one round of a fleet measured. */
export interface RoundFigures {
  /** Wall time from the start signal to every row done in the database. */
  readonly ms: number
  readonly deliveriesPerSecond: number
  /** CPU time of the worker processes over the round. */
  readonly workerCpuMs: number
  /** CPU time of their Postgres backends over the round (`null` when Postgres is not on this machine). */
  readonly databaseCpuMs: number | null
  /** What the workers counted, summed over them (statements, batches, time in each). */
  readonly stats: Readonly<Record<string, number>>
}

/** Worker processes of one contestant, started once and driven round by round. */
export interface Fleet {
  /**
   * Starts every worker, waits until they handled `n` deliveries and
   * `remaining()` (a query of the contestant's table) finds nothing left,
   * then stops them and collects their figures.
   */
  readonly round: (n: number, remaining: (client: pg.Client) => Promise<number>) => Promise<RoundFigures>
  readonly close: () => Promise<void>
}

const STALL_MS = 120_000

/**
 * Forks `workers` processes of `script` (TypeScript, run the way the bench
 * runs: `--import tsx`, kith's source conditions), each with its own
 * Postgres connections named after the contestant, and waits until all are
 * ready (connected, queue set up): nothing of that is timed.
 */
export const startFleet = async (options: {
  readonly contestant: string
  readonly script: string
  readonly workers: number
  readonly url: string
  readonly env?: Readonly<Record<string, string>>
}): Promise<Fleet> => {
  const applicationName = applicationNameOf(options.contestant)
  const monitor = new pg.Client({ connectionString: options.url, application_name: "deliverbench-monitor" })
  await monitor.connect()
  let delivered = 0
  let failure: string | undefined
  let wake: () => void = () => {}
  const stopped: Array<Extract<FromWorker, { type: "stopped" }>> = []
  const children: Array<ChildProcess> = []
  let ready = 0
  for (let i = 0; i < options.workers; i++) {
    const child = fork(options.script, [], {
      execArgv: ["--conditions=@kith/source", "--import", "tsx"],
      env: { ...process.env, ...options.env, PGAPPNAME: applicationName, DELIVERBENCH_WORKER: String(i) },
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    })
    child.on("message", (message: FromWorker) => {
      if (message.type === "ready") ready++
      else if (message.type === "progress") delivered += message.delivered
      else if (message.type === "stopped") stopped.push(message)
      else if (message.type === "failed") failure = `${options.contestant} worker ${i}: ${message.error}`
      wake()
    })
    child.on("exit", (code) => {
      if (code !== 0 && code !== null) failure ??= `${options.contestant} worker ${i} exited with code ${code}`
      wake()
    })
    children.push(child)
  }
  // Resolves when `done()` holds, checking after each message from a worker (and every 50 ms).
  const until = async (done: () => boolean, what: string): Promise<void> => {
    let lastDelivered = delivered
    let lastMove = Date.now()
    while (!done()) {
      if (failure !== undefined) throw new Error(failure)
      if (delivered !== lastDelivered) [lastDelivered, lastMove] = [delivered, Date.now()]
      if (Date.now() - lastMove > STALL_MS) throw new Error(`${options.contestant}: no progress for ${STALL_MS / 1000} s waiting for ${what} (${delivered} delivered)`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50)
        wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
  }
  const broadcast = (message: ToWorker): void => {
    for (const child of children) child.send(message)
  }
  await until(() => ready === options.workers, "the workers to be ready")

  return {
    round: async (n, remaining) => {
      delivered = 0
      stopped.length = 0
      const before = await backendCpuMs(monitor, applicationName)
      const started = performance.now()
      broadcast({ type: "start" })
      await until(() => delivered >= n, `${n} deliveries`)
      // Handled is not yet marked done (queues complete in batches after the handler): the table says when it is.
      while ((await remaining(monitor)) > 0) await sleep(2)
      const ms = performance.now() - started
      const after = await backendCpuMs(monitor, applicationName)
      broadcast({ type: "stop" })
      await until(() => stopped.length === options.workers, "the workers to stop")
      const stats: Record<string, number> = {}
      for (const s of stopped) for (const [key, value] of Object.entries(s.stats)) stats[key] = (stats[key] ?? 0) + value
      return {
        ms,
        deliveriesPerSecond: (n * 1000) / ms,
        workerCpuMs: stopped.reduce((sum, s) => sum + s.cpuMs, 0),
        databaseCpuMs: cpuSpentBetween(before, after),
        stats
      }
    },
    close: async () => {
      const exited = children.map((child) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", () => resolve()))))
      broadcast({ type: "exit" })
      await Promise.race([Promise.all(exited), sleep(10_000)])
      for (const child of children) if (child.exitCode === null) child.kill()
      await monitor.end()
    }
  }
}
