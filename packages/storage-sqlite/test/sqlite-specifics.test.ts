import type { WorkspaceId } from "@kith/core"
import { EventStore, storageLayer, Workspaces } from "@kith/storage"
import { sampleShopEvents } from "@kith/storage/testing"
import { appliedMigrations, makeSqlBackend, migrations } from "@kith/storage-sql"
import { openSqliteStorage, sqliteSpecifics } from "@kith/storage-sqlite"
import { Effect, Exit } from "effect"
import { sql } from "kysely"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"

const dir = mkdtempSync(join(tmpdir(), "kith-sqlite-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const ws = "shop-1" as WorkspaceId

describe("SQLite migrations (STO-2)", () => {
  it("migrates an empty database to the latest version, and a re-run is a no-op", async () => {
    const store = await openSqliteStorage({ migrate: false })
    expect(await appliedMigrations(store.db)).toEqual([])
    const latest = migrations[migrations.length - 1]!.version
    expect(await store.migrate()).toEqual({ applied: migrations.map((m) => m.version), current: latest })
    const schemaBefore = await sql<{ sql: string | null }>`select sql from sqlite_master order by name`.execute(store.db)
    expect(await store.migrate()).toEqual({ applied: [], current: latest })
    expect(await appliedMigrations(store.db)).toEqual(migrations.map((m) => m.version))
    expect((await sql<{ sql: string | null }>`select sql from sqlite_master order by name`.execute(store.db)).rows).toEqual(schemaBefore.rows)
    await store.close()
  })

  it("leads every primary key, unique constraint and index with workspace_id (STO-4)", async () => {
    const store = await openSqliteStorage()
    // The FTS5 search index and its shadow tables are keyed by the profiles' rowid: SQLite is never distributed, and
    // the index answers only through a join to profiles on that rowid and the workspace (Postgres uses a GIN index
    // on (workspace_id, search_text) instead, checked by the Postgres twin of this test).
    const tables = (
      await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'profile_search%' and name not in ('kith_migrations', 'workspaces')`.execute(store.db)
    ).rows
    expect(tables.map((t) => t.name).sort()).toEqual(["audit_entries", "consent_records", "contact_restrictions", "do_not_merge", "events", "identifiers", "kept_apart", "ledger", "must_link", "outreach_outbox", "outreach_outbox_due", "outreach_outbox_leases", "outreach_plans", "outreach_rate_limits", "outreach_shop_events", "pipeline_applied_events", "pipeline_care", "pipeline_items", "privacy_requests", "privacy_secrets", "profiles", "record_identifiers", "rejected_events", "segment_activity", "segment_due", "segment_fact_lists", "segment_facts", "segment_history", "segment_members", "segment_traits", "segments", "suppressions", "workspace_summaries"])
    for (const { name } of tables) {
      const indexes = (await sql<{ name: string }>`select name from pragma_index_list(${name})`.execute(store.db)).rows
      expect(indexes.length).toBeGreaterThan(0)
      for (const index of indexes) {
        const columns = (await sql<{ name: string; seqno: number }>`select name, seqno from pragma_index_info(${index.name}) order by seqno`.execute(store.db)).rows
        expect(columns[0]?.name, `${name}.${index.name}`).toBe("workspace_id")
      }
    }
    await store.close()
  })
})

describe("SQLite files", () => {
  it("opens a file in WAL mode and keeps what was written after reopening", async () => {
    const filename = join(dir, "kith.db")
    const first = await openSqliteStorage({ filename })
    const mode = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(first.db)
    expect(mode.rows[0]?.journal_mode).toBe("wal")
    const events = sampleShopEvents({ people: 3, eventsPerPerson: 3, seed: 5 })
    const program = Effect.gen(function* () {
      yield* (yield* Workspaces).create({ workspaceId: ws })
      return yield* (yield* EventStore).ingest(ws, events)
    })
    expect((await Effect.runPromise(program.pipe(Effect.provide(first.layer)))).appended).toBe(9)
    await first.close()
    const second = await openSqliteStorage({ filename })
    const count = await Effect.runPromise(Effect.flatMap(EventStore, (s) => s.count(ws)).pipe(Effect.provide(second.layer)))
    expect(count).toBe(9)
    await second.close()
  })
})

describe("SQLite atomicity (STO-3)", () => {
  it("rolls back the whole batch when the database fails half-way, with a typed StorageFailure", async () => {
    const store = await openSqliteStorage()
    await Effect.runPromise(Effect.flatMap(Workspaces, (w) => w.create({ workspaceId: ws })).pipe(Effect.provide(store.layer)))
    // A backend whose ledger append fails after events, profiles and identifiers were written.
    const failing = {
      ...store.backend,
      transaction: <A>(workspaceId: string, work: (tx: Parameters<Parameters<typeof store.backend.transaction>[1]>[0]) => Promise<A>) =>
        store.backend.transaction(workspaceId, (tx) =>
          work({
            ...tx,
            identity: {
              ...tx.identity,
              appendLedger: async () => {
                throw new Error("disk full")
              }
            }
          })
        )
    }
    const result = await Effect.runPromiseExit(
      Effect.flatMap(EventStore, (s) => s.ingest(ws, sampleShopEvents({ people: 2, eventsPerPerson: 2, seed: 9 }))).pipe(Effect.provide(storageLayer(failing)))
    )
    expect(Exit.isFailure(result)).toBe(true)
    if (Exit.isFailure(result)) expect(String(result.cause)).toContain("StorageFailure")
    for (const table of ["events", "profiles", "identifiers", "ledger"] as const) {
      const n = await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst()
      expect(Number(n?.n), table).toBe(0)
    }
    await store.close()
  })
})

describe("the afterCommit hook of a dialect", () => {
  it("is told how many events a write appended, and its failure never fails the committed batch", async () => {
    const store = await openSqliteStorage()
    const told: Array<number> = []
    const backend = makeSqlBackend(store.db, {
      ...sqliteSpecifics,
      afterCommit: async (_db, appended) => {
        told.push(appended)
        throw new Error("statistics refresh failed")
      }
    })
    const layer = storageLayer(backend)
    const events = sampleShopEvents({ people: 5, eventsPerPerson: 4, seed: 3 })
    await Effect.runPromise(Effect.flatMap(Workspaces, (w) => w.create({ workspaceId: ws })).pipe(Effect.provide(layer)))
    const result = await Effect.runPromise(Effect.flatMap(EventStore, (s) => s.ingest(ws, events)).pipe(Effect.provide(layer)))
    expect(result.appended).toBe(events.length)
    expect(told).toEqual([events.length])
    expect(await Effect.runPromise(Effect.flatMap(EventStore, (s) => s.count(ws)).pipe(Effect.provide(layer)))).toBe(events.length)
    await store.close()
  })
})

describe("opening SQLite", () => {
  it("sets a 128 MiB page cache by default and the size given in cacheSizeMb, and rejects a size that is not above 0", async () => {
    const cacheOf = async (options: { readonly cacheSizeMb?: number }) => {
      const store = await openSqliteStorage(options)
      const size = (await sql<{ cache_size: number }>`PRAGMA cache_size`.execute(store.db)).rows[0]?.cache_size
      await store.close()
      return size
    }
    // Negative: KiB.
    expect(await cacheOf({})).toBe(-128 * 1024)
    expect(await cacheOf({ cacheSizeMb: 2 })).toBe(-2048)
    for (const cacheSizeMb of [0, -1, Number.NaN]) {
      const error = await openSqliteStorage({ cacheSizeMb }).then(
        () => undefined,
        (e: unknown) => e
      )
      expect(error).toMatchObject({ _tag: "InvalidStorageOption", field: "cacheSizeMb" })
    }
  })

  it("keeps temporary B-trees in memory by default and in a file when told, and rejects any other place", async () => {
    const tempStoreOf = async (options: { readonly tempStore?: "memory" | "file" }) => {
      const store = await openSqliteStorage(options)
      const mode = (await sql<{ temp_store: number }>`PRAGMA temp_store`.execute(store.db)).rows[0]?.temp_store
      await store.close()
      return mode
    }
    // SQLite reports 2 for MEMORY and 1 for FILE.
    expect(await tempStoreOf({})).toBe(2)
    expect(await tempStoreOf({ tempStore: "file" })).toBe(1)
    const error = await openSqliteStorage({ tempStore: "disk" as "file" }).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toMatchObject({ _tag: "InvalidStorageOption", field: "tempStore", value: "disk" })
  })

  it("rejects a file in a folder that does not exist with a typed StorageFailure that keeps the driver's error", async () => {
    const error = await openSqliteStorage({ filename: join(dir, "no-such-folder", "kith.db") }).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toMatchObject({ _tag: "StorageFailure", operation: "openSqliteStorage" })
    expect((error as { cause: unknown }).cause).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(/directory does not exist/)
  })

  it("rejects a database that fails while migrating with a typed StorageFailure, and leaves a passed database open", async () => {
    const statements: Array<string> = []
    const database = {
      close: () => statements.push("close"),
      prepare: (text: string) => {
        statements.push(text)
        throw new Error("disk I/O error")
      }
    }
    const error = await openSqliteStorage({ database: database as never }).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toMatchObject({ _tag: "StorageFailure", operation: "openSqliteStorage" })
    expect((error as Error).message).toContain("disk I/O error")
    expect(statements).not.toContain("close")
  })
})
