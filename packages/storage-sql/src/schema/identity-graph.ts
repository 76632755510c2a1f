import type { Int64 } from "./int64.js"

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
 * `kept_apart`: pairs of live profiles a guard keeps apart although they
 * share an identifier (the unique-type guard, IDN-5).
 *
 * @example
 * ```ts
 * db.selectFrom("kept_apart").select(["profile_a", "profile_b"]).where("workspace_id", "=", "shop-1")
 * ```
 */
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
