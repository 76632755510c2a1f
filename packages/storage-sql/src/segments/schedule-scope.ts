import { defaultWorkspaceSettings } from "@kith/core"
import { type Condition, FactFields, GenerationBands, type RuleNode, type SegmentContext, type SegmentRule, type TimeRange, isCondition, timeRangeBounds } from "@kith/segments"
import { type RawBuilder, type SqlBool, sql } from "kysely"
import { activityFilterColumns } from "./conditions/activity.js"
import { fieldSql, traitSql } from "./conditions/facts.js"
import { type RuleEvaluation, conditionVerdictSql } from "./compile-rule.js"
import { followReference } from "./segment-reference.js"
import { type Predicate, FALSE, TRUE, allOf, anyOf, fact, kindIn, not, oneOf, someActivity } from "./sql-predicates.js"

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
  // A condition's verdict at asOf, in SQL over `f` (the members query's own predicate, its subqueries probes).
  readonly verdict: (c: Condition, path: string) => Predicate
  // Whether the scope asks the verdict of every condition over rows (SQLite), or only of those time moves one way
  // (Postgres, where the verdicts of all, flattened, hashed whole tables for each page: 83 s of server CPU for a
  // 1M-profile schedule, and 43 s for a 100k one with pages bounded by id). There a condition over rows that can no
  // longer move is fixed either way.
  readonly everyVerdict: boolean
  // Whether the scope asks the verdicts of the conditions time moves one way (`Drift`): not with a span pass, whose
  // profiles no condition over the facts thins out first (each verdict would be a probe for every profile with rows).
  readonly oneWayVerdicts: boolean
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

// Probed by the index for each profile. Unless `flat`, not left to flatten (`probeOnly`, a form only Postgres asks):
// its planner hashed the moving rows of the whole workspace for each page of a 100k-profile schedule.
const correlatedActivity = (where: ReadonlyArray<Predicate>, flat: boolean): Predicate => someActivity("s", where, !flat)

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

// A condition over the birthday never holds without one.
const noBirthday: Predicate = costed(sql<SqlBool>`${fact("birthday")} is null`, 0)
const NO_BIRTHDAY: Fixed = { ...TIME_ONLY, whenFalse: noBirthday, fixed: noBirthday }

// A row's part in a window changes at its instant (when later than asOf), at the local midnight the window's day
// counts after it (within a day and a daylight-saving hour of that many days) and at its order's completion or
// failure: with all of those at or before asOf, it plays the same part at every later instant. Two days cover the
// rounding.
const ROUNDING_DAYS = 2
const DAY_MS = 86_400_000

// Over an activity row `s`: it may still move in or out of `range` (or change its order's status, where the verdict
// reads `statuses`) after `asOf`. Without the statuses the test is a range of the (profile, kind, instant) index alone.
const rowMayChange = (range: TimeRange | undefined, asOf: number, statuses: boolean): Predicate => {
  const days = Math.max(range?.withinLastDays ?? 0, range?.notWithinLastDays ?? 0)
  return anyOf([sql<SqlBool>`${sql.ref("s.at")} > ${asOf - (days + ROUNDING_DAYS) * DAY_MS}`, ...(statuses ? statusChanges(asOf) : [])])
}

// Over an order row (or line) `s`: it completes or fails after `asOf`.
const statusChanges = (asOf: number): ReadonlyArray<Predicate> => [
  sql<SqlBool>`${sql.ref("s.completed_at")} > ${asOf}`,
  sql<SqlBool>`${sql.ref("s.failed_at")} > ${asOf}`
]

// Which way a condition over rows can move by time alone while none of its rows is placed, completed or failed after
// asOf (the profile is steady): the rows it counts are then those it counts at asOf, less those its window leaves
// behind (a window of the last days only loses rows, one before the last days only gains them, one of dates or of all
// time keeps them), and its first or last order stays. So "at least" a count, a spend or a row (a bought, an
// activity), or a first or last order, in the last days can only stop holding: false now, false for good.
interface Drift {
  readonly mayRise: boolean
  readonly mayFall: boolean
}
const EITHER_WAY: Drift = { mayRise: true, mayFall: true }

// Whether a condition holds with more rows ("more": at least so many, a first or last order in the window) or with
// fewer ("fewer": at most so many); `undefined`: neither (a band of counts).
type HoldsWith = "more" | "fewer" | undefined

const driftOf = (range: TimeRange | undefined, holdsWith: HoldsWith): Drift => {
  const loses = range?.withinLastDays !== undefined
  const gains = range?.notWithinLastDays !== undefined
  if (!loses && !gains) return { mayRise: false, mayFall: false }
  if (holdsWith === undefined || (loses && gains)) return EITHER_WAY
  const rises = loses === (holdsWith === "fewer")
  return { mayRise: rises, mayFall: !rises }
}

