import { Schema } from "effect"
import { type Condition, ConditionSchemas } from "./conditions.js"
import { RuleLimits } from "./limits.js"

/**
 * Matches when every child matches; `{ all: [] }` always matches.
 *
 * @example
 * ```ts
 * const node: AllNode = { all: [{ kind: "field", field: "gender", in: ["female"] }, { kind: "age", min: 18 }] }
 * ```
 */
export interface AllNode {
  readonly all: ReadonlyArray<RuleNode>
}

/**
 * Matches when some child matches; `{ any: [] }` never matches.
 *
 * @example
 * ```ts
 * const node: AnyNode = { any: [{ kind: "field", field: "tier", in: ["gold"] }, { kind: "field", field: "tags", hasAny: ["vip"] }] }
 * ```
 */
export interface AnyNode {
  readonly any: ReadonlyArray<RuleNode>
}

/**
 * Matches when its child does not.
 *
 * @example
 * ```ts
 * const neverBought: NotNode = { not: { kind: "orders", count: { min: 1 } } }
 * ```
 */
export interface NotNode {
  readonly not: RuleNode
}

/** A node of a rule tree: `all`, `any`, `not` or a condition. */
export type RuleNode = AllNode | AnyNode | NotNode | Condition

/** The rule format this version of kith reads and writes. */
export const RULE_VERSION = 1

/**
 * A segment rule (SEG-1): a versioned, JSON-serializable tree of `all` /
 * `any` / `not` over typed conditions. The value is plain JSON:
 * `JSON.parse(JSON.stringify(rule))` decodes to an equal rule.
 *
 * @example
 * ```ts
 * const regular: SegmentRule = { version: 1, rule: { kind: "orders", during: { withinLastDays: 90 }, count: { min: 2 } } }
 * ```
 */
export interface SegmentRule {
  readonly version: typeof RULE_VERSION
  readonly rule: RuleNode
}

const Children = (node: Schema.Codec<RuleNode>) =>
  Schema.Array(node).check(Schema.isMaxLength(RuleLimits.maxChildren, { message: `must have at most ${RuleLimits.maxChildren} children` }))

/**
 * The schema of one rule node (recursive). {@link decodeRule} decodes with
 * the same node schemas but picks the one a node claims, so an error names
 * that node's fields rather than every member of the union.
 */
export const RuleNodeSchema: Schema.Codec<RuleNode> = Schema.Union([
  Schema.Struct({ all: Children(Schema.suspend((): Schema.Codec<RuleNode> => RuleNodeSchema)) }),
  Schema.Struct({ any: Children(Schema.suspend((): Schema.Codec<RuleNode> => RuleNodeSchema)) }),
  Schema.Struct({ not: Schema.suspend((): Schema.Codec<RuleNode> => RuleNodeSchema) }),
  ...Object.values(ConditionSchemas)
]) as unknown as Schema.Codec<RuleNode>

/**
 * What a rule holds: its nesting depth and its number of conditions.
 *
 * @example
 * ```ts
 * ruleShape({ all: [{ kind: "age", min: 18 }, { not: { kind: "age", min: 60 } }] }) // => { depth: 3, conditions: 2 }
 * ```
 */
export const ruleShape = (node: RuleNode): { readonly depth: number; readonly conditions: number } => {
  if ("all" in node || "any" in node) {
    const children = "all" in node ? node.all : node.any
    let depth = 0
    let conditions = 0
    for (const child of children) {
      const shape = ruleShape(child)
      depth = Math.max(depth, shape.depth)
      conditions += shape.conditions
    }
    return { depth: depth + 1, conditions }
  }
  if ("not" in node) {
    const shape = ruleShape(node.not)
    return { depth: shape.depth + 1, conditions: shape.conditions }
  }
  return { depth: 1, conditions: 1 }
}

/**
 * The schema of a whole {@link SegmentRule}: the version, the tree, and the
 * size limits of {@link RuleLimits}. Its decoded and encoded forms are the
 * same JSON.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(SegmentRuleSchema)({ version: 1, rule: { all: [] } }) // => { version: 1, rule: { all: [] } }
 * ```
 */
export const SegmentRuleSchema: Schema.Codec<SegmentRule> = Schema.Struct({
  version: Schema.Literal(RULE_VERSION),
  rule: RuleNodeSchema
}).check(
  Schema.makeFilter((document: SegmentRule) => {
    const shape = ruleShape(document.rule)
    const issues: Array<Schema.FilterIssue> = []
    if (shape.depth > RuleLimits.maxDepth) issues.push({ path: ["rule"], issue: `nests ${shape.depth} levels deep; at most ${RuleLimits.maxDepth}` })
    if (shape.conditions > RuleLimits.maxConditions) issues.push({ path: ["rule"], issue: `has ${shape.conditions} conditions; at most ${RuleLimits.maxConditions}` })
    return issues
  })
) as unknown as Schema.Codec<SegmentRule>

/**
 * Is the node a condition (rather than `all`, `any` or `not`)?
 *
 * @example
 * ```ts
 * isCondition({ kind: "age", min: 18 }) // => true
 * isCondition({ all: [] }) // => false
 * ```
 */
export const isCondition = (node: RuleNode): node is Condition => "kind" in node
