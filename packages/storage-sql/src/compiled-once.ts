import { CompiledQuery, type Kysely, type QueryResult } from "kysely"

// Statement texts by the Kysely instance that compiled them (its adapter, shared with its transactions), then by
// shape: only the text is kept, never the values of the call that compiled it.
const compiledTexts = new WeakMap<object, Map<string, string>>()

/**
 * Runs a query compiled once per `shape` for this Kysely instance, with
 * `parameters`: on a read of a few rows, building and compiling the query
 * costs as much as the engine running it, and the lookups a write
 * transaction makes by the hundred come from repositories made again for
 * each transaction (building and compiling a lookup of a hundred values cost
 * Kysely 20–40 µs, a sixth to a quarter of what SQLite takes to answer it
 * in an ingestion). `shape` names everything that changes the query's text
 * (an `IN` list's length among it); `compile` compiles the query with its
 * values bound in the order of `parameters`. An instance with plugins
 * (`withSchema` is one) may rewrite each query, so its queries are compiled
 * every time.
 *
 * @param db - Kysely over the kith schema (or a transaction)
 * @param shape - what makes the text, e.g. `"profiles by id 4"` for a four-value list
 * @param compile - compiles the query, its bound values in `parameters`' order
 * @param parameters - the values to run it with
 * @returns the query's result
 *
 * @example
 * ```ts
 * const ids = paddedList(["p-1", "p-2", "p-3"])
 * const { rows } = await runCompiled(trx, `profiles by id ${ids.length}`, () => trx.selectFrom("profiles").select("profile_id").where("profile_id", "in", ids).compile(), ids)
 * ```
 */
export const runCompiled = <Database, Row>(
  db: Kysely<Database>,
  shape: string,
  compile: () => CompiledQuery<Row>,
  parameters: ReadonlyArray<unknown>
): Promise<QueryResult<Row>> => {
  const executor = db.getExecutor()
  if (executor.plugins.length > 0) return db.executeQuery(compile())
  let texts = compiledTexts.get(executor.adapter)
  if (texts === undefined) compiledTexts.set(executor.adapter, (texts = new Map()))
  let text = texts.get(shape)
  if (text === undefined) texts.set(shape, (text = compile().sql))
  return db.executeQuery(CompiledQuery.raw(text, [...parameters]) as CompiledQuery<Row>)
}