// What a bound on a count or a spend asks: more (a minimum only), fewer (a maximum only, or with a minimum of 0).
const boundAsks = (range: { readonly min?: number; readonly max?: number }): HoldsWith =>
  range.max === undefined ? "more" : (range.min ?? 0) <= 0 ? "fewer" : undefined

// An `orders` condition's count and spend, when both are given, must ask the same way.
const ordersAsk = (c: Extract<Condition, { kind: "orders" }>): HoldsWith => {
  const count = c.count === undefined ? undefined : boundAsks(c.count)
  const spend = c.spend === undefined ? undefined : boundAsks(c.spend)
  if (c.count === undefined) return spend
  return c.spend === undefined || spend === count ? count : undefined
}

// Over an activity row `s`: it may still change its part after `asOf` wherever its window puts it — placed later, or
// completed or failed later where the verdict reads `statuses` — or (`spend`) it may take a spend down as it is counted,
// and up as it leaves (a negative value).
const rowUnsteady = (asOf: number, how: RowsRead): Predicate =>
  anyOf([
    sql<SqlBool>`${sql.ref("s.at")} > ${asOf}`,
    ...(how.statuses ? statusChanges(asOf) : []),
    ...(how.spend === true ? [sql<SqlBool>`${sql.ref("s.value")} < 0`] : [])
  ])

// How a condition reads its rows: only those inside its window (`windowed`; not so the first or last order, which may
// be older), their order statuses, their values as a spend, and which way time moves its verdict.
interface RowsRead {
  readonly windowed: boolean
  readonly statuses: boolean
  readonly spend?: boolean
  readonly drift?: Drift
}

// A condition over the rows of `kinds` in `range`: once none of those rows can still change its part, the verdict
// stays what it is at asOf — "ordered in the last 30 days" is false for good for a profile whose last order was two
// years ago, and "no cart in the last 7 days" true for good for one whose last cart was a month ago. A condition
// that time moves one way only (`drift`) is fixed the other way as soon as its rows are steady: "ordered in the last
// 30 days" is false for good for a profile whose last order was 40 days ago.
const overRows = (state: State, c: Condition, path: string, kinds: ReadonlyArray<string> | "all", range: TimeRange | undefined, how: RowsRead): Fixed => {
  const { windowed, drift = EITHER_WAY } = how
  if (kinds === "all") state.kinds = "all"
  else if (state.kinds !== "all") for (const k of kinds) state.kinds.add(k)
  // Windows only move forward: what lies before the window at asOf lies before it at every later instant.
  const since = windowed ? timeRangeBounds(range, new Date(state.asOf), state.timeZone).lo : -Infinity
  if (kinds === "all") state.sinceAll = Math.min(state.sinceAll ?? Infinity, since)
  else for (const k of kinds) readSince(state, k, since)
  const moving = rowMayChange(range, state.asOf, how.statuses)
  const rows = kinds === "all" ? [moving] : [kindIn("s", kinds), moving]
  // Time moves it one way only: fixed the other way once none of its rows can move against it, one probe of its kinds.
  const oneWay = state.oneWayVerdicts && !(drift.mayRise && drift.mayFall)
  const unsteady = [...(kinds === "all" ? [] : [kindIn("s", kinds)]), rowUnsteady(state.asOf, how)]
  const forGood = (verdict: () => Predicate): { readonly whenTrue: Predicate | null; readonly whenFalse: Predicate | null } => {
    if (!oneWay) return { whenTrue: null, whenFalse: null }
    const now = verdict()
    const steady = not(someActivity("s", unsteady, !state.everyVerdict))
    // The verdict first, whatever it costs: rows placed, completed or failed after asOf are few, so the verdict decides
    // for most profiles where the steadiness would not.
    const and = (p: Predicate) => costed(allOf([p, steady]), costOf(p) + PROBE)
    return { whenTrue: drift.mayFall ? null : and(now), whenFalse: drift.mayRise ? null : and(negated(now)) }
  }
  // On Postgres probed by the index for each profile of a page: left to flatten (`offset 0` forbids it), the planner
  // hashed the moving rows of the whole workspace for each page of a 100k-profile schedule.
  if (!state.everyVerdict) {
    const either = not(state.someRow(rows, false))
    return { ...forGood(() => costed(state.verdict(c, path), PROBE)), either, fixed: either }
  }
  const settled = costed(not(someActivity("s", rows)), PROBE)
  const now = costed(state.verdict(c, path), 2 * PROBE)
  const oneWayFixed = forGood(() => now)
  // Moved one way only in a window of the last days, it is not settled the other way (no test asked): holding with more
  // rows (or failing with fewer) it counts a row inside the window, which moves — all but a bound every count meets
  // (at least 0), which the scope then keeps, as it may.
  const unsettled = oneWay && range?.withinLastDays !== undefined
  return {
    whenTrue: oneWayFixed.whenTrue ?? (unsettled ? null : everyOf([settled, now])),
    whenFalse: oneWayFixed.whenFalse ?? (unsettled ? null : everyOf([settled, negated(now)])),
    either: null,
    fixed: someOf([settled, oneWayFixed.whenTrue, oneWayFixed.whenFalse])
  }
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
      const p = c.kind === "field" ? costed(fieldSql(c), FactFields[c.field].type === "list" ? 1 : 0) : traitSql(c)
      return { whenTrue: p, whenFalse: negated(p), either: TRUE, fixed: TRUE }
    }
    case "birthday":
      state.readsFacts = true
      if (c.months !== undefined) {
        // Born in some months: no time changes it.
        const p = costed(state.verdict(c, path), 0)
        return { whenTrue: p, whenFalse: negated(p), either: TRUE, fixed: TRUE }
      }
      state.birthday = true
      return NO_BIRTHDAY
    case "age":
    case "generation": {
      state.readsFacts = true
      state.birthday = true
      // An age only grows: once past the oldest the condition takes, it never holds again.
      const oldest = c.kind === "age" ? c.max : Math.max(...c.in.map((band) => GenerationBands[band].max))
      if (oldest === undefined || !Number.isFinite(oldest)) return NO_BIRTHDAY
      const never = costed(anyOf([noBirthday, state.verdict({ kind: "age", min: oldest + 1 }, path)]), 0)
      return { ...TIME_ONLY, whenFalse: never, fixed: never }
    }
    case "orders":
      for (const column of SPEND_COLUMNS) state.columns.add(column)
      return overRows(state, c, path, ["order"], c.during, { windowed: true, statuses: true, spend: c.spend !== undefined, drift: driftOf(c.during, ordersAsk(c)) })
    case "first_order":
    case "last_order":
      for (const column of STATUS_COLUMNS) state.columns.add(column)
      return overRows(state, c, path, ["order"], c.during, { windowed: false, statuses: true, drift: driftOf(c.during, "more") })
    case "rfm":
      for (const column of SPEND_COLUMNS) state.columns.add(column)
      // Its recency score drops at cut-offs of the workspace, not of the rule: every order row may matter, always.
      if (state.kinds !== "all") state.kinds.add("order")
      readSince(state, "order", -Infinity)
      return TIME_ONLY
    case "bought":
      for (const column of LINE_COLUMNS) state.columns.add(column)
      return overRows(state, c, path, ["order_line"], c.during, { windowed: true, statuses: true, drift: driftOf(c.during, "more") })
    case "activity":
      for (const column of activityFilterColumns(c)) state.columns.add(column)
      return overRows(state, c, path, c.of ?? "all", c.during, { windowed: true, statuses: false, drift: driftOf(c.during, boundAsks(c.count ?? { min: 1 })) })
    case "follower":
      // Follows and unfollows pair up by channel.
      state.columns.add("channel")
      return overRows(state, c, path, ["followed", "unfollowed"], c.since, { windowed: false, statuses: false })
    case "segment":
      return followReference(state, c.segmentId, path, (rule, rulePath) => nodeScope(rule, rulePath, state))
  }
}

