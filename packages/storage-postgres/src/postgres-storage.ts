import { InvalidStorageOption, StorageFailure, storageLayer, type StorageBackend, type StorageOptions, type StorageServices } from "@kith/storage"
import { type KithDatabase, makeSqlBackend, migrateToLatest, type MigrationReport, type SqlDialectSpecifics } from "@kith/storage-sql"
import { Effect, Layer } from "effect"
import { CompiledQuery, Kysely, PostgresDialect, type PostgresPool, sql } from "kysely"
import { plannerStatisticsRefresher } from "./planner-statistics.js"

/**
 * The default database URL when neither a pool nor a URL is given (and `KITH_PG_URL` is unset).
 *
 * @example
 * ```ts
 * DEFAULT_PG_URL // => "postgres://postgres@127.0.0.1:5432/test"
 * ```
 */
export const DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/test"

// An arbitrary constant key: every kith migrator in the database waits on it.
const MIGRATION_LOCK_KEY = 4_242_001

/**
 * Postgres' specifics: a transaction-scoped advisory lock per workspace
 * serializes writers of one workspace across pools and processes (STO-3),
 * while writers of different workspaces run in parallel.
 *
 * @example
 * ```ts
 * makeSqlBackend(db, postgresSpecifics)
 * ```
 */
export const postgresSpecifics: SqlDialectSpecifics = {
  name: "postgres",
  parameter: (index) => `$${index + 1}`,
  // A batch's events in one statement: a round trip and a parse per statement is what Postgres charges.
  rowsPerInsert: 1_000,
  arrayParameters: true,
  lockWorkspace: async (trx, workspaceId) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${workspaceId}, 0))`.execute(trx)
  },
  lockMigrations: async (trx) => {
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx)
  }
}

/**
 * Options of {@link openPostgresStorage}: a pg `Pool` (typed structurally),
 * or a connection string (default `KITH_PG_URL`, else {@link DEFAULT_PG_URL}),
 * and optionally the schema to live in (created if missing).
 *
 * @example
 * ```ts
 * const options: PostgresStorageOptions = { connectionString: "postgres://kith@db/kith", schema: "kith", maxConnections: 10 }
 * ```
 */
export interface PostgresStorageOptions {
  readonly pool?: PostgresPool
  readonly connectionString?: string
  /** Schema for every kith table (`[a-z_][a-z0-9_]*`); the server's default search_path when absent. */
  readonly schema?: string
  /** Pool size when kith creates the pool (default 10). */
  readonly maxConnections?: number
  /** Run migrations on open (default `true`). */
  readonly migrate?: boolean
  /**
   * Refresh the planner statistics of kith's tables each time the events
   * this store appended double the table (default `true`; see
   * {@link plannerStatisticsRefresher}). Turn it off when a DBA manages
   * `ANALYZE` or the role may not run it.
   */
  readonly refreshPlannerStatistics?: boolean
  readonly storage?: StorageOptions
}

/**
 * An open Postgres store: the port's layer, backend, Kysely instance, explicit migration and close.
 *
 * @example
 * ```ts
 * const store: PostgresStorage = await openPostgresStorage({ schema: "kith", migrate: false })
 * await store.migrate() // => { applied: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18], current: 18 }
 * await store.close()
 * ```
 */
export interface PostgresStorage {
  readonly layer: Layer.Layer<StorageServices>
  readonly backend: StorageBackend
  readonly db: Kysely<KithDatabase>
  readonly migrate: () => Promise<MigrationReport>
  readonly close: () => Promise<void>
}

const makePool = async (connectionString: string, max: number): Promise<PostgresPool> => {
  // Loaded on demand so the package never needs pg's types, only its shape.
  const pg = (await import("pg")) as unknown as { default: { Pool: new (config: { connectionString: string; max: number }) => PostgresPool } }
  return new pg.default.Pool({ connectionString, max })
}

/**
 * Opens kith storage on Postgres (STO-1): creates the pool (or uses yours),
 * pins every connection to `schema`, and migrates unless told otherwise.
 *
 * @param options - pool or URL, schema, migration on open, storage options
 * @returns the open store; rejects with `InvalidStorageOption` for a
 *   malformed schema name and `StorageFailure` (the driver's error as its
 *   `cause`) when the database cannot be reached or migrated
 *
 * @example
 * ```ts
 * const store = await openPostgresStorage({ connectionString: process.env.KITH_PG_URL, schema: "kith" })
 * await Effect.runPromise(program.pipe(Effect.provide(store.layer)))
 * await store.close()
 * ```
 */
export const openPostgresStorage = async (options: PostgresStorageOptions = {}): Promise<PostgresStorage> => {
  const schema = options.schema
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new InvalidStorageOption({ field: "schema", value: schema, reason: "a schema name is lower-case letters, digits and _, not starting with a digit" })
  }
  let pool: PostgresPool
  try {
    pool = options.pool ?? (await makePool(options.connectionString ?? process.env["KITH_PG_URL"] ?? DEFAULT_PG_URL, options.maxConnections ?? 10))
  } catch (cause) {
    throw new StorageFailure({ operation: "openPostgresStorage", cause })
  }
  const db = new Kysely<KithDatabase>({
    dialect: new PostgresDialect({
      pool,
      ...(schema === undefined
        ? {}
        : { onCreateConnection: async (connection) => void (await connection.executeQuery(CompiledQuery.raw(`set search_path to "${schema}"`))) })
    })
  })
  try {
    if (schema !== undefined) {
      // Serialized with migrators: CREATE SCHEMA IF NOT EXISTS races with a concurrent one.
      await db.transaction().execute(async (trx) => {
        await postgresSpecifics.lockMigrations(trx)
        await trx.schema.createSchema(schema).ifNotExists().execute()
      })
    }
    const migrate = () => migrateToLatest(db, postgresSpecifics.lockMigrations)
    if (options.migrate !== false) await migrate()
    const specifics = options.refreshPlannerStatistics === false ? postgresSpecifics : { ...postgresSpecifics, afterCommit: plannerStatisticsRefresher() }
    const backend = makeSqlBackend(db, specifics)
    return { layer: storageLayer(backend, options.storage), backend, db, migrate, close: () => db.destroy() }
  } catch (cause) {
    // The caller gets no store to close: release the pool here (a pool the caller passed is theirs, and stays open).
    if (options.pool === undefined) await db.destroy().catch(() => undefined)
    // A refused connection, bad credentials, a migration that failed: the database failing, with the driver's error.
    throw new StorageFailure({ operation: "openPostgresStorage", cause })
  }
}

/**
 * The storage port on Postgres as a layer: opened when the layer is built,
 * closed when its scope ends.
 *
 * @param options - as {@link openPostgresStorage}
 * @returns a layer providing every storage service
 *
 * @example
 * ```ts
 * await Effect.runPromise(program.pipe(Effect.provide(postgresStorageLayer({ schema: "kith" }))))
 * ```
 */
export const postgresStorageLayer = (options: PostgresStorageOptions = {}): Layer.Layer<StorageServices, StorageFailure | InvalidStorageOption> =>
  Layer.unwrap(
    Effect.acquireRelease(
      Effect.tryPromise({
        try: () => openPostgresStorage(options),
        catch: (cause) => (cause instanceof StorageFailure || cause instanceof InvalidStorageOption ? cause : new StorageFailure({ operation: "openPostgresStorage", cause }))
      }),
      (store) => Effect.promise(() => store.close())
    ).pipe(Effect.map((store) => store.layer))
  )
