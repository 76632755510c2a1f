import type { WorkspaceId } from "@kith/core"
import {
  addNote,
  createLead,
  createOpportunity,
  type Lead,
  leadMovesFrom,
  LeadTransitions,
  moveLead,
  moveOpportunity,
  type Opportunity,
  opportunityActionsFrom,
  OpportunityTransitions
} from "@kith/pipeline"
import { EventStore, Pipelines, Workspaces } from "@kith/storage"
import { openPostgresStorage, type PostgresStorage } from "@kith/storage-postgres"
import { Effect, Exit, Result } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { dropSchema, freshSchemaName, pgUrl, probePostgres } from "./pg-test-schema.js"

const skip = await probePostgres()
const schema = freshSchemaName()
const workspaceId = "shop-race" as WorkspaceId
const WRITERS = 4
const STEPS = 30
const staff = (writer: number) => ({ kind: "staff" as const, id: `s-${writer}` })

const ok = <A, E>(result: Result.Result<A, E>): A => {
  if (Result.isFailure(result)) throw new Error(`expected a success, got ${String(result.failure)}`)
  return result.success
}

// One step of a writer on an item it just read: a move the machine allows from where the item is, else a note.
const nextOf = (item: Lead | Opportunity, writer: number, step: number): Lead | Opportunity => {
  const lastAt = (item.history.at(-1)?.at ?? item.createdAt).getTime()
  const options = { at: new Date(lastAt + 60_000), actor: staff(writer) }
  if (item.kind === "lead") {
    const moves = leadMovesFrom(item.status)
    if (moves.length > 0 && step % 3 !== 2) return ok(moveLead(item, moves[(writer + step) % moves.length]!, options))
  } else {
    // A won opportunity is final: the writers lose and reopen instead, so the race goes on.
    const actions = opportunityActionsFrom(item.status).filter((a) => a !== "win")
    const action = actions[(writer + step) % Math.max(actions.length, 1)]
    if (action !== undefined && step % 3 !== 2) {
      return ok(moveOpportunity(item, action === "lose" ? { action, lostReason: "other" } : { action }, options))
    }
  }
  return ok(addNote(item, { at: options.at, authorId: `s-${writer}`, text: `note ${writer}.${step}` }))
}

// Every status change starts where the previous one ended, by an action the machine has from there.
const isLegalPath = (item: Lead | Opportunity): boolean => {
  const changes = item.history.filter((c) => c.kind === "status")
  return changes.every((change, i) => {
    if (i === 0) return change.action === "create" && change.from === null
    const previous = changes[i - 1]!
    if (change.from !== previous.to) return false
    const transition = item.kind === "lead" ? LeadTransitions[change.action as keyof typeof LeadTransitions] : OpportunityTransitions[change.action as keyof typeof OpportunityTransitions]
    return transition !== undefined && (transition.from as ReadonlyArray<string>).includes(change.from as string)
  })
}

describe.skipIf(skip !== undefined)("pipeline on Postgres: writers racing on the same items (optimistic concurrency)", () => {
  const stores: Array<PostgresStorage> = []
  beforeAll(async () => {
    // One pool per writer: four independent clients, as four processes would be.
    for (let w = 0; w < WRITERS; w++) stores.push(await openPostgresStorage({ connectionString: pgUrl, schema, maxConnections: 2 }))
  })
  afterAll(async () => {
    for (const store of stores) await store.close()
    await dropSchema(schema)
  })

  it("keeps every item's history a legal path, with each successful write exactly once and every refused one a typed conflict", async () => {
    const run = <A, E>(store: PostgresStorage, program: Effect.Effect<A, E, Pipelines | EventStore | Workspaces>) => Effect.runPromise(program.pipe(Effect.provide(store.layer)))
    await run(
      stores[0]!,
      Effect.gen(function* () {
        yield* (yield* Workspaces).create({ workspaceId })
        yield* (yield* EventStore).ingest(workspaceId, [
          { type: "identify", messageId: "r1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "c-1", traits: { phone: "0912345678" } }
        ])
        const pipelines = yield* Pipelines
        for (const id of ["l-1", "l-2", "l-3"]) {
          yield* pipelines.leads.write(workspaceId, ok(createLead({ id, profileId: "p_r1", originRecordId: "r1", source: "manual", at: "2025-03-01T10:00:00+07:00", actor: staff(0) })), 0)
        }
        for (const id of ["o-1", "o-2"]) {
          yield* pipelines.opportunities.write(workspaceId, ok(createOpportunity({ id, profileId: "p_r1", originRecordId: "r1", at: "2025-03-01T10:00:00+07:00", actor: staff(0) })), 0)
        }
      })
    )
    const items = [
      { kind: "lead", id: "l-1" },
      { kind: "lead", id: "l-2" },
      { kind: "lead", id: "l-3" },
      { kind: "opportunity", id: "o-1" },
      { kind: "opportunity", id: "o-2" }
    ] as const
    const written: Array<{ readonly id: string; readonly version: number }> = []
    let conflicts = 0
    const writer = async (w: number): Promise<void> => {
      const store = stores[w]!
      for (let step = 0; step < STEPS; step++) {
        const target = items[(w * 7 + step) % items.length]!
        const exit = await Effect.runPromiseExit(
          Effect.gen(function* () {
            const pipelines = yield* Pipelines
            if (target.kind === "lead") {
              const lead = yield* pipelines.leads.get(workspaceId, target.id)
              return yield* pipelines.leads.write(workspaceId, nextOf(lead, w, step) as Lead, lead.version)
            }
            const opportunity = yield* pipelines.opportunities.get(workspaceId, target.id)
            return yield* pipelines.opportunities.write(workspaceId, nextOf(opportunity, w, step) as Opportunity, opportunity.version)
          }).pipe(Effect.provide(store.layer))
        )
        if (Exit.isSuccess(exit)) written.push({ id: target.id, version: exit.value.version })
        else {
          const failure = exit.cause.reasons.find((r) => r._tag === "Fail")
          expect(failure?._tag === "Fail" ? failure.error._tag : String(exit.cause)).toBe("PipelineConflict")
          conflicts++
        }
      }
    }
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)))
    expect(written.length + conflicts).toBe(WRITERS * STEPS)

    for (const target of items) {
      const stored: Lead | Opportunity = await run(
        stores[0]!,
        Effect.flatMap(Pipelines, (p): Effect.Effect<Lead | Opportunity, unknown> => (target.kind === "lead" ? p.leads.get(workspaceId, target.id) : p.opportunities.get(workspaceId, target.id)))
      )
      expect(isLegalPath(stored), `${target.id}: ${JSON.stringify(stored.history.map((c) => [c.kind, "action" in c ? c.action : null]))}`).toBe(true)
      // Nothing lost, nothing doubled: each successful write holds one version, and every change and note in the item is one of them.
      const versions = written.filter((x) => x.id === target.id).map((x) => x.version)
      expect(versions.sort((a, b) => a - b)).toEqual(Array.from({ length: versions.length }, (_, i) => i + 2))
      expect(stored.version).toBe(1 + versions.length)
      expect(stored.history.length - 1 + stored.notes.length).toBe(versions.length)
    }
  }, 120_000)
})
