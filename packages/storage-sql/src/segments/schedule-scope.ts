import { defaultWorkspaceSettings } from "@kith/core"
import { type Condition, type RuleNode, type SegmentContext, type SegmentRule, type TimeRange, isCondition, timeRangeBounds } from "@kith/segments"
import { type RawBuilder, type SqlBool, sql } from "kysely"
import { activityFilterColumns } from "./conditions/activity.js"
import { fieldSql, traitSql } from "./conditions/facts.js"
import { type RuleEvaluation, conditionVerdictSql } from "./compile-rule.js"
import { followReference } from "./segment-reference.js"
import { type Predicate, FALSE, TRUE, activityOf, allOf, anyOf, fact, kindIn, not, oneOf, someActivity } from "./sql-predicates.js"

/**
 * What a refresh's schedule needs of a rule, in SQL: the profiles whose
 * verdict may change by time alone, and what to read of them.
 */
export interface ScheduleScope {
  /** Over the facts row `f`: false only for profiles whose verdict no time can change with their stored inputs. */
  readonly mayChange: Predicate
  /**
   * With a span on Postgres, the grouped pass over the span's activity rows that `mayChange` reads (as `r`): to left
   * join on `r.profile_id = f.profile_id`; `null` when it reads none.
   */
  readonly rowTests: RawBuilder<unknown> | null
  /** The activity kinds the rule reads (`"all"`: every kind). */
  readonly kinds: ReadonlyArray<string> | "all"
  /** Whether the rule reads the facts (fields, traits, the birthday); if not, empty facts do. */
  readonly readsFacts: boolean
  /**
   * The columns of `segment_activity` the rule's conditions read of a row (always the profile, kind, instant and
   * key); the others may come back null.
   */
  readonly columns: ReadonlyArray<string>
  /**
   * Over an activity row (its unqualified `kind` and `at`): whether it can take part in the verdict at `asOf` or
   * later. A row older than the window of every condition that reads its kind (a count or an existence over a
   * range of days, or from a date) never falls inside one again, so its profile's next change is the same without it.
   */
  readonly rowsRead: Predicate
}

// What every row is read with: its profile, and what orders rows (`inActivityOrder`) and places them in windows.
const ROW_COLUMNS = ["profile_id", "kind", "at", "key"] as const
// What the conditions over orders read of an order row (or line) besides its instant: its status, and what each
// one counts or matches — the fewer columns read, the cheaper each of the many rows a schedule reads.
const STATUS_COLUMNS = ["completed_at", "failed_at"] as const
const SPEND_COLUMNS = [...STATUS_COLUMNS, "value", "currency"] as const
const LINE_COLUMNS = [...STATUS_COLUMNS, "product_id", "category"] as const

// A node's verdict fixed whatever time does (by its time-free conditions, or by rows that can no longer move in or
// out of its windows): `null` where nothing fixes it.
interface Fixed {
  readonly whenTrue: Predicate | null
  readonly whenFalse: Predicate | null
  // Fixed without saying which way: what an engine without the verdict in SQL knows of a condition over rows that
  // can no longer move; `TRUE` for a condition over the facts, always fixed (null where nothing else fixes it).
  readonly either: Predicate | null
  // Fixed some way (`whenTrue` or `whenFalse`), in the form cheapest to ask: for a condition over rows, that none of
  // them can still move, one index probe, where the two verdicts' union asks the condition's own subqueries as well.
  readonly fixed: Predicate | null
}

interface State {
  readonly context: SegmentContext
  // Some activity row of the profile `f` matching `where` (`flat`: in a form the planner may flatten): see `spanPass`.
  readonly someRow: (where: ReadonlyArray<Predicate>, flat: boolean) => Predicate
  readonly compiling: Array<string>
  // A condition's verdict at asOf, in SQL over `f` (the members query's own predicate); absent on Postgres, whose plans
  // of it hashed whole tables for each page (measured: 83 s of server CPU for a 1M-profile schedule, and 43 s for a
  // 100k one with pages bounded by id). There a condition over rows that can no longer move is fixed either way.
  readonly verdict: ((c: Condition, path: string) => Predicate) | undefined
  readonly asOf: number
  kinds: Set<string> | "all"
  readonly timeZone: string
  // The earliest instant a row of each kind may hold and still count, at asOf or later (`-Infinity`: any); `all`
  // for the kinds no condition names (read by an activity condition over every kind).
  readonly since: Map<string, number>
  sinceAll: number | undefined
  readonly columns: Set<string>
  birthday: boolean
  readsFacts: boolean
}

