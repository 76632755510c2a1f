import { type Backoff, defaultBackoff, type OutreachSender, retryDelay } from "@kith/outreach"
import { type ClaimedOutboxRow, type OutboxDelivery, type OutboxFailure, outboundMessageOf, type RateLimit } from "@kith/storage"

/**
 * Options of {@link runOutboxWorker}.
 *
 * @example
 * ```ts
 * const options: OutboxWorkerOptions = { delivery: backend.delivery, workspaceId: "shop-1", sender, concurrency: 16, signal: controller.signal }
 * ```
 */
export interface OutboxWorkerOptions {
  /** The store's delivery operations (`backend.delivery` of an open store). */
  readonly delivery: OutboxDelivery
  readonly workspaceId: string
  readonly sender: OutreachSender
  /** This worker's id, the lease owner of what it claims (default: a random one). Unique among live workers. */
  readonly workerId?: string
  /** Sends in flight at once (default 16). */
  readonly concurrency?: number
  /** Rows per claim (default 300): one statement claims them, one marks them sent. */
  readonly batchSize?: number
  /** How long a claim is leased, in ms (default 30,000); renewed every third of it while sends are in flight. */
  readonly leaseMs?: number
  /** Attempts before a row is dead (default 5). */
  readonly maxAttempts?: number
  /** Backoff between attempts (default 1 s doubling up to 5 min, with jitter). */
  readonly backoff?: Backoff
  /** Per-channel rate limits shared with every other worker of the workspace. */
  readonly rateLimits?: Readonly<Record<string, RateLimit>>
  /** Stops the worker: no new claim, no new send; rows claimed and not sent are released at once. */
  readonly signal?: AbortSignal
  /** The clock, epoch ms (default `Date.now`). */
  readonly clock?: () => number
  /** The timers behind the lease heartbeat and the idle wait (default the runtime's): inject them with `clock` to run the worker on a test's time. */
  readonly timers?: OutboxWorkerTimers
  /** Numbers in [0, 1) for the jitter (default `Math.random`). */
  readonly random?: () => number
  /** Wait between claims that found nothing, in ms (default 1,000). */
  readonly idleMs?: number
  /** Return as soon as a claim finds nothing (instead of waiting for more until `signal` aborts). */
  readonly untilDrained?: boolean
  /** Told of each step, e.g. to log or measure. */
  readonly onEvent?: (event: OutboxWorkerEvent) => void
}

/**
 * The timers a worker waits on: a repeating beat (the lease heartbeat while
 * sends are in flight) and a one-off wait (between claims that found
 * nothing). With {@link OutboxWorkerOptions.clock} they make the worker's
 * whole notion of time.
 *
 * @example
 * ```ts
 * // Beats fired by hand, waits that end at once: a test moves time itself.
 * const beats: Array<() => void> = []
 * const timers: OutboxWorkerTimers = { every: (_ms, beat) => (beats.push(beat), () => beats.splice(beats.indexOf(beat), 1)), sleep: async () => undefined }
 * ```
 */
