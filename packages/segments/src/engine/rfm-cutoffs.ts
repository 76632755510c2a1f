import { type RfmInput, type RfmLabel, rfmScores } from "@kith/profile"
import { Schema } from "effect"

const Cutoff = Schema.NullOr(Schema.Finite)
const Cutoffs = Schema.Tuple([Cutoff, Cutoff, Cutoff, Cutoff])

/**
 * A workspace's RFM cut-offs (PRF-9): for each score 2, 3, 4 and 5 (in that
 * order), what a buyer needs to reach it; `null` when no buyer reached that
 * score. A score is 1 plus the number of cut-offs reached.
 *
 * - `recencyDays[s − 2]`: the most local days since the last purchase that
 *   still score at least `s` (fewer days is better);
 * - `frequency[s − 2]`: the fewest successful orders that score at least `s`;
 * - `monetary[s − 2]`: the least spend that scores at least `s`.
 *
 * Built by {@link rfmCutoffs} from the workspace's buyers, so that every
 * buyer scores exactly what `@kith/profile`'s `rfmScores` gives it; a SQL
 * engine computes the same numbers, or is handed them.
 *
 * @example
 * ```ts
 * const cutoffs: RfmCutoffs = { recencyDays: [300, 120, 45, 10], frequency: [1, 2, 3, 6], monetary: [150000, 400000, 900000, 3000000] }
 * ```
 */
export const RfmCutoffs = Schema.Struct({ recencyDays: Cutoffs, frequency: Cutoffs, monetary: Cutoffs })
/** {@link RfmCutoffs} after decoding. */
export type RfmCutoffs = typeof RfmCutoffs.Type

/** Four cut-offs, for the scores 2, 3, 4 and 5 (see {@link RfmCutoffs}). */
export type RfmCutoffList = RfmCutoffs["frequency"]

/**
 * The RFM cut-offs of a workspace's buyers at `asOf` (see
 * {@link RfmCutoffs}), from the same inputs as `@kith/profile`'s
 * `rfmScores`, whose scores they reproduce for every buyer.
 *
 * @param buyers - each profile's last purchase, successful orders and spend at `asOf` (non-buyers are ignored)
 * @param options - `asOf` and the workspace timezone
 * @returns the cut-offs
 *
 * @example
 * ```ts
 * const asOf = new Date("2025-06-30T17:00:00Z")
 * const buyers = [
 *   { profileId: "a", lastPurchaseAt: new Date("2025-06-29T05:00:00Z"), successfulOrders: 4, totalSpend: 2_000_000 },
 *   { profileId: "b", lastPurchaseAt: new Date("2025-03-01T05:00:00Z"), successfulOrders: 1, totalSpend: 300_000 }
 * ]
 * const cutoffs = rfmCutoffs(buyers, { asOf, timeZone: "Asia/Ho_Chi_Minh" })
 * cutoffs // => { recencyDays: [122, 2, 2, null], frequency: [1, 4, 4, null], monetary: [300000, 2000000, 2000000, null] }
 * ```
 */
export const rfmCutoffs = <Id>(buyers: Iterable<RfmInput<Id>>, options: { readonly asOf: Date; readonly timeZone: string }): RfmCutoffs => {
  const recency: Array<number | null> = [null, null, null, null]
  const frequency: Array<number | null> = [null, null, null, null]
  const monetary: Array<number | null> = [null, null, null, null]
  const list = [...buyers]
  const inputOf = new Map(list.map((b) => [b.profileId, b]))
  for (const [id, score] of rfmScores(list, options)) {
    const buyer = inputOf.get(id) as RfmInput<Id>
    for (let s = 2; s <= 5; s++) {
      const i = s - 2
      if (score.recency >= s && (recency[i] === null || score.recencyDays > (recency[i] as number))) recency[i] = score.recencyDays
      if (score.frequency >= s && (frequency[i] === null || buyer.successfulOrders < (frequency[i] as number))) frequency[i] = buyer.successfulOrders
      if (score.monetary >= s && (monetary[i] === null || buyer.totalSpend < (monetary[i] as number))) monetary[i] = buyer.totalSpend
    }
  }
  return { recencyDays: recency as unknown as RfmCutoffList, frequency: frequency as unknown as RfmCutoffList, monetary: monetary as unknown as RfmCutoffList }
}

/**
 * The score (1–5) a value reaches against four cut-offs: 1 plus the number
 * reached, where a higher value is better (`lowerIsBetter` for recency days).
 *
 * @example
 * ```ts
 * scoreAgainst(3, [1, 2, 3, 6]) // => 4
 * scoreAgainst(40, [300, 120, 45, 10], true) // => 4
 * ```
 */
export const scoreAgainst = (value: number, cutoffs: RfmCutoffList, lowerIsBetter = false): number => {
  let score = 1
  for (const cutoff of cutoffs) if (cutoff !== null && (lowerIsBetter ? value <= cutoff : value >= cutoff)) score++
  return score
}

/** One profile's RFM scores and label, as the `rfm` condition sees them. */
export interface RfmOutcome {
  readonly recency: number
  readonly frequency: number
  readonly monetary: number
  readonly label: RfmLabel
}
