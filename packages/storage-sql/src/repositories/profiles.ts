import type { ProfileRow, ProfileWrites } from "@kith/storage"
import { type Kysely, sql } from "kysely"
import { insertRows } from "../bulk-insert.js"
import { runCompiled } from "../compiled-once.js"
import type { KithDatabase } from "../schema/index.js"
import type { SqlDialectSpecifics } from "../sql-dialect.js"
import { countProfiles, listProfileEntries, listProfiles } from "./profile-search.js"
import { chunks, IDS_PER_QUERY, idsPerQuery, oneOf, oneOfBound } from "./sql-lists.js"
import { profileColumns, toProfileRow } from "./profile-rows.js"

const profileTarget = {
  table: "profiles",
  columns: ["workspace_id", "profile_id", "merged_into", "created_at", "traits", "summary", "search_text", "stage", "last_record_at", "isolated"]
} as const
// The rows exist in the common case, so only the SET part runs: one multi-row upsert instead of an UPDATE per profile.
const profileUpsertTarget = {
  ...profileTarget,
  onConflict:
    "on conflict (workspace_id, profile_id) do update set merged_into = null, created_at = excluded.created_at, traits = excluded.traits, " +
    "summary = excluded.summary, search_text = excluded.search_text, stage = excluded.stage, last_record_at = excluded.last_record_at, isolated = excluded.isolated"
} as const
const steadyProfileUpsertTarget = {
  ...profileTarget,
  onConflict:
    "on conflict (workspace_id, profile_id) do update set created_at = excluded.created_at, traits = excluded.traits, " +
    "summary = excluded.summary, search_text = excluded.search_text, last_record_at = excluded.last_record_at, isolated = excluded.isolated"
} as const

const profileValues = (workspaceId: string, r: ProfileRow, mergedInto: string | null): Array<unknown> => [
  workspaceId,
  r.profileId,
  mergedInto,
  r.createdAt,
  r.traits,
  r.summary,
  r.searchText,
  r.stage,
  r.lastRecordAt,
  r.isolated ? 1 : 0
]

/**
 * Profiles on SQL (`profiles`): rows by id, lists by id order (with a search
 * text, stage or id filter), and the upserts ingestion writes.
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3"
 * import { Kysely, SqliteDialect } from "kysely"
 *
 * const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
 * await migrateToLatest(db)
 * const sqlite: SqlDialectSpecifics = { name: "sqlite", parameter: () => "?", lockWorkspace: async () => {}, lockMigrations: async () => {} }
 * await sqlProfiles(db, sqlite).list("shop-1", { stage: "buyer", limit: 2 }) // => [] (no buyer yet)
 * await db.destroy()
 * ```
 */
export const sqlProfiles = (db: Kysely<KithDatabase>, dialect: SqlDialectSpecifics): ProfileWrites => ({
  get: async (workspaceId, profileIds) => {
    const out: Array<ProfileRow> = []
    for (const chunk of chunks(profileIds, idsPerQuery(dialect))) {
      const bound = oneOfBound(dialect, chunk)
      const { rows } = await runCompiled(
        db,
        `profiles by id ${bound.shape}`,
        () => db.selectFrom("profiles").select(profileColumns).where("workspace_id", "=", workspaceId).where(oneOf(dialect, "profile_id", chunk)).compile(),
        [workspaceId, ...bound.parameters]
      )
      out.push(...rows.map(toProfileRow))
    }
    return out
  },
  mergedInto: async (workspaceId, profileId) =>
    (await db.selectFrom("profiles").select("profile_id").where("workspace_id", "=", workspaceId).where("merged_into", "=", profileId).execute()).map(
      (r) => r.profile_id
    ),
  mergedIntoAny: async (workspaceId, profileIds) => {
    const out: Array<{ profileId: string; mergedInto: string }> = []
    for (const chunk of chunks(profileIds, idsPerQuery(dialect))) {
      const rows = await db
        .selectFrom("profiles")
        .select(["profile_id", "merged_into"])
        .where("workspace_id", "=", workspaceId)
        .where(oneOf(dialect, "merged_into", chunk))
        .execute()
      for (const r of rows) out.push({ profileId: r.profile_id, mergedInto: r.merged_into! })
    }
    return out
  },
  list: (workspaceId, filter) => listProfiles(db, dialect, workspaceId, filter),
  listEntries: (workspaceId, filter) => listProfileEntries(db, dialect, workspaceId, filter),
  count: (workspaceId, filter) => countProfiles(db, dialect, workspaceId, filter),
  insert: (workspaceId, rows) => insertRows(db, dialect, profileTarget, rows.map((r) => profileValues(workspaceId, r, r.mergedInto))),
  // Most rows keep their stage and were not merged away: their upsert leaves both columns, and so the stage and
  // survivor indexes, alone (SQLite rewrites the entries of every index on an assigned column: measured 35–45%
  // of the upsert). The others, and rows not read before, take the full upsert.
  upsert: async (workspaceId, rows, before) => {
    const steady: Array<Array<unknown>> = []
    const full: Array<Array<unknown>> = []
    for (const r of rows) {
      const old = before?.get(r.profileId)
      ;(old !== undefined && old.mergedInto === null && old.stage === r.stage ? steady : full).push(profileValues(workspaceId, r, null))
    }
    await insertRows(db, dialect, steadyProfileUpsertTarget, steady)
    await insertRows(db, dialect, profileUpsertTarget, full)
  },
  // Two statements rather than one OR, so each uses its index (the primary key, profiles_by_survivor).
  followMerges: async (workspaceId, merges) => {
    for (const chunk of chunks([...merges], IDS_PER_QUERY / 2)) {
      const ids = chunk.map(([from]) => from)
      const survivorOf = (column: "profile_id" | "merged_into") =>
        sql<string>`case ${sql.ref(column)} ${sql.join(
          chunk.map(([from, into]) => sql`when ${from} then ${into}`),
          sql` `
        )} end`
      await db.updateTable("profiles").set({ merged_into: survivorOf("merged_into") }).where("workspace_id", "=", workspaceId).where("merged_into", "in", ids).execute()
      await db.updateTable("profiles").set({ merged_into: survivorOf("profile_id") }).where("workspace_id", "=", workspaceId).where("profile_id", "in", ids).execute()
    }
  }
})
