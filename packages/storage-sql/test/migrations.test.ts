import { appliedMigrations, type KithDatabase, migrateToLatest, migrations } from "@kith/storage-sql"
import Database from "better-sqlite3"
import { Kysely, SqliteDialect } from "kysely"
import { describe, expect, it } from "vitest"

describe("migrations (STO-2)", () => {
  it("are numbered 1, 2, 3, … with unique names", () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1))
    expect(new Set(migrations.map((m) => m.name)).size).toBe(migrations.length)
  })

  it("apply in order on an empty database, record each version once, and re-run as a no-op", async () => {
    const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
    const order: Array<string> = []
    const report = await migrateToLatest(db, async () => void order.push("lock"))
    expect(report).toEqual({ applied: migrations.map((m) => m.version), current: migrations.length })
    // The lock is taken for the bookkeeping table and for every migration.
    expect(order.length).toBe(1 + migrations.length)
    expect(await appliedMigrations(db)).toEqual(migrations.map((m) => m.version))
    expect(await migrateToLatest(db)).toEqual({ applied: [], current: migrations.length })
    const tables = (await db.introspection.getTables()).map((t) => t.name).sort()
    expect(tables).toEqual(["do_not_merge", "events", "identifiers", "kept_apart", "kith_migrations", "ledger", "must_link", "profiles", "record_identifiers", "workspace_summaries", "workspaces"])
    await db.destroy()
  })
})
