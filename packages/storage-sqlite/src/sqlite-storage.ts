import { InvalidStorageOption, StorageFailure, storageLayer, type StorageBackend, type StorageOptions, type StorageServices } from "@kith/storage"
import { type KithDatabase, makeSqlBackend, migrateToLatest, type MigrationReport, type SqlDialectSpecifics } from "@kith/storage-sql"
import { Effect, Layer } from "effect"
import { Kysely, sql, type SqliteDatabase } from "kysely"
import { ImmediateTransactionsDialect } from "./sqlite-dialect.js"

/**
 * SQLite's specifics: within a process, Kysely's SQLite driver runs one
 * transaction at a time; across processes, every write transaction begins
 * immediate (see {@link ImmediateTransactionsDialect}), so it holds SQLite's
 * one write lock from its first statement and writers of any workspace take
 * turns. Neither needs a workspace lock of its own; migrations are
 * serialized the same way.
 *
 * @example
 * ```ts
 * makeSqlBackend(db, sqliteSpecifics)
 * ```
 */
export const sqliteSpecifics: SqlDialectSpecifics = {
  name: "sqlite",
  parameter: () => "?",
  preparesPerText: true,
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
  /**
   * How long a write waits for another process's transaction on the same
   * file before it fails with a `StorageFailure` (`database is locked`), in
   * milliseconds (default 30,000). While it waits, its process is blocked
   * (better-sqlite3 is synchronous).
   */
  readonly busyTimeoutMs?: number
  /**
   * SQLite's page cache for this connection, in MiB (default
   * {@link DEFAULT_CACHE_SIZE_MB}, 128; SQLite's own default is 2). Pages are
   * cached as they are read, so a small store never uses it all. Ingestion
   * reaches random keys of large B-trees (message ids, identifier values,
   * profile ids): once those indexes outgrow the cache, each key is a read
   * through the OS and each commit writes more distinct pages.
   */
  readonly cacheSizeMb?: number
  /**
   * Where SQLite keeps the temporary B-trees of a statement: the results of an
   * `IN (…)` or `UNION` subquery and the sorts an index cannot serve
   * (default `"memory"`; SQLite's own default is `"file"`). In `"file"` mode
   * each such statement sets up and tears down a temporary database: a
   * Profile 360 timeline page paid about 400 µs of CPU for it against 35 µs
   * in memory. With `"memory"`, a sort larger than the page cache (an index
   * built on a large existing table, say) is held in RAM rather than spilled
   * to a temporary file; choose `"file"` where that memory matters more.
   */
  readonly tempStore?: "memory" | "file"
  readonly storage?: StorageOptions
}

/**
 * The default page cache of a SQLite store, in MiB, against SQLite's own
 * 2 MiB: enough to keep the upper levels of a large store's indexes in memory,
 * so a lookup of a random key reads few pages through the OS. A larger cache
 * does not make ingestion into a large store cheaper (1 GiB cost the same CPU
 * as 128 MiB on a 2.15 GB store; see the storage-sqlite README, "Defaults").
 *
 * @example
 * ```ts
 * import { DEFAULT_CACHE_SIZE_MB } from "@kith/storage-sqlite"
 * DEFAULT_CACHE_SIZE_MB // => 128
 * ```
 */
export const DEFAULT_CACHE_SIZE_MB = 128

/**
 * The default busy timeout of a SQLite store, in milliseconds.
 *
 * @example
 * ```ts
 * import { DEFAULT_BUSY_TIMEOUT_MS } from "@kith/storage-sqlite"
 * DEFAULT_BUSY_TIMEOUT_MS // => 30000
 * ```
 */
export const DEFAULT_BUSY_TIMEOUT_MS = 30_000

