import { type ZonedClock, zonedClock } from "@kith/profile"
import { Result } from "effect"
import type { SegmentInputs } from "../inputs/segment-inputs.js"
import type { Condition, ConditionKind } from "../rule/conditions.js"
import { type RuleNode, type SegmentRule, isCondition } from "../rule/rule.js"
import { compileActivity } from "./conditions/activity.js"
import { compileAge, compileBirthday, compileGeneration } from "./conditions/demographic.js"
import { compileField, compileTrait } from "./conditions/facts.js"
import { compileFollower } from "./conditions/follower.js"
import { compileBought, compileFirstOrder, compileLastOrder, compileOrders } from "./conditions/orders.js"
import { compileRfm } from "./conditions/rfm.js"
import { type SegmentContext, defaultSegmentContext } from "./context.js"
import { MissingRfmCutoffs, SegmentReferenceCycle, UnknownSegmentReference } from "./errors.js"
import { type Moment, momentOf } from "./moment.js"
import type { CompileEnv, ConditionProgram, Observed, Predicate } from "./program.js"

/**
 * The explanation of a rule for one profile (SEG-7): the rule's tree, each
 * node with its verdict and, for a condition, what it saw and what it
 * needed ("successful orders in the last 30 days: 0, needs ≥ 1"). A
 * `segment` condition holds the explanation of the referenced rule.
 *
 * @example
 * ```ts
 * const explained: Explanation = {
 *   path: "rule", node: "orders", verdict: false, observed: 0,
 *   text: "successful orders in the last 30 days: 0, needs ≥ 1", children: []
 * }
 * ```
 */
export interface Explanation {
  /** Where the node sits in the rule document: `rule`, `rule.all[2]`, `rule.all[2].not`. */
  readonly path: string
  readonly node: "all" | "any" | "not" | ConditionKind
  readonly verdict: boolean
  /** What the condition measured (a count, an age, a list, ...); `null` for all / any / not. */
  readonly observed: Observed
  readonly text: string
  readonly children: ReadonlyArray<Explanation>
}

interface NodeProgram {
  readonly bind: (m: Moment) => Predicate
  readonly explain: (inputs: SegmentInputs, m: Moment, path: string) => Explanation
}

interface CompileState {
  readonly context: SegmentContext
  readonly env: CompileEnv
  readonly leaves: Array<ConditionProgram>
  readonly referenced: Map<string, NodeProgram>
  readonly compiling: Array<string>
}

const conditionProgram = (c: Condition, path: string, state: CompileState): ConditionProgram => {
  switch (c.kind) {
    case "age":
      return compileAge(c)
    case "generation":
      return compileGeneration(c)
    case "birthday":
      return compileBirthday(c)
    case "field":
      return compileField(c)
    case "trait":
      return compileTrait(c)
    case "orders":
      return compileOrders(c, state.env)
    case "first_order":
      return compileFirstOrder(c)
    case "last_order":
      return compileLastOrder(c)
    case "bought":
      return compileBought(c)
    case "activity":
      return compileActivity(c)
    case "follower":
      return compileFollower(c)
    case "rfm":
      if (state.env.rfm === undefined) throw new MissingRfmCutoffs({ path })
      return compileRfm(c, state.env.currency, state.env.rfm)
    case "segment":
      throw new Error("a segment reference is compiled by compileReference")
  }
}

const ALWAYS: Predicate = () => true
const NEVER: Predicate = () => false

const allOf = (predicates: ReadonlyArray<Predicate>): Predicate => {
  if (predicates.length === 0) return ALWAYS
  if (predicates.length === 1) return predicates[0] as Predicate
  if (predicates.length === 2) {
    const [a, b] = predicates as [Predicate, Predicate]
    return (inputs) => a(inputs) && b(inputs)
  }
  return (inputs) => {
    for (let i = 0; i < predicates.length; i++) if (!(predicates[i] as Predicate)(inputs)) return false
    return true
  }
}

const anyOf = (predicates: ReadonlyArray<Predicate>): Predicate => {
  if (predicates.length === 0) return NEVER
  if (predicates.length === 1) return predicates[0] as Predicate
  if (predicates.length === 2) {
    const [a, b] = predicates as [Predicate, Predicate]
    return (inputs) => a(inputs) || b(inputs)
  }
  return (inputs) => {
    for (let i = 0; i < predicates.length; i++) if ((predicates[i] as Predicate)(inputs)) return true
    return false
  }
}

const compileReference = (segmentId: string, path: string, state: CompileState): NodeProgram => {
  const start = state.compiling.indexOf(segmentId)
  if (start >= 0) throw new SegmentReferenceCycle({ cycle: [...state.compiling.slice(start), segmentId] })
  let target = state.referenced.get(segmentId)
  if (target === undefined) {
    const rule = state.context.segments?.get(segmentId)
    if (rule === undefined) throw new UnknownSegmentReference({ segmentId, path })
    state.compiling.push(segmentId)
    target = compileNode(rule.rule, state)
    state.compiling.pop()
    state.referenced.set(segmentId, target)
  }
  const program = target
  return {
    bind: (m) => program.bind(m),
    explain: (inputs, m, at) => {
      const inner = program.explain(inputs, m, `segments[${JSON.stringify(segmentId)}].rule`)
      return {
        path: at,
        node: "segment",
        verdict: inner.verdict,
        observed: inner.verdict,
        text: `segment ${segmentId}: ${inner.verdict ? "member" : "not a member"}, needs member`,
        children: [inner]
      }
    }
  }
}

