import { Schema } from "effect"

/**
 * A plan's control group size in percent of its audience, 0 to 50 in steps
 * of 0.01 %.
 */
export const HoldoutPercent = Schema.Finite.check(
  Schema.isBetween({ minimum: 0, maximum: 50 }),
  Schema.makeFilter((p: number) => (Number.isInteger(Math.round(p * 100 * 1e6) / 1e6) ? undefined : "at most two decimals"))
)

// MurmurHash3's 32-bit mix over UTF-16 code units: well spread, cheap, the
// same in every JavaScript engine (no Node built-in, so it runs in a browser).
const hash32 = (text: string): number => {
  let h = 0x9747b28c
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51)
    k = (k << 15) | (k >>> 17)
    h ^= Math.imul(k, 0x1b873593)
    h = (h << 13) | (h >>> 19)
    h = (Math.imul(h, 5) + 0xe6546b64) | 0
  }
  h ^= text.length
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * The holdout bucket of a profile for a plan: a number in `[0, 10000)` from
 * a hash of the plan id and the **profile id**. A profile id never changes:
 * identity keeps the id of the surviving profile on a merge (the one whose
 * first record comes first), so a merged profile keeps the survivor's bucket
 * for every plan, and a profile that is not merged keeps its own.
 *
 * @example
 * ```ts
 * holdoutBucket("plan-1", "p_r-1") === holdoutBucket("plan-1", "p_r-1") // => true
 * ```
 */
export const holdoutBucket = (planId: string, profileId: string): number => hash32(`${planId}\u0000${profileId}`) % 10_000

/**
 * Is the profile in the plan's control group (OUT-9)? Deterministic: the
 * same plan, profile id and percent always give the same answer, and a
 * larger percent only adds profiles to the group.
 *
 * @param planId - the plan
 * @param profileId - the profile, by its id (kept across merges by the survivor)
 * @param percent - the plan's holdout, 0 to 50
 *
 * @example
 * ```ts
 * isHeldOut("plan-1", "p-1", 0) // => false
 * isHeldOut("plan-1", "p-1", 50) === (holdoutBucket("plan-1", "p-1") < 5000) // => true
 * ```
 */
export const isHeldOut = (planId: string, profileId: string, percent: number): boolean => holdoutBucket(planId, profileId) < Math.round(percent * 100)
