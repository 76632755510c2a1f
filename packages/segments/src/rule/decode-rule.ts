import { type InputIssue, InvalidInput, formatPath, issuesOf } from "@kith/core"
import { Effect, Result, Schema } from "effect"
import { type Condition, ConditionKinds, ConditionSchemas, type ConditionKind } from "./conditions.js"
import { RuleLimits } from "./limits.js"
import { RULE_VERSION, type RuleNode, type SegmentRule } from "./rule.js"

const SUBJECT = "segment rule"
const NODE_SHAPE = "expected a rule node: { all: [...] }, { any: [...] }, { not: {...} } or a condition { kind: ... }"

// Unknown keys are errors (a misspelt window must not be ignored), and every
// problem of a condition is listed.
const DECODE_OPTIONS = { errors: "all", onExcessProperty: "error" } as const

const conditionDecoders = new Map(
  ConditionKinds.map((kind) => [kind, Schema.decodeUnknownResult(ConditionSchemas[kind] as Schema.Codec<unknown, unknown, never, never>)] as const)
)

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value)

interface Walk {
  readonly issues: Array<InputIssue>
  conditions: number
}

const issue = (walk: Walk, path: ReadonlyArray<PropertyKey>, message: string): undefined => {
  walk.issues.push({ path: formatPath(path), message })
  return undefined
}

const unexpectedKeys = (walk: Walk, value: Record<string, unknown>, allowed: ReadonlyArray<string>, path: ReadonlyArray<PropertyKey>): void => {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) issue(walk, [...path, key], "unexpected key")
}

const decodeChildren = (walk: Walk, value: unknown, path: ReadonlyArray<PropertyKey>, depth: number): ReadonlyArray<RuleNode> | undefined => {
  if (!Array.isArray(value)) return issue(walk, path, "must be a list of rule nodes")
  if (value.length > RuleLimits.maxChildren) issue(walk, path, `must have at most ${RuleLimits.maxChildren} children`)
  const out: Array<RuleNode> = []
  let ok = true
  value.forEach((child, i) => {
    const node = decodeNode(walk, child, [...path, i], depth + 1)
    if (node === undefined) ok = false
    else out.push(node)
  })
  return ok ? out : undefined
}

const decodeNode = (walk: Walk, value: unknown, path: ReadonlyArray<PropertyKey>, depth: number): RuleNode | undefined => {
  if (!isRecord(value)) return issue(walk, path, NODE_SHAPE)
  const families = ["all", "any", "not", "kind"].filter((key) => key in value)
  if (families.length !== 1) return issue(walk, path, families.length === 0 ? NODE_SHAPE : `has ${families.join(" and ")}; a node is exactly one of all, any, not or a condition`)
  if (depth > RuleLimits.maxDepth) return issue(walk, path, `nests deeper than ${RuleLimits.maxDepth} levels`)
  const family = families[0] as "all" | "any" | "not" | "kind"
  if (family === "all" || family === "any") {
    unexpectedKeys(walk, value, [family], path)
    const children = decodeChildren(walk, value[family], [...path, family], depth)
    if (children === undefined) return undefined
    return family === "all" ? { all: children } : { any: children }
  }
  if (family === "not") {
    unexpectedKeys(walk, value, ["not"], path)
    const child = decodeNode(walk, value["not"], [...path, "not"], depth + 1)
    return child === undefined ? undefined : { not: child }
  }
  walk.conditions++
  const kind = value["kind"]
  const decode = typeof kind === "string" ? conditionDecoders.get(kind as ConditionKind) : undefined
  if (decode === undefined) return issue(walk, [...path, "kind"], `unknown condition kind ${JSON.stringify(kind)}; one of ${ConditionKinds.join(", ")}`)
  const result = decode(value, DECODE_OPTIONS)
  if (Result.isFailure(result)) {
    for (const found of issuesOf(result.failure.issue, path)) {
      walk.issues.push(found.message === "Expected no excess property" ? { path: found.path, message: "unexpected key" } : found)
    }
    return undefined
  }
  return result.success as Condition
}

/**
 * Decodes a segment rule from unknown input (parsed JSON from an API or a
 * database). Returns the rule, or an `InvalidInput` (subject
 * `"segment rule"`) listing every problem with its path from the root of
 * the document: unknown condition kinds and fields, values of the wrong type
 * or out of range, filters that do not apply, unexpected keys, and the size
 * limits of {@link RuleLimits}.
 *
 * Each node is decoded with the one schema it claims (its `all`, `any`,
 * `not` or condition `kind`), so errors name that node's fields. The rules
 * it accepts are exactly those {@link SegmentRuleSchema} accepts (without
 * unexpected keys).
 *
 * @param input - the rule document, `{ version: 1, rule: ... }`
 * @returns the decoded rule (dates as `yyyy-mm-dd`), or every problem found
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 *
 * const ok = decodeRuleResult({ version: 1, rule: { kind: "orders", during: { withinLastDays: 90 }, count: { min: 2 } } })
 * Result.isSuccess(ok) // => true
 *
 * const bad = decodeRuleResult({ version: 1, rule: { all: [{ kind: "age", min: 18 }, { kind: "colour" }, { any: [{ kind: "orders", during: { withinLastDays: 0 }, count: { min: 1 } }] }] } })
 * Result.isFailure(bad) && bad.failure.issues
 * // => [{ path: "rule.all[1].kind", message: "unknown condition kind \"colour\"; one of age, generation, ..." },
 * //     { path: "rule.all[2].any[0].during.withinLastDays", message: "must be a positive integer (at most 36500)" }]
 * ```
 */
export const decodeRuleResult = (input: unknown): Result.Result<SegmentRule, InvalidInput> => {
  const walk: Walk = { issues: [], conditions: 0 }
  if (!isRecord(input)) return Result.fail(new InvalidInput({ subject: SUBJECT, issues: [{ path: "", message: "expected a segment rule: { version: 1, rule: { ... } }" }] }))
  unexpectedKeys(walk, input, ["version", "rule"], [])
  const version = input["version"]
  if (version === undefined) issue(walk, ["version"], `is required (this version of kith reads rule version ${RULE_VERSION})`)
  else if (version !== RULE_VERSION) issue(walk, ["version"], `unsupported rule version ${JSON.stringify(version)}; this version of kith reads version ${RULE_VERSION}`)
  const rule = "rule" in input ? decodeNode(walk, input["rule"], ["rule"], 1) : issue(walk, ["rule"], "is required")
  if (walk.conditions > RuleLimits.maxConditions) issue(walk, ["rule"], `has ${walk.conditions} conditions; at most ${RuleLimits.maxConditions}`)
  if (walk.issues.length > 0 || rule === undefined) return Result.fail(new InvalidInput({ subject: SUBJECT, issues: walk.issues }))
  return Result.succeed({ version: RULE_VERSION, rule })
}

/**
 * {@link decodeRuleResult} as an `Effect`, for Effect users.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * Effect.runSync(decodeRule({ version: 1, rule: { any: [] } })) // => { version: 1, rule: { any: [] } }
 * ```
 */
export const decodeRule = (input: unknown): Effect.Effect<SegmentRule, InvalidInput> => Effect.fromResult(decodeRuleResult(input))