// Paths are built while explaining (not while compiling), so that a
// referenced segment compiled once explains with its own paths.
const compileNode = (node: RuleNode, state: CompileState, path = "rule"): NodeProgram => {
  if (isCondition(node)) {
    if (node.kind === "segment") return compileReference(node.segmentId, path, state)
    const program = conditionProgram(node, path, state)
    state.leaves.push(program)
    const kind = node.kind
    return {
      bind: program.bind,
      explain: (inputs, m, at) => {
        const report = program.report(inputs, m)
        return { path: at, node: kind, verdict: report.verdict, observed: report.observed, text: report.text, children: [] }
      }
    }
  }
  if ("not" in node) {
    const child = compileNode(node.not, state, `${path}.not`)
    return {
      bind: (m) => {
        const p = child.bind(m)
        return (inputs) => !p(inputs)
      },
      explain: (inputs, m, at) => {
        const inner = child.explain(inputs, m, `${at}.not`)
        return {
          path: at,
          node: "not",
          verdict: !inner.verdict,
          observed: null,
          text: `not: the condition is ${inner.verdict ? "met" : "not met"}, needs it not met`,
          children: [inner]
        }
      }
    }
  }
  const family = "all" in node ? "all" : "any"
  const children = ("all" in node ? node.all : node.any).map((child, i) => compileNode(child, state, `${path}.${family}[${i}]`))
  return {
    bind: (m) => (family === "all" ? allOf : anyOf)(children.map((c) => c.bind(m))),
    explain: (inputs, m, at) => {
      const inner = children.map((c, i) => c.explain(inputs, m, `${at}.${family}[${i}]`))
      const met = inner.filter((e) => e.verdict).length
      const verdict = family === "all" ? met === inner.length : met > 0
      return {
        path: at,
        node: family,
        verdict,
        observed: null,
        text: `${family} of ${inner.length}: ${met} met, needs ${family === "all" ? "every one" : "at least one"}`,
        children: inner
      }
    }
  }
}

// The verdict can only change at the instants the conditions report; those
// of yearly conditions (birthdays) are listed up to this far past the last
// finite one, which covers every leap-year pattern twice over.
const PERIODIC_HORIZON_MS = 8 * 366 * 86_400_000
// Predicates bound at candidate instants, kept for the next profile: most candidates are local midnights (a row
// leaving or entering a window of days), which the profiles of a schedule share, so binding the rule at each one
// once (its windows, its closures) replaces binding it again per profile. Past this many a table starts afresh.
const BOUND_INSTANTS = 4_096

/**
 * A rule compiled against one context: evaluate it, explain it and find
 * its next change for any number of profiles and instants. Compiling
 * resolves segment references and checks that the context holds what the
 * rule needs; each evaluation instant's windows are computed once and kept
 * for the next call at the same instant.
 *
 * @example
 * ```ts
 * const compiled: CompiledRule = compileRule({ version: 1, rule: { kind: "orders", count: { min: 1 } } })
 * compiled.evaluate({ facts: emptyFacts("p-1"), activity: [] }, new Date("2025-06-30T17:00:00Z")) // => false
 * ```
 */
export interface CompiledRule {
  readonly rule: SegmentRule
  /** The verdict at `asOf` (SEG-5). */
  readonly evaluate: (inputs: SegmentInputs, asOf: Date) => boolean
  /** The verdict of every node at `asOf`, with what each condition saw (SEG-7). */
  readonly explain: (inputs: SegmentInputs, asOf: Date) => Explanation
  /** The first instant after `asOf` at which the verdict changes by time alone, or `null` (SEG-8). */
  readonly nextChange: (inputs: SegmentInputs, asOf: Date) => Date | null
}

/**
 * Compiles a rule against a context (see {@link SegmentContext}).
 *
 * @param rule - a decoded rule (see `decodeRuleResult`)
 * @param context - timezone, currency, RFM cut-offs, referenced segments; defaults `Asia/Ho_Chi_Minh` and `VND`
 * @returns the compiled rule
 * @throws {@link UnknownSegmentReference} when a `segment` condition names a segment the context lacks
 * @throws {@link SegmentReferenceCycle} when referenced segments refer back to each other
 * @throws {@link MissingRfmCutoffs} when an `rfm` condition has no cut-offs in the context
 *
 * @example
 * ```ts
 * const compiled = compileRule(
 *   { version: 1, rule: { kind: "segment", segmentId: "vip" } },
 *   { segments: new Map([["vip", { version: 1, rule: { kind: "field", field: "tags", hasAny: ["vip"] } }]]) }
 * )
 * compiled.evaluate({ facts: { ...emptyFacts("p-1"), tags: ["vip"] }, activity: [] }, new Date("2025-06-30T17:00:00Z")) // => true
 * ```
 */
