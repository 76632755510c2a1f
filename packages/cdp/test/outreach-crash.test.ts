// The kill -9 crash test of outbox delivery on Postgres (OUT-7): 4 worker processes deliver a plan's outbox
// while workers are killed with SIGKILL at random and restarted. Every sender call, claim and renewal is
// logged by the worker processes (see outreach/crash-worker.ts). Afterwards: every recipient was delivered
// once by idempotency key and none is missing; a key was handed to the sender again only after a worker
// holding it was killed; a killed worker's rows were taken over after its lease ended and within one lease
// of it (a worker is killed only while another one polls, so there is always a live worker to take over). Then the same with a sender that fails at random: retries back off, dead after maxAttempts.
// Size: KITH_CRASH_RECIPIENTS recipients (default below).
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import type { ProfileId, WorkspaceId } from "@kith/core"
import { OutreachStore, Workspaces, type OutboxEntry } from "@kith/storage"
import { openPostgresStorage, type PostgresStorage } from "@kith/storage-postgres"
import { Effect } from "effect"
import { build } from "esbuild"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { dropSchema, freshSchemaName, probePostgres } from "../../storage-postgres/test/pg-test-schema.js"

const skip = await probePostgres()
// 10,000, the size the crash test is asked at. Measured on a 2-core machine at load 20–29, same session: the test
// processes used 16.3 s CPU at 10,000 against 12.9 s at 5,000, and the wall time (81 s against 84 s) is set by the
// leases, kills and backoff waits more than by the size. KITH_CRASH_RECIPIENTS overrides it.
const RECIPIENTS = Number(process.env["KITH_CRASH_RECIPIENTS"] ?? 10_000)
const LEASE_MS = 2_000
const WORKERS = 4
// How soon after a dead worker's lease ends its rows must be claimed again: within one more lease (live workers
// poll every 50 ms; the rest is room for a loaded machine).
const TAKEOVER_MS = LEASE_MS
const here = dirname(fileURLToPath(import.meta.url))
const workerScript = join(here, "outreach", "crash-worker.ts")
const bundleDir = mkdtempSync(join(tmpdir(), "kith-crash-worker-"))
const bundledWorker = join(bundleDir, "crash-worker.mjs")

// Seeded (mulberry32), printed on failure through the test names' parameters.
const seeded = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

interface Scenario {
  readonly failRate: number
  readonly maxAttempts: number
  readonly kills: number
  readonly seed: number
}

interface Logs {
  /** Sender calls per key: instance, attempt, time. */
  readonly calls: Map<string, Array<{ readonly instance: string; readonly attempt: number; readonly at: number }>>
  /** Claims per key: instance, time, lease end. */
  readonly claims: Map<string, Array<{ readonly instance: string; readonly at: number; readonly leaseEnd: number }>>
  /** Latest lease end per (instance, key) from renewals. */
  readonly renewedUntil: Map<string, number>
}

const push = <K, V>(map: Map<K, Array<V>>, key: K, value: V) => {
  const list = map.get(key)
  if (list === undefined) map.set(key, [value])
  else list.push(value)
}

const readLogs = (dir: string): Logs => {
  const logs: Logs = { calls: new Map(), claims: new Map(), renewedUntil: new Map() }
  for (const file of readdirSync(dir)) {
    const instance = file.replace(/\.log$/, "")
    const text = readFileSync(join(dir, file), "utf8")
    // A line the kill cut short has no newline: it is not a record.
    for (const line of text.slice(0, text.lastIndexOf("\n") + 1).split("\n")) {
      const [kind, a, b, c] = line.split("\t")
      if (kind === "call") push(logs.calls, a!, { instance, attempt: Number(b), at: Number(c) })
      if (kind === "claim") for (const key of c!.split(",")) push(logs.claims, key, { instance, at: Number(a), leaseEnd: Number(b) })
      // A renewal logs the lease end it wrote.
      if (kind === "renew") for (const key of b!.split(",")) logs.renewedUntil.set(`${instance}\u0000${key}`, Number(a))
    }
  }
  return logs
}