/** The profiles a query of the schedule scope asks of: ids after `after` (when given) up to `through` (when given). */
export interface ProfileSpan {
  readonly after?: string | undefined
  readonly through?: string | undefined
}

// Probed by the index for each profile. Unless `flat`, not left to flatten (`offset 0` forbids it, a form only
// Postgres asks): its planner hashed the moving rows of the whole workspace for each page of a 100k-profile schedule.
const correlatedActivity = (where: ReadonlyArray<Predicate>, flat: boolean): Predicate =>
  flat ? someActivity("s", where) : sql<SqlBool>`exists (select 1 from ${activityOf("s", where)} offset 0)`

// On Postgres, over a span of profiles, the tests of the profile's rows the scope asks are columns of one grouped pass
// over the span's rows (`r`, joined to the facts rows): the span read once, by a range of the index, as the members
// query's grouped pass reads the workspace. Probed per profile instead, inside the scope's ors and nots, each probe
// cost tens of microseconds (a page of 5,000 profiles 160 ms, 1M profiles 30 s); each test as its own hashed subquery,
// the span's rows were read once per test.
interface SpanPass {
  readonly someRow: (where: ReadonlyArray<Predicate>, flat: boolean) => Predicate
  readonly grouped: () => RawBuilder<unknown> | null
}
const spanPass = (workspaceId: string, span: ProfileSpan): SpanPass => {
  const tests: Array<Predicate> = []
  return {
    someRow: (where) => {
      const i = tests.length
      tests.push(allOf(where))
      return sql<SqlBool>`coalesce(${sql.ref(`r.c${i}`)}, false)`
    },
    grouped: () =>
      tests.length === 0
        ? null
        : sql`select s.profile_id, ${sql.join(tests.map((t, i) => sql`bool_or(${t}) as ${sql.ref(`c${i}`)}`))} from segment_activity s where ${allOf([
            sql<SqlBool>`s.workspace_id = ${workspaceId}`,
            ...(span.after === undefined ? [] : [sql<SqlBool>`s.profile_id > ${span.after}`]),
            ...(span.through === undefined ? [] : [sql<SqlBool>`s.profile_id <= ${span.through}`]),
            anyOf(tests)
          ])} group by s.profile_id`
  }
}

const TIME_ONLY: Fixed = { whenTrue: null, whenFalse: null, either: null, fixed: null }

// What a predicate costs a profile, roughly: 0 over its facts row, 1 an index probe of a list or trait, more an
// index probe of its activity rows, more again an aggregate over them. SQLite asks the parts of an `or` (and of an
// `and` inside one) in the order written, stopping at the first that decides: the cheap ones go first.
const costs = new WeakMap<Predicate, number>()
const costOf = (p: Predicate): number => costs.get(p) ?? 1
const costed = (p: Predicate, cost: number): Predicate => {
  costs.set(p, cost)
  return p
}
const PROBE = 10
const cheapestFirst = (parts: ReadonlyArray<Predicate>): ReadonlyArray<Predicate> => [...parts].sort((a, b) => costOf(a) - costOf(b))
const total = (parts: ReadonlyArray<Predicate>): number => parts.reduce((n, p) => n + costOf(p), 0)
const negated = (p: Predicate): Predicate => costed(not(p), costOf(p))

// A row's part in a window changes at its instant (when later than asOf), at the local midnight the window's day
// counts after it (within a day and a daylight-saving hour of that many days) and at its order's completion or
// failure: with all of those at or before asOf, it plays the same part at every later instant. Two days cover the
// rounding.
const ROUNDING_DAYS = 2
const DAY_MS = 86_400_000