/**
 * An open SQLite store: the port's layer, the backend under it, the Kysely
 * instance, explicit migration, and close.
 *
 * @example
 * ```ts
 * const store: SqliteStorage = await openSqliteStorage({ migrate: false })
 * await store.migrate() // => { applied: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18], current: 18 }
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

// SQLite refuses a lock at once, without waiting, in a few cases (switching a new file to WAL while another
// process opens it too is one): those are retried with a short sleep until the busy timeout.
const isBusy = (e: unknown): boolean => {
  const code = (e as { readonly code?: unknown }).code
  return code === "SQLITE_BUSY" || code === "SQLITE_BUSY_SNAPSHOT" || code === "SQLITE_LOCKED"
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// Write-ahead logging: readers run during a write, and a file several processes open stays consistent. The mode
// is kept in the file, so only the first opener really switches it; `:memory:` databases stay in memory mode.
const useWriteAheadLog = async (db: Kysely<KithDatabase>, busyTimeoutMs: number): Promise<void> => {
  const started = performance.now()
  for (let attempt = 0; ; attempt++) {
    try {
      const mode = (await sql<{ journal_mode: string }>`PRAGMA journal_mode = WAL`.execute(db)).rows[0]?.journal_mode
      if (mode === "wal" || mode === "memory") return
    } catch (e) {
      if (!isBusy(e)) throw e
    }
    if (performance.now() - started > busyTimeoutMs) throw new Error(`could not switch the database to WAL within the busy timeout (${busyTimeoutMs} ms)`)
    await sleep(Math.min(5 * 2 ** attempt, 100))
  }
}

// What a missing or mismatched native build of better-sqlite3 throws when loaded.
const isMissingBinding = (e: unknown): boolean =>
  e instanceof Error &&
  ((e as { code?: unknown }).code === "ERR_DLOPEN_FAILED" ||
    /Could not locate the bindings file|was compiled against a different Node\.js version|invalid ELF header|better_sqlite3\.node/.test(e.message))

const openDatabase = async (filename: string): Promise<SqliteDatabase> => {
  let module: { default: new (filename: string) => SqliteDatabase }
  try {
    // Loaded on demand so the package never needs better-sqlite3's types, only its shape.
    module = (await import("better-sqlite3")) as unknown as { default: new (filename: string) => SqliteDatabase }
  } catch (e) {
    throw isMissingBinding(e) || (e as { code?: unknown }).code === "ERR_MODULE_NOT_FOUND" ? new Error(BINDING_HELP, { cause: e }) : e
  }
  try {
    return new module.default(filename)
  } catch (e) {
    if (isMissingBinding(e)) throw new Error(BINDING_HELP, { cause: e })
    throw e
  }
}

const BINDING_HELP =
  "better-sqlite3 is not installed or its native build is missing (it compiles on install). Install it with " +
  "`npm install better-sqlite3`, or rebuild it with `npm rebuild better-sqlite3`; with npm 11, allow its install script " +
  'first ("allowScripts": { "better-sqlite3": true } in package.json, see the @kith/storage-sqlite README).'

/**
 * Opens kith storage on SQLite (STO-1): a file path or `:memory:`, in WAL
 * mode for files, with a page cache of `cacheSizeMb` (128 MiB unless told
 * otherwise) and temporary B-trees in memory (`tempStore`), migrated to the latest schema unless told otherwise.
 *
 * @param options - file or database, migration on open, storage options
 * @returns the open store; rejects with `StorageFailure` (the cause kept)
 *   when the file cannot be opened (a missing folder, no permission), when
 *   better-sqlite3 or its native build is missing (the message says how to
 *   rebuild it), or when migrating fails
 *
 * @example
 * ```ts
 * const store = await openSqliteStorage({ filename: "./kith.db" })
 * await Effect.runPromise(program.pipe(Effect.provide(store.layer)))
 * await store.close()
 * ```
 */
export const openSqliteStorage = async (options: SqliteStorageOptions = {}): Promise<SqliteStorage> => {
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS
  if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new InvalidStorageOption({ field: "busyTimeoutMs", value: options.busyTimeoutMs, reason: "a busy timeout is a whole number of milliseconds, 0 or more" })
  }
  const cacheSizeMb = options.cacheSizeMb ?? DEFAULT_CACHE_SIZE_MB
  if (!Number.isFinite(cacheSizeMb) || cacheSizeMb <= 0) {
    throw new InvalidStorageOption({ field: "cacheSizeMb", value: options.cacheSizeMb, reason: "a page cache size is a number of MiB greater than 0" })
  }
  const tempStore = options.tempStore ?? "memory"
  if (tempStore !== "memory" && tempStore !== "file") {
    throw new InvalidStorageOption({ field: "tempStore", value: options.tempStore, reason: 'temporary B-trees are kept in "memory" or in a "file"' })
  }
  let database: SqliteDatabase
  try {
    database = options.database ?? (await openDatabase(options.filename ?? ":memory:"))
  } catch (cause) {
    throw new StorageFailure({ operation: "openSqliteStorage", cause })
  }
  const db = new Kysely<KithDatabase>({ dialect: new ImmediateTransactionsDialect({ database: withStatementCache(database) }) })
  try {
    // First, so that everything after it waits for other processes instead of failing.
    await sql`PRAGMA busy_timeout = ${sql.lit(busyTimeoutMs)}`.execute(db)
    await useWriteAheadLog(db, busyTimeoutMs)
    // NORMAL sync is durable across application crashes in WAL mode (a power loss may lose the last commits).
    await sql`PRAGMA synchronous = NORMAL`.execute(db)
    // A negative cache_size is in KiB (a positive one counts pages, whose size varies).
    await sql`PRAGMA cache_size = ${sql.lit(-Math.max(1, Math.round(cacheSizeMb * 1024)))}`.execute(db)
    await sql`PRAGMA temp_store = ${sql.raw(tempStore === "memory" ? "MEMORY" : "FILE")}`.execute(db)
    const migrate = () => migrateToLatest(db, sqliteSpecifics.lockMigrations)
    if (options.migrate !== false) await migrate()
    const backend = makeSqlBackend(db, sqliteSpecifics)
    return { layer: storageLayer(backend, options.storage), backend, db, migrate, close: () => db.destroy() }
  } catch (cause) {
    // The caller gets no store to close; a database the caller passed stays theirs.
    if (options.database === undefined) await db.destroy().catch(() => undefined)
    throw new StorageFailure({ operation: "openSqliteStorage", cause })
  }
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
      Effect.tryPromise({
        try: () => openSqliteStorage(options),
        catch: (cause) => (cause instanceof StorageFailure ? cause : new StorageFailure({ operation: "openSqliteStorage", cause }))
      }),
      (store) => Effect.promise(() => store.close())
    ).pipe(Effect.map((store) => store.layer))
  )
