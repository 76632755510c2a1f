import { defaultWorkspaceSettings } from "@kith/core"
import {
  type Condition,
  type RuleNode,
  type SegmentContext,
  type SegmentRule,
  MissingRfmCutoffs,
  isCondition
} from "@kith/segments"
import { activitySql } from "./conditions/activity.js"
import { ageSql, birthdaySql, generationSql } from "./conditions/demographic.js"
import { fieldSql, traitSql } from "./conditions/facts.js"
import { followerSql } from "./conditions/follower.js"
import { boughtSql, firstOrderSql, lastOrderSql, ordersSql } from "./conditions/orders.js"
import { rfmSql } from "./conditions/rfm.js"
import { type SqlMoment, sqlMomentOf } from "./sql-moment.js"
import { followReference } from "./segment-reference.js"
import { type Predicate, type SharedPass, allOf, anyOf, not, sharedPass } from "./sql-predicates.js"
import type { RawBuilder, SqlBool } from "kysely"

interface CompileState {
  readonly m: SqlMoment
  readonly context: SegmentContext
  readonly currency: string
  readonly compiling: Array<string>
}

const conditionSql = (c: Condition, path: string, state: CompileState): Predicate => {
  const { m, currency } = state
  switch (c.kind) {
    case "age":
      return ageSql(c, m)
    case "generation":
      return generationSql(c, m)
    case "birthday":
      return birthdaySql(c, m)
    case "field":
      return fieldSql(c)
    case "trait":
      return traitSql(c)
    case "orders":
      return ordersSql(c, m, currency)
    case "first_order":
      return firstOrderSql(c, m)
    case "last_order":
      return lastOrderSql(c, m)
    case "bought":
      return boughtSql(c, m)
    case "activity":
      return activitySql(c, m)
    case "follower":
      return followerSql(c, m)
    case "rfm":
      if (state.context.rfm === undefined) throw new MissingRfmCutoffs({ path })
      return rfmSql(c, m, currency, state.context.rfm)
    case "segment":
      return followReference(state, c.segmentId, path, (rule, rulePath) => nodeSql(rule, rulePath, state))
  }
}

const nodeSql = (node: RuleNode, path: string, state: CompileState): Predicate => {
  if (isCondition(node)) return conditionSql(node, path, state)
  if ("not" in node) return not(nodeSql(node.not, `${path}.not`, state))
  if ("all" in node) return allOf(node.all.map((child, i) => nodeSql(child, `${path}.all[${i}]`, state)))
  return anyOf(node.any.map((child, i) => nodeSql(child, `${path}.any[${i}]`, state)))
}

/**
 * Compiles a segment rule (SEG-4, SEG-9) into one SQL predicate over a
 * profile's row `f` of `segment_facts`, for SQLite and Postgres alike: every
 * value of the rule is a bound parameter and every column comes from the
 * catalog, never from the rule's text. Windows are measured back from
 * `asOf` in the context's timezone: their boundaries (local midnights) are
 * computed in TypeScript with `@kith/segments`' `timeRangeBounds` and bound,
 * so both dialects and the in-memory engine agree to the millisecond. A
 * missing value is false, and `not` of it true (two-valued: no `NULL`
 * reaches a `not`). `segment` conditions are compiled inline from the
 * context's rules; RFM scores use the context's cut-offs.
 *
 * @param rule - a decoded rule
 * @param evaluation - the workspace, the engine (`SqlDialectSpecifics.name`: conditions on aggregates take the form its planner runs well), `asOf` and the context (timezone, currency, RFM cut-offs, referenced rules)
 * @returns the predicate, to use in a query over `segment_facts as f`
 * @throws `UnknownSegmentReference`, `SegmentReferenceCycle` or `MissingRfmCutoffs`, as `@kith/segments`' `compileRule`
 *
 * @example
 * ```ts
 * const where = compileRuleToSql({ version: 1, rule: { kind: "orders", during: { withinLastDays: 90 }, count: { min: 2 } } }, { workspaceId: "shop-1", engine: "sqlite", asOf: new Date("2025-06-30T17:00:00Z") })
 * await db.selectFrom("segment_facts as f").select("f.profile_id").where("f.workspace_id", "=", "shop-1").where(where).execute()
 * ```
 */
export const compileRuleToSql = (rule: SegmentRule, evaluation: RuleEvaluation): RawBuilder<SqlBool> => compileWith(rule, evaluation, undefined)

/** What a rule is evaluated against: the workspace, the engine (`SqlDialectSpecifics.name`), the instant and the segment context. */
export interface RuleEvaluation {
  readonly workspaceId: string
  readonly engine: string
  readonly asOf: Date
  readonly context?: SegmentContext | undefined
}

const stateOf = (evaluation: RuleEvaluation, shared: SharedPass | undefined): CompileState => {
  const context = evaluation.context ?? {}
  const timeZone = context.timeZone ?? defaultWorkspaceSettings.timezone
  return {
    m: { ...sqlMomentOf(evaluation.workspaceId, evaluation.engine, evaluation.asOf, timeZone), shared },
    context,
    currency: context.currency ?? defaultWorkspaceSettings.currency,
    compiling: []
  }
}

const compileWith = (rule: SegmentRule, evaluation: RuleEvaluation, shared: SharedPass | undefined): RawBuilder<SqlBool> =>
  nodeSql(rule.rule, "rule", stateOf(evaluation, shared))

/**
 * One condition's verdict at `evaluation.asOf`, as {@link compileRuleToSql}
 * puts it in a rule's predicate (over `segment_facts as f`), for a caller
 * that reasons about conditions one by one (the schedule scope). Always in
 * the form over the profile's own rows, on either engine: the caller asks it
 * of a page of profiles, where Postgres' grouped pass would read every row
 * of the workspace for each page; on Postgres each subquery stays a probe of
 * the profile's rows (`probeOnly`), never a hash of the workspace's.
 *
 * @param evaluation - as {@link compileRuleToSql}'s
 * @returns a compiler of conditions; `path` names the condition in errors
 */
export const conditionVerdictSql = (evaluation: RuleEvaluation): ((c: Condition, path: string) => Predicate) => {
  const base = stateOf(evaluation, undefined)
  const state: CompileState = { ...base, m: { ...base.m, grouped: false, probed: evaluation.engine === "postgres" } }
  return (c, path) => conditionSql(c, path, state)
}

/**
 * A rule compiled for a query over `segment_facts as f` that may join one
 * grouped pass over the workspace's activity rows as `g` (on `g.profile_id =
 * f.profile_id`, a left join): on Postgres, a rule with two or more conditions
 * on aggregates reads the rows once for all of them (see `SharedPass`); with
 * one or none, or on SQLite, `grouped` is `null` and `where` is
 * {@link compileRuleToSql}'s predicate.
 */
export const compileRuleToJoinedSql = (rule: SegmentRule, evaluation: RuleEvaluation): { readonly where: RawBuilder<SqlBool>; readonly grouped: RawBuilder<unknown> | null } => {
  if (evaluation.engine === "postgres") {
    const shared = sharedPass(evaluation.workspaceId)
    const where = compileWith(rule, evaluation, shared)
    const grouped = shared.grouped()
    if (grouped !== null && shared.conditions() >= 2) return { where, grouped }
  }
  return { where: compileWith(rule, evaluation, undefined), grouped: null }
}