const runScenario = async ({ failRate, maxAttempts, kills, seed }: Scenario) => {
  const schema = freshSchemaName()
  const store: PostgresStorage = await openPostgresStorage({ schema, maxConnections: 4 })
  const logDir = mkdtempSync(join(tmpdir(), "kith-crash-"))
  const children = new Map<number, { readonly instance: string; readonly child: ChildProcess; exited: Promise<void> }>()
  const killed = new Map<string, number>()
  const random = seeded(seed)
  try {
    const ws = "crash-shop" as WorkspaceId
    const run = <A, E>(program: Effect.Effect<A, E, OutreachStore | Workspaces>) => Effect.runPromise(program.pipe(Effect.provide(store.layer)))
    await run(Workspaces.use((w) => w.create({ workspaceId: ws })))
    const entries: Array<OutboxEntry> = Array.from({ length: RECIPIENTS }, (_, i) => ({
      planId: "plan-thanks",
      profileId: `p_${i}` as ProfileId,
      occurrence: "",
      channel: "zalo",
      purpose: "care",
      decision: "send",
      reason: "consented",
      holdout: false,
      availableAt: new Date(0),
      message: { text: `Cảm ơn bạn ${i}`, locale: "vi", to: `zalo:${i}`, products: [], voucher: { kind: "none" } }
    }))
    for (let i = 0; i < entries.length; i += 2_000) await run(OutreachStore.use((s) => s.insertOutbox(ws, entries.slice(i, i + 2_000), new Date(0))))

    const generation = new Map<number, number>()
    const start = (slot: number) => {
      const g = (generation.get(slot) ?? 0) + 1
      generation.set(slot, g)
      const instance = `w${slot}-g${g}`
      const child = spawn(
        process.execPath,
        [bundledWorker, schema, ws, instance, logDir, String(failRate), String(maxAttempts), String(LEASE_MS), String(seed * 100 + slot * 10 + g)],
        { stdio: ["ignore", "ignore", "inherit"] }
      )
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
      children.set(slot, { instance, child, exited })
    }
    for (let slot = 0; slot < WORKERS; slot++) start(slot)

    const unfinished = async () =>
      (await store.backend.read.outreach.outboxCounts(ws, "plan-thanks")).filter((c) => c.state === "pending" || c.state === "claimed").reduce((n, c) => n + c.count, 0)
    const logged = (instance: string, kind: string) => {
      const file = join(logDir, `${instance}.log`)
      return existsSync(file) && readFileSync(file, "utf8").includes(`\n${kind}\t`)
    }
    let killsLeft = kills
    const deadline = Date.now() + 150_000
    while ((await unfinished()) > 0) {
      if (Date.now() > deadline) throw new Error(`the outbox did not drain (seed ${seed})`)
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(random() * 300)))
      if (killsLeft === 0) continue
      // Kill a worker in the middle of its work: one that has claimed rows already. And only while another worker
      // polls (a restarted one has answered its first claim): the takeover the test times is by a live worker. A
      // restart takes seconds on a loaded machine, so kills in quick succession could otherwise leave every slot
      // restarting at once, with no worker to take anything over until one is up.
      const slot = Math.floor(random() * WORKERS)
      const victim = children.get(slot)!
      if (!logged(victim.instance, "claim")) continue
      if (![...children].some(([other, c]) => other !== slot && logged(c.instance, "ready"))) continue
      const killedAt = Date.now()
      victim.child.kill("SIGKILL")
      await victim.exited
      killed.set(victim.instance, killedAt)
      killsLeft--
      start(slot)
    }
    for (const { child } of children.values()) child.kill("SIGTERM")
    await Promise.all([...children.values()].map((c) => c.exited))
    const rows = await store.backend.read.outreach.outbox(ws, "plan-thanks", { limit: RECIPIENTS + 1 })
    return { rows, logs: readLogs(logDir), killed, kills: kills - killsLeft }
  } finally {
    for (const { child } of children.values()) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
    await store.close()
    await dropSchema(schema)
    rmSync(logDir, { recursive: true, force: true })
  }
}

