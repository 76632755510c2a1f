import type { ColumnType } from "kysely"

/**
 * A 64-bit integer column: written as a number, read back as whatever the driver returns (pg gives strings).
 *
 * @example
 * ```ts
 * const ts: number = Number(row.ts) // pg returns "1740794400000"
 * ```
 */
export type Int64 = ColumnType<number | string | bigint, number, number>

/**
 * `workspaces`: one row per tenant.
 *
 * @example
 * ```ts
 * db.selectFrom("workspaces").selectAll().where("workspace_id", "=", "shop-1")
 * ```
 */
export interface WorkspacesTable {
  workspace_id: string
  name: string
  time_zone: string
}

/**
 * `events`: raw events, append-only, keyed (workspace_id, message_id).
 *
 * @example
 * ```ts
 * db.selectFrom("events").select("payload").where("workspace_id", "=", "shop-1").where("message_id", "=", "m-1")
 * ```
 */
export interface EventsTable {
  workspace_id: string
  message_id: string
  profile_id: string
  type: string
  name: string | null
  ts: Int64
  payload: string
  /** JSON list of `[type, value]`: the valid normalized identifiers the event carried, in order (null: none). */
  identity: string | null
  identity_source: string | null
}

/**
 * `profiles`: live and merged-away profiles, keyed (workspace_id, profile_id).
 *
 * @example
 * ```ts
 * db.selectFrom("profiles").select("summary").where("workspace_id", "=", "shop-1").where("merged_into", "is", null)
 * ```
 */
export interface ProfilesTable {
  workspace_id: string
  profile_id: string
  merged_into: string | null
  created_at: Int64
  traits: string
  summary: string
  search_text: string
  stage: string
  last_record_at: Int64
  isolated: number
}

/**
 * `identifiers`: the normalized identifiers live profiles hold, keyed (workspace_id, type, value, profile_id):
 * one identifier may be held by several profiles that a guard kept apart.
 *
 * @example
 * ```ts
 * db.selectFrom("identifiers").select("profile_id").where("workspace_id", "=", "shop-1").where("type", "=", "phone").where("value", "=", "+84912345678")
 * ```
 */
export interface IdentifiersTable {
  workspace_id: string
  type: string
  value: string
  profile_id: string
}

/**
 * `record_identifiers`: the identity evidence of each event — its valid
 * normalized identifiers in order, with its time and source — keyed
 * (workspace_id, message_id, ord), indexed by (workspace_id, type, value).
 *
 * @example
 * ```ts
 * db.selectFrom("record_identifiers").select("message_id").where("workspace_id", "=", "shop-1").where("type", "=", "phone").where("value", "=", "+84912345678")
 * ```
 */
export interface RecordIdentifiersTable {
  workspace_id: string
  message_id: string
  ord: number
  type: string
  value: string
  ts: Int64
  source: string
}

/**
 * `do_not_merge`: record pairs a split separated (IDN-8), passed to `@kith/identity` as constraints.
 *
 * @example
 * ```ts
 * db.selectFrom("do_not_merge").selectAll().where("workspace_id", "=", "shop-1")
 * ```
 */
export interface DoNotMergeTable {
  workspace_id: string
  record_a: string
  record_b: string
}

/**
 * `kept_apart`: profile pairs separated by splits made before schema version 2
 * (splits now record {@link DoNotMergeTable} record pairs instead).
 *
 * @example
 * ```ts
 * db.selectFrom("kept_apart").selectAll().where("workspace_id", "=", "shop-1")
 * ```
 */
/**
 * `must_link`: record pairs a manual merge joined (IDN-9), passed to `@kith/identity` as constraints so
 * every later re-resolution keeps them together.
 *
 * @example
 * ```ts
 * db.selectFrom("must_link").selectAll().where("workspace_id", "=", "shop-1")
 * ```
 */
export interface MustLinkTable {
  workspace_id: string
  record_a: string
  record_b: string
}

/**
 * `workspace_summaries`: the workspace's combined activity summary (JSON), updated by every ingestion.
 *
 * @example
 * ```ts
 * db.selectFrom("workspace_summaries").select("summary").where("workspace_id", "=", "shop-1")
 * ```
 */
export interface WorkspaceSummariesTable {
  workspace_id: string
  summary: string
}

export interface KeptApartTable {
  workspace_id: string
  profile_a: string
  profile_b: string
}

/**
 * `ledger`: the append-only merge ledger, keyed (workspace_id, seq).
 *
 * @example
 * ```ts
 * db.selectFrom("ledger").select("entry").where("workspace_id", "=", "shop-1").orderBy("seq")
 * ```
 */
export interface LedgerTable {
  workspace_id: string
  /** The number of the chunk's first entry. */
  seq: Int64
  /** The number of its last entry. */
  last_seq: Int64
  /** JSON array of the entries, numbered `seq` … `last_seq`. */
  entry: string
}

/**
 * `kith_migrations`: which schema versions were applied, and when.
 *
 * @example
 * ```ts
 * db.selectFrom("kith_migrations").select("version").orderBy("version")
 * ```
 */
export interface MigrationsTable {
  version: number
  name: string
  applied_at: string
}

/**
 * The kith SQL schema as Kysely sees it. Every table but `kith_migrations`
 * has `workspace_id` leading its primary key and every index (STO-4).
 *
 * @example
 * ```ts
 * const db = new Kysely<KithDatabase>({ dialect })
 * await db.selectFrom("events").select("message_id").where("workspace_id", "=", "shop-1").execute()
 * ```
 */
export interface KithDatabase {
  workspaces: WorkspacesTable
  events: EventsTable
  profiles: ProfilesTable
  identifiers: IdentifiersTable
  kept_apart: KeptApartTable
  record_identifiers: RecordIdentifiersTable
  do_not_merge: DoNotMergeTable
  must_link: MustLinkTable
  workspace_summaries: WorkspaceSummariesTable
  ledger: LedgerTable
  kith_migrations: MigrationsTable
}
