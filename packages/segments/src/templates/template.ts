import { InvalidInput, type InputIssue } from "@kith/core"
import { Result } from "effect"
import type { SegmentRule } from "../rule/rule.js"

/** A text in Vietnamese and English. */
export interface LocalizedText {
  readonly vi: string
  readonly en: string
}

/** One editable parameter of a template: a whole number within bounds. */
export interface TemplateParameter {
  readonly name: string
  readonly default: number
  readonly min: number
  readonly max: number
  readonly description: LocalizedText
}

/** The groups of templates (SEG-3). */
export type TemplateGroup = "seller" | "customer_type" | "rfm"

/** Parameter values by name. */
export type TemplateParams = Readonly<Record<string, number>>

/**
 * A segment template (SEG-3): a rule built from editable parameters, with a
 * name and a description in Vietnamese and English.
 *
 * @example
 * ```ts
 * const regular = segmentTemplate("regular")
 * regular.name.vi // => "Khách hàng thường xuyên"
 * regular.rule({ days: 60 }) // => { version: 1, rule: { kind: "orders", during: { withinLastDays: 60 }, count: { min: 2 } } }
 * ```
 */
export interface SegmentTemplate {
  readonly id: string
  readonly group: TemplateGroup
  readonly name: LocalizedText
  /** The written definition: what a member is. */
  readonly description: LocalizedText
  readonly parameters: ReadonlyArray<TemplateParameter>
  /**
   * The rule for these parameters (defaults for those not given).
   *
   * @throws `InvalidInput` (subject `"template parameters"`) naming each parameter that is unknown, not a whole number, or out of bounds
   */
  readonly rule: (params?: TemplateParams) => SegmentRule
}

/** What a template definition supplies; {@link defineTemplate} adds the checking. */
export interface TemplateDefinition {
  readonly id: string
  readonly group: TemplateGroup
  readonly name: LocalizedText
  readonly description: LocalizedText
  readonly parameters: ReadonlyArray<TemplateParameter>
  /** Problems between parameters (each already in bounds), by parameter name. */
  readonly check?: (params: TemplateParams) => ReadonlyArray<InputIssue>
  readonly build: (params: TemplateParams) => SegmentRule["rule"]
}

const SUBJECT = "template parameters"

/** Resolves parameters against a definition: defaults filled, every problem listed. */
export const resolveParams = (definition: TemplateDefinition, input: unknown): Result.Result<TemplateParams, InvalidInput> => {
  const issues: Array<InputIssue> = []
  const given = input ?? {}
  if (typeof given !== "object" || given === null || Array.isArray(given)) {
    return Result.fail(new InvalidInput({ subject: SUBJECT, issues: [{ path: "", message: "expected an object of parameters" }] }))
  }
  const record = given as Record<string, unknown>
  const out: Record<string, number> = {}
  for (const key of Object.keys(record)) {
    if (!definition.parameters.some((p) => p.name === key)) {
      const known = definition.parameters.map((p) => p.name)
      issues.push({ path: key, message: known.length === 0 ? `unknown parameter; ${definition.id} takes none` : `unknown parameter; ${definition.id} takes ${known.join(", ")}` })
    }
  }
  for (const parameter of definition.parameters) {
    const value = Object.hasOwn(record, parameter.name) ? record[parameter.name] : parameter.default
    if (typeof value !== "number" || !Number.isInteger(value) || value < parameter.min || value > parameter.max) {
      issues.push({ path: parameter.name, message: `must be a whole number from ${parameter.min} to ${parameter.max}, got ${JSON.stringify(value)}` })
    } else out[parameter.name] = value
  }
  if (issues.length === 0) issues.push(...(definition.check?.(out) ?? []))
  return issues.length === 0 ? Result.succeed(out) : Result.fail(new InvalidInput({ subject: SUBJECT, issues }))
}

/**
 * Turns a definition into a {@link SegmentTemplate} whose `rule` checks its
 * parameters.
 *
 * @example
 * ```ts
 * const vip = defineTemplate({
 *   id: "vip", group: "customer_type", name: { vi: "Khách VIP", en: "VIP" }, description: { vi: "Có thẻ vip", en: "Tagged vip" },
 *   parameters: [], build: () => ({ kind: "field", field: "tags", hasAny: ["vip"] })
 * })
 * vip.rule() // => { version: 1, rule: { kind: "field", field: "tags", hasAny: ["vip"] } }
 * ```
 */
export const defineTemplate = (definition: TemplateDefinition): SegmentTemplate => ({
  id: definition.id,
  group: definition.group,
  name: definition.name,
  description: definition.description,
  parameters: definition.parameters,
  rule: (params) => {
    const resolved = resolveParams(definition, params)
    if (Result.isFailure(resolved)) throw resolved.failure
    return { version: 1, rule: definition.build(resolved.success) }
  }
})

/** A `days` parameter with its default. */
export const daysParameter = (defaultDays: number, description: LocalizedText, name = "days"): TemplateParameter => ({
  name,
  default: defaultDays,
  min: 1,
  max: 3650,
  description
})

/** Reads a parameter the template declared (always present after {@link resolveParams}). */
export const param = (params: TemplateParams, name: string): number => params[name] as number
