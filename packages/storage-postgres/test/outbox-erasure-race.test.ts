import type { ProfileId, WorkspaceId } from "@kith/core"
import { EventStore, type OutboxRow, Privacy, ProfileStore, Workspaces } from "@kith/storage"
import { openPostgresStorage, type PostgresStorage } from "@kith/storage-postgres"
import { Effect, Option } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { dropSchema, freshSchemaName, pgUrl, probePostgres } from "./pg-test-schema.js"

// An erasure (PRIV-2, the whole privacy erasure: its transaction erases the person's outbox rows) racing a worker's claims and completions on Postgres, each on its own pool as two processes
// would be: whatever the interleaving, once the erasure has committed no claim returns the erased person's rows, none
// of them is marked sent by the worker any more, and none is left leased. Rounds alternate deleting and anonymizing,
// and start the erasure at different points of the worker's loop.

const skip = await probePostgres()
const schema = freshSchemaName()
const workspaceId = "shop-erasure-race" as WorkspaceId
const ROUNDS = 20
const ROWS_PER_PROFILE = 3
const T0 = Date.UTC(2026, 0, 5, 2)

const rowOf = (round: number, profileId: string, occurrence: number, erased: boolean): OutboxRow => ({
  outboxId: `ob_${round}_${erased ? "erased" : "other"}_${occurrence}`,
  planId: `plan-${round}`,
  profileId,
  occurrence: `o${occurrence}`,
  channel: "zalo",
  purpose: "transactional",
  decision: "send",
  reason: "consented",
  holdout: false,
  message: JSON.stringify({ text: `Chào ${profileId}`, locale: "vi", to: `zalo:${profileId}`, products: [], voucher: { kind: "none" } }),
  state: "pending",
  attempts: 0,
  availableAt: T0,
  leaseOwner: null,
  leaseExpiresAt: null,
  lastError: null,
  createdAt: T0,
  sentAt: null
})

describe.skipIf(skip !== undefined)("outbox on Postgres: an erasure racing a worker (PRIV-2, OUT-7)", () => {
  let eraser: PostgresStorage
  let worker: PostgresStorage
  beforeAll(async () => {
    eraser = await openPostgresStorage({ connectionString: pgUrl, schema, maxConnections: 2 })
    worker = await openPostgresStorage({ connectionString: pgUrl, schema, maxConnections: 2 })
    await run(Effect.flatMap(Workspaces, (w) => w.create({ workspaceId })))
  })
  const run = <A, E>(program: Effect.Effect<A, E, Workspaces | EventStore | ProfileStore | Privacy>): Promise<A> => Effect.runPromise(program.pipe(Effect.provide(eraser.layer)))
  // A person to erase in each round: one profile, made by ingesting their first event.
  const personOf = async (round: number): Promise<ProfileId> => {
    const userId = `u-${round}`
    await run(Effect.flatMap(EventStore, (s) => s.ingest(workspaceId, [{ type: "identify", messageId: `m-${round}`, timestamp: new Date(T0).toISOString(), userId, traits: {} }])))
    return Option.getOrThrow(await run(Effect.flatMap(ProfileStore, (p) => p.findByIdentifier(workspaceId, { type: "user_id", value: userId })))).profileId
  }
  afterAll(async () => {
    await eraser?.close()
    await worker?.close()
    await dropSchema(schema)
  })

  it("never leaves an erased person's message claimable, claimed or marked sent after the erasure committed", async () => {
    let erasedBeforeAnyClaim = 0
    // How long the last erasure took: the worker starts at a different fraction of it in each round.
    let erasureMs = 50
    for (let round = 0; round < ROUNDS; round++) {
      const mode = round % 2 === 0 ? "delete" : "anonymize"
      const erased = await personOf(round)
      const other = `p_${round}_other`
      const rows = [erased, other].flatMap((p) => Array.from({ length: ROWS_PER_PROFILE }, (_, i) => rowOf(round, p, i, p === erased)))
      const isErased = (outboxId: string) => outboxId.includes("_erased_")
      await eraser.backend.transaction(workspaceId, (tx) => tx.outreach.insertOutbox(workspaceId, rows))

      let committed = false
      const violations: Array<string> = []
      const handedToSender = new Set<string>()
      // Rows the worker's completion marked sent (every row of its batch).
      const markedSent = new Set<string>()
      const deliver = async (): Promise<void> => {
        await new Promise((resolve) => setTimeout(resolve, ((round % 5) / 4) * erasureMs * 1.2))
        const now = T0 + round
        for (;;) {
          const claimStartedAfterErasure = committed
          const claimed = await worker.backend.delivery.claim(workspaceId, { workerId: "w-1", limit: 2, leaseMs: 60_000, now })
          for (const row of claimed) if (claimStartedAfterErasure && isErased(row.outboxId)) violations.push(`claimed ${row.outboxId} after the erasure committed`)
          if (claimed.length === 0) return
          for (const row of claimed) handedToSender.add(row.outboxId)
          const ids = claimed.map((r) => r.outboxId)
          const completeStartedAfterErasure = committed
          const marked = await worker.backend.delivery.complete(workspaceId, "w-1", ids, now)
          if (completeStartedAfterErasure && marked > ids.filter((id) => !isErased(id)).length) violations.push(`marked ${ids.join(", ")} sent after the erasure committed`)
          if (marked === ids.length) for (const id of ids) markedSent.add(id)
        }
      }
      const erase = async (): Promise<void> => {
        const started = performance.now()
        const report = await run(Effect.flatMap(Privacy, (p) => p.erase(workspaceId, erased, { actor: "dpo", at: new Date(T0 + 1_000), mode })))
        committed = true
        erasureMs = performance.now() - started
        expect(report.outreachMessages).toBeLessThanOrEqual(ROWS_PER_PROFILE)
      }
      await Promise.all([deliver(), erase()])
      expect(violations).toEqual([])

      const stored = await eraser.backend.read.outreach.outboxRows(workspaceId, rows.map((r) => r.outboxId))
      // The other person's messages all went out: the worker ran throughout.
      expect(stored.filter((r) => !isErased(r.outboxId)).map((r) => r.state)).toEqual(Array(ROWS_PER_PROFILE).fill("sent"))
      const left = stored.filter((r) => isErased(r.outboxId))
      if (mode === "delete") expect(left).toEqual([])
      else {
        expect(left.length).toBe(ROWS_PER_PROFILE)
        for (const row of left) {
          // Sent before the erasure read it (then kept blanked, its decision untouched), or skipped as erased with its lease released;
          // a row the worker did mark sent stays sent.
          if (row.state === "sent" || markedSent.has(row.outboxId)) expect([row.state, row.decision, row.reason, handedToSender.has(row.outboxId)]).toEqual(["sent", "send", "consented", true])
          else expect([row.state, row.reason, row.leaseOwner, row.leaseExpiresAt]).toEqual(["skipped", "erased", null, null])
          expect(JSON.parse(row.message)).toMatchObject({ text: "", to: "" })
        }
      }
      if (![...handedToSender].some(isErased)) erasedBeforeAnyClaim++
    }
    // The rounds did race: some erasures came before the worker saw the person's rows, others after it had claimed one.
    expect(erasedBeforeAnyClaim).toBeGreaterThan(0)
    expect(erasedBeforeAnyClaim).toBeLessThan(ROUNDS)
  }, 60_000)
})
