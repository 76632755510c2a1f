import { type RawBuilder, type SqlBool, sql } from "kysely"
import type { SqlDialectSpecifics } from "../sql-dialect.js"

/** Both engines accept thousands of bound parameters; chunks keep each statement well under the limits. */
export const IDS_PER_QUERY = 500

// Ids per statement when the dialect binds a list as one array parameter.
const IDS_PER_ARRAY = 5_000

/**
 * `items` in consecutive chunks of at most `size`.
 *
 * @example
 * ```ts
 * chunks([1, 2, 3], 2) // => [[1, 2], [3]]
 * ```
 */
export const chunks = <A>(items: ReadonlyArray<A>, size: number): Array<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * `values` padded with its last value to the next power of two, for an `IN`
 * list: the list means the same, and the statements built from lists of any
 * length take one of a few texts instead of one per length (on SQLite each
 * distinct text is a statement prepared again once it left the cache, and
 * preparing costs more than running the lookup).
 *
 * @example
 * ```ts
 * paddedList(["a", "b", "c"]) // => ["a", "b", "c", "c"]
 * ```
 */
export const paddedList = <A>(values: ReadonlyArray<A>): ReadonlyArray<A> => {
  let size = 1
  while (size < values.length) size *= 2
  if (size === values.length || values.length === 0) return values
  const out = values.slice()
  const last = values[values.length - 1]!
  while (out.length < size) out.push(last)
  return out
}

// The shape of a oneOf condition that binds one array parameter, whatever its length.
const ARRAY_SHAPE = "array"

/**
 * The values one {@link oneOf} condition binds for `values`, in order, and
 * what they make of its statement's text (the shape `runCompiled` keys by):
 * one array parameter where the dialect binds arrays, else the padded list,
 * whose length is in the text.
 *
 * @example
 * ```ts
 * oneOfBound({ name: "sqlite", parameter: () => "?", lockWorkspace: async () => {}, lockMigrations: async () => {} }, ["a", "b", "c"])
 * // => { parameters: ["a", "b", "c", "c"], shape: "4" }
 * ```
 */
export const oneOfBound = (dialect: SqlDialectSpecifics, values: ReadonlyArray<string>): { readonly parameters: ReadonlyArray<unknown>; readonly shape: string } => {
  if (dialect.arrayParameters === true) return { parameters: [values], shape: ARRAY_SHAPE }
  const parameters = paddedList(values)
  return { parameters, shape: String(parameters.length) }
}

/**
 * `column` is one of `values`, as a condition: one array parameter where the
 * dialect binds arrays (a 500-parameter `IN` list cost Postgres a parse per
 * statement), an `IN` list elsewhere, padded to one of a few lengths
 * ({@link paddedList}); its values are those of {@link oneOfBound}. With
 * {@link idsPerQuery} for the chunks.
 *
 * @example
 * ```ts
 * db.selectFrom("events").select("message_id").where(oneOf(dialect, "message_id", ["m-1", "m-2"]))
 * ```
 */
export const oneOf = (dialect: SqlDialectSpecifics, column: string, values: ReadonlyArray<string>): RawBuilder<SqlBool> => {
  const { parameters, shape } = oneOfBound(dialect, values)
  return shape === ARRAY_SHAPE ? sql<SqlBool>`${sql.ref(column)} = any(cast(${parameters[0]} as text[]))` : sql<SqlBool>`${sql.ref(column)} in (${sql.join(parameters)})`
}

/**
 * How many ids one {@link oneOf} condition takes on this dialect.
 *
 * @example
 * ```ts
 * idsPerQuery({ name: "sqlite", parameter: () => "?", lockWorkspace: async () => {}, lockMigrations: async () => {} }) // => 500
 * ```
 */
export const idsPerQuery = (dialect: SqlDialectSpecifics): number => (dialect.arrayParameters === true ? IDS_PER_ARRAY : IDS_PER_QUERY)

/**
 * Text to find inside a `like` pattern written with `escape '\'`: its `%`,
 * `_` and `\` match themselves.
 *
 * @example
 * ```ts
 * escapeLike("50%_off") // => "50\\%\\_off"
 * ```
 */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`)
