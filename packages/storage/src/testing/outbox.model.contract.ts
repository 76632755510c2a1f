import type { WorkspaceId } from "@kith/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { OutboxRow, OutboxState } from "../port/outreach.js"
import type { StorageBackend } from "../backend.js"
import { outboxRowOf } from "../services/outreach.js"
import type { ContractHelpers } from "./contract-helpers.js"
import { sampleEntry } from "./outreach.contract.js"

// The model of one outbox row: what the store must hold after each command.
interface RowModel {
  state: OutboxState
  attempts: number
  owner: string | null
  availableAt: number
  sentAt: number | null
}

interface Model {
  now: number
  readonly rows: Map<string, RowModel>
}

interface Real {
  readonly backend: StorageBackend
  readonly workspaceId: WorkspaceId
  /** The row ids, in the order the commands index them. */
  readonly ids: ReadonlyArray<string>
}

const workers = ["w-1", "w-2", "w-3"] as const
const LEASE_MS = 1_000

const checkRows = async (m: Model, r: Real): Promise<void> => {
  const rows = await r.backend.read.outreach.outboxRows(r.workspaceId, r.ids)
  const actual = Object.fromEntries(rows.map((row: OutboxRow) => [row.outboxId, { state: row.state, attempts: row.attempts, owner: row.leaseOwner, availableAt: row.availableAt, sentAt: row.sentAt }]))
  expect(actual).toEqual(Object.fromEntries(m.rows))
}

const claimable = (m: Model): Array<string> => [...m.rows].filter(([, row]) => (row.state === "pending" || row.state === "claimed") && row.availableAt <= m.now).map(([id]) => id)

class Advance implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}
  check = () => true
  run = async (m: Model) => {
    m.now += this.ms
  }
  toString = () => `advance(${this.ms})`
}

class Claim implements fc.AsyncCommand<Model, Real> {
  constructor(readonly worker: string, readonly limit: number) {}
  check = () => true
  run = async (m: Model, r: Real) => {
    const due = claimable(m)
    const claimed = await r.backend.delivery.claim(r.workspaceId, { workerId: this.worker, limit: this.limit, leaseMs: LEASE_MS, now: m.now })
    // Which of equally due rows come first is the engine's choice: the claim takes as many as it may, all due.
    expect(claimed.length).toBe(Math.min(this.limit, due.length))
    for (const row of claimed) {
      expect(due).toContain(row.outboxId)
      const held = m.rows.get(row.outboxId)!
      held.state = "claimed"
      held.owner = this.worker
      held.attempts++
      held.availableAt = m.now + LEASE_MS
      expect(row.attempts).toBe(held.attempts)
      expect(row.leaseExpiresAt).toBe(m.now + LEASE_MS)
    }
    await checkRows(m, r)
  }
  toString = () => `claim(${this.worker}, ${this.limit})`
}

// Complete, fail (retry or dead) or renew rows as one worker: only rows it still holds change.
class Finish implements fc.AsyncCommand<Model, Real> {
  constructor(readonly worker: string, readonly how: "complete" | "retry" | "dead" | "renew", readonly picks: ReadonlyArray<number>) {}
  check = () => true
  run = async (m: Model, r: Real) => {
    const ids = [...new Set(this.picks.map((i) => r.ids[i % r.ids.length]!))]
    const holds = ids.filter((id) => m.rows.get(id)!.state === "claimed" && m.rows.get(id)!.owner === this.worker)
    const { delivery } = r.backend
    const changed =
      this.how === "complete"
        ? await delivery.complete(r.workspaceId, this.worker, ids, m.now)
        : this.how === "renew"
          ? await delivery.renew(r.workspaceId, this.worker, ids, m.now, LEASE_MS)
          : await delivery.fail(r.workspaceId, this.worker, ids.map((outboxId) => ({ outboxId, error: "refused", retryAt: this.how === "dead" ? "dead" : m.now + 300 })), m.now)
    expect(changed).toBe(holds.length)
    for (const id of holds) {
      const row = m.rows.get(id)!
      if (this.how === "renew") row.availableAt = m.now + LEASE_MS
      else {
        row.owner = null
        if (this.how === "complete") Object.assign(row, { state: "sent", sentAt: m.now })
        if (this.how === "retry") Object.assign(row, { state: "pending", availableAt: m.now + 300 })
        if (this.how === "dead") Object.assign(row, { state: "dead", availableAt: m.now })
      }
    }
    await checkRows(m, r)
  }
  toString = () => `${this.how}(${this.worker}, [${this.picks.join(", ")}])`
}