// Over an activity row `s`: it may still move in or out of `range` (or change its order's status) after `asOf`.
const rowMayChange = (range: TimeRange | undefined, asOf: number): Predicate => {
  const days = Math.max(range?.withinLastDays ?? 0, range?.notWithinLastDays ?? 0)
  return anyOf([
    sql<SqlBool>`${sql.ref("s.at")} > ${asOf - (days + ROUNDING_DAYS) * DAY_MS}`,
    sql<SqlBool>`${sql.ref("s.completed_at")} > ${asOf}`,
    sql<SqlBool>`${sql.ref("s.failed_at")} > ${asOf}`
  ])
}

// A condition over the rows of `kinds` in `range`: once none of those rows can still change its part, the verdict
// stays what it is at asOf — "ordered in the last 30 days" is false for good for a profile whose last order was two
// years ago, and "no cart in the last 7 days" true for good for one whose last cart was a month ago.
// `windowed`: the verdict counts only the rows inside `range` (not so the first or last order, which may be older).
const overRows = (state: State, c: Condition, path: string, kinds: ReadonlyArray<string> | "all", range: TimeRange | undefined, windowed: boolean): Fixed => {
  if (kinds === "all") state.kinds = "all"
  else if (state.kinds !== "all") for (const k of kinds) state.kinds.add(k)
  // Windows only move forward: what lies before the window at asOf lies before it at every later instant.
  const since = windowed ? timeRangeBounds(range, new Date(state.asOf), state.timeZone).lo : -Infinity
  if (kinds === "all") state.sinceAll = Math.min(state.sinceAll ?? Infinity, since)
  else for (const k of kinds) readSince(state, k, since)
  const moving = rowMayChange(range, state.asOf)
  const rows = kinds === "all" ? [moving] : [kindIn("s", kinds), moving]
  // On Postgres probed by the index for each profile of a page: left to flatten (`offset 0` forbids it), the planner
  // hashed the moving rows of the whole workspace for each page of a 100k-profile schedule.
  if (state.verdict === undefined) {
    const either = not(state.someRow(rows, false))
    return { whenTrue: null, whenFalse: null, either, fixed: either }
  }
  const settled = costed(not(someActivity("s", rows)), PROBE)
  const now = costed(state.verdict(c, path), 2 * PROBE)
  return { whenTrue: everyOf([settled, now]), whenFalse: everyOf([settled, negated(now)]), either: null, fixed: settled }
}

const readSince = (state: State, kind: string, since: number): void => {
  state.since.set(kind, Math.min(state.since.get(kind) ?? Infinity, since))
}

// A condition over rows, a birthday or the facts changes by time through the rows it reads (their instants,
// completions, failures) and the birthday only; one over the facts never does.
const conditionScope = (c: Condition, path: string, state: State): Fixed => {
  switch (c.kind) {
    case "field":
    case "trait": {
      state.readsFacts = true
      const p = c.kind === "field" ? fieldSql(c) : traitSql(c)
      return { whenTrue: p, whenFalse: negated(p), either: TRUE, fixed: TRUE }
    }
    case "age":
    case "generation":
    case "birthday":
      state.readsFacts = true
      state.birthday = true
      return TIME_ONLY
    case "orders":
    case "first_order":
    case "last_order":
      for (const column of c.kind === "orders" ? SPEND_COLUMNS : STATUS_COLUMNS) state.columns.add(column)
      return overRows(state, c, path, ["order"], c.during, c.kind === "orders")
    case "rfm":
      for (const column of SPEND_COLUMNS) state.columns.add(column)
      // Its recency score drops at cut-offs of the workspace, not of the rule: every order row may matter, always.
      if (state.kinds !== "all") state.kinds.add("order")
      readSince(state, "order", -Infinity)
      return TIME_ONLY
    case "bought":
      for (const column of LINE_COLUMNS) state.columns.add(column)
      return overRows(state, c, path, ["order_line"], c.during, true)
    case "activity":
      for (const column of activityFilterColumns(c)) state.columns.add(column)
      return overRows(state, c, path, c.of ?? "all", c.during, true)
    case "follower":
      // Follows and unfollows pair up by channel.
      state.columns.add("channel")
      return overRows(state, c, path, ["followed", "unfollowed"], c.since, false)
    case "segment":
      return followReference(state, c.segmentId, path, (rule, rulePath) => nodeScope(rule, rulePath, state))
  }
}

