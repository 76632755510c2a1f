import { mix32 } from "@kith/core"
import { type RandomGenerator, xoroshiro128plus } from "pure-rand"

// One implementation of the finalizer, in core (outreach hashes holdouts with it too).
export { mix32 } from "@kith/core"

/**
 * Folds any JavaScript number (a seed may be larger than 32 bits, negative or
 * fractional) into one well-mixed 32-bit seed.
 */
export const seed32 = (seed: number): number => {
  const whole = Number.isFinite(seed) ? Math.trunc(seed) : 0
  const lo = whole >>> 0
  const hi = Math.floor(whole / 4294967296) >>> 0
  return mix32(lo ^ mix32(hi ^ 0x9e3779b9))
}

/**
 * The seed of stream `index` of a generator seeded with `base`: distinct for
 * every index below 2^32 (the golden-ratio step is odd, and {@link mix32} is a
 * bijection), so two people never share a random stream.
 */
export const streamSeed = (base: number, index: number): number => mix32((base + Math.imul(index, 0x9e3779b9)) | 0)

/**
 * A small, fast, seeded random source over pure-rand's `xoroshiro128plus`
 * (its mutable `unsafeNext` API). Never `Math.random`: the same seed gives the
 * same sequence on every machine.
 *
 * @example
 * ```ts
 * const rng = new Rng(42)
 * rng.int(6) // an integer in [0, 6)
 * rng.chance(0.25) // true one time in four
 * ```
 */
export class Rng {
  private readonly gen: RandomGenerator

  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed | 0)
    // xoroshiro's first outputs echo its seed; a few steps decorrelate them.
    this.gen.unsafeNext()
    this.gen.unsafeNext()
    this.gen.unsafeNext()
  }

  /** An unsigned 32-bit integer. */
  u32(): number {
    return this.gen.unsafeNext() >>> 0
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  float(): number {
    return (this.gen.unsafeNext() >>> 0) / 4294967296
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n)
  }

  /** An integer in [min, max], both included. */
  between(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1))
  }

  /** `true` with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p
  }

  /** One element of a non-empty array. */
  pick<T>(items: ReadonlyArray<T>): T {
    return items[Math.floor(this.float() * items.length)] as T
  }

  /** An exponential variate with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.float()) * mean
  }

  /** A geometric count ≥ 0 with the given mean (the number of successes before a failure). */
  geometric(mean: number): number {
    const p = mean / (1 + mean)
    let n = 0
    while (this.float() < p && n < 1000) n++
    return n
  }

  /** An index drawn from a {@link Weighted} table. */
  weighted(table: Weighted): number {
    const x = this.float() * table.total
    const cum = table.cumulative
    let lo = 0
    let hi = cum.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((cum[mid] as number) > x) hi = mid
      else lo = mid + 1
    }
    return lo
  }

  /** One element of a {@link WeightedList}. */
  pickWeighted<T>(list: WeightedList<T>): T {
    return list.items[this.weighted(list.table)] as T
  }
}

/** Cumulative weights, for {@link Rng.weighted}. */
export interface Weighted {
  readonly cumulative: Float64Array
  readonly total: number
}

/** Builds a {@link Weighted} table from non-negative weights. */
export const weighted = (weights: ReadonlyArray<number>): Weighted => {
  const cumulative = new Float64Array(weights.length)
  let total = 0
  weights.forEach((w, i) => {
    total += w
    cumulative[i] = total
  })
  return { cumulative, total }
}

/** Items with weights, for {@link Rng.pickWeighted}. */
export interface WeightedList<T> {
  readonly items: ReadonlyArray<T>
  readonly table: Weighted
}

/** Builds a {@link WeightedList} from `[item, weight]` pairs. */
export const weightedList = <T>(pairs: ReadonlyArray<readonly [T, number]>): WeightedList<T> => ({
  items: pairs.map(([item]) => item),
  table: weighted(pairs.map(([, w]) => w))
})
