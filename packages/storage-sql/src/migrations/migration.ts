import type { Kysely } from "kysely"

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
  /** `progress`, when given, is told how far a long step (building an index on existing rows) has come. */
  readonly up: (db: Kysely<unknown>, progress?: (p: MigrationProgress) => void) => Promise<void>
}

/**
 * How far a migration's long step has come: `done` of `total` rows.
 *
 * @example
 * ```ts
 * const p: MigrationProgress = { done: 5_000, total: 204_082 }
 * ```
 */
export interface MigrationProgress {
  readonly done: number
  readonly total: number
}
