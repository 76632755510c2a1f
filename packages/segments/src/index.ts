/**
 * Segments for kith: one rule language with one meaning (SEG-1, SEG-2,
 * SEG-9), the segment inputs it reads (a profile's flat facts and its typed
 * activity rows, built from `@kith/core` events and `@kith/profile`
 * summaries), the in-memory engine (SEG-4, SEG-5), explanations (SEG-7), the
 * exact instant membership next changes by time alone (SEG-8), and
 * templates in Vietnamese and English (SEG-3). Pure: no I/O, time is a
 * parameter. Random rules and inputs for testing other engines come from
 * `@kith/segments/testing`.
 *
 * @example
 * ```ts
 * import { activityRow, emptyFacts, evaluate, nextChange, segmentTemplate } from "@kith/segments"
 *
 * const rule = segmentTemplate("recent").rule({ days: 30 })
 * const order = activityRow("order", Date.parse("2025-06-10T20:00:00+07:00"), "SO-1", { completedAt: Date.parse("2025-06-12T09:00:00+07:00"), value: 450000, currency: "VND" })
 * const inputs = { facts: emptyFacts("p-1"), activity: [order] }
 * evaluate(rule, inputs, { asOf: new Date("2025-06-20T12:00:00+07:00") }) // => true
 * nextChange(rule, inputs, { asOf: new Date("2025-06-20T12:00:00+07:00") }) // => new Date("2025-07-10T00:00:00+07:00")
 * ```
 *
 * @packageDocumentation
 */

// The segment inputs: the data model both engines evaluate.
export * from "./inputs/activity-row.js"
export * from "./inputs/profile-facts.js"
export * from "./inputs/regions.js"
export * from "./inputs/activity-of-event.js"
export * from "./inputs/order-rows.js"
export * from "./inputs/facts-of.js"
export * from "./inputs/segment-inputs.js"

// The rule language.
export * from "./rule/limits.js"
export * from "./rule/time-range.js"
export * from "./rule/catalog.js"
export * from "./rule/conditions.js"
export * from "./rule/rule.js"
export * from "./rule/decode-rule.js"

// The in-memory engine.
export * from "./engine/context.js"
export * from "./engine/errors.js"
export * from "./engine/rfm-cutoffs.js"
export { rfmInputOf } from "./engine/conditions/rfm.js"
export { type CompiledRule, type Explanation, checkSegmentReferences, compileRule, segmentReferencesOf } from "./engine/compile.js"
export type { Observed } from "./engine/program.js"
export * from "./engine/evaluate.js"
export { type Bounds, timeRangeBounds } from "./engine/moment.js"

// Templates.
export {
  type LocalizedText,
  type SegmentTemplate,
  type TemplateDefinition,
  type TemplateGroup,
  type TemplateParameter,
  type TemplateParams,
  defineTemplate
} from "./templates/template.js"
export { ACTIVE_FOLLOWER_ACTIVITY, sellerTemplates } from "./templates/seller.js"
export { PERSON_ACTIVITY, customerTypeTemplates } from "./templates/customer-types.js"
export { rfmTemplates } from "./templates/rfm.js"
export * from "./templates/index.js"
