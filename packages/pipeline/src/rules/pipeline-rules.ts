import { CurrencyCode, defaultWorkspaceSettings, type FormKind, type InvalidInput, TimeZone } from "@kith/core"
import { Result, Schema } from "effect"
import { decodeWith } from "../change-options.js"
import { type LeadSource, LeadSource as LeadSourceSchema } from "../lead/lead.js"
import { type PotentialLevel, PotentialLevel as PotentialSchema } from "../opportunity/opportunity.js"

/** What opens an opportunity when the customer has none open: a cart (`Product Added`), a checkout (`Checkout Started`), a placed order (`Order Placed`). */
export const OpportunityTrigger = Schema.Literals(["cart", "checkout", "order_placed"])
/** An {@link OpportunityTrigger} after decoding. */
export type OpportunityTrigger = typeof OpportunityTrigger.Type

/**
 * The settings of the event rules, every one optional:
 *
 * | setting | default | meaning |
 * |---|---|---|
 * | `timeZone` | `Asia/Ho_Chi_Minh` | where "N days" of an abandoned checkout are counted (same local time N days later) |
 * | `currency` | `VND` | an opportunity's currency until a checkout or order names one |
 * | `leads.fromForms` | `true` | `Form Submitted` opens a lead |
 * | `leads.fromReviews` | `true` | `Review Submitted` opens a lead (source `review`) |
 * | `leads.repeatSubmission` | `"same_lead"` | another submission of the same source while the customer's latest lead of that source is not closed counts on it (`submissions` + 1); `"new_lead"` opens one each time |
 * | `leads.sourceOfForm` | chatbot → `chatbot_form`, review → `review`, website / landing page / other → `website_form` | the lead source of each form kind |
 * | `opportunities.openOn` | `["cart", "checkout"]` | which events open an opportunity when none is open |
 * | `opportunities.abandonedCheckoutDays` | `3` | a checkout with no order placed within this many days loses the opportunity (`null`: never) |
 * | `opportunities.cameBackAfterHours` | `24` | activity after this long a quiet spell counts as `came_back` |
 * | `opportunities.potentialOnOpen` | cart → `medium`, checkout → `high`, order placed → `high` | the potential level of an opportunity a rule opens |
 */
export const PipelineRulesInput = Schema.Struct({
  timeZone: Schema.optionalKey(TimeZone),
  currency: Schema.optionalKey(CurrencyCode),
  leads: Schema.optionalKey(
    Schema.Struct({
      fromForms: Schema.optionalKey(Schema.Boolean),
      fromReviews: Schema.optionalKey(Schema.Boolean),
      repeatSubmission: Schema.optionalKey(Schema.Literals(["same_lead", "new_lead"])),
      sourceOfForm: Schema.optionalKey(
        Schema.Struct({
          chatbot: Schema.optionalKey(LeadSourceSchema),
          website: Schema.optionalKey(LeadSourceSchema),
          landing_page: Schema.optionalKey(LeadSourceSchema),
          review: Schema.optionalKey(LeadSourceSchema),
          other: Schema.optionalKey(LeadSourceSchema)
        })
      )
    })
  ),
  opportunities: Schema.optionalKey(
    Schema.Struct({
      openOn: Schema.optionalKey(Schema.Array(OpportunityTrigger).check(Schema.isMaxLength(3))),
      abandonedCheckoutDays: Schema.optionalKey(Schema.NullOr(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 365 })))),
      cameBackAfterHours: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 8784 }))),
      potentialOnOpen: Schema.optionalKey(
        Schema.Struct({ cart: Schema.optionalKey(PotentialSchema), checkout: Schema.optionalKey(PotentialSchema), order_placed: Schema.optionalKey(PotentialSchema) })
      )
    })
  )
})
/** The input shape of the rule settings. */
export type PipelineRulesInput = typeof PipelineRulesInput.Encoded

/** The rule settings with every default filled in, from {@link pipelineRules}. */
export interface PipelineRules {
  readonly timeZone: string
  readonly currency: string
  readonly leads: {
    readonly fromForms: boolean
    readonly fromReviews: boolean
    readonly repeatSubmission: "same_lead" | "new_lead"
    readonly sourceOfForm: Readonly<Record<FormKind, LeadSource>>
  }
  readonly opportunities: {
    readonly openOn: ReadonlyArray<OpportunityTrigger>
    readonly abandonedCheckoutDays: number | null
    readonly cameBackAfterHours: number
    readonly potentialOnOpen: Readonly<Record<OpportunityTrigger, PotentialLevel>>
  }
}

/**
 * The default rule settings (see {@link PipelineRulesInput} for each).
 *
 * @example
 * ```ts
 * defaultPipelineRules.opportunities.abandonedCheckoutDays // => 3
 * ```
 */
export const defaultPipelineRules: PipelineRules = {
  timeZone: defaultWorkspaceSettings.timezone,
  currency: defaultWorkspaceSettings.currency,
  leads: {
    fromForms: true,
    fromReviews: true,
    repeatSubmission: "same_lead",
    sourceOfForm: { chatbot: "chatbot_form", website: "website_form", landing_page: "website_form", review: "review", other: "website_form" }
  },
  opportunities: {
    openOn: ["cart", "checkout"],
    abandonedCheckoutDays: 3,
    cameBackAfterHours: 24,
    potentialOnOpen: { cart: "medium", checkout: "high", order_placed: "high" }
  }
}

const decodeRules = decodeWith("pipeline rules", PipelineRulesInput)

/**
 * Checks rule settings and fills in the defaults.
 *
 * @param input - the settings to change; `{}` for the defaults
 * @returns the settings, or an `InvalidInput` naming every bad field
 *
 * @example
 * ```ts
 * import { pipelineRules } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * Result.getOrThrow(pipelineRules({ opportunities: { abandonedCheckoutDays: 7, openOn: ["checkout"] } })).opportunities.openOn // => ["checkout"]
 * Result.isFailure(pipelineRules({ opportunities: { abandonedCheckoutDays: 0 } })) // => true
 * ```
 */
export const pipelineRules = (input: PipelineRulesInput): Result.Result<PipelineRules, InvalidInput> =>
  Result.map(decodeRules(input), (rules) => {
    const d = defaultPipelineRules
    const leads = rules.leads ?? {}
    const opportunities = rules.opportunities ?? {}
    return {
      timeZone: rules.timeZone ?? d.timeZone,
      currency: rules.currency ?? d.currency,
      leads: {
        fromForms: leads.fromForms ?? d.leads.fromForms,
        fromReviews: leads.fromReviews ?? d.leads.fromReviews,
        repeatSubmission: leads.repeatSubmission ?? d.leads.repeatSubmission,
        sourceOfForm: { ...d.leads.sourceOfForm, ...leads.sourceOfForm }
      },
      opportunities: {
        openOn: opportunities.openOn ?? d.opportunities.openOn,
        abandonedCheckoutDays: opportunities.abandonedCheckoutDays === undefined ? d.opportunities.abandonedCheckoutDays : opportunities.abandonedCheckoutDays,
        cameBackAfterHours: opportunities.cameBackAfterHours ?? d.opportunities.cameBackAfterHours,
        potentialOnOpen: { ...d.opportunities.potentialOnOpen, ...opportunities.potentialOnOpen }
      }
    }
  })