export interface OutboxWorkerTimers {
  /** Calls `beat` every `ms` until the returned function is called. */
  readonly every: (ms: number, beat: () => void) => () => void
  /** Resolves after `ms`, or at once when `signal` aborts. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>
}

/**
 * What a worker did, as {@link OutboxWorkerOptions.onEvent} hears it:
 * claimed a batch (with the lease's end), marked rows sent, recorded
 * failures (retried later or dead), renewed leases (with their new end), or found rows it held
 * taken over by another worker (its lease had expired).
 *
 * @example
 * ```ts
 * const event: OutboxWorkerEvent = { type: "claimed", at: 1767578400000, outboxIds: ["ob_3b9c"], attempts: [1], leaseExpiresAt: 1767578430000 }
 * ```
 */
export type OutboxWorkerEvent =
  | { readonly type: "claimed"; readonly at: number; readonly outboxIds: ReadonlyArray<string>; readonly attempts: ReadonlyArray<number>; readonly leaseExpiresAt: number }
  | { readonly type: "sent"; readonly at: number; readonly outboxIds: ReadonlyArray<string> }
  | { readonly type: "failed"; readonly at: number; readonly failures: ReadonlyArray<OutboxFailure> }
  | { readonly type: "renewed"; readonly at: number; readonly outboxIds: ReadonlyArray<string>; readonly renewed: number; readonly leaseExpiresAt: number }
  | { readonly type: "lost"; readonly at: number; readonly outboxIds: ReadonlyArray<string> }

/**
 * What a worker did until it stopped.
 *
 * @example
 * ```ts
 * const summary: OutboxWorkerSummary = { workerId: "w-1", batches: 4, claimed: 1000, sent: 990, retried: 8, dead: 2, released: 0, lost: 0, renewals: 0 }
 * ```
 */
export interface OutboxWorkerSummary {
  readonly workerId: string
  /** Claims that found rows. */
  readonly batches: number
  readonly claimed: number
  /** Rows marked sent. */
  readonly sent: number
  /** Failed attempts to be retried. */
  readonly retried: number
  /** Rows whose last attempt failed. */
  readonly dead: number
  /** Rows claimed but not sent when the worker was stopped, put back at once. */
  readonly released: number
  /** Rows this worker sent or failed after another worker took them over (its lease had expired): nothing was recorded for them. */
  readonly lost: number
  /** Lease renewals. */
  readonly renewals: number
}

// The runtime's timers.
const runtimeTimers: OutboxWorkerTimers = {
  every: (ms, beat) => {
    const timer = setInterval(beat, ms)
    return () => clearInterval(timer)
  },
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve()
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        signal.removeEventListener("abort", done)
        resolve()
      }
      signal.addEventListener("abort", done, { once: true })
    })
}

const describeError = (e: unknown): string => (e instanceof Error ? e.message : String(e)).slice(0, 2_000)

/**
 * Delivers a workspace's outbox (OUT-7): claims batches of due rows with a
 * lease, hands each message to the sender with its idempotency key (the
 * row's `outboxId`, the same on every attempt and after a takeover), marks
 * the sent ones in one statement per batch, and puts failed ones back with
 * exponential backoff and jitter — dead after `maxAttempts`. Leases are
 * renewed every third of `leaseMs` while sends are in flight; a row whose
 * worker died is claimed again by any worker once its lease expires. Any
 * number of workers, in any number of processes, may run at once: a row is
 * leased to one worker at a time, and a worker whose lease was taken over
 * can record nothing for it. Workers never decide: the policy's decision
 * was made when the row was written.
 *
 * @param options - the store, workspace, sender, and tuning
 * @returns what the worker did, once `signal` aborts (or, with
 *   `untilDrained`, once a claim finds nothing)
 *
 * @example
 * ```ts
 * const controller = new AbortController()
 * const summary = await runOutboxWorker({
 *   delivery: store.backend.delivery, workspaceId: "shop-1", untilDrained: true,
 *   sender: { send: async (message, { idempotencyKey }) => console.log(idempotencyKey, message.to, message.text) }
 * })
 * console.log(`${summary.sent} sent, ${summary.dead} dead`)
 * ```
 */
