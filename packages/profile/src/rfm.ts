import { Schema } from "effect"
import { zonedClock } from "./zoned-clock.js"

/** The RFM labels (PRF-9), from the recency and frequency scores. */
export const RfmLabel = Schema.Literals([
  "champions",
  "loyal",
  "potential_loyalist",
  "new_customer",
  "promising",
  "need_attention",
  "about_to_sleep",
  "at_risk",
  "cannot_lose",
  "hibernating"
])
/** An {@link RfmLabel} after decoding. */
export type RfmLabel = typeof RfmLabel.Type

/**
 * One profile's RFM scores and label.
 *
 * @example
 * ```ts
 * const buyers = [
 *   { profileId: "p-1", lastPurchaseAt: new Date("2025-06-28T03:00:00Z"), successfulOrders: 4, totalSpend: 5_000_000 },
 *   { profileId: "p-2", lastPurchaseAt: new Date("2025-05-01T03:00:00Z"), successfulOrders: 6, totalSpend: 2_000_000 },
 *   { profileId: "p-3", lastPurchaseAt: new Date("2025-03-01T03:00:00Z"), successfulOrders: 2, totalSpend: 1_000_000 },
 *   { profileId: "p-4", lastPurchaseAt: new Date("2025-01-15T03:00:00Z"), successfulOrders: 1, totalSpend: 300_000 },
 *   { profileId: "p-5", lastPurchaseAt: new Date("2024-12-01T03:00:00Z"), successfulOrders: 1, totalSpend: 200_000 }
 * ]
 * rfmScores(buyers, { asOf: new Date("2025-06-30T17:00:00Z"), timeZone: "Asia/Ho_Chi_Minh" }).get("p-1")
 * // => { recency: 5, frequency: 4, monetary: 5, recencyDays: 3, label: "champions" }
 * ```
 */
export const RfmScore = Schema.Struct({
  /** 1–5: 5 bought most recently. */
  recency: Schema.Number,
  /** 1–5: 5 ordered most often. */
  frequency: Schema.Number,
  /** 1–5: 5 spent most. */
  monetary: Schema.Number,
  /** Local days from the last purchase to `asOf`. */
  recencyDays: Schema.Number,
  label: RfmLabel
})
/** An {@link RfmScore} after decoding. */
export type RfmScore = typeof RfmScore.Type

/** What RFM needs of one profile: three PRF-3 metrics. */
export interface RfmInput<Id> {
  readonly profileId: Id
  readonly lastPurchaseAt: Date | null
  readonly successfulOrders: number
  readonly totalSpend: number
}

/**
 * The RFM label of a (recency, frequency) pair: the usual 5 × 5 grid.
 *
 * | R \ F | 1 | 2 | 3 | 4 | 5 |
 * |---|---|---|---|---|---|
 * | 5 | new_customer | potential_loyalist | potential_loyalist | champions | champions |
 * | 4 | promising | potential_loyalist | potential_loyalist | loyal | loyal |
 * | 3 | about_to_sleep | about_to_sleep | need_attention | loyal | loyal |
 * | 2 | hibernating | hibernating | at_risk | at_risk | cannot_lose |
 * | 1 | hibernating | hibernating | at_risk | at_risk | cannot_lose |
 *
 * @example
 * ```ts
 * rfmLabel(5, 5) // => "champions"
 * rfmLabel(1, 5) // => "cannot_lose"
 * ```
 */
export const rfmLabel = (recency: number, frequency: number): RfmLabel => {
  if (recency <= 2) return frequency <= 2 ? "hibernating" : frequency <= 4 ? "at_risk" : "cannot_lose"
  if (recency === 3) return frequency <= 2 ? "about_to_sleep" : frequency === 3 ? "need_attention" : "loyal"
  if (frequency >= 4) return recency === 5 ? "champions" : "loyal"
  if (frequency >= 2) return "potential_loyalist"
  return recency === 5 ? "new_customer" : "promising"
}

// Number of sorted values strictly below `value`, or at most `value` when `inclusive`.
const countBelow = (sorted: ReadonlyArray<number>, value: number, inclusive = false): number => {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const v = sorted[mid] ?? 0
    if (v < value || (inclusive && v === value)) lo = mid + 1
    else hi = mid
  }
  return lo
}