export const compileRule = (rule: SegmentRule, context: SegmentContext = defaultSegmentContext): CompiledRule => {
  const state: CompileState = {
    context,
    env: { currency: context.currency ?? "VND", rfm: context.rfm },
    leaves: [],
    referenced: new Map(),
    compiling: []
  }
  const root = compileNode(rule.rule, state)
  const leaves = state.leaves
  const clock: ZonedClock = zonedClock(context.timeZone ?? "Asia/Ho_Chi_Minh")
  let boundAt = NaN
  let bound: Predicate = NEVER
  const predicateAt = (asOf: number): Predicate => {
    if (asOf !== boundAt) {
      bound = root.bind(momentOf(asOf, clock))
      boundAt = asOf
    }
    return bound
  }
  const boundInstants = new Map<number, Predicate>()
  const predicateAtCandidate = (instant: number): Predicate => {
    let predicate = boundInstants.get(instant)
    if (predicate === undefined) {
      predicate = root.bind(momentOf(instant, clock))
      if (boundInstants.size >= BOUND_INSTANTS) boundInstants.clear()
      boundInstants.set(instant, predicate)
    }
    return predicate
  }
  return {
    rule,
    evaluate: (inputs, asOf) => predicateAt(asOf.getTime())(inputs),
    explain: (inputs, asOf) => root.explain(inputs, momentOf(asOf.getTime(), clock), "rule"),
    nextChange: (inputs, asOf) => {
      const at = asOf.getTime()
      const m = momentOf(at, clock)
      const verdict = predicateAt(at)(inputs)
      const candidates: Array<number> = []
      for (const leaf of leaves) leaf.changes(inputs, m, candidates)
      let horizon = at
      for (const c of candidates) if (c > horizon) horizon = c
      horizon += PERIODIC_HORIZON_MS
      for (const leaf of leaves) leaf.periodicChanges?.(inputs, m, horizon, candidates)
      candidates.sort((a, b) => a - b)
      let previous = NaN
      for (const candidate of candidates) {
        if (candidate === previous) continue
        previous = candidate
        if (predicateAtCandidate(candidate)(inputs) !== verdict) return new Date(candidate)
      }
      return null
    }
  }
}

/**
 * Checks that the references between segments resolve: every `segment`
 * condition names one of `segments`, and none refers back to itself through
 * others. A store runs it before saving a segment, with every segment of the
 * workspace.
 *
 * @param segments - every segment's rule, by id
 * @returns nothing, or the first problem found
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * const a = { version: 1, rule: { kind: "segment", segmentId: "b" } } as const
 * const b = { version: 1, rule: { not: { kind: "segment", segmentId: "a" } } } as const
 * const checked = checkSegmentReferences(new Map([["a", a], ["b", b]]))
 * Result.isFailure(checked) && checked.failure.message // => "segments refer to each other in a cycle: a → b → a"
 * ```
 */
export const checkSegmentReferences = (
  segments: ReadonlyMap<string, SegmentRule>
): Result.Result<void, UnknownSegmentReference | SegmentReferenceCycle> => {
  const done = new Set<string>()
  const visit = (id: string, rule: SegmentRule, stack: Array<string>): UnknownSegmentReference | SegmentReferenceCycle | undefined => {
    if (done.has(id)) return undefined
    stack.push(id)
    for (const { segmentId, path } of segmentReferencesOf(rule)) {
      const start = stack.indexOf(segmentId)
      if (start >= 0) return new SegmentReferenceCycle({ cycle: [...stack.slice(start), segmentId] })
      const target = segments.get(segmentId)
      if (target === undefined) return new UnknownSegmentReference({ segmentId, path: `segments[${JSON.stringify(id)}].${path}` })
      const problem = visit(segmentId, target, stack)
      if (problem !== undefined) return problem
    }
    stack.pop()
    done.add(id)
    return undefined
  }
  for (const [id, rule] of segments) {
    const problem = visit(id, rule, [])
    if (problem !== undefined) return Result.fail(problem)
  }
  return Result.void
}

/**
 * The segments a rule names directly, with where.
 *
 * @example
 * ```ts
 * segmentReferencesOf({ version: 1, rule: { all: [{ kind: "age", min: 18 }, { kind: "segment", segmentId: "vip" }] } })
 * // => [{ segmentId: "vip", path: "rule.all[1]" }]
 * ```
 */
export const segmentReferencesOf = (rule: SegmentRule): ReadonlyArray<{ readonly segmentId: string; readonly path: string }> => {
  const out: Array<{ readonly segmentId: string; readonly path: string }> = []
  const walk = (node: RuleNode, path: string): void => {
    if (isCondition(node)) {
      if (node.kind === "segment") out.push({ segmentId: node.segmentId, path })
    } else if ("not" in node) walk(node.not, `${path}.not`)
    else if ("all" in node) node.all.forEach((child, i) => walk(child, `${path}.all[${i}]`))
    else node.any.forEach((child, i) => walk(child, `${path}.any[${i}]`))
  }
  walk(rule.rule, "rule")
  return out
}