export const runOutboxWorker = async (options: OutboxWorkerOptions): Promise<OutboxWorkerSummary> => {
  const { delivery, workspaceId, sender, signal, onEvent } = options
  const clock = options.clock ?? Date.now
  const timers = options.timers ?? runtimeTimers
  const random = options.random ?? Math.random
  const workerId = options.workerId ?? `w-${Math.floor(random() * 2 ** 48).toString(36)}-${process.pid}`
  const concurrency = Math.max(1, options.concurrency ?? 16)
  const batchSize = Math.max(1, options.batchSize ?? 300)
  const leaseMs = options.leaseMs ?? 30_000
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5)
  const backoff = options.backoff ?? defaultBackoff
  const idleMs = options.idleMs ?? 1_000
  const stopped = signal ?? new AbortController().signal
  const summary = { workerId, batches: 0, claimed: 0, sent: 0, retried: 0, dead: 0, released: 0, lost: 0, renewals: 0 }
  // The previous batch's completion runs while the next batch is claimed and sent; at most one is outstanding.
  let completing: Promise<void> = Promise.resolve()

  const complete = (ids: ReadonlyArray<string>): Promise<void> =>
    ids.length === 0
      ? Promise.resolve()
      : delivery.complete(workspaceId, workerId, ids, clock()).then((marked) => {
          summary.sent += marked
          onEvent?.({ type: "sent", at: clock(), outboxIds: ids })
          if (marked < ids.length) {
            summary.lost += ids.length - marked
            onEvent?.({ type: "lost", at: clock(), outboxIds: ids })
          }
        })

  const record = async (failures: ReadonlyArray<OutboxFailure>): Promise<void> => {
    if (failures.length === 0) return
    const recorded = await delivery.fail(workspaceId, workerId, failures, clock())
    onEvent?.({ type: "failed", at: clock(), failures })
    if (recorded < failures.length) summary.lost += failures.length - recorded
  }

  const sendBatch = async (rows: ReadonlyArray<ClaimedOutboxRow>): Promise<void> => {
    const sent: Array<string> = []
    const failures: Array<OutboxFailure> = []
    const unfinished = new Set(rows.map((r) => r.outboxId))
    // Heartbeat: long sends keep their lease; a renewal that fails is retried at the next beat.
    const stopHeartbeat = timers.every(Math.max(1, Math.floor(leaseMs / 3)), () => {
      const ids = [...unfinished]
      if (ids.length === 0) return
      const now = clock()
      delivery.renew(workspaceId, workerId, ids, now, leaseMs).then(
        (renewed) => {
          summary.renewals++
          // The lease end the store wrote, from the instant the renewal was made: `at` is later by the statement's time.
          onEvent?.({ type: "renewed", at: clock(), outboxIds: ids, renewed, leaseExpiresAt: now + leaseMs })
        },
        () => undefined
      )
    })
    let next = 0
    const lane = async (): Promise<void> => {
      while (next < rows.length && !stopped.aborted) {
        const row = rows[next++]!
        try {
          await sender.send(outboundMessageOf(row), { idempotencyKey: row.outboxId, attempt: row.attempts, signal: stopped })
          sent.push(row.outboxId)
        } catch (e) {
          const dead = row.attempts >= maxAttempts
          failures.push({ outboxId: row.outboxId, error: describeError(e), retryAt: dead ? "dead" : clock() + retryDelay(row.attempts, backoff, random) })
          if (dead) summary.dead++
          else summary.retried++
        }
        unfinished.delete(row.outboxId)
      }
    }
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, lane))
    } finally {
      stopHeartbeat()
    }
    // Stopped mid-batch: what was not handed to the sender goes back now, not when its lease ends.
    const released = rows.slice(next).map((r): OutboxFailure => ({ outboxId: r.outboxId, error: "worker stopped before sending", retryAt: clock() }))
    summary.released += released.length
    await completing
    completing = complete(sent)
    // Awaited before the next completion or at the end; marked handled so a failure waits for that await.
    completing.catch(() => undefined)
    await record([...failures, ...released])
  }

  try {
    while (!stopped.aborted) {
      const now = clock()
      const rows = await delivery.claim(workspaceId, { workerId, limit: batchSize, leaseMs, now, rateLimits: options.rateLimits })
      if (rows.length === 0) {
        if (options.untilDrained === true) break
        await timers.sleep(idleMs, stopped)
        continue
      }
      summary.batches++
      summary.claimed += rows.length
      onEvent?.({ type: "claimed", at: now, outboxIds: rows.map((r) => r.outboxId), attempts: rows.map((r) => r.attempts), leaseExpiresAt: rows[0]!.leaseExpiresAt })
      await sendBatch(rows)
    }
  } finally {
    await completing
  }
  return summary
}
