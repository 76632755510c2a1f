import { decoderFor, Instant, type InputIssue, InvalidInput, ProductId } from "@kith/core"
import { decodeRuleResult, SegmentRuleSchema } from "@kith/segments"
import { Result, Schema } from "effect"
import { MessagePurpose, OutreachChannel } from "../channel.js"
import { HoldoutPercent } from "../holdout.js"
import { TriggerDefinition } from "../triggers/trigger-definition.js"
import { placeholderIssues } from "./placeholders.js"

const Ref = Schema.String.check(Schema.isTrimmed(), Schema.isNonEmpty(), Schema.isMaxLength(200))
const MessageText = Schema.String.check(
  Schema.makeFilter((s: string) => (s.trim() === "" ? "must not be blank" : undefined)),
  Schema.isMaxLength(4000)
)

/** The locales a plan's text comes in; the recipient's locale picks one, the fallback covers the rest. */
export const ContentLocale = Schema.Literals(["vi", "en"])
/** A {@link ContentLocale} after decoding. */
export type ContentLocale = typeof ContentLocale.Type

/**
 * A plan's message: free text, or a channel template (a Zalo ZNS template
 * id, an email template) with its text per locale, and the locale used when
 * the recipient's has no variant. Placeholders such as `{{firstName | "bạn"}}`
 * are checked at validation (see `PersonalizationFields`).
 */
export const PlanContent = Schema.Struct({
  templateId: Schema.optionalKey(Ref),
  variants: Schema.Struct({ vi: Schema.optionalKey(MessageText), en: Schema.optionalKey(MessageText) }),
  fallbackLocale: ContentLocale
})
/** A {@link PlanContent} after decoding. */
export type PlanContent = typeof PlanContent.Type

/** A voucher attached to the plan: none, a regular one, one targeted to the audience's segments, or private to the recipients. */
export const PlanVoucher = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("none") }),
  Schema.Struct({ kind: Schema.Literals(["regular", "targeted", "private"]), code: Ref })
])
/** A {@link PlanVoucher} after decoding. */
export type PlanVoucher = typeof PlanVoucher.Type

/** Where the message leads: a list of the plan's products, a LIVE event, or the recipient's cart. */
export const CallToAction = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("product_list") }),
  Schema.Struct({ kind: Schema.Literal("live"), liveId: Ref }),
  Schema.Struct({ kind: Schema.Literal("cart") })
])
/** A {@link CallToAction} after decoding. */
export type CallToAction = typeof CallToAction.Type

/** Who the plan is for: the profiles in any of `include` and in none of `exclude` (segment ids). */
export const PlanAudience = Schema.Struct({
  include: Schema.Array(Ref).check(Schema.isMinLength(1, { message: "name at least one segment" }), Schema.isMaxLength(20)),
  exclude: Schema.Array(Ref).check(Schema.isMaxLength(20))
})
/** A {@link PlanAudience} after decoding. */
export type PlanAudience = typeof PlanAudience.Type

/**
 * What makes a plan automated (OUT-4): its trigger, the period it is active
 * in (`to: null` is open-ended), and optionally a segment rule the profile
 * must match when an occurrence is due (the `@kith/segments` language).
 */
export const PlanAutomation = Schema.Struct({
  trigger: TriggerDefinition,
  activePeriod: Schema.Struct({ from: Instant, to: Schema.NullOr(Instant) }),
  condition: Schema.optionalKey(SegmentRuleSchema)
})
/** A {@link PlanAutomation} after decoding. */
export type PlanAutomation = typeof PlanAutomation.Type

/**
 * Everything a plan says (OUT-1): its name (at most 100 words), purpose,
 * channel, audience, content, voucher, attached products (1 to 4; an
 * automated plan may attach none and take up to 4 from the trigger, e.g.
 * the cart), call to action, holdout percent, and for an automated plan its automation.
 */
export const PlanDefinition = Schema.Struct({
  name: Schema.String.check(Schema.makeFilter((s: string) => (s.trim() === "" ? "must not be blank" : undefined)), Schema.isMaxLength(1000)),
  purpose: MessagePurpose,
  channel: OutreachChannel,
  audience: PlanAudience,
  content: PlanContent,
  voucher: PlanVoucher,
  products: Schema.Array(ProductId).check(Schema.isMaxLength(4, { message: "at most 4 products per message" })),
  callToAction: CallToAction,
  holdoutPercent: HoldoutPercent,
  automation: Schema.optionalKey(PlanAutomation)
})
/** A {@link PlanDefinition} after decoding. */
export type PlanDefinition = typeof PlanDefinition.Type
/** The input shape of a {@link PlanDefinition}: instants as ISO strings or dates. */
export type PlanDefinitionInput = typeof PlanDefinition.Encoded

