/**
 * How the values of one trait from several observations become the profile's
 * value (IDN-10). The same rule applies whether all observations are merged at
 * once ({@link mergeTraits}) or one at a time into a held value
 * ({@link mergeObservedTrait}), so a stored profile and a profile resolved
 * from its records agree.
 *
 * - `newest` (default): the latest non-empty value;
 * - `oldest`: the earliest non-empty value;
 * - `first_non_empty`: the same value as `oldest` (empty values never count;
 *   both names are kept because the reference products name both);
 * - `most_trusted`: the value from the most trusted source
 *   (`TraitMergeConfig.sourceTrust`), the latest among equally trusted ones;
 * - `union`: every distinct non-empty value once, flattened from lists, as a
 *   list **sorted by value**: numbers, booleans, objects and lists (compared
 *   by their JSON text) before strings (compared by UTF-16 code units). The
 *   order is fixed, not the order values were first seen, because a merge one
 *   observation at a time cannot know when each value was first seen; its
 *   provenance is the latest observation by time, then source.
 *
 * "Latest" and "earliest" order observations by time, then by value (the
 * order of `union`), then by source, and finally by record id where there is
 * one: a total order, so the result never depends on the order observations
 * arrive in, and a held value (which keeps no record id) merges like the
 * observations it came from.
 *
 * @example
 * ```ts
 * const strategy: TraitMergeStrategy = "most_trusted"
 * ```
 */
export type TraitMergeStrategy = "newest" | "oldest" | "first_non_empty" | "union" | "most_trusted"

/**
 * Merge configuration: a strategy per trait and a trust rank per source.
 *
 * @example
 * ```ts
 * const config: TraitMergeConfig = {
 *   strategies: { otherPhones: "union", fullName: "most_trusted", birthday: "oldest" },
 *   sourceTrust: ["manual", "file_import", "own_website"] // most trusted first
 * }
 * ```
 */
export interface TraitMergeConfig {
  readonly strategies?: Readonly<Record<string, TraitMergeStrategy>>
  /** Default strategy of traits not listed; `newest` unless set. */
  readonly defaultStrategy?: TraitMergeStrategy
  /** Sources from most to least trusted; unlisted sources rank below every listed one. */
  readonly sourceTrust?: ReadonlyArray<string>
}

/**
 * The default per-trait strategies: `union` for `otherPhones`, `otherEmails`,
 * `tags` and `customerGroups`; `newest` for everything else.
 *
 * @example
 * ```ts
 * DefaultTraitStrategies.otherPhones // => "union"
 * ```
 */
export const DefaultTraitStrategies: Readonly<Record<string, TraitMergeStrategy>> = {
  otherPhones: "union",
  otherEmails: "union",
  tags: "union",
  customerGroups: "union"
}

/**
 * Whether a trait value says nothing: missing, `null`, blank text or an empty
 * list. Such a value never replaces a value, never counts as the oldest or the
 * most trusted, and adds nothing to a union.
 *
 * @example
 * ```ts
 * import { isEmptyTraitValue } from "@kith/identity"
 *
 * isEmptyTraitValue("  ") // => true
 * isEmptyTraitValue([]) // => true
 * isEmptyTraitValue(0) // => false
 * isEmptyTraitValue(["+84912345678"]) // => false
 * ```
 */
export const isEmptyTraitValue = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === "string" && value.trim().length === 0) || (Array.isArray(value) && value.length === 0)

// Trait names are data: only a table's own keys count, so `constructor` or `toString` never finds an inherited member.
const ownEntry = <A>(table: Readonly<Record<string, A>> | undefined, name: string): A | undefined =>
  table !== undefined && Object.hasOwn(table, name) ? table[name] : undefined

/** The strategy of trait `name`: its own, else the built-in default for it, else the configured default, else `newest`. */
export const traitStrategyOf = (name: string, config: TraitMergeConfig): TraitMergeStrategy =>
  ownEntry(config.strategies, name) ?? ownEntry(DefaultTraitStrategies, name) ?? config.defaultStrategy ?? "newest"

/** A source's rank in `config.sourceTrust` (0 is the most trusted); unlisted sources rank after every listed one. */
export const sourceTrustRank = (source: string, config: TraitMergeConfig): number => {
  const trust = config.sourceTrust ?? []
  const rank = trust.indexOf(source)
  return rank === -1 ? trust.length : rank
}

/** A value's identity and sort key in a trait: strings as themselves, anything else as its JSON text (`j:` sorts before `s:`). */
export const traitValueKey = (value: unknown): string => (typeof value === "string" ? `s:${value}` : `j:${JSON.stringify(value)}`)

/** The time, value and source of an observation: what the order of observations compares. */
export interface TraitOrderKey {
  readonly at: number
  readonly value: unknown
  readonly source: string
}

/** The order of observations (see {@link TraitMergeStrategy}) without the record id: negative when `a` is earlier. */
export const compareTraitOrder = (a: TraitOrderKey, b: TraitOrderKey): number => {
  if (a.at !== b.at) return a.at > b.at ? 1 : -1
  const x = traitValueKey(a.value)
  const y = traitValueKey(b.value)
  if (x !== y) return x > y ? 1 : -1
  return a.source < b.source ? -1 : a.source > b.source ? 1 : 0
}

/** The values of a trait as a list: a list as is, anything else as a list of one. */
export const traitValuesOf = (value: unknown): ReadonlyArray<unknown> => (Array.isArray(value) ? value : [value])

/** The `union` of some values: each distinct non-empty value once (the last written of equal ones), sorted by {@link traitValueKey}. */
export const distinctTraitValues = (values: Iterable<unknown>): Array<unknown> => {
  const byKey = new Map<string, unknown>()
  for (const value of values) if (!isEmptyTraitValue(value)) byKey.set(traitValueKey(value), value)
  return [...byKey.keys()].sort().map((key) => byKey.get(key))
}
