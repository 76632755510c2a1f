import type { WorkspaceId } from "@kith/core"
import { EventStore, storageLayer, Workspaces } from "@kith/storage"
import { sampleShopEvents } from "@kith/storage/testing"
import { backfillSegmentInputs, type KithDatabase, makeSqlBackend, migrateToLatest, type MigrationProgress } from "@kith/storage-sql"
import Database from "better-sqlite3"
import { Effect } from "effect"
import { Kysely, SqliteDialect } from "kysely"
import { describe, expect, it } from "vitest"

const sqlite = { name: "sqlite", parameter: () => "?", lockWorkspace: async () => {}, lockMigrations: async () => {} }
const tables = ["segment_facts", "segment_fact_lists", "segment_traits", "segment_activity"] as const

describe("migration 11 (segment inputs)", () => {
  it("backfills every live profile's inputs page by page with progress, exactly as ingestion writes them", async () => {
    const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
    await migrateToLatest(db)
    const backend = makeSqlBackend(db, sqlite)
    const shops = [
      { workspaceId: "shop-a" as WorkspaceId, people: 520, timeZone: "Asia/Ho_Chi_Minh" },
      { workspaceId: "shop-b" as WorkspaceId, people: 30, timeZone: "America/New_York" }
    ]
    for (const { workspaceId, people, timeZone } of shops) {
      const program = Effect.gen(function* () {
        yield* (yield* Workspaces).create({ workspaceId, timeZone })
        yield* (yield* EventStore).ingest(workspaceId, sampleShopEvents({ people, eventsPerPerson: 3, seed: people }))
      })
      await Effect.runPromise(program.pipe(Effect.provide(storageLayer(backend))))
    }
    const snapshot = async () => {
      const out: Record<string, unknown> = {}
      for (const { workspaceId } of shops) {
        const ids = (await db.selectFrom("profiles").select("profile_id").where("workspace_id", "=", workspaceId).where("merged_into", "is", null).execute()).map((r) => r.profile_id)
        out[workspaceId] = [...(await backend.read.segmentInputs.inputsOf(workspaceId, ids))].sort(([a], [b]) => (a < b ? -1 : 1))
      }
      return out
    }
    const written = await snapshot()
    const live = Number((await db.selectFrom("segment_facts").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n)
    expect(live).toBeGreaterThan(500)
    // A store from before the migration: the tables empty, then the backfill.
    for (const table of tables) await db.deleteFrom(table).execute()
    const progress: Array<MigrationProgress> = []
    await backfillSegmentInputs(db as unknown as Kysely<unknown>, (p) => progress.push(p))
    expect(progress[0]).toEqual({ done: 0, total: live })
    expect(progress.at(-1)).toEqual({ done: live, total: live })
    expect(progress.length).toBeGreaterThanOrEqual(4)
    expect(await snapshot()).toEqual(written)
    await db.destroy()
  })
})
