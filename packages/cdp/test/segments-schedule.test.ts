// A refresh after an earlier one reschedules only the profiles whose entry came due (and those that entered or
// exited): the schedule it leaves must still be every profile's next change as @kith/segments computes it at the
// refresh's instant — whatever the rule, the inputs, the timezone, and whether the refreshes move forward (the
// schedule kept and partly rewritten) or back in time (the whole schedule computed again). On every engine.
import { type WorkspaceId } from "@kith/core"
import { createCdp } from "@kith/cdp"
import { type SegmentInputs, nextChange } from "@kith/segments"
import { arbScenario } from "@kith/segments/testing"
import { type StorageBackend, type StorageServices, Segments, makeMemoryBackend, storageLayer } from "@kith/storage"
import { openPostgresStorage } from "@kith/storage-postgres"
import { openSqliteStorage } from "@kith/storage-sqlite"
import { Effect, type Layer } from "effect"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { dropSchema, freshSchemaName, pgUrl, probePostgres } from "../../storage-postgres/test/pg-test-schema.js"

const DAY = 86_400_000
const FAR = new Date("2100-01-01T00:00:00Z")

interface Opened {
  readonly backend: StorageBackend
  readonly layer: Layer.Layer<StorageServices>
  readonly close: () => Promise<void>
}

const pgSkip = await probePostgres()
const pgSchema = freshSchemaName()

const engines: ReadonlyArray<{ readonly name: string; readonly skip?: string | undefined; readonly open: () => Promise<Opened> }> = [
  {
    name: "memory",
    open: async () => {
      const backend = makeMemoryBackend()
      return { backend, layer: storageLayer(backend), close: async () => undefined }
    }
  },
  { name: "SQLite", open: () => openSqliteStorage() },
  {
    name: "Postgres",
    skip: pgSkip,
    open: async () => {
      const store = await openPostgresStorage({ connectionString: pgUrl, schema: pgSchema, maxConnections: 4 })
      return {
        backend: store.backend,
        layer: store.layer,
        close: async () => {
          await store.close()
          await dropSchema(pgSchema)
        }
      }
    }
  }
]

for (const engine of engines) {
  describe.skipIf(engine.skip !== undefined)(`segment schedules across refreshes on ${engine.name}`, () => {
    let opened: Opened
    let n = 0
    beforeAll(async () => {
      opened = await engine.open()
    })
    afterAll(() => opened.close())

    // Every entry of the segment's schedule, by profile.
    const scheduleOf = async (workspaceId: WorkspaceId, segmentId: string) => {
      const due = await Effect.runPromise(Segments.use((s) => s.due(workspaceId, FAR, 100_000)).pipe(Effect.provide(opened.layer)))
      return new Map(due.filter((d) => d.segmentId === segmentId).map((d) => [d.profileId as string, d.at.getTime()]))
    }

    for (const timeZone of ["Asia/Ho_Chi_Minh", "America/New_York"]) {
      it(`after refreshes forward and back, every profile is scheduled at its next change (property, ${timeZone})`, async () => {
        await fc.assert(
          fc.asyncProperty(
            arbScenario({ timeZone, references: ["seg-a"], rfm: false, profiles: 6, maxRows: 10 }),
            // Each later refresh: some days (or hours) forward or back, or exactly at the earliest entry.
            fc.array(fc.oneof(fc.integer({ min: -20 * DAY, max: 40 * DAY }), fc.constant("earliest" as const)), { minLength: 1, maxLength: 3 }),
            async ({ rule, context, profiles, asOf }, steps) => {
              const workspaceId = `sched-${++n}` as WorkspaceId
              const cdp = await createCdp({ storage: opened.layer, workspace: workspaceId, settings: { timezone: timeZone, currency: "VND" } })
              try {
                await opened.backend.transaction(workspaceId, (tx) => tx.segmentInputs.replace(workspaceId, profiles))
                const at = new Date("2025-01-01T00:00:00Z")
                await cdp.segments.create({ id: "seg-a", name: "a", rule: context.segments!.get("seg-a")!, actor: "test", at })
                await cdp.segments.create({ id: "seg-x", name: "x", rule, actor: "test", at })
                const expectScheduledAt = async (instant: Date) => {
                  const held = await scheduleOf(workspaceId, "seg-x")
                  const expected = new Map<string, number>()
                  for (const p of profiles as ReadonlyArray<SegmentInputs>) {
                    const next = nextChange(rule, p, { asOf: instant, context })
                    if (next !== null) expected.set(p.facts.profileId, next.getTime())
                  }
                  expect(held).toEqual(expected)
                }
                let instant = asOf
                await cdp.segments.refresh("seg-x", { asOf: instant })
                await expectScheduledAt(instant)
                for (const step of steps) {
                  const held = [...(await scheduleOf(workspaceId, "seg-x")).values()]
                  instant = new Date(step === "earliest" ? (held.length === 0 ? instant.getTime() + DAY : Math.min(...held)) : instant.getTime() + step)
                  await cdp.segments.refresh("seg-x", { asOf: instant })
                  await expectScheduledAt(instant)
                }
              } finally {
                await cdp.close()
              }
            }
          ),
          { numRuns: 40 }
        )
      })
    }
  })
}
