import { type Condition, type RuleNode, type SegmentContext, type SegmentRule, isCondition } from "@kith/segments"
import { type SqlBool, sql } from "kysely"
import { fieldSql, traitSql } from "./conditions/facts.js"
import { followReference } from "./segment-reference.js"
import { type Predicate, FALSE, allOf, anyOf, fact, not, oneOf, someActivity } from "./sql-predicates.js"

/**
 * What a refresh's schedule needs of a rule, in SQL: the profiles whose
 * verdict may change by time alone, and what to read of them.
 */
export interface ScheduleScope {
  /** Over the facts row `f`: false only for profiles whose verdict no time can change with their stored inputs. */
  readonly mayChange: Predicate
  /** The activity kinds the rule reads (`"all"`: every kind). */
  readonly kinds: ReadonlyArray<string> | "all"
  /** Whether the rule reads the facts (fields, traits, the birthday); if not, empty facts do. */
  readonly readsFacts: boolean
}

// A node's verdict fixed by its time-free conditions alone, whatever time does: `null` where nothing fixes it.
interface Fixed {
  readonly whenTrue: Predicate | null
  readonly whenFalse: Predicate | null
}

interface State {
  readonly context: SegmentContext
  readonly compiling: Array<string>
  kinds: Set<string> | "all"
  birthday: boolean
  readsFacts: boolean
}

const TIME_ONLY: Fixed = { whenTrue: null, whenFalse: null }

const readKinds = (state: State, kinds: ReadonlyArray<string> | "all"): Fixed => {
  if (kinds === "all") state.kinds = "all"
  else if (state.kinds !== "all") for (const k of kinds) state.kinds.add(k)
  return TIME_ONLY
}

// A condition over rows changes by time only through the rows it reads (their instants, completions, failures): with
// none of those kinds stored, its verdict is fixed. One over the birthday changes only for a profile that has one.
const conditionScope = (c: Condition, path: string, state: State): Fixed => {
  switch (c.kind) {
    case "field":
    case "trait": {
      state.readsFacts = true
      const p = c.kind === "field" ? fieldSql(c) : traitSql(c)
      return { whenTrue: p, whenFalse: not(p) }
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
    case "rfm":
      return readKinds(state, ["order"])
    case "bought":
      return readKinds(state, ["order_line"])
    case "activity":
      return readKinds(state, c.of ?? "all")
    case "follower":
      return readKinds(state, ["followed", "unfollowed"])
    case "segment":
      return followReference(state, c.segmentId, path, (rule, rulePath) => nodeScope(rule, rulePath, state))
  }
}

const someOf = (parts: ReadonlyArray<Predicate | null>): Predicate | null => {
  const known = parts.filter((p): p is Predicate => p !== null)
  return known.length === 0 ? null : anyOf(known)
}
const everyOf = (parts: ReadonlyArray<Predicate | null>): Predicate | null => (parts.some((p) => p === null) ? null : allOf(parts as ReadonlyArray<Predicate>))

const nodeScope = (node: RuleNode, path: string, state: State): Fixed => {
  if (isCondition(node)) return conditionScope(node, path, state)
  if ("not" in node) {
    const inner = nodeScope(node.not, `${path}.not`, state)
    return { whenTrue: inner.whenFalse, whenFalse: inner.whenTrue }
  }
  const family = "all" in node ? "all" : "any"
  const children = ("all" in node ? node.all : node.any).map((child, i) => nodeScope(child, `${path}.${family}[${i}]`, state))
  // all: false once one child is fixed false, true when every child is fixed true; any: the other way round.
  return family === "all"
    ? { whenTrue: everyOf(children.map((c) => c.whenTrue)), whenFalse: someOf(children.map((c) => c.whenFalse)) }
    : { whenTrue: someOf(children.map((c) => c.whenTrue)), whenFalse: everyOf(children.map((c) => c.whenFalse)) }
}

/**
 * The schedule scope of a rule (see {@link ScheduleScope}): a profile's
 * verdict may change by time alone only if it holds a row of a kind the
 * rule's conditions over time read (or a birthday, for age, generation and
 * birthday conditions), and its time-free conditions (fields, traits) do not
 * already fix the verdict — a "buyers in Hà Nội who bought in the last 30
 * days" rule never changes by time for a profile in Huế. Conservative: it
 * keeps every profile whose verdict can change, and some whose cannot.
 *
 * @param rule - a decoded rule
 * @param context - the referenced segments' rules
 * @returns the predicate over `segment_facts as f`, and what to read
 *
 * @example
 * ```ts
 * const scope = scheduleScopeOf({ version: 1, rule: { kind: "orders", during: { withinLastDays: 30 }, count: { min: 1 } } }, {})
 * scope.kinds // => ["order"]
 * ```
 */
export const scheduleScopeOf = (rule: SegmentRule, context: SegmentContext): ScheduleScope => {
  const state: State = { context, compiling: [], kinds: new Set(), birthday: false, readsFacts: false }
  const fixed = nodeScope(rule.rule, "rule", state)
  const kinds = state.kinds === "all" ? "all" : [...state.kinds].sort()
  const rows: Array<Predicate> = []
  if (kinds === "all") rows.push(someActivity("s", [sql<SqlBool>`true`]))
  else if (kinds.length > 0) rows.push(someActivity("s", [oneOf(sql.ref("s.kind"), kinds)]))
  if (state.birthday) rows.push(sql<SqlBool>`${fact("birthday")} is not null`)
  const mayChange =
    rows.length === 0
      ? FALSE
      : allOf([anyOf(rows), ...(fixed.whenTrue === null ? [] : [not(fixed.whenTrue)]), ...(fixed.whenFalse === null ? [] : [not(fixed.whenFalse)])])
  return { mayChange, kinds, readsFacts: state.readsFacts }
}
