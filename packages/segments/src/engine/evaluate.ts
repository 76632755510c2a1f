import type { SegmentInputs } from "../inputs/segment-inputs.js"
import type { SegmentRule } from "../rule/rule.js"
import { type CompiledRule, type Explanation, compileRule } from "./compile.js"
import { type SegmentContext, defaultSegmentContext } from "./context.js"

/**
 * When to evaluate, and against which workspace.
 *
 * @example
 * ```ts
 * const options: EvaluateOptions = { asOf: new Date("2025-06-30T17:00:00Z"), context: { timeZone: "Asia/Ho_Chi_Minh", currency: "VND" } }
 * ```
 */
export interface EvaluateOptions {
  /** Every window is measured back from here; nothing after it counts. */
  readonly asOf: Date
  /** Default {@link defaultSegmentContext}. */
  readonly context?: SegmentContext
}

// Compiled rules are kept per rule object and context object, so a loop
// over many profiles compiles once; both are dropped with their keys.
const compiledRules = new WeakMap<SegmentRule, WeakMap<SegmentContext, CompiledRule>>()

// The last pair asked for, so a loop over profiles skips both lookups.
let lastRule: SegmentRule | undefined
let lastContext: SegmentContext | undefined
let lastCompiled: CompiledRule | undefined

const compiledFor = (rule: SegmentRule, context: SegmentContext): CompiledRule => {
  if (rule === lastRule && context === lastContext && lastCompiled !== undefined) return lastCompiled
  let byContext = compiledRules.get(rule)
  if (byContext === undefined) {
    byContext = new WeakMap()
    compiledRules.set(rule, byContext)
  }
  let compiled = byContext.get(context)
  if (compiled === undefined) {
    compiled = compileRule(rule, context)
    byContext.set(context, compiled)
  }
  lastRule = rule
  lastContext = context
  lastCompiled = compiled
  return compiled
}

/**
 * Does a profile belong to the segment at `asOf`? (SEG-4, SEG-5.) Pure:
 * windows are measured back from `asOf` with day boundaries in the context's
 * timezone, and nothing reads the clock. The rule is compiled on first use
 * and kept for later calls with the same rule and context objects, so
 * evaluating every profile of a workspace in a loop compiles once.
 *
 * @param rule - a decoded rule (see `decodeRuleResult`)
 * @param inputs - the profile's facts and activity
 * @param options - `asOf` and the workspace context
 * @returns the verdict
 * @throws as {@link compileRule} does, when the context lacks what the rule needs
 *
 * @example
 * ```ts
 * const rule: SegmentRule = { version: 1, rule: { kind: "activity", of: ["product_added"], during: { withinLastDays: 30 } } }
 * const added = activityRow("product_added", Date.parse("2025-06-01T20:00:00+07:00"), "m-1", { productId: "p-ao" })
 * const inputs = { facts: emptyFacts("p-1"), activity: [added] }
 * evaluate(rule, inputs, { asOf: new Date("2025-06-30T12:00:00+07:00") }) // => true
 * evaluate(rule, inputs, { asOf: new Date("2025-07-01T00:00:00+07:00") }) // => false (1 June left the 30 days at midnight)
 * ```
 */
export const evaluate = (rule: SegmentRule, inputs: SegmentInputs, options: EvaluateOptions): boolean =>
  compiledFor(rule, options.context ?? defaultSegmentContext).evaluate(inputs, options.asOf)

/**
 * Explains a verdict (SEG-7): the rule's tree with each node's verdict and,
 * for each condition, the value it saw and what it needed.
 *
 * @param rule - a decoded rule
 * @param inputs - the profile's facts and activity
 * @param options - `asOf` and the workspace context
 * @returns the explanation tree (see {@link Explanation})
 *
 * @example
 * ```ts
 * const rule: SegmentRule = { version: 1, rule: { all: [{ kind: "orders", during: { withinLastDays: 30 }, count: { min: 1 } }] } }
 * const explained = explain(rule, { facts: emptyFacts("p-1"), activity: [] }, { asOf: new Date("2025-06-30T17:00:00Z") })
 * explained.verdict // => false
 * explained.children[0]?.text // => "successful orders in the last 30 days: 0, needs ≥ 1"
 * explained.children[0]?.path // => "rule.all[0]"
 * ```
 */
export const explain = (rule: SegmentRule, inputs: SegmentInputs, options: EvaluateOptions): Explanation =>
  compiledFor(rule, options.context ?? defaultSegmentContext).explain(inputs, options.asOf)

/**
 * The first instant after `asOf` at which the profile's membership changes
 * by time alone (SEG-8) — a window edge at local midnight, an order's
 * completion already recorded for later, a birthday, a "for how long"
 * threshold — or `null` if it never does with these inputs. The verdict is
 * the same at every instant from `asOf` up to (not including) it, and
 * differs at it: exact for any rule, not only for single conditions. A store
 * re-evaluates the profile then, instead of in a daily sweep.
 *
 * @param rule - a decoded rule
 * @param inputs - the profile's facts and activity
 * @param options - `asOf` and the workspace context
 * @returns the instant of the next change, or `null`
 *
 * @example
 * ```ts
 * const rule: SegmentRule = { version: 1, rule: { kind: "orders", during: { withinLastDays: 30 }, count: { min: 1 } } }
 * const order = activityRow("order", Date.parse("2025-06-10T20:00:00+07:00"), "SO-1", { completedAt: Date.parse("2025-06-12T10:00:00+07:00"), value: 450000, currency: "VND" })
 * nextChange(rule, { facts: emptyFacts("p-1"), activity: [order] }, { asOf: new Date("2025-06-20T00:00:00+07:00") })
 * // => new Date("2025-07-10T00:00:00+07:00") (local midnight starting 10 July: the order leaves the 30 days)
 * ```
 */
export const nextChange = (rule: SegmentRule, inputs: SegmentInputs, options: EvaluateOptions): Date | null =>
  compiledFor(rule, options.context ?? defaultSegmentContext).nextChange(inputs, options.asOf)
