/**
 * How retries back off: the delay doubles from `baseMs` with each failed
 * attempt, up to `maxMs`.
 *
 * @example
 * ```ts
 * const backoff: Backoff = { baseMs: 1_000, maxMs: 300_000 }
 * ```
 */
export interface Backoff {
  readonly baseMs: number
  readonly maxMs: number
}

/**
 * The default backoff: 1 s doubling up to 5 minutes.
 *
 * @example
 * ```ts
 * import { defaultBackoff } from "@kith/outreach"
 * defaultBackoff // => { baseMs: 1000, maxMs: 300000 }
 * ```
 */
export const defaultBackoff: Backoff = { baseMs: 1_000, maxMs: 300_000 }

/**
 * How long to wait before retrying after failed attempt number `attempt`
 * (1 for the first): exponential (`baseMs · 2^(attempt − 1)`, at most
 * `maxMs`) with "equal jitter" — half of it fixed, half drawn from
 * `random` (a number in [0, 1), injected so tests are deterministic) — so
 * workers that failed together do not retry together.
 *
 * @param attempt - the attempt that failed, from 1
 * @param backoff - base and cap
 * @param random - a source of numbers in [0, 1)
 * @returns the delay in milliseconds
 *
 * @example
 * ```ts
 * import { retryDelay } from "@kith/outreach"
 * retryDelay(1, { baseMs: 1_000, maxMs: 60_000 }, () => 0) // => 500
 * retryDelay(3, { baseMs: 1_000, maxMs: 60_000 }, () => 0.5) // => 3000
 * retryDelay(20, { baseMs: 1_000, maxMs: 60_000 }, () => 0.999) // => 59970
 * ```
 */
export const retryDelay = (attempt: number, backoff: Backoff, random: () => number): number => {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(ceiling / 2 + (ceiling / 2) * random())
}
