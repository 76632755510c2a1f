/**
 * Where a matching rule sends new work: one staff member, or a team shared
 * by round-robin.
 *
 * @example
 * ```ts
 * const toLan: AssignTarget = { staffId: "s-lan" }
 * const toTeam: AssignTarget = { teamId: "hanoi-sales" }
 * ```
 */
export type AssignTarget = { readonly staffId: string } | { readonly teamId: string }

/**
 * One rule of rule-based assignment (PIPE-7): when the condition holds for
 * the customer, send the work to the target. The condition's type is left
 * open: it is whatever the plugged-in evaluator understands (a segment rule
 * of `@kith/segments`, a plain predicate in a test).
 */
export interface AssignmentRule<Condition> {
  readonly when: Condition
  readonly assignTo: AssignTarget
}

/**
 * Decides whether a condition holds for a subject (a customer's segment
 * inputs, a lead). The seam through which a condition language plugs in.
 */
export type ConditionEvaluator<Condition, Subject> = (condition: Condition, subject: Subject) => boolean

/**
 * Rule-based routing (PIPE-7): the first rule whose condition holds for the
 * subject decides where the work goes, else the fallback (if any). Rules are
 * tried in order and evaluation stops at the first match.
 *
 * This is the seam for assignment by segment condition: pass the rules with
 * `@kith/segments` rules as conditions and its evaluator (bound to `asOf`)
 * as `evaluate`; a team target then goes through {@link roundRobin}.
 *
 * @param rules - the rules, in priority order
 * @param subject - what the conditions are evaluated against
 * @param evaluate - the condition evaluator
 * @param fallback - where work goes when no rule matches
 * @returns the target and the index of the rule that chose it (`-1` for the fallback), or `undefined`
 *
 * @example
 * ```ts
 * import { routeAssignment } from "@kith/pipeline"
 *
 * type Condition = { readonly province: string }
 * const rules = [
 *   { when: { province: "Hà Nội" }, assignTo: { teamId: "hanoi" } },
 *   { when: { province: "Đà Nẵng" }, assignTo: { staffId: "s-hoa" } }
 * ]
 * const evaluate = (c: Condition, customer: { readonly province: string }) => c.province === customer.province
 * routeAssignment(rules, { province: "Đà Nẵng" }, evaluate, { teamId: "online" })
 * // => { target: { staffId: "s-hoa" }, ruleIndex: 1 }
 * routeAssignment(rules, { province: "Cần Thơ" }, evaluate, { teamId: "online" })
 * // => { target: { teamId: "online" }, ruleIndex: -1 }
 * ```
 */
export const routeAssignment = <Condition, Subject>(
  rules: ReadonlyArray<AssignmentRule<Condition>>,
  subject: Subject,
  evaluate: ConditionEvaluator<Condition, Subject>,
  fallback?: AssignTarget
): { readonly target: AssignTarget; readonly ruleIndex: number } | undefined => {
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!
    if (evaluate(rule.when, subject)) return { target: rule.assignTo, ruleIndex: i }
  }
  return fallback === undefined ? undefined : { target: fallback, ruleIndex: -1 }
}
