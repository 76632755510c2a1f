import { type RfmInput, rfmLabel } from "@kith/profile"
import type { ActivityRow } from "../../inputs/activity-row.js"
import type { SegmentInputs } from "../../inputs/segment-inputs.js"
import type { RfmCondition } from "../../rule/conditions.js"
import { type Moment, describeBounds, inRange } from "../moment.js"
import type { ConditionProgram } from "../program.js"
import { type RfmCutoffs, type RfmOutcome, scoreAgainst } from "../rfm-cutoffs.js"
import { hasStatus } from "./orders.js"

/**
 * What RFM measures of one profile at `asOf`, from its order rows: its last
 * successful order's purchase instant, its successful orders (any currency)
 * and its spend (their net values in the workspace currency), the same
 * figures `@kith/profile`'s purchase metrics give.
 *
 * @param inputs - the profile's inputs
 * @param options - `asOf` and the workspace currency
 * @returns the input of `rfmScores` / {@link rfmCutoffs} for this profile
 *
 * @example
 * ```ts
 * rfmInputOf({ facts: emptyFacts("p-1"), activity: [] }, { asOf: new Date("2025-06-30T17:00:00Z"), currency: "VND" })
 * // => { profileId: "p-1", lastPurchaseAt: null, successfulOrders: 0, totalSpend: 0 }
 * ```
 */
export const rfmInputOf = (inputs: SegmentInputs, options: { readonly asOf: Date; readonly currency: string }): RfmInput<string> => {
  const asOf = options.asOf.getTime()
  let last = -Infinity
  let orders = 0
  let spend = 0
  const rows = inputs.activity
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as ActivityRow
    if (row.kind !== "order" || row.at > asOf || !hasStatus(row, "successful", asOf)) continue
    orders++
    if (row.at > last) last = row.at
    if (row.currency === options.currency) spend += row.value ?? 0
  }
  return { profileId: inputs.facts.profileId, lastPurchaseAt: orders === 0 ? null : new Date(last), successfulOrders: orders, totalSpend: spend }
}

const outcomeOf = (inputs: SegmentInputs, m: Moment, currency: string, cutoffs: RfmCutoffs): RfmOutcome | null => {
  const input = rfmInputOf(inputs, { asOf: new Date(m.asOf), currency })
  if (input.lastPurchaseAt === null) return null
  const days = m.today - m.clock.dayOf(input.lastPurchaseAt.getTime())
  const recency = scoreAgainst(days, cutoffs.recencyDays, true)
  const frequency = scoreAgainst(input.successfulOrders, cutoffs.frequency)
  return { recency, frequency, monetary: scoreAgainst(input.totalSpend, cutoffs.monetary), label: rfmLabel(recency, frequency) }
}

/** Compiles an {@link RfmCondition} against the workspace's cut-offs. */
export const compileRfm = (c: RfmCondition, currency: string, cutoffs: RfmCutoffs): ConditionProgram => {
  const labels = c.labels === undefined ? null : new Set<string>(c.labels)
  const matches = (outcome: RfmOutcome | null): boolean =>
    outcome !== null &&
    (c.recency === undefined || inRange(outcome.recency, c.recency)) &&
    (c.frequency === undefined || inRange(outcome.frequency, c.frequency)) &&
    (c.monetary === undefined || inRange(outcome.monetary, c.monetary)) &&
    (labels === null || labels.has(outcome.label))
  const needs = [
    ...(c.recency === undefined ? [] : [`R ${describeBounds(c.recency)}`]),
    ...(c.frequency === undefined ? [] : [`F ${describeBounds(c.frequency)}`]),
    ...(c.monetary === undefined ? [] : [`M ${describeBounds(c.monetary)}`]),
    ...(c.labels === undefined ? [] : [`label ${c.labels.join(" or ")}`])
  ].join(", ")
  return {
    bind: (m) => (inputs) => matches(outcomeOf(inputs, m, currency, cutoffs)),
    report: (inputs, m) => {
      const outcome = outcomeOf(inputs, m, currency, cutoffs)
      const seen = outcome === null ? "none (no successful order)" : `R${outcome.recency} F${outcome.frequency} M${outcome.monetary} (${outcome.label})`
      return { verdict: matches(outcome), observed: outcome === null ? null : outcome.label, text: `RFM: ${seen}, needs ${needs}` }
    },
    changes: (inputs, m, out) => {
      for (const row of inputs.activity) {
        if (row.kind !== "order") continue
        if (row.at > m.asOf) out.push(row.at)
        if (row.completedAt !== null && row.completedAt > m.asOf) out.push(row.completedAt)
        if (row.failedAt !== null && row.failedAt > m.asOf) out.push(row.failedAt)
        // Should this order be the last purchase, its recency score drops
        // at the local midnight after each recency cut-off.
        const day = m.clock.dayOf(row.at)
        for (const cutoff of cutoffs.recencyDays) {
          if (cutoff === null) continue
          const drops = m.clock.startOfDay(day + cutoff + 1)
          if (drops > m.asOf) out.push(drops)
        }
      }
    }
  }
}