// Some part (null: none known), or every part (null: one unknown), cheapest first; `TRUE` decides either.
function someOf(parts: ReadonlyArray<Predicate | null>): Predicate | null {
  const known = parts.filter((p): p is Predicate => p !== null)
  if (known.includes(TRUE)) return TRUE
  return known.length === 0 ? null : costed(anyOf(cheapestFirst(known)), total(known))
}
function everyOf(parts: ReadonlyArray<Predicate | null>): Predicate | null {
  if (parts.some((p) => p === null)) return null
  const needed = (parts as ReadonlyArray<Predicate>).filter((p) => p !== TRUE)
  return needed.length === 0 ? TRUE : costed(allOf(cheapestFirst(needed)), total(needed))
}

const nodeScope = (node: RuleNode, path: string, state: State): Fixed => {
  if (isCondition(node)) return conditionScope(node, path, state)
  if ("not" in node) {
    const inner = nodeScope(node.not, `${path}.not`, state)
    return { whenTrue: inner.whenFalse, whenFalse: inner.whenTrue, either: inner.either, fixed: inner.fixed }
  }
  const family = "all" in node ? "all" : "any"
  const children = ("all" in node ? node.all : node.any).map((child, i) => nodeScope(child, `${path}.${family}[${i}]`, state))
  // all: false once one child is fixed false, true when every child is fixed true; any: the other way round. Either
  // way once every child is fixed (some way).
  // Fixed some way: every child fixed, or one child fixed the way that decides (false for all, true for any).
  const fixed = someOf([everyOf(children.map((c) => c.fixed)), ...children.map((c) => (family === "all" ? c.whenFalse : c.whenTrue))])
  return family === "all"
    ? { whenTrue: everyOf(children.map((c) => c.whenTrue)), whenFalse: someOf(children.map((c) => c.whenFalse)), either: eitherOf(children), fixed }
    : { whenTrue: someOf(children.map((c) => c.whenTrue)), whenFalse: everyOf(children.map((c) => c.whenFalse)), either: eitherOf(children), fixed }
}

// Every child fixed some way (true, false or either): known only where some child over rows is fixed either way.
const eitherOf = (children: ReadonlyArray<Fixed>): Predicate | null => {
  if (children.every((c) => c.either === null || c.either === TRUE)) return null
  const parts = children.filter((c) => c.either !== TRUE).map((c) => c.either ?? someOf([c.whenTrue, c.whenFalse]))
  return parts.length === 0 ? TRUE : everyOf(parts)
}

// The rows a schedule reads: the kinds of each earliest instant (one test per instant), any kind from `sinceAll`.
const rowsReadOf = (state: State): Predicate => {
  const at = (since: number): Predicate => (Number.isFinite(since) ? sql<SqlBool>`${sql.ref("at")} >= ${since}` : TRUE)
  const byInstant = new Map<number, Array<string>>()
  for (const [kind, since] of [...state.since].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (state.sinceAll !== undefined && since >= state.sinceAll) continue
    byInstant.set(since, [...(byInstant.get(since) ?? []), kind])
  }
  const parts = [...byInstant].map(([since, kinds]) => allOf([oneOf(sql.ref("kind"), kinds), at(since)]))
  if (state.sinceAll !== undefined) parts.unshift(at(state.sinceAll))
  return parts.length === 0 || parts.includes(TRUE) ? TRUE : anyOf(parts)
}

