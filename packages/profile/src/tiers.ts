import { decoderFor, type InvalidInput } from "@kith/core"
import { type Result, Schema } from "effect"

/**
 * Loyalty tiers (PRF-7): what they are measured on and the minimum of each.
 * The highest tier whose minimum is reached applies.
 *
 * - `basis: "spend"` measures lifetime total spend (PRF-3 `totalSpend`, net,
 *   workspace currency);
 * - `basis: "points"` measures the points balance at `asOf`.
 *
 * @example
 * ```ts
 * const byPoints: TierConfig = { basis: "points", tiers: [{ name: "vip", minimum: 2000 }, { name: "member", minimum: 0 }] }
 * ```
 */
export const TierConfig = Schema.Struct({
  basis: Schema.Literals(["spend", "points"]),
  tiers: Schema.Array(
    Schema.Struct({
      name: Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(100)),
      minimum: Schema.Number.check(Schema.isGreaterThanOrEqualTo(0))
    })
  ).check(Schema.isMaxLength(50))
})
/** A {@link TierConfig} after decoding. */
export type TierConfig = typeof TierConfig.Type

/**
 * The default tiers, by lifetime spend in VND: gold from 20,000,000 đ,
 * silver from 5,000,000 đ, bronze from 1,000,000 đ.
 *
 * @example
 * ```ts
 * tierFor(6_000_000, defaultTierConfig) // => "silver"
 * ```
 */
export const defaultTierConfig: TierConfig = {
  basis: "spend",
  tiers: [
    { name: "gold", minimum: 20_000_000 },
    { name: "silver", minimum: 5_000_000 },
    { name: "bronze", minimum: 1_000_000 }
  ]
}

const decodeTiers = decoderFor("tier config", TierConfig)

/**
 * Decodes a tier configuration from unknown input (a workspace setting).
 *
 * @example
 * ```ts
 * decodeTierConfig({ basis: "points", tiers: [{ name: "vip", minimum: 1000 }] }) // => Result.succeed({ basis: "points", tiers: [{ name: "vip", minimum: 1000 }] })
 * decodeTierConfig({ basis: "age", tiers: [] }) // => Result.fail(InvalidInput { subject: "tier config", issues: [{ path: "basis", ... }, ...] })
 * ```
 */
export const decodeTierConfig = (input: unknown): Result.Result<TierConfig, InvalidInput> => decodeTiers(input)

/**
 * The tier a value reaches: the name of the tier with the highest minimum
 * at or under `value`, or `null` below every tier.
 *
 * @param value - lifetime spend or points balance, per `config.basis`
 * @param config - the tiers
 *
 * @example
 * ```ts
 * tierFor(6_000_000, defaultTierConfig) // => "silver"
 * tierFor(999_999, defaultTierConfig) // => null
 * ```
 */
export const tierFor = (value: number, config: TierConfig): string | null => {
  let best: { readonly name: string; readonly minimum: number } | undefined
  for (const tier of config.tiers) if (value >= tier.minimum && (best === undefined || tier.minimum > best.minimum)) best = tier
  return best?.name ?? null
}
