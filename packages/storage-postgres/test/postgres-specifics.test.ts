import type { WorkspaceId } from "@kith/core"
import { EventStore, ProfileStore, Workspaces } from "@kith/storage"
import { sampleShopEvents } from "@kith/storage/testing"
import { appliedMigrations, migrations } from "@kith/storage-sql"
import { openPostgresStorage, plannerStatisticsRefresher, type PostgresStorage } from "@kith/storage-postgres"
import { Effect, Option } from "effect"
import { sql } from "kysely"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { dropSchema, freshSchemaName, pgUrl, probePostgres } from "./pg-test-schema.js"

const skip = await probePostgres()
const schema = freshSchemaName()
const suite = skip === undefined ? describe : describe.skip

suite(`Postgres specifics${skip === undefined ? "" : ` (skipped: ${skip})`}`, () => {
  const opened: Array<PostgresStorage> = []
  const open = async (migrate = true) => {
    const store = await openPostgresStorage({ connectionString: pgUrl, schema, maxConnections: 3, migrate })
    opened.push(store)
    return store
  }
  beforeAll(async () => {
    await dropSchema(schema)
  })
  afterAll(async () => {
    for (const store of opened) await store.close()
    await dropSchema(schema)
  })

  it("migrates an empty schema to the latest version; a re-run is a no-op (STO-2)", async () => {
    const store = await open(false)
    expect(await appliedMigrations(store.db)).toEqual([])
    const latest = migrations[migrations.length - 1]!.version
    expect(await store.migrate()).toEqual({ applied: migrations.map((m) => m.version), current: latest })
    expect(await store.migrate()).toEqual({ applied: [], current: latest })
    expect(await appliedMigrations(store.db)).toEqual(migrations.map((m) => m.version))
  })

  it("lets several processes open and migrate the same fresh schema at once", async () => {
    const other = freshSchemaName()
    try {
      const stores = await Promise.all([0, 1, 2, 3].map(() => openPostgresStorage({ connectionString: pgUrl, schema: other, maxConnections: 1 })))
      expect(await appliedMigrations(stores[0]!.db)).toEqual(migrations.map((m) => m.version))
      for (const store of stores) await store.close()
    } finally {
      await dropSchema(other)
    }
  })

  it("lets 4 concurrent writers (separate pools, overlapping identities) end in the single-writer partition (STO-3)", async () => {
    const events = sampleShopEvents({ people: 30, eventsPerPerson: 6, seed: 77 })
    const single = "single" as WorkspaceId
    const shared = "shared" as WorkspaceId
    const writers = await Promise.all([0, 1, 2, 3].map(() => open()))
    const run = <A, E>(store: PostgresStorage, program: Effect.Effect<A, E, Workspaces | EventStore | ProfileStore>) =>
      Effect.runPromise(program.pipe(Effect.provide(store.layer)))
    await run(writers[0]!, Effect.flatMap(Workspaces, (w) => w.create({ workspaceId: single })))
    await run(writers[0]!, Effect.flatMap(Workspaces, (w) => w.create({ workspaceId: shared })))
    await run(writers[0]!, Effect.flatMap(EventStore, (s) => s.ingest(single, events)))

    // Every writer sends every event (overlapping messageIds and identities), rotated and in its own batch size.
    const results = await Promise.all(
      writers.map(async (store, k) => {
        const mine = [...events.slice(k * 37), ...events.slice(0, k * 37)]
        const size = 7 + k * 5
        let appended = 0
        for (let i = 0; i < mine.length; i += size) appended += (await run(store, Effect.flatMap(EventStore, (s) => s.ingest(shared, mine.slice(i, i + size))))).appended
        return appended
      })
    )
    expect(results.reduce((a, b) => a + b, 0)).toBe(events.length)

    const partition = async (workspaceId: WorkspaceId) => {
      const rows = await writers[0]!.db.selectFrom("events").select(["message_id", "profile_id"]).where("workspace_id", "=", workspaceId).execute()
      const groups = new Map<string, Array<string>>()
      for (const r of rows) groups.set(r.profile_id, [...(groups.get(r.profile_id) ?? []), r.message_id])
      return [...groups.values()].map((g) => g.sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1))
    }
    const expected = await partition(single)
    expect(expected.length).toBe(30)
    expect(await partition(shared)).toEqual(expected)
    expect(await run(writers[1]!, Effect.flatMap(EventStore, (s) => s.count(shared)))).toBe(events.length)
    const live = await writers[0]!.db
      .selectFrom("profiles")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("workspace_id", "=", shared)
      .where("merged_into", "is", null)
      .executeTakeFirst()
    expect(Number(live?.n)).toBe(30)
    // Each person's summary counts each of their events once: no lost or doubled combine.
    const anyPerson = events.find((e) => e["type"] === "identify")!
    const p = await run(writers[2]!, Effect.flatMap(ProfileStore, (s) => s.findByIdentifier(shared, { type: "phone", value: (anyPerson["traits"] as { phone: string }).phone })))
    const q = await run(writers[2]!, Effect.flatMap(ProfileStore, (s) => s.findByIdentifier(single, { type: "phone", value: (anyPerson["traits"] as { phone: string }).phone })))
    expect(Option.getOrThrow(p).summary.firstSeenAt).toBe(Option.getOrThrow(q).summary.firstSeenAt)
    expect(Option.getOrThrow(p).summary.orders.size).toBe(Option.getOrThrow(q).summary.orders.size)
  })

  it("refreshes planner statistics of a fresh schema once 1,000 events are in, and never fails a committed batch over it", async () => {
    const other = freshSchemaName()
    try {
      const store = await openPostgresStorage({ connectionString: pgUrl, schema: other, maxConnections: 1 })
      const estimate = async () =>
        Number((await sql<{ rows: number }>`select reltuples as rows from pg_class where oid = to_regclass('events')`.execute(store.db)).rows[0]!.rows)
      expect(await estimate()).toBe(-1)
      const workspaceId = "ws-stats" as WorkspaceId
      const events = sampleShopEvents({ seed: 11, people: 200, eventsPerPerson: 6 })
      expect(events.length).toBe(1_200)
      const run = <A, E>(program: Effect.Effect<A, E, Workspaces | EventStore>) => Effect.runPromise(program.pipe(Effect.provide(store.layer)))
      await run( Effect.flatMap(Workspaces, (w) => w.create({ workspaceId })))
      await run(Effect.flatMap(EventStore, (s) => s.ingest(workspaceId, events.slice(0, 900))))
      expect(await estimate()).toBe(-1)
      await run(Effect.flatMap(EventStore, (s) => s.ingest(workspaceId, events.slice(900))))
      expect(await estimate()).toBeGreaterThanOrEqual(1_000)
      await store.close()

      // A refresh that cannot even read the estimate (here: no such table on the path) is skipped, the batch stands.
      const blind = await openPostgresStorage({ connectionString: pgUrl, schema: other, maxConnections: 1 })
      await sql`alter table events rename to events_renamed`.execute(blind.db)
      const failing = plannerStatisticsRefresher()
      await expect(failing(blind.db, 5_000)).resolves.toBeUndefined()
      await sql`alter table events_renamed rename to events`.execute(blind.db)
      await blind.close()
    } finally {
      await dropSchema(other)
    }
  })
})

describe("opening Postgres", () => {
  it("rejects a malformed schema name with a typed InvalidStorageOption naming the option and the value", async () => {
    const error = await openPostgresStorage({ connectionString: pgUrl, schema: "Kith-1" }).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toMatchObject({ _tag: "InvalidStorageOption", field: "schema", value: "Kith-1" })
  })

  it("rejects an unreachable server with a typed StorageFailure that keeps the driver's error", async () => {
    const error = await openPostgresStorage({ connectionString: "postgres://postgres@127.0.0.1:1/test", schema: "kith_unreachable" }).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toMatchObject({ _tag: "StorageFailure", operation: "openPostgresStorage" })
    expect(String((error as { cause: unknown }).cause)).toMatch(/ECONNREFUSED/)
  })
})
