import { CompiledQuery, type DatabaseConnection, type Driver, SqliteDialect, type SqliteDialectConfig, SqliteDriver } from "kysely"

/**
 * Kysely's better-sqlite3 driver, with write transactions that take SQLite's
 * write lock when they begin (`BEGIN IMMEDIATE`). Kysely begins deferred
 * transactions: one that reads first and writes later must upgrade its lock,
 * and when another process wrote in between, SQLite refuses the upgrade at
 * once with `database is locked`, whatever the busy timeout (waiting could
 * deadlock). Beginning immediate makes a second writer wait, with the busy
 * timeout, for the first to commit, and then read what it wrote. Every kith
 * transaction writes, so nothing is lost by taking the lock first.
 *
 * @example
 * ```ts
 * const driver = new ImmediateTransactionsDriver({ database })
 * ```
 */
export class ImmediateTransactionsDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"))
  }
}

/**
 * Kysely's SQLite dialect on better-sqlite3 with
 * {@link ImmediateTransactionsDriver}: the dialect kith's SQLite storage
 * runs on, so several processes may write one file (each waits for the
 * other's transaction instead of failing).
 *
 * @example
 * ```ts
 * const db = new Kysely<KithDatabase>({ dialect: new ImmediateTransactionsDialect({ database: new Database("kith.db") }) })
 * ```
 */
export class ImmediateTransactionsDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig

  constructor(config: SqliteDialectConfig) {
    super(config)
    this.#config = config
  }

  override createDriver(): Driver {
    return new ImmediateTransactionsDriver(this.#config)
  }
}
