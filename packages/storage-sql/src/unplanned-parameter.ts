import { type RawBuilder, sql } from "kysely"
import type { SqlDialectSpecifics } from "./sql-dialect.js"

/**
 * A bound parameter's text where the planner must not read its value: a
 * `LIMIT`, a `LIKE` pattern. SQLite plans those with the value bound to a
 * bare parameter, so binding it again marks the statement expired and every
 * run of a cached statement parses and plans its text anew (a timeline
 * page's statement spent half its time so). Unary plus, a no-op on any
 * value, hides the parameter from the planner; Postgres keeps its parameters
 * as they are.
 *
 * @param dialect - the engine's specifics
 * @param parameter - the parameter's text (`dialect.parameter(n)`)
 * @returns the text to write in the statement
 *
 * @example
 * ```ts
 * unplannedParameter({ name: "sqlite", parameter: () => "?", lockWorkspace: async () => {}, lockMigrations: async () => {} }, "?") // => "+?"
 * ```
 */
export const unplannedParameter = (dialect: SqlDialectSpecifics, parameter: string): string => (dialect.name === "sqlite" ? `+${parameter}` : parameter)

/** {@link unplannedParameter} for a value bound in a Kysely `sql` template: the value, behind the same prefix. */
export const unplannedValue = (dialect: SqlDialectSpecifics, value: unknown): RawBuilder<unknown> => sql`${sql.raw(unplannedParameter(dialect, ""))}${value}`
