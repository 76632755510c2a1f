import { InvalidInput } from "@kith/core"
import { Result } from "effect"
import type { SegmentRule } from "../rule/rule.js"
import { customerTypeTemplates } from "./customer-types.js"
import { rfmTemplates } from "./rfm.js"
import { sellerTemplates } from "./seller.js"
import type { SegmentTemplate } from "./template.js"

/**
 * Every template: the seller's seven, the customer types, then one per RFM label.
 *
 * @example
 * ```ts
 * segmentTemplates.length // => 24
 * ```
 */
export const segmentTemplates: ReadonlyArray<SegmentTemplate> = [...sellerTemplates, ...customerTypeTemplates, ...rfmTemplates]

const byId = new Map(segmentTemplates.map((t) => [t.id, t]))

/**
 * The template with this id.
 *
 * @throws `InvalidInput` (subject `"template"`) for an unknown id
 *
 * @example
 * ```ts
 * segmentTemplate("lapsed").rule({ inactiveDays: 60 })
 * // => { version: 1, rule: { kind: "last_order", during: { withinLastDays: 365, notWithinLastDays: 60 } } }
 * ```
 */
export const segmentTemplate = (id: string): SegmentTemplate => {
  const template = byId.get(id)
  if (template === undefined) throw unknownTemplate(id)
  return template
}

const unknownTemplate = (id: string): InvalidInput =>
  new InvalidInput({ subject: "template", issues: [{ path: "id", message: `unknown template ${JSON.stringify(id)}; one of ${segmentTemplates.map((t) => t.id).join(", ")}` }] })

/**
 * Builds a template's rule from untrusted input (an API body): the id must
 * name a template, and every parameter must be one it takes, a whole number
 * within its bounds.
 *
 * @param id - the template id
 * @param params - the parameters to change (the others keep their defaults)
 * @returns the rule, or an `InvalidInput` listing every problem
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * Result.isSuccess(templateRuleResult("regular", { days: 60 })) // => true
 * const bad = templateRuleResult("regular", { days: 0, weeks: 2 })
 * Result.isFailure(bad) && bad.failure.issues.map((i) => i.path) // => ["weeks", "days"]
 * ```
 */
export const templateRuleResult = (id: string, params?: unknown): Result.Result<SegmentRule, InvalidInput> => {
  const template = byId.get(id)
  if (template === undefined) return Result.fail(unknownTemplate(id))
  try {
    return Result.succeed(template.rule(params as Readonly<Record<string, number>> | undefined))
  } catch (error) {
    if (error instanceof InvalidInput) return Result.fail(error)
    throw error
  }
}
