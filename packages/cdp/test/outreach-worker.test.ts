// runOutboxWorker on the memory engine and SQLite (one process, several worker loops at once): each row is
// handed to the sender once with its idempotency key, failures back off and die after maxAttempts, leases are
// renewed during long sends, a stopped worker puts back what it did not send, rate limits hold.
import type { ProfileId, WorkspaceId } from "@kith/core"
import { type OutboxWorkerTimers, runOutboxWorker } from "@kith/cdp"
import type { OutboundMessage, SendOptions } from "@kith/outreach"
import { makeMemoryBackend, type OutboxEntry, OutreachStore, type StorageBackend, storageLayer, Workspaces } from "@kith/storage"
import { openSqliteStorage } from "@kith/storage-sqlite"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"

const T0 = Date.UTC(2026, 0, 5, 2)
const ws = "worker-shop" as WorkspaceId

const entry = (i: number, change: Partial<OutboxEntry> = {}): OutboxEntry => ({
  planId: "plan-1",
  profileId: `p_${i}` as ProfileId,
  occurrence: "",
  channel: "zalo",
  purpose: "care",
  decision: "send",
  reason: "consented",
  holdout: false,
  availableAt: new Date(T0),
  message: { text: `Cảm ơn ${i}`, locale: "vi", to: `zalo:${i}`, products: [], voucher: { kind: "none" } },
  ...change
})

const engines: ReadonlyArray<{ readonly name: string; readonly open: () => Promise<{ backend: StorageBackend; close: () => Promise<void> }> }> = [
  { name: "memory", open: async () => ({ backend: makeMemoryBackend(), close: async () => undefined }) },
  {
    name: "SQLite",
    open: async () => {
      const store = await openSqliteStorage()
      return { backend: store.backend, close: () => store.close() }
    }
  }
]

const filled = async (backend: StorageBackend, entries: ReadonlyArray<OutboxEntry>) => {
  const layer = storageLayer(backend)
  const run = <A, E>(program: Effect.Effect<A, E, OutreachStore | Workspaces>) => Effect.runPromise(program.pipe(Effect.provide(layer)))
  await run(Workspaces.use((w) => w.create({ workspaceId: ws })))
  await run(OutreachStore.use((s) => s.insertOutbox(ws, entries, new Date(T0))))
  return { states: async () => (await backend.read.outreach.outbox(ws, "plan-1", { limit: 100_000 })).map((r) => [r.profileId, r.state, r.attempts] as const) }
}

