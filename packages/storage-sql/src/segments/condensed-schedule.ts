import { defaultWorkspaceSettings } from "@kith/core"
import { zonedClock } from "@kith/profile"
import { type ActivityRow, type Condition, type OrderStatusFilter, type RuleNode, type SegmentRule, activityRow, isCondition, timeRangeBounds } from "@kith/segments"
import { type RawBuilder, type SqlBool, sql } from "kysely"
import type { RuleEvaluation } from "./compile-rule.js"
import type { ProfileSpan } from "./schedule-scope.js"
import { type Predicate, allOf, anyOf } from "./sql-predicates.js"

/**
 * How a schedule reads a rule that is one condition over the profile's orders
 * (`last_order`, `first_order` or `orders`, under any number of `not`s): one
 * query over a span's order rows gives each profile whose verdict may change
 * by time alone, with only the rows its next change depends on.
 *
 * Why it is exact: an order row is *settled* at `asOf` when its purchase,
 * completion and failure are all at or before it, so its status never
 * changes again. A settled row whose status the condition does not count
 * never counts, and the instants it reports never change the verdict; of
 * the settled successful rows, only the latest (the earliest, for
 * `first_order`) can be the last (first) order at any later instant; and a
 * row before the window's start at `asOf` never enters a window of the last
 * days or from a date again. The verdict then changes only at the instants
 * of the rows kept, which the in-memory engine lists among its candidates
 * either way: `nextChange` of the condensed inputs is `nextChange` of the
 * profile's.
 */
export type CondensedSchedule =
  | {
      /** `last_order` (`"max"`) or `first_order` (`"min"`): per profile, its settled edge order and whether it holds unsettled rows. */
      readonly form: "edge"
      readonly edge: "max" | "min"
      /** The grouped pass over a span (`profile_id`, `edge`, `unsettled`), by profile id, at most `limit` profiles. */
      readonly query: (span: ProfileSpan, limit: number) => RawBuilder<{ profile_id: string; edge: number | string | null; unsettled: number | string | boolean }>
      /** The synthetic row standing for a profile's settled edge order. */
      readonly edgeRow: (at: number) => ActivityRow
      /**
       * The local day of a settled edge order, by which profiles without unsettled rows share one next change, or
       * `undefined` when the order is not between its day's first instant and the next day's (the profile then
       * keeps its own). Every bound a window of days or dates puts on an order is a local day's first instant (or
       * the one before it) but the upper one, the evaluation instant, which an order settled by `asOf` stays under
       * at every later instant; and the instants an order reports are first instants of days counted from its
       * day. So for an order between its day's first instant and the next day's, whether it is in the window at any
       * instant after `asOf`, and when that changes, depend on its day alone. (A zone that once fell back just
       * after midnight had days whose first instant, as the clock finds it, came after some of their instants.)
       */
      readonly sharedDay: (edge: number) => number | undefined
    }
  | {
      /** `orders`: the order rows that may count at `asOf` or later, by profile id. */
      readonly form: "rows"
      /** The order rows of a span that may count at `asOf` or later, by profile id. */
      readonly query: (span: ProfileSpan) => RawBuilder<{ profile_id: string; key: string; at: number | string; completed_at: number | string | null; failed_at: number | string | null; value: number | string | null; currency: string | null }>
      /** Over a profile's kept rows: whether one of them may still move in or out of the window or change status. */
      readonly mayMove: (row: ActivityRow) => boolean
    }

// One condition under any number of `not`s: its verdict changes exactly when the rule's does.
const soleCondition = (node: RuleNode): Condition | undefined => (isCondition(node) ? node : "not" in node ? soleCondition(node.not) : undefined)

// A row's part in a window changes at the local midnight the window's day counts after it, within a day and a
// daylight-saving hour of that many days: two days cover the rounding (as the schedule scope's test of a row).
const ROUNDING_DAYS = 2
const DAY_MS = 86_400_000

