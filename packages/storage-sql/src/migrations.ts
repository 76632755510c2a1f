import { type Kysely, sql } from "kysely"
import type { KithDatabase } from "./schema.js"

/**
 * One forward-only schema change. `up` receives a Kysely bound to the
 * migration's transaction.
 *
 * @example
 * ```ts
 * const m: Migration = { version: 2, name: "events_by_name", up: (db) => db.schema.createIndex("events_by_name").on("events").columns(["workspace_id", "name"]).execute() }
 * ```
 */
export interface Migration {
  readonly version: number
  readonly name: string
  readonly up: (db: Kysely<unknown>) => Promise<void>
}

/**
 * The migrations of the kith schema, oldest first. Never edit a released
 * one: add the next version.
 */
export const migrations: ReadonlyArray<Migration> = [
  {
    version: 1,
    name: "workspaces_events_profiles_identifiers_ledger",
    up: async (db) => {
      await db.schema
        .createTable("workspaces")
        .addColumn("workspace_id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("time_zone", "text", (c) => c.notNull())
        .execute()
      await db.schema
        .createTable("events")
        .addColumn("workspace_id", "text", (c) => c.notNull())
        .addColumn("message_id", "text", (c) => c.notNull())
        .addColumn("profile_id", "text", (c) => c.notNull())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("name", "text")
        .addColumn("ts", "bigint", (c) => c.notNull())
        .addColumn("payload", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("events_pk", ["workspace_id", "message_id"])
        .execute()
      await db.schema.createIndex("events_by_profile").on("events").columns(["workspace_id", "profile_id", "ts", "message_id"]).execute()
      await db.schema
        .createTable("profiles")
        .addColumn("workspace_id", "text", (c) => c.notNull())
        .addColumn("profile_id", "text", (c) => c.notNull())
        .addColumn("merged_into", "text")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("traits", "text", (c) => c.notNull())
        .addColumn("summary", "text", (c) => c.notNull())
        .addColumn("search_text", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("profiles_pk", ["workspace_id", "profile_id"])
        .execute()
      await db.schema.createIndex("profiles_by_survivor").on("profiles").columns(["workspace_id", "merged_into", "profile_id"]).execute()
      await db.schema
        .createTable("identifiers")
        .addColumn("workspace_id", "text", (c) => c.notNull())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("value", "text", (c) => c.notNull())
        .addColumn("profile_id", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("identifiers_pk", ["workspace_id", "type", "value"])
        .execute()
      await db.schema.createIndex("identifiers_by_profile").on("identifiers").columns(["workspace_id", "profile_id"]).execute()
      await db.schema
        .createTable("kept_apart")
        .addColumn("workspace_id", "text", (c) => c.notNull())
        .addColumn("profile_a", "text", (c) => c.notNull())
        .addColumn("profile_b", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("kept_apart_pk", ["workspace_id", "profile_a", "profile_b"])
        .execute()
      await db.schema.createIndex("kept_apart_by_b").on("kept_apart").columns(["workspace_id", "profile_b"]).execute()
      await db.schema
        .createTable("ledger")
        .addColumn("workspace_id", "text", (c) => c.notNull())
        .addColumn("seq", "bigint", (c) => c.notNull())
        .addColumn("entry", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("ledger_pk", ["workspace_id", "seq"])
        .execute()
    }
  },
  {
    // Storage persists what @kith/identity decides: the evidence it re-resolves (each event's identifiers),
    // do-not-merge record pairs, and identifiers held by several profiles that a guard kept apart.
    version: 2,
    name: "identity_records_do_not_merge_shared_identifiers",
    up: async (db) => {
      await db.schema
        .createTable("record_identifiers")
        .addColumn("workspace_id", "text", (c) => c.notNull())
        .addColumn("message_id", "text", (c) => c.notNull())
        .addColumn("ord", "integer", (c) => c.notNull())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("value", "text", (c) => c.notNull())
        .addColumn("ts", "bigint", (c) => c.notNull())
        .addColumn("source", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("record_identifiers_pk", ["workspace_id", "message_id", "ord"])
        .execute()
      await db.schema.createIndex("record_identifiers_by_value").on("record_identifiers").columns(["workspace_id", "type", "value", "message_id"]).execute()
      await db.schema
        .createTable("do_not_merge")
        .addColumn("workspace_id", "text", (c) => c.notNull())
        .addColumn("record_a", "text", (c) => c.notNull())
        .addColumn("record_b", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("do_not_merge_pk", ["workspace_id", "record_a", "record_b"])
        .execute()
      await db.schema.createIndex("do_not_merge_by_b").on("do_not_merge").columns(["workspace_id", "record_b"]).execute()
      await db.schema
        .createTable("identifier_owners")
        .addColumn("workspace_id", "text", (c) => c.notNull())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("value", "text", (c) => c.notNull())
        .addColumn("profile_id", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("identifier_owners_pk", ["workspace_id", "type", "value", "profile_id"])
        .execute()
      await sql`insert into identifier_owners (workspace_id, type, value, profile_id) select workspace_id, type, value, profile_id from identifiers`.execute(db)
      await db.schema.dropTable("identifiers").execute()
      await db.schema.alterTable("identifier_owners").renameTo("identifiers").execute()
      await db.schema.createIndex("identifiers_by_owner").on("identifiers").columns(["workspace_id", "profile_id"]).execute()
    }
  },
  {
    // Manual merges persist must-link record pairs (IDN-9); the workspace summary is kept with every ingestion
    // (PRF-5 shares); profiles carry their lifecycle stage for lists (PRF-2), and what ingestion needs to attach
    // a record without re-resolving its profile's history: the time of its latest record and whether its
    // evidence component is exactly its own records (see @kith/storage's ingestion). Rows written before
    // this version are conservatively "not isolated", so they take the full path once and are marked then.
    version: 3,
    name: "must_link_workspace_summaries_profile_stage",
    up: async (db) => {
      await db.schema
        .createTable("must_link")
        .addColumn("workspace_id", "text", (c) => c.notNull())
        .addColumn("record_a", "text", (c) => c.notNull())
        .addColumn("record_b", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("must_link_pk", ["workspace_id", "record_a", "record_b"])
        .execute()
      await db.schema.createIndex("must_link_by_b").on("must_link").columns(["workspace_id", "record_b"]).execute()
      await db.schema
        .createTable("workspace_summaries")
        .addColumn("workspace_id", "text", (c) => c.primaryKey())
        .addColumn("summary", "text", (c) => c.notNull())
        .execute()
      await db.schema.alterTable("profiles").addColumn("stage", "text", (c) => c.notNull().defaultTo("visitor")).execute()
      await db.schema.alterTable("profiles").addColumn("last_record_at", "bigint", (c) => c.notNull().defaultTo(0)).execute()
      await db.schema.alterTable("profiles").addColumn("isolated", "integer", (c) => c.notNull().defaultTo(0)).execute()
      await db.schema.createIndex("profiles_by_stage").on("profiles").columns(["workspace_id", "stage", "profile_id"]).execute()
    }
  },
  {
    // Each event keeps its identity evidence on its own row (JSON list of [type, value], and its source);
    // `record_identifiers` becomes the index of identifiers an event carries but its profile does not hold
    // (held ones are found through `identifiers`). Existing index rows all stay: a superset is still true.
    version: 4,
    name: "identity_evidence_on_events",
    up: async (db) => {
      await db.schema.alterTable("events").addColumn("identity", "text").execute()
      await db.schema.alterTable("events").addColumn("identity_source", "text").execute()
      const kdb = db as unknown as Kysely<KithDatabase>
      // Backfill page by page, in (workspace, message) order, so a large store never sits in memory at once.
      let after: { workspace: string; message: string } | undefined
      for (;;) {
        let query = kdb
          .selectFrom("record_identifiers")
          .select(["workspace_id", "message_id", "ord", "type", "value", "source"])
          .orderBy("workspace_id")
          .orderBy("message_id")
          .orderBy("ord")
          .limit(BACKFILL_PAGE)
        if (after !== undefined) {
          const { workspace, message } = after
          query = query.where((eb) => eb.or([eb("workspace_id", ">", workspace), eb.and([eb("workspace_id", "=", workspace), eb("message_id", ">", message)])]))
        }
        const rows = await query.execute()
        if (rows.length === 0) break
        // The last message of a full page may continue on the next one: leave it for that page.
        const lastKey = `${rows[rows.length - 1]!.workspace_id}\u0000${rows[rows.length - 1]!.message_id}`
        const complete = rows.length < BACKFILL_PAGE ? rows : rows.filter((r) => `${r.workspace_id}\u0000${r.message_id}` !== lastKey)
        const page = complete.length > 0 ? complete : rows
        const byEvent = new Map<string, { workspace: string; message: string; source: string; identifiers: Array<[string, string]> }>()
        for (const r of page) {
          const key = `${r.workspace_id}\u0000${r.message_id}`
          let entry = byEvent.get(key)
          if (entry === undefined) byEvent.set(key, (entry = { workspace: r.workspace_id, message: r.message_id, source: r.source, identifiers: [] }))
          entry.identifiers.push([r.type, r.value])
        }
        for (const e of byEvent.values()) {
          await kdb
            .updateTable("events")
            .set({ identity: JSON.stringify(e.identifiers), identity_source: e.source })
            .where("workspace_id", "=", e.workspace)
            .where("message_id", "=", e.message)
            .execute()
        }
        const last = page[page.length - 1]!
        after = { workspace: last.workspace_id, message: last.message_id }
      }
    }
  },
  {
    // The ledger is written a transaction at a time: one row per transaction holding its entries as a JSON array
    // (`seq` is the first entry's number, `last_seq` the last one's), instead of one row per entry. Entries keep
    // their numbers; existing rows become one-entry chunks.
    version: 5,
    name: "ledger_chunks",
    up: async (db) => {
      await db.schema
        .createTable("ledger_chunks")
        .addColumn("workspace_id", "text", (c) => c.notNull())
        .addColumn("seq", "bigint", (c) => c.notNull())
        .addColumn("last_seq", "bigint", (c) => c.notNull())
        .addColumn("entry", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("ledger_chunks_pk", ["workspace_id", "seq"])
        .execute()
      await sql`insert into ledger_chunks (workspace_id, seq, last_seq, entry) select workspace_id, seq, seq, '[' || entry || ']' from ledger`.execute(db)
      await db.schema.dropTable("ledger").execute()
      await db.schema.alterTable("ledger_chunks").renameTo("ledger").execute()
      await db.schema.createIndex("ledger_by_last_seq").on("ledger").columns(["workspace_id", "last_seq"]).execute()
    }
  },
  {
    // Reading a profile's identifiers (every ingestion does, for the profiles it touches) scanned the workspace's
    // whole primary key on SQLite: that index covers the query, (workspace_id, profile_id) did not, and without
    // statistics the planner preferred the covering scan. An index by profile that covers the row wins on both
    // engines and replaces the old one.
    version: 6,
    name: "identifiers_by_profile_covering",
    up: async (db) => {
      await db.schema.createIndex("identifiers_of_profile").on("identifiers").columns(["workspace_id", "profile_id", "type", "value"]).execute()
      await db.schema.dropIndex("identifiers_by_owner").execute()
    }
  }
]

// Index rows read per backfill page (more than any event carries, so a page always completes one event).
const BACKFILL_PAGE = 5_000

/**
 * What {@link migrateToLatest} did.
 *
 * @example
 * ```ts
 * const report: MigrationReport = { applied: [1, 2], current: 2 }
 * ```
 */
export interface MigrationReport {
  /** Versions applied by this call (empty when the schema was already current). */
  readonly applied: ReadonlyArray<number>
  /** The schema version afterwards. */
  readonly current: number
}

/**
 * Brings a database to the latest schema (STO-2): creates `kith_migrations`
 * if needed, then applies every missing migration in order, each in its own
 * transaction together with its `kith_migrations` row. Running it again is
 * a no-op. `lock` runs first inside each transaction (Postgres takes an
 * advisory lock there so two processes never migrate at once).
 *
 * @param db - a Kysely instance over the kith schema
 * @param lock - optional: serializes concurrent migrators
 * @returns which versions were applied and the current version
 *
 * @example
 * ```ts
 * await migrateToLatest(db) // => { applied: [1, 2], current: 2 }
 * await migrateToLatest(db) // => { applied: [], current: 2 }
 * ```
 */
export const migrateToLatest = async (
  db: Kysely<KithDatabase>,
  lock: (trx: Kysely<KithDatabase>) => Promise<void> = async () => undefined
): Promise<MigrationReport> => {
  // Under the lock too: CREATE TABLE IF NOT EXISTS is not safe against a concurrent migrator on Postgres.
  await db.transaction().execute(async (trx) => {
    await lock(trx)
    await trx.schema
      .createTable("kith_migrations")
      .ifNotExists()
      .addColumn("version", "integer", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("applied_at", "text", (c) => c.notNull())
      .execute()
  })
  const applied: Array<number> = []
  for (const migration of migrations) {
    const done = await db.transaction().execute(async (trx) => {
      await lock(trx)
      const row = await trx.selectFrom("kith_migrations").select("version").where("version", "=", migration.version).executeTakeFirst()
      if (row !== undefined) return false
      await migration.up(trx as unknown as Kysely<unknown>)
      // The applied time is bookkeeping for operators, read from the database clock.
      await trx
        .insertInto("kith_migrations")
        .values({ version: migration.version, name: migration.name, applied_at: sql<string>`CURRENT_TIMESTAMP` })
        .execute()
      return true
    })
    if (done) applied.push(migration.version)
  }
  return { applied, current: migrations[migrations.length - 1]?.version ?? 0 }
}

/**
 * The versions recorded in `kith_migrations`, in order (empty on a fresh database).
 *
 * @example
 * ```ts
 * await appliedMigrations(db) // => [1]
 * ```
 */
export const appliedMigrations = async (db: Kysely<KithDatabase>): Promise<Array<number>> => {
  // Introspection would list other schemas' tables on Postgres; asking the table itself is exact.
  const tables = await db.introspection.getTables()
  if (!tables.some((t) => t.name === "kith_migrations")) return []
  try {
    const rows = await db.selectFrom("kith_migrations").select("version").orderBy("version").execute()
    return rows.map((r) => Number(r.version))
  } catch (e) {
    // 42P01 undefined_table: only another schema has a kith_migrations table, so this one has applied nothing.
    if ((e as { code?: unknown }).code === "42P01") return []
    throw e
  }
}
