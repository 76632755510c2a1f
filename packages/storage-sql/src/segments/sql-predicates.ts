import { type RawBuilder, type SqlBool, sql } from "kysely"

/** A predicate over one profile's row `f` of `segment_facts`, never `NULL`. */
export type Predicate = RawBuilder<SqlBool>

/** Always true. */
export const TRUE: Predicate = sql<SqlBool>`true`
/** Always false. */
export const FALSE: Predicate = sql<SqlBool>`false`

/** Every part (true when none). */
export const allOf = (parts: ReadonlyArray<Predicate>): Predicate =>
  parts.length === 0 ? TRUE : parts.length === 1 ? parts[0]! : sql<SqlBool>`(${sql.join(parts, sql` and `)})`

/** Some part (false when none). */
export const anyOf = (parts: ReadonlyArray<Predicate>): Predicate =>
  parts.length === 0 ? FALSE : parts.length === 1 ? parts[0]! : sql<SqlBool>`(${sql.join(parts, sql` or `)})`

/** The negation of a predicate that is never `NULL`. */
export const not = (p: Predicate): Predicate => sql<SqlBool>`(not ${p})`

/**
 * A comparison that may be `NULL` (a missing value), as false: the rule
 * language is two-valued, so no `NULL` may reach a `not`.
 */
export const known = (p: RawBuilder<unknown>): Predicate => sql<SqlBool>`coalesce(${p}, false)`

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * The values a stored text could equal: no stored text holds a NUL or a
 * lone surrogate (the store refuses them), and Postgres cannot even bind
 * them, so such a value matches nothing and is left out.
 */
export const storableValues = (values: ReadonlyArray<string>): ReadonlyArray<string> => values.filter((v) => !v.includes("\u0000") && !LONE_SURROGATE.test(v))

/** `column in (values)`, each value a bound parameter; false for no storable value; never `NULL`. */
export const oneOf = (column: RawBuilder<unknown>, values: ReadonlyArray<string>): Predicate => {
  const kept = storableValues(values)
  return kept.length === 0 ? FALSE : known(sql`${column} in (${sql.join(kept)})`)
}

/**
 * An activity row's kind (under `alias`) is one of `kinds`: the column is never `NULL`, so the test needs no
 * `coalesce`, which would hide it from the (workspace, profile, kind, instant) index — a probe would then read every
 * row of the profile instead of those of its kinds.
 */
export const kindIn = (alias: string, kinds: ReadonlyArray<string>): Predicate => {
  const kept = storableValues(kinds)
  return kept.length === 0 ? FALSE : sql<SqlBool>`${col(alias, "kind")} in (${sql.join(kept)})`
}

/** `min <= column <= max` for the bounds given (the column must not be `NULL` for it to hold). */
export const between = (column: RawBuilder<unknown>, range: { readonly min?: number; readonly max?: number }): Predicate =>
  known(
    allOf([
      ...(range.min === undefined ? [] : [sql<SqlBool>`${column} >= ${range.min}`]),
      ...(range.max === undefined ? [] : [sql<SqlBool>`${column} <= ${range.max}`]),
      ...(range.min === undefined && range.max === undefined ? [sql<SqlBool>`${column} is not null`] : [])
    ])
  )

/** Whether `value` is in the inclusive range (an absent bound is open), computed here: what a bound range says of no rows. */
export const inRange = (value: number, range: { readonly min?: number; readonly max?: number }): boolean =>
  (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max)

/** A column of the facts row `f`. */
export const fact = (column: string): RawBuilder<unknown> => sql.ref(`f.${column}`)

/** A column of an activity row under `alias`. */
export const col = (alias: string, column: string): RawBuilder<unknown> => sql.ref(`${alias}.${column}`)

/** The activity rows (as `alias`) of the profile `f`, filtered by `where`. */
export const activityOf = (alias: string, where: ReadonlyArray<Predicate>): RawBuilder<unknown> =>
  sql`segment_activity ${sql.raw(alias)} where ${sql.ref(`${alias}.workspace_id`)} = f.workspace_id and ${sql.ref(`${alias}.profile_id`)} = f.profile_id and ${allOf(where)}`

/**
 * A condition on aggregates of the profile's activity rows matching `where`:
 * `holds`, over `x` — the profile's `aggregates` (as `x.<name>`) — or
 * `emptyHolds` for a profile with no such row. Each engine gets the form its
 * planner runs well. On Postgres, one grouped pass over the workspace's rows
 * (`x` one row per profile), not correlated with `f`, so it is joined to the
 * facts rows (a semi- or anti-join): an aggregate per profile would be one
 * index probe per profile. On SQLite, the aggregate of the profile's own
 * rows, correlated: it probes only the profiles the cheaper conditions before
 * it leave, where a grouped pass would read every row of the workspace for
 * each condition.
 */
