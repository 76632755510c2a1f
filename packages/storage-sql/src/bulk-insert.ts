import { CompiledQuery, type Kysely } from "kysely"
import type { KithDatabase } from "./schema/index.js"
import type { SqlDialectSpecifics } from "./sql-dialect.js"

// Rows per INSERT unless the dialect says otherwise: every full chunk has the same text, so SQLite's statement cache
// and Postgres' parser see one statement shape per table. At most 10 columns (profiles) keeps 100 rows at 1,000
// parameters, far under SQLite's 32,766, and 1,000 rows under Postgres' 65,535.
const DEFAULT_ROWS_PER_STATEMENT = 100

/**
 * What {@link insertRows} writes: a table, its columns in order, and what to
 * do when a row's key already exists (a SQL `on conflict ...` clause shared
 * by both dialects, or nothing to let the conflict fail the transaction).
 *
 * @example
 * ```ts
 * const target: InsertTarget = { table: "identifiers", columns: ["workspace_id", "type", "value", "profile_id"], onConflict: "on conflict do nothing" }
 * ```
 */
export interface InsertTarget {
  readonly table: keyof KithDatabase & string
  readonly columns: ReadonlyArray<string>
  readonly onConflict?: string
}

const statementText = (dialect: SqlDialectSpecifics, target: InsertTarget, rows: number): string => {
  const width = target.columns.length
  const tuples: Array<string> = []
  for (let r = 0; r < rows; r++) {
    const slots: Array<string> = []
    for (let c = 0; c < width; c++) slots.push(dialect.parameter(r * width + c))
    tuples.push(`(${slots.join(", ")})`)
  }
  return `insert into ${target.table} (${target.columns.join(", ")}) values ${tuples.join(", ")}${target.onConflict === undefined ? "" : ` ${target.onConflict}`}`
}

/**
 * Inserts many rows with multi-row `INSERT` statements built as text with
 * bound parameters. Kysely's insert builder turns every value into a node of
 * a query tree and compiles it again for each statement; for the tens of
 * thousands of rows an ingestion batch writes that was most of the time spent,
 * while the rows themselves need no building. Table and column names come
 * from the schema, never from input; every value is a bound parameter.
 *
 * @param trx - the transaction (or database) to run on
 * @param dialect - gives the parameter syntax (`?` or `$n`)
 * @param target - table, columns and conflict clause
 * @param rows - one array of values per row, in column order
 *
 * @example
 * ```ts
 * await insertRows(trx, sqliteSpecifics, { table: "ledger", columns: ["workspace_id", "seq", "entry"] }, [["shop-1", 1, "{}"]])
 * ```
 */
export const insertRows = async (
  trx: Kysely<KithDatabase>,
  dialect: SqlDialectSpecifics,
  target: InsertTarget,
  rows: ReadonlyArray<ReadonlyArray<unknown>>
): Promise<void> => {
  const perStatement = dialect.rowsPerInsert ?? DEFAULT_ROWS_PER_STATEMENT
  const width = target.columns.length
  for (let start = 0; start < rows.length; ) {
    const left = rows.length - start
    const size = left >= perStatement ? perStatement : dialect.preparesPerText === true ? largestPowerOfTwoUpTo(left) : left
    // A plain copy loop: Array.prototype.flat on arrays of rows costs several times the statement it feeds.
    const parameters: Array<unknown> = new Array(size * width)
    let at = 0
    for (let r = start; r < start + size; r++) {
      const row = rows[r]!
      for (let c = 0; c < width; c++) parameters[at++] = row[c]
    }
    await trx.executeQuery(CompiledQuery.raw(statementTextOf(dialect, target, size), parameters))
    start += size
  }
}

const largestPowerOfTwoUpTo = (n: number): number => {
  let size = 1
  while (size * 2 <= n) size *= 2
  return size
}

// Statement texts by dialect, target and row count: the targets are module constants, so this holds a few texts
// per table, and a text built once is also the same string for the statement cache to look up.
const texts = new WeakMap<SqlDialectSpecifics, WeakMap<InsertTarget, Map<number, string>>>()

const statementTextOf = (dialect: SqlDialectSpecifics, target: InsertTarget, rows: number): string => {
  let byTarget = texts.get(dialect)
  if (byTarget === undefined) texts.set(dialect, (byTarget = new WeakMap()))
  let byRows = byTarget.get(target)
  if (byRows === undefined) byTarget.set(target, (byRows = new Map()))
  let text = byRows.get(rows)
  if (text === undefined) byRows.set(rows, (text = statementText(dialect, target, rows)))
  return text
}
