import { appliedMigrations, type KithDatabase, makeSqlBackend, migrateToLatest, migrations } from "@kith/storage-sql"
import Database from "better-sqlite3"
import { Kysely, SqliteDialect, sql } from "kysely"
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
    expect(tables).toEqual(["audit_entries", "consent_records", "contact_restrictions", "do_not_merge", "events", "identifiers", "kept_apart", "kith_migrations", "ledger", "must_link", "outreach_outbox", "outreach_outbox_due", "outreach_outbox_leases", "outreach_plans", "outreach_rate_limits", "outreach_shop_events", "pipeline_applied_events", "pipeline_care", "pipeline_items", "privacy_requests", "privacy_secrets", "profile_search", "profile_search_config", "profile_search_data", "profile_search_docsize", "profile_search_idx", "profiles", "record_identifiers", "rejected_events", "segment_activity", "segment_due", "segment_fact_lists", "segment_facts", "segment_history", "segment_members", "segment_traits", "segments", "suppressions", "workspace_summaries", "workspaces"])
    await db.destroy()
  })
})

describe("migration 4 (identity evidence on events)", () => {
  it("backfills each event's identifiers and source from the index rows, page by page, in order", async () => {
    const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
    for (const m of migrations.filter((m) => m.version < 4)) await m.up(db as unknown as Kysely<unknown>)
    const events = 2_600
    for (let i = 0; i < events; i++) {
      const messageId = `m-${String(i).padStart(5, "0")}`
      await db.insertInto("events").values({ workspace_id: i % 2 === 0 ? "a" : "b", message_id: messageId, profile_id: `p_${messageId}`, type: "identify", name: null, ts: i, payload: "{}" } as never).execute()
      // Three identifiers per event, written out of order: 7,800 index rows span two backfill pages.
      for (const ord of [2, 0, 1]) {
        await db
          .insertInto("record_identifiers")
          .values({ workspace_id: i % 2 === 0 ? "a" : "b", message_id: messageId, ord, type: ["phone", "email", "anonymous_id"][ord]!, value: `${ord}-${i}`, ts: i, source: `src-${i % 3}` })
          .execute()
      }
    }
    await db.insertInto("events").values({ workspace_id: "a", message_id: "no-evidence", profile_id: "p_x", type: "track", name: "x", ts: 1, payload: "{}" } as never).execute()
    await migrations.find((m) => m.version === 4)!.up(db as unknown as Kysely<unknown>)
    const rows = await db.selectFrom("events").select(["message_id", "identity", "identity_source"]).orderBy("message_id").execute()
    expect(rows.find((r) => r.message_id === "no-evidence")).toEqual({ message_id: "no-evidence", identity: null, identity_source: null })
    const evidence = rows.filter((r) => r.message_id !== "no-evidence")
    expect(evidence).toHaveLength(events)
    for (const r of evidence) {
      const i = Number(r.message_id.slice(2))
      expect(JSON.parse(r.identity!)).toEqual([["phone", `0-${i}`], ["email", `1-${i}`], ["anonymous_id", `2-${i}`]])
      expect(r.identity_source).toBe(`src-${i % 3}`)
    }
    await db.destroy()
  })
})

describe("migration 5 (ledger chunks)", () => {
  it("turns every existing ledger entry into a one-entry chunk with the same number", async () => {
    const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
    for (const m of migrations.filter((m) => m.version < 5)) await m.up(db as unknown as Kysely<unknown>)
    for (const seq of [1, 2, 3]) {
      await db.insertInto("ledger").values({ workspace_id: "a", seq, entry: JSON.stringify({ kind: "created", recordId: `r-${seq}` }) } as never).execute()
    }
    await migrations.find((m) => m.version === 5)!.up(db as unknown as Kysely<unknown>)
    const rows = await db.selectFrom("ledger").selectAll().orderBy("seq").execute()
    expect(rows.map((r) => [Number(r.seq), Number(r.last_seq), JSON.parse(r.entry)])).toEqual([
      [1, 1, [{ kind: "created", recordId: "r-1" }]],
      [2, 2, [{ kind: "created", recordId: "r-2" }]],
      [3, 3, [{ kind: "created", recordId: "r-3" }]]
    ])
    await db.destroy()
  })
})

