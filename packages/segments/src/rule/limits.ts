/**
 * The size limits of a segment rule (SEG-9): a rule that exceeds one is
 * rejected with the path of the offending part, so that no rule can make an
 * evaluation or a SQL query arbitrarily large.
 *
 * @example
 * ```ts
 * RuleLimits.maxDepth // => 8
 * ```
 */
export const RuleLimits = {
  /** Levels of nesting, the root node being level 1 (`{ all: [{ not: { kind } }] }` has 3). */
  maxDepth: 8,
  /** Conditions in one rule (a referenced segment counts as one). */
  maxConditions: 100,
  /** Children of one `all` or `any`. */
  maxChildren: 50,
  /** Values in one list (`in`, `productIds`, `months`, ...). */
  maxValues: 500,
  /** Characters in one text value. */
  maxTextLength: 200,
  /** The longest window, in days (100 years). */
  maxDays: 36_500
} as const
