// A refresh after an earlier one reschedules only the profiles whose entry came due (and those that entered or
// exited): the schedule it leaves must still be every profile's next change as @kith/segments computes it at the
// refresh's instant — whatever the rule, the inputs, the timezone, and whether the refreshes move forward (the
// schedule kept and partly rewritten) or back in time (the whole schedule computed again). On every engine.
import { type ProfileId, type WorkspaceId } from "@kith/core"
import { type CdpClient, createCdp } from "@kith/cdp"
import { type SegmentInputs, type SegmentRule, evaluate, nextChange } from "@kith/segments"
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

    // A facade on a fresh workspace holding these profiles' inputs (and no profiles), closed after `work`.
    const inWorkspace = async (prefix: string, timeZone: string, profiles: ReadonlyArray<SegmentInputs>, work: (cdp: CdpClient, workspaceId: WorkspaceId) => Promise<void>) => {
      const workspaceId = `${prefix}-${++n}` as WorkspaceId
      const cdp = await createCdp({ storage: opened.layer, workspace: workspaceId, settings: { timezone: timeZone, currency: "VND" } })
      try {
        await opened.backend.transaction(workspaceId, (tx) => tx.segmentInputs.replace(workspaceId, profiles))
        await work(cdp, workspaceId)
      } finally {
        await cdp.close()
      }
    }

    for (const timeZone of ["Asia/Ho_Chi_Minh", "America/New_York"]) {
      it(`after refreshes forward and back, every profile is scheduled at its next change (property, ${timeZone})`, async () => {
        await fc.assert(
          fc.asyncProperty(
            arbScenario({ timeZone, references: ["seg-a"], rfm: false, profiles: 6, maxRows: 10 }),
            // Each later refresh: some days (or hours) forward or back, or exactly at the earliest entry.
            fc.array(fc.oneof(fc.integer({ min: -20 * DAY, max: 40 * DAY }), fc.constant("earliest" as const)), { minLength: 1, maxLength: 3 }),
            async ({ rule, context, profiles, asOf }, steps) =>
              inWorkspace("sched", timeZone, profiles, async (cdp, workspaceId) => {
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
              })
          ),
          { numRuns: 40 }
        )
      })

      // A first refresh (no membership, no schedule) and one after an update (a new version, its schedule forgotten)
      // take the whole-workspace path: what they leave must be what refreshes forward from an earlier one leave.
      it(`a first refresh and a refresh after an update leave the members, history and schedule a steady refresh leaves (property, ${timeZone})`, async () => {
        await fc.assert(
          fc.asyncProperty(
            arbScenario({ timeZone, references: ["seg-a"], rfm: false, profiles: 6, maxRows: 10 }),
            // Later than the first refreshes, so that each refresh's history is told apart by its instant.
            fc.integer({ min: 1, max: 40 * DAY }),
            async ({ rule, context, profiles, asOf }, later) =>
              inWorkspace("first", timeZone, profiles, async (cdp, workspaceId) => {
                const at = new Date("2025-01-01T00:00:00Z")
                const then = new Date(asOf.getTime() + later)
                const before: SegmentRule = context.segments!.get("seg-a")!
                await cdp.segments.create({ id: "seg-a", name: "a", rule: before, actor: "test", at })
                for (const id of ["seg-steady", "seg-first"]) await cdp.segments.create({ id, name: id, rule, actor: "test", at })
                await cdp.segments.create({ id: "seg-updated", name: "updated", rule: before, actor: "test", at })
                await cdp.segments.refresh("seg-updated", { asOf })
                await cdp.segments.update("seg-updated", { rule, actor: "test", at })
                await cdp.segments.refresh("seg-steady", { asOf })
                await cdp.segments.refresh("seg-steady", { asOf: then })
                await cdp.segments.refresh("seg-first", { asOf: then })
                await cdp.segments.refresh("seg-updated", { asOf: then })
                const verdicts = (r: SegmentRule, instant: Date) => new Set(profiles.filter((p) => evaluate(r, p, { asOf: instant, context })).map((p) => p.facts.profileId))
                const members = verdicts(rule, then)
                const expectedSchedule = new Map<string, number>()
                for (const p of profiles) {
                  const next = nextChange(rule, p, { asOf: then, context })
                  if (next !== null) expectedSchedule.set(p.facts.profileId, next.getTime())
                }
                // The changes each segment recorded at `then`, by profile, in the order recorded.
                const changesAt = async (segmentId: string) => {
                  const out: Array<[string, string]> = []
                  for (const p of profiles) {
                    // Read from the store: these profiles have inputs only, no profile a facade would resolve.
                    const history = await Effect.runPromise(Segments.use((st) => st.history(workspaceId, p.facts.profileId as ProfileId)).pipe(Effect.provide(opened.layer)))
                    for (const c of history) if (c.segmentId === segmentId && c.at.getTime() === then.getTime()) out.push([p.facts.profileId, c.change])
                  }
                  return out
                }
                const diff = (was: ReadonlySet<string>) =>
                  profiles.flatMap((p): Array<[string, string]> => {
                    const id = p.facts.profileId
                    return was.has(id) === members.has(id) ? [] : [[id, members.has(id) ? "entered" : "exited"]]
                  })
                for (const [segmentId, was] of [["seg-steady", verdicts(rule, asOf)], ["seg-first", new Set<string>()], ["seg-updated", verdicts(before, asOf)]] as const) {
                  expect((await cdp.segments.members(segmentId, { limit: 100 })).items.map((m) => m.profileId).sort()).toEqual([...members].sort())
                  expect(await scheduleOf(workspaceId, segmentId)).toEqual(expectedSchedule)
                  expect(await changesAt(segmentId)).toEqual(diff(was))
                }
              })
          ),
          { numRuns: 40 }
        )
      })
    }
  })
}
