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
  readonly up: (db: Kysely<unknown>) => Promise<void>
}