const decodeShape = decoderFor("plan", PlanDefinition)

/** The rules across fields that the schema alone cannot state. */
const crossFieldIssues = (plan: PlanDefinition): ReadonlyArray<InputIssue> => {
  const issues: Array<InputIssue> = []
  const words = plan.name.trim().split(/\s+/).length
  if (words > 100) issues.push({ path: "name", message: `at most 100 words (found ${words})` })
  if (plan.automation === undefined && plan.products.length === 0) issues.push({ path: "products", message: "a one-time plan attaches 1 to 4 products" })
  if (plan.content.variants[plan.content.fallbackLocale] === undefined)
    issues.push({ path: `content.variants.${plan.content.fallbackLocale}`, message: `the fallback locale ${plan.content.fallbackLocale} needs a text` })
  const hasVoucher = plan.voucher.kind !== "none"
  for (const locale of ["vi", "en"] as const) {
    const text = plan.content.variants[locale]
    if (text !== undefined) issues.push(...placeholderIssues(text, `content.variants.${locale}`, { hasVoucher }))
  }
  const period = plan.automation?.activePeriod
  if (period !== undefined && period.to !== null && period.to.getTime() <= period.from.getTime())
    issues.push({ path: "automation.activePeriod.to", message: `must be after from (${period.from.toISOString()})` })
  return issues
}

/**
 * Validates a plan's definition (OUT-1): the shape, then the rules across
 * fields, every problem named by its path: a name over 100 words, a
 * one-time plan without products, a fallback locale without text, a bad
 * placeholder, an active period that ends before it starts.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * const plan = {
 *   name: "Xả hàng cuối tuần", purpose: "promotion", channel: "zalo",
 *   audience: { include: ["seg-vip"], exclude: [] },
 *   content: { variants: { vi: 'Chào {{firstName}}, giảm 20% hôm nay' }, fallbackLocale: "en" },
 *   voucher: { kind: "none" }, products: [], callToAction: { kind: "product_list" }, holdoutPercent: 10
 * }
 * const result = decodePlanDefinitionResult(plan)
 * Result.isFailure(result) && result.failure.issues.map((i) => i.path)
 * // => ["products", "content.variants.en", "content.variants.vi"]
 * ```
 */
export const decodePlanDefinitionResult = (input: unknown): Result.Result<PlanDefinition, InvalidInput> => {
  // The condition is decoded by the segments package's own decoder, which
  // names the problem inside the rule instead of every member of the rule union.
  const { shape, condition } = splitCondition(input)
  const rule = condition === undefined ? undefined : decodeRuleResult(condition)
  const ruleIssues = rule !== undefined && Result.isFailure(rule) ? rule.failure.issues.map((i) => ({ path: i.path === "" ? "automation.condition" : `automation.condition.${i.path}`, message: i.message })) : []
  const decoded = decodeShape(shape)
  if (Result.isFailure(decoded)) return Result.fail(new InvalidInput({ subject: "plan", issues: [...decoded.failure.issues, ...ruleIssues] }))
  const plan: PlanDefinition =
    rule !== undefined && Result.isSuccess(rule) && decoded.success.automation !== undefined
      ? { ...decoded.success, automation: { ...decoded.success.automation, condition: rule.success } }
      : decoded.success
  const issues = [...crossFieldIssues(plan), ...ruleIssues]
  return issues.length === 0 ? Result.succeed(plan) : Result.fail(new InvalidInput({ subject: "plan", issues }))
}

const splitCondition = (input: unknown): { readonly shape: unknown; readonly condition: unknown } => {
  if (typeof input !== "object" || input === null) return { shape: input, condition: undefined }
  const automation = (input as { readonly automation?: unknown }).automation
  if (typeof automation !== "object" || automation === null || !("condition" in automation)) return { shape: input, condition: undefined }
  const { condition, ...rest } = automation as { readonly condition: unknown }
  return { shape: { ...input, automation: rest }, condition }
}