// Quintile score by mid-rank: 1 + floor(5 × (worse + tied / 2) / n). Equal
// values share a score that sits in the middle of the block they fill (a lone
// buyer, or buyers who all look alike, score 3 rather than 1), and the result
// does not depend on input order.
const quintile = (sorted: ReadonlyArray<number>, value: number): number => {
  const worse = countBelow(sorted, value)
  const tied = countBelow(sorted, value, true) - worse
  return Math.min(5, 1 + Math.floor((5 * (worse + tied / 2)) / sorted.length))
}

/**
 * Scores the buyers of a workspace by quintiles (PRF-9). Only profiles with
 * at least one successful order are scored. For each of recency (fewer local
 * days since the last purchase is better), frequency (successful orders) and
 * monetary (total spend), a profile's score is `1 + floor(5 × (b + e / 2) / n)`
 * (at most 5), where `n` is the number of buyers, `b` how many of them are
 * strictly worse and `e` how many share the value (mid-rank): ties share a
 * score, and a lone buyer scores 3. The label comes from {@link rfmLabel}.
 *
 * @param inputs - each profile's last purchase, successful orders and total spend at `asOf`
 * @param options - `asOf` and the workspace timezone (recency counts local days)
 * @returns the scores by profile id
 *
 * @example
 * ```ts
 * const buyers = [
 *   { profileId: "p-1", lastPurchaseAt: new Date("2025-06-28T03:00:00Z"), successfulOrders: 4, totalSpend: 5_000_000 },
 *   { profileId: "p-2", lastPurchaseAt: new Date("2025-05-01T03:00:00Z"), successfulOrders: 6, totalSpend: 2_000_000 },
 *   { profileId: "p-3", lastPurchaseAt: new Date("2025-03-01T03:00:00Z"), successfulOrders: 2, totalSpend: 1_000_000 },
 *   { profileId: "p-4", lastPurchaseAt: new Date("2025-01-15T03:00:00Z"), successfulOrders: 1, totalSpend: 300_000 },
 *   { profileId: "p-5", lastPurchaseAt: new Date("2024-12-01T03:00:00Z"), successfulOrders: 1, totalSpend: 200_000 }
 * ]
 * const scores = rfmScores(buyers, { asOf: new Date("2025-06-30T17:00:00Z"), timeZone: "Asia/Ho_Chi_Minh" })
 * scores.get("p-1") // => { recency: 5, frequency: 4, monetary: 5, recencyDays: 3, label: "champions" }
 * scores.get("p-5")?.label // => "hibernating"
 * ```
 */
export const rfmScores = <Id>(inputs: Iterable<RfmInput<Id>>, options: { readonly asOf: Date; readonly timeZone: string }): Map<Id, RfmScore> => {
  const clock = zonedClock(options.timeZone)
  const today = clock.dayOf(options.asOf.getTime())
  const buyers: Array<{ readonly id: Id; readonly days: number; readonly orders: number; readonly spend: number }> = []
  for (const input of inputs) {
    if (input.lastPurchaseAt === null || input.successfulOrders < 1) continue
    buyers.push({ id: input.profileId, days: today - clock.dayOf(input.lastPurchaseAt.getTime()), orders: input.successfulOrders, spend: input.totalSpend })
  }
  // Recency is scored on minus days so that "greater is better" everywhere.
  const recencies = buyers.map((b) => -b.days).sort((a, b) => a - b)
  const frequencies = buyers.map((b) => b.orders).sort((a, b) => a - b)
  const monetaries = buyers.map((b) => b.spend).sort((a, b) => a - b)
  const out = new Map<Id, RfmScore>()
  for (const buyer of buyers) {
    const recency = quintile(recencies, -buyer.days)
    const frequency = quintile(frequencies, buyer.orders)
    out.set(buyer.id, {
      recency,
      frequency,
      monetary: quintile(monetaries, buyer.spend),
      recencyDays: buyer.days,
      label: rfmLabel(recency, frequency)
    })
  }
  return out
}