// A promise the test settles.
const deferred = () => {
  let resolve: () => void = () => undefined
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

// A sender that records every call.
const recorder = (fail: (message: OutboundMessage, options: SendOptions) => boolean = () => false) => {
  const calls: Array<{ readonly key: string; readonly attempt: number; readonly to: string; readonly channel: string }> = []
  return {
    calls,
    sender: {
      send: async (message: OutboundMessage, options: SendOptions) => {
        calls.push({ key: options.idempotencyKey, attempt: options.attempt, to: message.to, channel: message.channel })
        await new Promise((resolve) => setImmediate(resolve))
        if (fail(message, options)) throw new Error(`refused ${message.to}`)
      }
    }
  }
}

for (const engine of engines) {
  describe(`runOutboxWorker on ${engine.name}`, () => {
    it("several workers at once hand each row to the sender once, with its outbox id as the idempotency key", async () => {
      const { backend, close } = await engine.open()
      try {
        const { states } = await filled(backend, Array.from({ length: 600 }, (_, i) => entry(i)))
        const { calls, sender } = recorder()
        const summaries = await Promise.all(
          ["w-1", "w-2", "w-3"].map((workerId) =>
            runOutboxWorker({ delivery: backend.delivery, workspaceId: ws, sender, workerId, batchSize: 50, concurrency: 4, untilDrained: true, clock: () => T0 })
          )
        )
        expect(calls.length).toBe(600)
        expect(new Set(calls.map((c) => c.key)).size).toBe(600)
        const rows = await backend.read.outreach.outbox(ws, "plan-1", { limit: 1_000 })
        expect(new Set(calls.map((c) => c.key))).toEqual(new Set(rows.map((r) => r.outboxId)))
        expect(rows.every((r) => r.state === "sent" && r.attempts === 1 && r.sentAt === T0)).toBe(true)
        expect(summaries.reduce((n, s) => n + s.sent, 0)).toBe(600)
        expect(summaries.every((s) => s.claimed > 0 && s.lost === 0 && s.dead === 0)).toBe(true)
        expect((await states()).length).toBe(600)
      } finally {
        await close()
      }
    })

    it("retries a failed send after an exponential backoff with jitter, and a row failing every attempt is dead after maxAttempts", async () => {
      const { backend, close } = await engine.open()
      try {
        const { states } = await filled(backend, [entry(0), entry(1), entry(2)])
        // p_0 always fails, p_1 fails its first attempt, p_2 never.
        const { calls, sender } = recorder((m, o) => m.to === "zalo:0" || (m.to === "zalo:1" && o.attempt === 1))
        let now = T0
        const work = () =>
          runOutboxWorker({
            delivery: backend.delivery, workspaceId: ws, sender, workerId: "w-1", untilDrained: true, maxAttempts: 3,
            backoff: { baseMs: 1_000, maxMs: 60_000 }, clock: () => now, random: () => 0.5
          })
        const first = await work()
        expect(first).toMatchObject({ claimed: 3, sent: 1, retried: 2, dead: 0 })
        // Equal jitter with random 0.5: 750 ms after the first failure; nothing is due before.
        now = T0 + 749
        expect((await work()).claimed).toBe(0)
        now = T0 + 750
        expect(await work()).toMatchObject({ claimed: 2, sent: 1, retried: 1 })
        now = T0 + 750 + 1_500
        expect(await work()).toMatchObject({ claimed: 1, sent: 0, dead: 1 })
        expect(Object.fromEntries((await states()).map(([p, s, a]) => [p, [s, a]]))).toEqual({ p_0: ["dead", 3], p_1: ["sent", 2], p_2: ["sent", 1] })
        expect(calls.filter((c) => c.to === "zalo:0").map((c) => c.attempt)).toEqual([1, 2, 3])
        const rows = await backend.read.outreach.outbox(ws, "plan-1", { limit: 10 })
        expect(rows.find((r) => r.profileId === "p_0")!.lastError).toBe("refused zalo:0")
      } finally {
        await close()
      }
    })

    it("renews the lease of a long send on the injected clock and timers, so no other worker takes it, and a stopped worker puts back what it did not send", async () => {
      const { backend, close } = await engine.open()
      try {
        await filled(backend, [entry(0), entry(1), entry(2), entry(3)])
        // The worker's whole time is the test's: a clock it reads, heartbeats the test fires, no wall clock anywhere.
        let now = T0
        const beats: Array<() => void> = []
        const timers: OutboxWorkerTimers = {
          every: (_ms, beat) => {
            beats.push(beat)
            return () => void beats.splice(beats.indexOf(beat), 1)
          },
          sleep: async () => undefined
        }
        const controller = new AbortController()
        const calls: Array<string> = []
        const started = deferred()
        const finish = deferred()
        const slow = {
          send: async (message: OutboundMessage) => {
            calls.push(message.to)
            started.resolve()
            await finish.promise
            controller.abort()
          }
        }
        const renewals: Array<{ at: number; renewed: number; leaseExpiresAt: number }> = []
        let renewed = deferred()
        const holder = runOutboxWorker({
          delivery: backend.delivery, workspaceId: ws, sender: slow, workerId: "w-slow", concurrency: 1, leaseMs: 600, signal: controller.signal, clock: () => now, timers,
          onEvent: (event) => {
            if (event.type !== "renewed") return
            renewals.push({ at: event.at, renewed: event.renewed, leaseExpiresAt: event.leaseExpiresAt })
            renewed.resolve()
          }
        })
        await started.promise
        const leaseEnds = async () => (await backend.read.outreach.outbox(ws, "plan-1", { limit: 10 })).map((r) => r.leaseExpiresAt)
        expect(await leaseEnds()).toEqual([T0 + 600, T0 + 600, T0 + 600, T0 + 600])
        // Two beats, each at a later instant of the test's clock: each renews every unfinished row from that instant.
        for (const at of [T0 + 200, T0 + 700]) {
          now = at
          renewed = deferred()
          for (const beat of beats) beat()
          await renewed.promise
          expect(await leaseEnds()).toEqual([at + 600, at + 600, at + 600, at + 600])
          // Past the first lease's end, a rival finds nothing to take over.
          expect(await backend.delivery.claim(ws, { workerId: "w-rival", limit: 10, leaseMs: 600, now: at + 599 })).toEqual([])
        }
        expect(renewals).toEqual([
          { at: T0 + 200, renewed: 4, leaseExpiresAt: T0 + 800 },
          { at: T0 + 700, renewed: 4, leaseExpiresAt: T0 + 1_300 }
        ])
        finish.resolve()
        const summary = await holder
        expect(summary).toMatchObject({ claimed: 4, sent: 1, released: 3, lost: 0, renewals: 2 })
        // The heartbeat stopped with the batch.
        expect(beats).toEqual([])
        expect(calls.length).toBe(1)
        const rows = await backend.read.outreach.outbox(ws, "plan-1", { limit: 10 })
        expect(rows.map((r) => r.state).sort()).toEqual(["pending", "pending", "pending", "sent"])
        expect(rows.find((r) => r.state === "sent")?.sentAt).toBe(T0 + 700)
      } finally {
        await close()
      }
    })

    it("claims no more than a channel's rate limit per window, across workers", async () => {
      const { backend, close } = await engine.open()
      try {
        await filled(backend, [...Array.from({ length: 12 }, (_, i) => entry(i)), ...Array.from({ length: 3 }, (_, i) => entry(100 + i, { channel: "sms" }))])
        const { calls, sender } = recorder()
        const rateLimits = { zalo: { limit: 5, windowMs: 1_000 } }
        const run = (workerId: string, now: number) =>
          runOutboxWorker({ delivery: backend.delivery, workspaceId: ws, sender, workerId, batchSize: 4, untilDrained: true, rateLimits, clock: () => now })
        await Promise.all([run("w-1", T0), run("w-2", T0 + 999)])
        expect(calls.filter((c) => c.channel === "zalo").length).toBe(5)
        expect(calls.length).toBe(8)
        await run("w-3", T0 + 1_000)
        expect(calls.filter((c) => c.channel === "zalo").length).toBe(10)
      } finally {
        await close()
      }
    })
  })
}