/**
 * The schedule scope of a rule (see {@link ScheduleScope}): a profile's
 * verdict may change by time alone only if it holds a row of a kind the
 * rule's conditions over time read (or a birthday, for age, generation and
 * birthday conditions), and neither its time-free conditions (fields,
 * traits) nor its conditions over rows that can no longer move in or out of
 * their windows already fix the verdict — a "buyers in Hà Nội who bought in
 * the last 30 days" rule never changes by time for a profile in Huế, nor for
 * one whose last order was a year ago. Conservative: it keeps every profile
 * whose verdict can change, and some whose cannot.
 *
 * @param rule - a decoded rule
 * @param evaluation - the workspace, the engine, the instant the schedule is computed at and the context (referenced rules, timezone, currency); with `span`, the profiles the query asks of (on Postgres its tests of their rows may then be `rowTests`, to join)
 * @returns the predicate over `segment_facts as f`, and what to read
 *
 * @example
 * ```ts
 * const scope = scheduleScopeOf({ version: 1, rule: { kind: "orders", during: { withinLastDays: 30 }, count: { min: 1 } } }, { workspaceId: "shop-1", engine: "sqlite", asOf: new Date("2025-06-30T17:00:00Z") })
 * scope.kinds // => ["order"]
 * ```
 */
export const scheduleScopeOf = (rule: SegmentRule, evaluation: RuleEvaluation & { readonly span?: ProfileSpan | undefined }): ScheduleScope => {
  const probed = scopeWith(rule, evaluation, undefined)
  // A span's grouped pass reads every row of the span of the kinds the rule reads, where probes ask only of the
  // profiles the facts leave: it pays where no condition over the facts can fix a verdict first (at 1M profiles, the
  // first refreshes of lapsed and regular cost 23.5 s of Postgres CPU probed, 19 s spanned; the twelve-condition
  // rule 13.5 s probed, 16 s spanned).
  if (evaluation.engine !== "postgres" || evaluation.span === undefined || probed.readsFacts) return probed
  return scopeWith(rule, evaluation, spanPass(evaluation.workspaceId, evaluation.span))
}

const scopeWith = (rule: SegmentRule, evaluation: RuleEvaluation, pass: SpanPass | undefined): ScheduleScope => {
  const context = evaluation.context ?? {}
  const state: State = {
    context,
    someRow: pass === undefined ? correlatedActivity : pass.someRow,
    compiling: [],
    verdict: evaluation.engine === "postgres" ? undefined : conditionVerdictSql(evaluation),
    asOf: evaluation.asOf.getTime(),
    kinds: new Set(),
    timeZone: context.timeZone ?? defaultWorkspaceSettings.timezone,
    since: new Map(),
    sinceAll: undefined,
    columns: new Set(ROW_COLUMNS),
    birthday: false,
    readsFacts: false
  }
  const fixed = nodeScope(rule.rule, "rule", state)
  const kinds = state.kinds === "all" ? "all" : [...state.kinds].sort()
  const rows: Array<Predicate> = []
  if (kinds === "all") rows.push(state.someRow([sql<SqlBool>`true`], true))
  else if (kinds.length > 0) rows.push(state.someRow([kindIn("s", kinds)], true))
  if (state.birthday) rows.push(sql<SqlBool>`${fact("birthday")} is not null`)
  // On SQLite, not fixed some way (the verdicts' union, asked in its cheapest form); on Postgres, neither verdict
  // fixed nor the rows fixed either way, in the forms its planner was measured with.
  const unfixed =
    state.verdict !== undefined
      ? fixed.fixed === null
        ? []
        : [fixed.fixed === TRUE ? FALSE : not(fixed.fixed)]
      : [
          ...(fixed.whenTrue === null ? [] : [not(fixed.whenTrue)]),
          ...(fixed.whenFalse === null ? [] : [not(fixed.whenFalse)]),
          ...(fixed.either === null ? [] : fixed.either === TRUE ? [FALSE] : [not(fixed.either)])
        ]
  const mayChange = rows.length === 0 ? FALSE : allOf([anyOf(rows), ...unfixed])
  return { mayChange, rowTests: pass?.grouped() ?? null, kinds, readsFacts: state.readsFacts, columns: [...state.columns], rowsRead: rowsReadOf(state) }
}