export const aggregateHolds = (
  m: { readonly workspaceId: string; readonly grouped: boolean; readonly probed?: boolean | undefined; readonly shared?: SharedPass | undefined },
  where: ReadonlyArray<Predicate>,
  aggregateList: ReadonlyArray<Aggregate>,
  holdsOf: (x: (name: string) => RawBuilder<unknown>) => Predicate,
  emptyHolds: boolean
): Predicate => {
  if (m.shared !== undefined) return m.shared.holds(where, aggregateList, holdsOf, emptyHolds)
  const aggregates = sql.join(aggregateList.map((a) => sql`${a.zero === true ? sql`coalesce(${a.call}, 0)` : a.call} as ${sql.ref(a.name)}`))
  const holds = holdsOf((name) => sql.ref(`x.${name}`))
  // An aggregate without GROUP BY over no rows is one row (a count of 0, sums of 0, no max): `holds` says it.
  if (!m.grouped) return sql<SqlBool>`exists (select 1 from (select ${aggregates} from ${activityOf("a", where)}) x where ${known(holds)}${probeOnly(m.probed)})`
  const grouped = sql`select a.profile_id, ${aggregates} from segment_activity a where a.workspace_id = ${m.workspaceId} and ${allOf(where)} group by a.profile_id`
  // With no row a profile has no group: where no rows hold, some group must hold; where they do, none may fail.
  return emptyHolds
    ? sql<SqlBool>`(not exists (select 1 from (${grouped}) x where x.profile_id = f.profile_id and not ${known(holds)}))`
    : sql<SqlBool>`exists (select 1 from (${grouped}) x where x.profile_id = f.profile_id and ${known(holds)})`
}

/** One aggregate of a condition over a profile's rows: `call` over the rows (as `a`), named `name`; `zero`: none reads 0. */
export interface Aggregate {
  readonly name: string
  readonly call: RawBuilder<unknown>
  readonly zero?: boolean
}

/**
 * The conditions on aggregates of one rule, on Postgres, as one grouped pass
 * over the workspace's rows (`g`, joined to the facts rows by the caller):
 * each condition's aggregates are columns filtered by its row test, so a rule
 * with several such conditions reads the rows once, as a hand-written query
 * does, rather than once per condition.
 */
export interface SharedPass {
  readonly holds: (
    where: ReadonlyArray<Predicate>,
    aggregates: ReadonlyArray<Aggregate>,
    holdsOf: (x: (name: string) => RawBuilder<unknown>) => Predicate,
    emptyHolds: boolean
  ) => Predicate
  /** The grouped select (`profile_id` and every condition's columns), or `null` when no condition took part. */
  readonly grouped: () => RawBuilder<unknown> | null
  /** How many conditions took part. */
  readonly conditions: () => number
}

/** A {@link SharedPass} over the rows of `workspaceId`. */
export const sharedPass = (workspaceId: string): SharedPass => {
  const columns: Array<RawBuilder<unknown>> = []
  const tests: Array<Predicate> = []
  return {
    holds: (where, aggregates, holdsOf, emptyHolds) => {
      const i = tests.length
      const test = allOf(where)
      tests.push(test)
      const name = (n: string) => `c${i}_${n}`
      columns.push(sql`count(*) filter (where ${test}) as ${sql.ref(name("rows"))}`)
      for (const a of aggregates) {
        const call = sql`${a.call} filter (where ${test})`
        columns.push(sql`${a.zero === true ? sql`coalesce(${call}, 0)` : call} as ${sql.ref(name(a.name))}`)
      }
      // A profile with no row passing the test (no group at all, or a count of 0 in its group) is what `emptyHolds` says.
      return sql<SqlBool>`(case when coalesce(${sql.ref(`g.${name("rows")}`)}, 0) = 0 then ${emptyHolds ? TRUE : FALSE} else ${known(holdsOf((n) => sql.ref(`g.${name(n)}`)))} end)`
    },
    conditions: () => tests.length,
    grouped: () =>
      tests.length === 0
        ? null
        : sql`select a.profile_id, ${sql.join(columns)} from segment_activity a where a.workspace_id = ${workspaceId} and ${anyOf(tests)} group by a.profile_id`
  }
}

/**
 * There is an activity row (as `alias`) of the profile `f` matching `where`. `probed`: asked as a probe of the
 * profile's rows whatever the planner thinks (see {@link probeOnly}).
 */
export const someActivity = (alias: string, where: ReadonlyArray<Predicate>, probed = false): Predicate =>
  sql<SqlBool>`exists (select 1 from ${activityOf(alias, where)}${probeOnly(probed)})`

/**
 * What keeps an `exists` over the profile's rows a probe of the index for each profile (`offset 0`, where `probed`):
 * Postgres may otherwise join it (flattened) or answer it from a hash of the matching rows of the whole workspace,
 * which it builds again for each query — for each page of a schedule.
 */
export const probeOnly = (probed: boolean | undefined): RawBuilder<unknown> => (probed === true ? sql` offset 0` : sql``)

/** Rows from `lo` to `hi` (both included; `lo` may be unbounded). */
export const within = (alias: string, bounds: { readonly lo: number; readonly hi: number }): ReadonlyArray<Predicate> => [
  ...(Number.isFinite(bounds.lo) ? [sql<SqlBool>`${col(alias, "at")} >= ${bounds.lo}`] : []),
  sql<SqlBool>`${col(alias, "at")} <= ${bounds.hi}`
]