describe("migration 6 (covering index of identifiers by profile)", () => {
  it("keeps every identifier row of a database at version 5, and reading a profile's identifiers uses the new index", async () => {
    const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
    for (const m of migrations.filter((m) => m.version < 6)) await m.up(db as unknown as Kysely<unknown>)
    const rows = Array.from({ length: 300 }, (_, i) => ({ workspace_id: "a", type: i % 2 === 0 ? "phone" : "email", value: `v-${i}`, profile_id: `p_${i % 7}` }))
    await db.insertInto("identifiers").values(rows).execute()
    await migrations.find((m) => m.version === 6)!.up(db as unknown as Kysely<unknown>)
    const after = await db.selectFrom("identifiers").selectAll().orderBy("value").execute()
    expect(after).toEqual([...rows].sort((x, y) => (x.value < y.value ? -1 : 1)))
    const plan = await sql<{ detail: string }>`explain query plan select type, value, profile_id from identifiers where workspace_id = ${"a"} and profile_id in (${"p_1"}, ${"p_2"})`.execute(db)
    expect(plan.rows.map((r) => r.detail).join(" ")).toContain("COVERING INDEX identifiers_of_profile")
    const indexes = (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'identifiers'`.execute(db)).rows.map((r) => r.name)
    expect(indexes).not.toContain("identifiers_by_owner")
    await db.destroy()
  })
})

describe("migration 9 (search index)", () => {
  it("indexes the profiles of an existing store page by page, reporting progress, and the index then follows every write", async () => {
    const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
    for (const m of migrations.filter((m) => m.version < 9)) await m.up(db as unknown as Kysely<unknown>)
    const profiles = 6_200
    const row = (i: number) => ({
      workspace_id: i % 2 === 0 ? "a" : "b", profile_id: `p_${String(i).padStart(5, "0")}`, merged_into: null, created_at: i, traits: "{}", summary: "{}",
      search_text: i % 1_000 === 7 ? `tran thi hiem ${i}` : `nguyen van ${i}`, stage: "lead", last_record_at: i, isolated: 0
    })
    for (let i = 0; i < profiles; i += 500) await db.insertInto("profiles").values(Array.from({ length: Math.min(500, profiles - i) }, (_, j) => row(i + j)) as never).execute()
    const progress: Array<{ done: number; total: number }> = []
    await migrations.find((m) => m.version === 9)!.up(db as unknown as Kysely<unknown>, (p) => progress.push(p))
    expect(progress).toEqual([{ done: 0, total: profiles }, { done: 5_000, total: profiles }, { done: profiles, total: profiles }])
    const sqlite = { name: "sqlite", parameter: () => "?", lockWorkspace: async () => {}, lockMigrations: async () => {} }
    const backend = makeSqlBackend(db, sqlite)
    const hits = async (workspace: string, contains: string) => (await backend.read.profiles.list(workspace, { contains, limit: 100 })).map((r) => r.profileId)
    const rare = ["p_00007", "p_01007", "p_02007", "p_03007", "p_04007", "p_05007", "p_06007"]
    expect(await hits("b", "thi hiem")).toEqual(rare)
    expect(await hits("a", "thi hiem")).toEqual([])
    expect(await backend.read.profiles.count("a", { contains: "nguyen van" })).toBe(profiles / 2)
    // Rewrites keep the index: a changed text is found by its new words only, an unchanged one still.
    await db.updateTable("profiles").set({ search_text: "le thi moi" }).where("profile_id", "=", "p_01007").execute()
    await db.updateTable("profiles").set({ search_text: sql<string>`search_text` }).where("profile_id", "=", "p_03007").execute()
    expect(await hits("b", "thi hiem")).toEqual(rare.filter((id) => id !== "p_01007"))
    expect(await hits("b", "thi moi")).toEqual(["p_01007"])
    await db.deleteFrom("profiles").where("profile_id", "=", "p_05007").execute()
    expect(await hits("b", "thi hiem")).toEqual(rare.filter((id) => id !== "p_01007" && id !== "p_05007"))
    await db.destroy()
  })
})

describe("migration 17 (the outbox's due rows and leases)", () => {
  it("queues the pending and held rows of a database at version 16 and leases its claimed ones, so delivery goes on where it stood", async () => {
    const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
    for (const m of migrations.filter((m) => m.version < 17)) await m.up(db as unknown as Kysely<unknown>)
    const row = (id: string, state: string, availableAt: number, lease: { owner: string; expiresAt: number } | null = null) => ({
      workspace_id: "a", outbox_id: id, plan_id: "plan-1", profile_id: `p_${id}`, occurrence: "", channel: "zalo", purpose: "promotion", decision: "send",
      reason: "consented", holdout: 0, message: JSON.stringify({ text: "Chào", locale: "vi", to: "+84912345678", products: [], voucher: { kind: "none" } }),
      state, attempts: lease === null ? 0 : 1, available_at: availableAt, lease_owner: lease?.owner ?? null, lease_expires_at: lease?.expiresAt ?? null,
      last_error: null, created_at: 0, sent_at: state === "sent" ? 50 : null, decided_at: 0
    })
    await db
      .insertInto("outreach_outbox")
      .values([row("ob_pending", "pending", 100), row("ob_held", "held", 200), row("ob_claimed", "claimed", 1_000, { owner: "w-dead", expiresAt: 1_000 }), row("ob_sent", "sent", 50)])
      .execute()
    await migrations.find((m) => m.version === 17)!.up(db as unknown as Kysely<unknown>)
    const due = await db.selectFrom("outreach_outbox_due").select(["state", "available_at", "outbox_id"]).orderBy("outbox_id").execute()
    expect(due.map((r) => [r.state, Number(r.available_at), r.outbox_id])).toEqual([["held", 200, "ob_held"], ["pending", 100, "ob_pending"]])
    const leases = await db.selectFrom("outreach_outbox_leases").select(["expires_at", "outbox_ids"]).execute()
    expect(leases.map((r) => [Number(r.expires_at), JSON.parse(r.outbox_ids)])).toEqual([[1_000, ["ob_claimed"]]])
    const backend = makeSqlBackend(db, { name: "sqlite", parameter: () => "?", lockWorkspace: async () => {}, lockMigrations: async () => {} })
    expect((await backend.read.outreach.heldDue("a", 200, 10)).map((r) => r.outboxId)).toEqual(["ob_held"])
    // Before the dead worker's lease ends only the pending row is due; after it, its row is taken over.
    const first = await backend.delivery.claim("a", { workerId: "w-1", limit: 10, leaseMs: 5_000, now: 500 })
    expect(first.map((r) => [r.outboxId, r.attempts])).toEqual([["ob_pending", 1]])
    const second = await backend.delivery.claim("a", { workerId: "w-2", limit: 10, leaseMs: 5_000, now: 1_000 })
    expect(second.map((r) => [r.outboxId, r.attempts])).toEqual([["ob_claimed", 2]])
    await db.destroy()
  })
})
