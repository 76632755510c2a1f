/**
 * kith storage on SQLite through better-sqlite3 (STO-1): the embedded
 * default, on a file (WAL) or `:memory:`. {@link openSqliteStorage} opens and
 * migrates; {@link sqliteStorageLayer} gives the same as an Effect layer.
 *
 * @example
 * ```ts
 * import { openSqliteStorage } from "@kith/storage-sqlite"
 *
 * const store = await openSqliteStorage({ filename: "./kith.db" })
 * await Effect.runPromise(program.pipe(Effect.provide(store.layer)))
 * await store.close()
 * ```
 *
 * @packageDocumentation
 */
export * from "./sqlite-storage.js"
export * from "./sqlite-dialect.js"
