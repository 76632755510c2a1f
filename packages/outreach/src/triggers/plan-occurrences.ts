import { evaluate, type SegmentContext, type SegmentInputs } from "@kith/segments"
import type { PlanAutomation } from "../plan/plan-definition.js"
import { MAX_PRODUCTS_PER_MESSAGE, triggerInstances } from "./occurrences.js"
import type { ShopEvent } from "./shop-event.js"
import type { TriggerKind } from "./trigger-definition.js"

/**
 * One message an automated plan owes one profile. `(planId, profileId,
 * instance)` is its key: the delivery outbox keeps one row per key, so the
 * same cart, order or LIVE never triggers the same plan twice.
 */
export interface Occurrence {
  readonly planId: string
  readonly profileId: string
  readonly trigger: TriggerKind
  readonly instance: string
  readonly dueAt: Date
  /** The plan's own products, or the trigger's (the cart's), at most 4. */
  readonly products: ReadonlyArray<string>
}

/**
 * The key of an occurrence: plan, profile and trigger instance.
 *
 * @example
 * ```ts
 * occurrenceKey({ planId: "plan-1", profileId: "p-1", instance: "cart:m-1" }) // => "plan-1\u0000p-1\u0000cart:m-1"
 * ```
 */
export const occurrenceKey = (o: Pick<Occurrence, "planId" | "profileId" | "instance">): string => `${o.planId}\u0000${o.profileId}\u0000${o.instance}`

/**
 * The occurrences an automated plan owes one profile at `asOf` (OUT-4): the
 * trigger's instances due by then, kept when due within the plan's active
 * period and, if the plan has a condition, when the profile matches it at
 * the due instant (evaluated by `@kith/segments`). A one-time plan owes none.
 *
 * @param plan - the plan (any status: the caller runs the plans in progress)
 * @param inputs - the profile's segment inputs (facts and activity rows)
 * @param shop - the shop's price changes and LIVE schedule
 * @param options - `asOf`, and the segment context of the workspace (timezone, currency, segments a condition names)
 * @returns the occurrences due, oldest first, and when the next one falls due
 *
 * @example
 * ```ts
 * import { activityRow, emptyFacts } from "@kith/segments"
 * const plan = {
 *   id: "plan-cart",
 *   definition: { products: [], automation: { trigger: { kind: "abandoned_cart", afterHours: 1 }, activePeriod: { from: new Date("2025-03-01T00:00:00+07:00"), to: null } } }
 * }
 * const inputs = { facts: emptyFacts("p-1"), activity: [activityRow("product_added", Date.parse("2025-03-07T20:00:00+07:00"), "m-1", { productId: "p-ao" })] }
 * planOccurrences(plan, inputs, [], { asOf: new Date("2025-03-08T08:00:00+07:00") }).occurrences.map((o) => [o.instance, o.products])
 * // => [["cart:m-1", ["p-ao"]]]
 * ```
 */
export const planOccurrences = (
  plan: { readonly id: string; readonly definition: { readonly products: ReadonlyArray<string>; readonly automation?: PlanAutomation | undefined } },
  inputs: SegmentInputs,
  shop: ReadonlyArray<ShopEvent>,
  options: { readonly asOf: Date; readonly context?: SegmentContext }
): { readonly occurrences: ReadonlyArray<Occurrence>; readonly nextDueAt: Date | null } => {
  const automation = plan.definition.automation
  if (automation === undefined) return { occurrences: [], nextDueAt: null }
  const { from, to } = automation.activePeriod
  const inPeriod = (t: number) => t >= from.getTime() && (to === null || t < to.getTime())
  const found = triggerInstances(automation.trigger, inputs.activity, shop, options)
  const occurrences: Array<Occurrence> = []
  for (const instance of found.due) {
    const dueAt = instance.dueAt
    if (!inPeriod(dueAt.getTime())) continue
    if (automation.condition !== undefined && !evaluate(automation.condition, inputs, { asOf: dueAt, ...(options.context === undefined ? {} : { context: options.context }) })) continue
    occurrences.push({
      planId: plan.id,
      profileId: inputs.facts.profileId,
      trigger: instance.trigger,
      instance: instance.instance,
      dueAt,
      products: (plan.definition.products.length > 0 ? plan.definition.products : instance.products).slice(0, MAX_PRODUCTS_PER_MESSAGE)
    })
  }
  const next = found.nextDueAt
  return { occurrences, nextDueAt: next !== null && (to === null || next.getTime() < to.getTime()) ? next : null }
}
