import type { Compilable, CompiledQuery, Kysely, QueryResult } from "kysely"

/**
 * A query built and compiled by Kysely the first time it runs, then run with
 * new parameters: on a read of a few rows, building and compiling the query
 * costs as much as the engine running it. `build` binds one value per
 * parameter, in the order the parameters are later given.
 *
 * @param db - Kysely over the kith schema (or a transaction)
 * @param build - the query, with placeholder values in the parameters' order
 * @returns a function running it with these parameters
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3"
 * import { Kysely, SqliteDialect } from "kysely"
 *
 * const db = new Kysely<KithDatabase>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) })
 * await migrateToLatest(db)
 * await db.insertInto("workspaces").values({ workspace_id: "shop-1", name: "Shop 1", time_zone: "Asia/Ho_Chi_Minh" }).execute()
 * const nameOf = compiledOnce(db, () => db.selectFrom("workspaces").select("name").where("workspace_id", "=", ""))
 * const { rows } = await nameOf(["shop-1"])
 * rows // => [{ name: "Shop 1" }]
 * await db.destroy()
 * ```
 */
export const compiledOnce = <Database, Row>(db: Kysely<Database>, build: () => Compilable<Row>): ((parameters: ReadonlyArray<unknown>) => Promise<QueryResult<Row>>) => {
  let compiled: CompiledQuery<Row> | undefined
  return (parameters) => {
    compiled ??= build().compile()
    return db.executeQuery<Row>({ ...compiled, parameters })
  }
}
