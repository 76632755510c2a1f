// STO-4: a Postgres store can be distributed by workspace (Citus) without a schema change — every key, unique
// constraint and index leads with workspace_id, and no statement kith sends reads or writes a table without
// naming the workspace, nor joins two tables but within one workspace.
import type { ProfileId, WorkspaceId } from "@kith/core"
import { EventStore, IdentityGraph, ProfileStore, Workspaces } from "@kith/storage"
import { sampleShopEvents } from "@kith/storage/testing"
import { openPostgresStorage, type PostgresStorage } from "@kith/storage-postgres"
import { Effect } from "effect"
import { type PostgresPool, sql } from "kysely"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { dropSchema, freshSchemaName, pgUrl, probePostgres } from "./pg-test-schema.js"

const schema = freshSchemaName()
const skip = await probePostgres()
const statements: Array<string> = []

// A pool that keeps the text of every statement sent through it.
const recordingPool = (): PostgresPool & { readonly end: () => Promise<void> } => {
  const real = new pg.Pool({ connectionString: pgUrl, max: 2 })
  return {
    connect: async () => {
      const client = await real.connect()
      return {
        query: ((text: unknown, values?: ReadonlyArray<unknown>) => {
          statements.push(typeof text === "string" ? text : String((text as { text: string }).text))
          return client.query(text as string, values as Array<unknown>)
        }) as never,
        release: () => client.release()
      }
    },
    end: () => real.end()
  }
}

let store: PostgresStorage | undefined
let pool: ReturnType<typeof recordingPool> | undefined
beforeAll(async () => {
  if (skip !== undefined) return
  pool = recordingPool()
  store = await openPostgresStorage({ pool, schema })
})
afterAll(async () => {
  await store?.close()
  if (skip === undefined) await dropSchema(schema)
})

const kithTables = ["workspaces", "events", "profiles", "identifiers", "kept_apart", "ledger", "record_identifiers", "do_not_merge", "must_link", "workspace_summaries", "rejected_events", "pipeline_items", "pipeline_care", "pipeline_applied_events", "consent_records", "contact_restrictions", "audit_entries", "suppressions", "privacy_requests", "privacy_secrets", "segment_facts", "segment_fact_lists", "segment_traits", "segment_activity", "segments", "segment_members", "segment_history", "segment_due", "outreach_plans", "outreach_outbox", "outreach_outbox_due", "outreach_outbox_leases", "outreach_rate_limits", "outreach_shop_events"]

describe.skipIf(skip !== undefined)("Postgres is ready to shard by workspace (STO-4)", () => {
  it("leads every primary key, unique constraint, exclusion constraint and index with workspace_id", async () => {
    const indexes = await sql<{ table: string; index: string; first: string }>`
      select t.relname as "table", i.relname as "index", a.attname as "first"
      from pg_index x
      join pg_class t on t.oid = x.indrelid
      join pg_class i on i.oid = x.indexrelid
      join pg_namespace n on n.oid = t.relnamespace
      join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
      where n.nspname = ${schema} and t.relname <> 'kith_migrations'`.execute(store!.db)
    expect(new Set(indexes.rows.map((r) => r.table))).toEqual(new Set(kithTables))
    // The search index included: a GIN index on (workspace_id, search_text).
    expect(indexes.rows.map((r) => r.index)).toContain("profiles_search_trgm")
    for (const row of indexes.rows) expect(row.first, `${row.table}.${row.index}`).toBe("workspace_id")
    const constraints = await sql<{ table: string; name: string; type: string; first: string }>`
      select t.relname as "table", c.conname as "name", c.contype as "type", a.attname as "first"
      from pg_constraint c
      join pg_class t on t.oid = c.conrelid
      join pg_namespace n on n.oid = t.relnamespace
      join pg_attribute a on a.attrelid = t.oid and a.attnum = c.conkey[1]
      where n.nspname = ${schema} and t.relname <> 'kith_migrations' and c.contype in ('p', 'u', 'x', 'f')`.execute(store!.db)
    expect(constraints.rows.filter((c) => c.type === "p").map((c) => c.table).sort()).toEqual([...kithTables].sort())
    for (const c of constraints.rows) expect(c.first, `${c.table}.${c.name}`).toBe("workspace_id")
  })

  it("names the workspace in every statement on a kith table, and joins tables only within one workspace", async () => {
    const ws = "shard-shop" as WorkspaceId
    const run = <A, E>(program: Effect.Effect<A, E, Workspaces | EventStore | ProfileStore | IdentityGraph>) => Effect.runPromise(program.pipe(Effect.provide(store!.layer)))
    statements.length = 0
    await run(Workspaces.use((w) => w.create({ workspaceId: ws })))
    const result = await run(EventStore.use((s) => s.ingest(ws, sampleShopEvents({ people: 12, eventsPerPerson: 6, seed: 61 }))))
    const [a, b] = [...new Set(result.profileOf.values())].sort() as Array<ProfileId>
    await run(ProfileStore.use((p) => p.search(ws, { text: "nguyen", limit: 5 })))
    await run(ProfileStore.use((p) => p.search(ws, { text: "0912 345 678", stage: "lead", limit: 5 })))
    await run(ProfileStore.use((p) => p.count(ws, { stage: "buyer" })))
    await run(ProfileStore.use((p) => p.count(ws, { text: "@gmail" })))
    await run(EventStore.use((s) => s.listByProfileNewestFirst(ws, a!, { limit: 5 })))
    await run(IdentityGraph.use((g) => g.merge(ws, a!, b!, { at: new Date("2025-06-01T00:00:00Z") })))
    await run(ProfileStore.use((p) => p.setTraits(ws, a!, { fullName: "Lê Văn Tám" }, { at: new Date("2025-06-02T00:00:00Z"), source: "manual" })))
    const tablePattern = new RegExp(`\\b(?:from|join|update|into)\\s+"?(${kithTables.join("|")})"?(?=[\\s(,]|$)`, "gi")
    const touching = statements.filter((s) => !/^\s*(begin|commit|rollback|savepoint|release|set |select pg_advisory)/i.test(s) && s.match(tablePattern) !== null)
    expect(touching.length).toBeGreaterThan(20)
    // Statements over several tables exist (a merge, the identifier lookups), and are checked like the others.
    expect(touching.some((s) => (s.match(tablePattern) ?? []).length > 1)).toBe(true)
    for (const statement of touching) {
      const references = [...statement.matchAll(tablePattern)].length
      // Each table a statement reads or writes is narrowed to one workspace (a bound value, compared by equality).
      const narrowed = [...statement.matchAll(/workspace_id"?\s*=\s*(\$\d+|excluded\.)/gi)].length + (/^\s*insert into/i.test(statement) ? 1 : 0)
      expect(narrowed, statement).toBeGreaterThanOrEqual(references)
    }
  })
})
