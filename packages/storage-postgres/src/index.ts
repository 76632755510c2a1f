/**
 * kith storage on PostgreSQL through pg (STO-1, production): a pool or a
 * URL, an optional schema, migrations on open, and a per-workspace advisory
 * lock so concurrent writers never duplicate profiles or lose events (STO-3).
 *
 * @example
 * ```ts
 * import { openPostgresStorage } from "@kith/storage-postgres"
 *
 * const store = await openPostgresStorage({ connectionString: "postgres://postgres@127.0.0.1:5432/test", schema: "kith" })
 * await Effect.runPromise(program.pipe(Effect.provide(store.layer)))
 * await store.close()
 * ```
 *
 * @packageDocumentation
 */
export * from "./planner-statistics.js"
export * from "./postgres-storage.js"
