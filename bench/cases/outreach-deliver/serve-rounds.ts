import type { FromWorker, ToWorker } from "./protocol.js"

/**
 * What a worker process does each round: `work` delivers until its work is
 * drained or `signal` aborts (the parent saw every row done), calling
 * `progress(n)` as it handles deliveries, and returns what it counted.
 */
export interface RoundWorker {
  readonly work: (progress: (delivered: number) => void, signal: AbortSignal) => Promise<Readonly<Record<string, number>> | void>
  readonly close: () => Promise<void>
}

const send = (message: FromWorker): void => void process.send!(message)

/**
 * The worker side of a delivery bench: opens the worker (connections,
 * queue runner set up, before anything is timed), says ready, then on each
 * `start` works until `stop`, and reports its CPU time over the round.
 * Progress goes to the parent at most every 20 ms, so the messages cost
 * nothing next to the work.
 */
export const serveRounds = async (open: () => Promise<RoundWorker>): Promise<void> => {
  if (process.send === undefined) throw new Error("a delivery worker runs as a child process of the bench (with an IPC channel)")
  const worker = await open()
  let pending = 0
  const flush = (): void => {
    if (pending > 0) send({ type: "progress", delivered: pending })
    pending = 0
  }
  const ticker = setInterval(flush, 20)
  let round: { controller: AbortController; done: Promise<Readonly<Record<string, number>> | void>; cpu: NodeJS.CpuUsage } | undefined
  process.on("message", (message: ToWorker) => {
    void (async () => {
      try {
        if (message.type === "start") {
          const controller = new AbortController()
          const cpu = process.cpuUsage()
          round = { controller, cpu, done: worker.work((n) => void (pending += n), controller.signal) }
          // A failure inside the round is reported at once, not at `stop`.
          round.done.catch((error: unknown) => send({ type: "failed", error: String((error as Error)?.stack ?? error) }))
        } else if (message.type === "stop" && round !== undefined) {
          round.controller.abort()
          const stats = (await round.done) ?? {}
          flush()
          const used = process.cpuUsage(round.cpu)
          round = undefined
          send({ type: "stopped", cpuMs: (used.user + used.system) / 1000, stats })
        } else if (message.type === "exit") {
          clearInterval(ticker)
          await worker.close()
          process.disconnect()
        }
      } catch (error) {
        send({ type: "failed", error: String((error as Error)?.stack ?? error) })
      }
    })()
  })
  // The bench process ended (or was killed): nothing is left to work for.
  process.on("disconnect", () => process.exit(0))
  send({ type: "ready" })
}