// Plan execution's writes: re-deciding held rows whose hold ended, and cancelling the plan.
class Redecide implements fc.AsyncCommand<Model, Real> {
  constructor(readonly decision: "send" | "hold" | "skip") {}
  check = () => true
  run = async (m: Model, r: Real) => {
    const due = await r.backend.read.outreach.heldDue(r.workspaceId, m.now, 100)
    expect(due.map((row) => row.outboxId).sort()).toEqual([...m.rows].filter(([, row]) => row.state === "held" && row.availableAt <= m.now).map(([id]) => id).sort())
    const availableAt = m.now + (this.decision === "hold" ? 500 : 0)
    const changed = await r.backend.transaction(r.workspaceId, (tx) =>
      tx.outreach.redecide(r.workspaceId, due.map((row) => ({ outboxId: row.outboxId, decision: this.decision, reason: this.decision === "skip" ? "no_consent" : "consented", availableAt })))
    )
    expect(changed).toBe(due.length)
    for (const row of due) Object.assign(m.rows.get(row.outboxId)!, { state: { send: "pending", hold: "held", skip: "skipped" }[this.decision], availableAt })
    await checkRows(m, r)
  }
  toString = () => `redecide(${this.decision})`
}

class Cancel implements fc.AsyncCommand<Model, Real> {
  check = () => true
  run = async (m: Model, r: Real) => {
    const cancelled = await r.backend.transaction(r.workspaceId, (tx) => tx.outreach.cancelPlanOutbox(r.workspaceId, "plan-model", m.now))
    const expected = [...m.rows.values()].filter((row) => row.state === "pending" || row.state === "held")
    expect(cancelled).toBe(expected.length)
    for (const row of expected) Object.assign(row, { state: "cancelled", availableAt: m.now })
    await checkRows(m, r)
  }
  toString = () => "cancel()"
}

const worker = fc.constantFrom(...workers)
const commands = [
  fc.integer({ min: 1, max: 1_500 }).map((ms) => new Advance(ms)),
  fc.tuple(worker, fc.integer({ min: 1, max: 4 })).map(([w, limit]) => new Claim(w, limit)),
  fc.tuple(worker, fc.constantFrom("complete", "retry", "dead", "renew") as fc.Arbitrary<"complete" | "retry" | "dead" | "renew">, fc.array(fc.nat(9), { minLength: 1, maxLength: 3 })).map(
    ([w, how, picks]) => new Finish(w, how, picks)
  ),
  fc.constantFrom("send", "hold", "skip").map((d) => new Redecide(d as "send" | "hold" | "skip")),
  fc.constant(new Cancel())
]

/**
 * Registers the model-based test of the outbox row's states (`fc.commands`
 * + `asyncModelRun`): rows pending, held, claimed, sent, failed back to
 * pending, dead, skipped and cancelled under claims by three workers, a
 * clock that moves (leases expire and are taken over), completions,
 * failures and renewals by the holder or by a stale owner, re-decisions of
 * held rows and cancellation. After every command each row's state,
 * attempts, lease owner and instants are what the model says; a worker
 * whose lease was taken over changes nothing.
 *
 * @example
 * ```ts
 * registerOutboxModel(contractHelpers(() => store, 12))
 * ```
 */
export const registerOutboxModel = (h: ContractHelpers): void => {
  describe("outbox row states (model-based, OUT-7)", () => {
    it("pending, held, claimed, sent, retried, dead, skipped and cancelled rows follow the model; a stale owner changes nothing", async () => {
      await fc.assert(
        fc.asyncProperty(fc.commands(commands, { maxCommands: 25 }), async (cmds) => {
          const workspaceId = await h.newWorkspace("outbox-model")
          const backend = h.backend()
          const entries = [
            ...Array.from({ length: 4 }, (_, i) => sampleEntry("plan-model", `p_${i}`, {}, i * 100)),
            ...Array.from({ length: 2 }, (_, i) => sampleEntry("plan-model", `p_h${i}`, { decision: "hold", reason: "quiet_hours" }, 400 + i * 600))
          ]
          const rows = entries.map((e) => outboxRowOf(workspaceId, e, 0))
          // Times are relative to 0 here: the entries' instants are from T0, so shift them to 0.
          const base = rows[0]!.availableAt
          const shifted = rows.map((row) => ({ ...row, availableAt: row.availableAt - base }))
          await backend.transaction(workspaceId, (tx) => tx.outreach.insertOutbox(workspaceId, shifted))
          const model: Model = {
            now: 0,
            rows: new Map(shifted.map((row) => [row.outboxId, { state: row.state, attempts: 0, owner: null, availableAt: row.availableAt, sentAt: null }]))
          }
          await fc.asyncModelRun(() => ({ model, real: { backend, workspaceId, ids: shifted.map((row) => row.outboxId) } }), cmds)
        }),
        { numRuns: h.numRuns, seed: 2207 }
      )
    })
  })
}