/**
 * The condensed form of a rule's schedule reads (see {@link CondensedSchedule}), or `undefined` when the rule is
 * not one condition over orders (its schedule then reads the profiles' inputs as they are).
 *
 * @param rule - a decoded rule
 * @param evaluation - the workspace, the instant the schedule is computed at and the context (timezone)
 * @returns the queries and what to make of their rows, or `undefined`
 *
 * @example
 * ```ts
 * const lapsed = { version: 1, rule: { kind: "last_order", during: { withinLastDays: 365, notWithinLastDays: 90 } } } as const
 * condensedScheduleOf(lapsed, { workspaceId: "shop-1", engine: "sqlite", asOf: new Date("2025-06-30T17:00:00Z") })?.form // => "edge"
 * ```
 */
export const condensedScheduleOf = (rule: SegmentRule, evaluation: RuleEvaluation): CondensedSchedule | undefined => {
  const c = soleCondition(rule.rule)
  if (c === undefined || (c.kind !== "last_order" && c.kind !== "first_order" && c.kind !== "orders")) return undefined
  const asOf = evaluation.asOf.getTime()
  const timeZone = evaluation.context?.timeZone ?? defaultWorkspaceSettings.timezone
  const clock = zonedClock(timeZone)
  const range = c.during
  const days = Math.max(range?.withinLastDays ?? 0, range?.notWithinLastDays ?? 0)
  // A settled row at or before this instant is in or out of the window for good.
  const movingAfter = asOf - (days + ROUNDING_DAYS) * DAY_MS
  const spanRows = (span: ProfileSpan): Predicate =>
    allOf([
      sql<SqlBool>`s.workspace_id = ${evaluation.workspaceId}`,
      ...(span.after === undefined ? [] : [sql<SqlBool>`s.profile_id > ${span.after}`]),
      ...(span.through === undefined ? [] : [sql<SqlBool>`s.profile_id <= ${span.through}`]),
      sql<SqlBool>`s.kind = 'order'`
    ])
  const unsettled = sql<SqlBool>`(s.at > ${asOf} or s.completed_at > ${asOf} or s.failed_at > ${asOf})`
  if (c.kind !== "orders") {
    const edge = c.kind === "last_order" ? "max" : "min"
    // Successful at asOf and settled: placed and completed by then, never failed (a failure later would unsettle it).
    const settledSuccessful = sql<SqlBool>`s.at <= ${asOf} and s.completed_at <= ${asOf} and s.failed_at is null`
    const edgeAt = sql`${sql.raw(edge)}(case when ${settledSuccessful} then s.at end)`
    const anyUnsettled = sql`max(case when ${unsettled} then 1 else 0 end)`
    return {
      form: "edge",
      edge,
      query: (span, limit) =>
        sql`select s.profile_id, ${edgeAt} as edge, ${anyUnsettled} as unsettled from segment_activity s where ${spanRows(span)}
          group by s.profile_id having ${anyUnsettled} = 1 or ${edgeAt} > ${movingAfter} order by s.profile_id limit ${limit}`,
      // Completed at its purchase: any instant at or before asOf says the same (successful from then on).
      edgeRow: (at) => activityRow("order", at, "settled edge order", { completedAt: at }),
      sharedDay: (edge) => {
        const day = clock.dayOf(edge)
        return clock.startOfDay(day) <= edge && edge < clock.startOfDay(day + 1) ? day : undefined
      }
    }
  }
  const status: OrderStatusFilter = c.status ?? "successful"
  const lo = timeRangeBounds(range, evaluation.asOf, timeZone).lo
  const counted: Predicate =
    status === "placed"
      ? sql<SqlBool>`true`
      : status === "failed"
        ? sql<SqlBool>`s.failed_at <= ${asOf}`
        : status === "successful"
          ? sql<SqlBool>`(s.completed_at <= ${asOf} and s.failed_at is null)`
          : sql<SqlBool>`(s.completed_at is null and s.failed_at is null)`
  return {
    form: "rows",
    query: (span) =>
      sql`select s.profile_id, s.key, s.at, s.completed_at, s.failed_at, s.value, s.currency from segment_activity s where ${allOf([
        spanRows(span),
        ...(Number.isFinite(lo) ? [sql<SqlBool>`s.at >= ${lo}`] : []),
        anyOf([unsettled, counted])
      ])} order by s.profile_id`,
    mayMove: (row) => row.at > movingAfter || (row.completedAt !== null && row.completedAt > asOf) || (row.failedAt !== null && row.failedAt > asOf)
  }
}
