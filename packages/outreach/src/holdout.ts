import { hashText32 } from "@kith/core"
import { Schema } from "effect"

/**
 * A plan's control group size in percent of its audience, 0 to 50 in steps
 * of 0.01 %.
 */
export const HoldoutPercent = Schema.Finite.check(
  Schema.isBetween({ minimum: 0, maximum: 50 }),
  Schema.makeFilter((p: number) => (Number.isInteger(Math.round(p * 100 * 1e6) / 1e6) ? undefined : "at most two decimals"))
)

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
export const holdoutBucket = (planId: string, profileId: string): number => hashText32(`${planId}\u0000${profileId}`) % 10_000

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
