/**
 * The change from `previous` to `current` in percent, rounded to two decimals.
 * Never `NaN`: both zero gives `0` (nothing changed), and a rise from zero gives
 * `null` (there is no base to compare with; a UI shows "new" or "—").
 *
 * @param current - this period's figure
 * @param previous - the figure it is compared with
 * @returns the change in percent, or `null` when `previous` is 0 and `current` is not
 *
 * @example
 * ```ts
 * percentChange(150, 100) // => 50
 * percentChange(0, 100) // => -100
 * percentChange(0, 0) // => 0
 * percentChange(5, 0) // => null
 * ```
 */
export const percentChange = (current: number, previous: number): number | null => {
  if (previous === 0) return current === 0 ? 0 : null
  return roundTo2(((current - previous) / previous) * 100)
}

/**
 * `part` as a percentage of `whole`, rounded to two decimals; `null` when
 * `whole` is 0 (a share of nothing is undefined, not 0 and not `NaN`).
 *
 * @example
 * ```ts
 * shareOf(1, 4) // => 25
 * shareOf(0, 0) // => null
 * ```
 */
export const shareOf = (part: number, whole: number): number | null => (whole === 0 ? null : roundTo2((part / whole) * 100))

const roundTo2 = (n: number): number => Math.round(n * 100) / 100