// Some part (null: none known), or every part (null: one unknown), cheapest first; `TRUE` decides either.
function someOf(parts: ReadonlyArray<Predicate | null>): Predicate | null {
  const known = parts.filter((p): p is Predicate => p !== null)
  if (known.includes(TRUE)) return TRUE
  if (known.length === 0) return null
  const some = costed(anyOf(cheapestFirst(known)), total(known))
  alternatives.set(some, known)
  return some
}
// The parts of each `someOf`: its negation is every part's, each placed by its own cost among the scope's other tests.
const alternatives = new WeakMap<Predicate, ReadonlyArray<Predicate>>()
const noneOf = (p: Predicate): ReadonlyArray<Predicate> => (p === TRUE ? [FALSE] : (alternatives.get(p)?.map(negated) ?? [negated(p)]))
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
    verdict: conditionVerdictSql(evaluation),
    everyVerdict: evaluation.engine !== "postgres",
    oneWayVerdicts: pass === undefined,
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
  // fixed nor the rows fixed either way, in the forms its planner was measured with. The tests cheapest first (SQLite
  // asks them in the order written): a condition over the facts rules most profiles out before any probe of rows.
  const unfixed = state.everyVerdict ? [fixed.fixed] : [fixed.whenTrue, fixed.whenFalse, fixed.either]
  const mayChange =
    rows.length === 0 ? FALSE : allOf(cheapestFirst([costed(anyOf(rows), PROBE), ...unfixed.flatMap((p) => (p === null ? [] : noneOf(p)))]))
  return { mayChange, rowTests: pass?.grouped() ?? null, kinds, readsFacts: state.readsFacts, columns: [...state.columns], rowsRead: rowsReadOf(state) }
}
