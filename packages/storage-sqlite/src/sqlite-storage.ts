import { StorageFailure, storageLayer, type StorageBackend, type StorageOptions, type StorageServices } from "@kith/storage"
import { type KithDatabase, makeSqlBackend, migrateToLatest, type MigrationReport, type SqlDialectSpecifics } from "@kith/storage-sql"
import { Effect, Layer } from "effect"
import { Kysely, sql, SqliteDialect, type SqliteDatabase } from "kysely"

/**
 * SQLite's specifics: one connection, and Kysely's SQLite driver already runs
 * one transaction at a time, so no extra workspace lock is needed.
 *
 * @example
 * ```ts
 * makeSqlBackend(db, sqliteSpecifics)
 * ```
 */
export const sqliteSpecifics: SqlDialectSpecifics = {
  name: "sqlite",
  parameter: () => "?",
  lockWorkspace: async () => undefined,
  lockMigrations: async () => undefined
}

/**
 * Options of {@link openSqliteStorage}: a file path (or `:memory:`, the
 * default) opened with better-sqlite3, or an already open database typed
 * structurally (anything with better-sqlite3's `prepare` / `close`).
 *
 * @example
 * ```ts
 * const options: SqliteStorageOptions = { filename: "./kith.db" }
 * ```
 */
export interface SqliteStorageOptions {
  readonly filename?: string
  readonly database?: SqliteDatabase
  /** Run migrations on open (default `true`); with `false`, call `migrate()` yourself. */
  readonly migrate?: boolean
  readonly storage?: StorageOptions
}

/**
 * An open SQLite store: the port's layer, the backend under it, the Kysely
 * instance, explicit migration, and close.
 *
 * @example
 * ```ts
 * const store: SqliteStorage = await openSqliteStorage({ migrate: false })
 * await store.migrate() // => { applied: [1, 2], current: 2 }
 * ```
 */
export interface SqliteStorage {
  readonly layer: Layer.Layer<StorageServices>
  readonly backend: StorageBackend
  readonly db: Kysely<KithDatabase>
  readonly migrate: () => Promise<MigrationReport>
  readonly close: () => Promise<void>
}

/**
 * Wraps a database so each distinct SQL text is prepared once: Kysely's
 * SQLite driver prepares on every query, and preparing costs as much as
 * running a small insert. Bounded, oldest entries dropped first.
 *
 * @param database - a better-sqlite3 database (typed structurally)
 * @param capacity - how many prepared statements to keep (default 512)
 * @returns the same database, with `prepare` cached
 *
 * @example
 * ```ts
 * const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: withStatementCache(new Database(":memory:")) }) })
 * ```
 */
export const withStatementCache = (database: SqliteDatabase, capacity = 512): SqliteDatabase => {
  const cache = new Map<string, ReturnType<SqliteDatabase["prepare"]>>()
  return {
    close: () => {
      cache.clear()
      database.close()
    },
    prepare: (text) => {
      let statement = cache.get(text)
      if (statement === undefined) {
        statement = database.prepare(text)
        if (cache.size >= capacity) cache.delete(cache.keys().next().value as string)
        cache.set(text, statement)
      }
      return statement
    }
  }
}

const openDatabase = async (filename: string): Promise<SqliteDatabase> => {
  // Loaded on demand so the package never needs better-sqlite3's types, only its shape.
  const module = (await import("better-sqlite3")) as unknown as { default: new (filename: string) => SqliteDatabase }
  return new module.default(filename)
}

/**
 * Opens kith storage on SQLite (STO-1): a file path or `:memory:`, in WAL
 * mode for files, migrated to the latest schema unless told otherwise.
 *
 * @param options - file or database, migration on open, storage options
 * @returns the open store
 *
 * @example
 * ```ts
 * const store = await openSqliteStorage({ filename: "./kith.db" })
 * await Effect.runPromise(program.pipe(Effect.provide(store.layer)))
 * await store.close()
 * ```
 */
export const openSqliteStorage = async (options: SqliteStorageOptions = {}): Promise<SqliteStorage> => {
  const database = options.database ?? (await openDatabase(options.filename ?? ":memory:"))
  const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) })
  // WAL lets readers run during a write; NORMAL sync is durable across application crashes in WAL mode.
  await sql`PRAGMA journal_mode = WAL`.execute(db)
  await sql`PRAGMA synchronous = NORMAL`.execute(db)
  const migrate = () => migrateToLatest(db, sqliteSpecifics.lockMigrations)
  if (options.migrate !== false) await migrate()
  const backend = makeSqlBackend(db, sqliteSpecifics)
  return { layer: storageLayer(backend, options.storage), backend, db, migrate, close: () => db.destroy() }
}

/**
 * The storage port on SQLite as a layer: opened when the layer is built,
 * closed when its scope ends.
 *
 * @param options - as {@link openSqliteStorage}
 * @returns a layer providing every storage service
 *
 * @example
 * ```ts
 * await Effect.runPromise(program.pipe(Effect.provide(sqliteStorageLayer({ filename: ":memory:" }))))
 * ```
 */
export const sqliteStorageLayer = (options: SqliteStorageOptions = {}): Layer.Layer<StorageServices, StorageFailure> =>
  Layer.unwrap(
    Effect.acquireRelease(
      Effect.tryPromise({ try: () => openSqliteStorage(options), catch: (cause) => new StorageFailure({ operation: "openSqliteStorage", cause }) }),
      (store) => Effect.promise(() => store.close())
    ).pipe(Effect.map((store) => store.layer))
  )