describe.skipIf(skip !== undefined)(`outbox delivery survives kill -9 (${RECIPIENTS} recipients, ${WORKERS} worker processes, Postgres)`, () => {
  // The worker is bundled once: a restarted worker then starts in a moment instead of transpiling every package again,
  // so a kill is followed by a prompt restart, as under a process supervisor.
  beforeAll(async () => {
    await build({
      entryPoints: [workerScript],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile: bundledWorker,
      conditions: ["@kith/source"],
      external: ["pg-native", "better-sqlite3"],
      banner: { js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);' },
      logLevel: "warning"
    })
  })
  afterAll(() => rmSync(bundleDir, { recursive: true, force: true }))

  it("delivers every recipient exactly once by idempotency key, none missing; killed workers' rows are taken over within the lease", async () => {
    const seed = 2201
    const { rows, logs, killed, kills } = await runScenario({ failRate: 0, maxAttempts: 50, kills: 6, seed })
    expect(kills, `seed ${seed}`).toBeGreaterThan(0)
    expect(rows.length).toBe(RECIPIENTS)
    expect(rows.filter((r) => r.state !== "sent")).toEqual([])
    // Every row's key reached the sender; no key the outbox does not hold.
    expect(new Set(logs.calls.keys())).toEqual(new Set(rows.map((r) => r.outboxId)))
    let repeated = 0
    let latestTakeover = 0
    let worst = ""
    for (const row of rows) {
      const calls = logs.calls.get(row.outboxId)!
      // A key goes to the sender again only because a worker holding it was killed: at most one call is a live worker's.
      expect(calls.filter((c) => !killed.has(c.instance)).length, row.outboxId).toBeLessThanOrEqual(1)
      if (calls.length > 1) repeated++
      const claims = [...(logs.claims.get(row.outboxId) ?? [])].sort((a, b) => a.at - b.at)
      for (let i = 1; i < claims.length; i++) {
        const previous = claims[i - 1]!
        const next = claims[i]!
        // Without failures, a row is claimed again only when its holder died: never while its lease runs, and within one lease of its end.
        expect(killed.has(previous.instance), `${row.outboxId} claimed again from live ${previous.instance}`).toBe(true)
        const leaseEnd = Math.max(previous.leaseEnd, logs.renewedUntil.get(`${previous.instance}\u0000${row.outboxId}`) ?? 0)
        expect(next.at, row.outboxId).toBeGreaterThanOrEqual(leaseEnd)
        // The dead worker renewed nothing after its death (a renewal it made just before may be missing from its log).
        const latestLeaseEnd = Math.max(leaseEnd, killed.get(previous.instance)! + LEASE_MS)
        if (next.at - latestLeaseEnd > latestTakeover) worst = `${row.outboxId}: ${previous.instance} claimed it at ${previous.at}, was killed at ${killed.get(previous.instance)}, lease end ${leaseEnd}; ${next.instance} claimed it at ${next.at}`
        latestTakeover = Math.max(latestTakeover, next.at - latestLeaseEnd)
      }
    }
    expect(latestTakeover, `latest takeover after the lease ended (seed ${seed}): ${worst}`).toBeLessThanOrEqual(TAKEOVER_MS)
    console.info(`crash test: ${RECIPIENTS} recipients, ${kills} kills, ${repeated} keys handed over again after a kill, latest takeover ${latestTakeover} ms after the lease ended`)
  }, 200_000)

  it("with a sender that fails at random: retries back off, a row is dead after maxAttempts attempts, the others are sent", async () => {
    const seed = 2202
    const maxAttempts = 3
    const { rows, logs } = await runScenario({ failRate: 0.35, maxAttempts, kills: 3, seed })
    expect(rows.length).toBe(RECIPIENTS)
    expect(rows.filter((r) => r.state !== "sent" && r.state !== "dead")).toEqual([])
    const dead = rows.filter((r) => r.state === "dead")
    expect(dead.length, `seed ${seed}`).toBeGreaterThan(0)
    expect(rows.some((r) => r.state === "sent" && r.attempts > 1)).toBe(true)
    let exhausted = 0
    for (const row of dead) {
      // Every claim is an attempt: one a killed worker took and never finished counts too, so a row a kill
      // touched may die with more attempts on record than the sender saw.
      expect(row).toMatchObject({ lastError: "provider refused", leaseOwner: null })
      expect(row.attempts, row.outboxId).toBeGreaterThanOrEqual(maxAttempts)
      const attempts = [...logs.calls.get(row.outboxId)!].sort((a, b) => a.at - b.at).map((c) => c.attempt)
      // Each attempt is one claim: the sender saw rising attempts ending at maxAttempts (a worker killed after
      // claiming and before sending used an attempt the sender never saw).
      expect(attempts.at(-1), row.outboxId).toBe(row.attempts)
      expect(attempts, row.outboxId).toEqual([...attempts].sort((a, b) => a - b))
      if (row.attempts === maxAttempts && attempts.join() === "1,2,3") exhausted++
    }
    // Most dead rows met no kill: the sender saw exactly attempts 1, 2, 3.
    expect(exhausted).toBeGreaterThan(0)
    for (const [key, calls] of logs.calls) {
      const ordered = [...calls].sort((a, b) => a.at - b.at)
      for (let i = 1; i < ordered.length; i++) {
        // Equal jitter: a retry waits at least half the exponential delay (base 40 ms, at most 320 ms).
        const floor = Math.min(320, 40 * 2 ** (ordered[i - 1]!.attempt - 1)) / 2
        expect(ordered[i]!.at - ordered[i - 1]!.at, key).toBeGreaterThanOrEqual(floor)
      }
    }
    console.info(`crash test with failures: ${rows.length - dead.length} sent, ${dead.length} dead after ${maxAttempts} attempts`)
  }, 200_000)
})
