import { ownValue, setOwnValue } from "@kith/core"
import {
  compareTraitOrder,
  distinctTraitValues,
  isEmptyTraitValue,
  sourceTrustRank,
  type TraitMergeConfig,
  traitStrategyOf,
  traitValueKey,
  traitValuesOf
} from "./trait-strategy.js"

/**
 * One trait's value as a profile holds it: the value, when it was observed
 * (epoch milliseconds) and from which source. No record id: this is what a
 * store keeps per trait, merged one observation at a time with
 * {@link mergeObservedTrait}.
 *
 * @example
 * ```ts
 * const held: ObservedTrait = { value: "Nguyễn Thị Lan", at: Date.parse("2025-03-01T02:00:00Z"), source: "zalo_oa" }
 * ```
 */
export interface ObservedTrait {
  readonly value: unknown
  readonly at: number
  readonly source: string
}

// A union's provenance is its latest observation by time, then source: its
// own value is the accumulated list, which says nothing about which came last.
const union = (held: ObservedTrait, incoming: ObservedTrait): ObservedTrait => {
  const values = distinctTraitValues([...traitValuesOf(held.value), ...traitValuesOf(incoming.value)])
  const latest = incoming.at > held.at || (incoming.at === held.at && incoming.source > held.source) ? incoming : held
  if (
    latest === held &&
    Array.isArray(held.value) &&
    held.value.length === values.length &&
    held.value.every((v, i) => traitValueKey(v) === traitValueKey(values[i]))
  ) {
    return held
  }
  return { ...latest, value: values }
}

/**
 * Merges a new observation of trait `name` into the value held for it, by
 * the trait's strategy (see {@link TraitMergeStrategy}; `config` picks the
 * strategy and ranks sources). Folding observations through it gives the
 * value, time and source {@link mergeTraits} gives for the same observations,
 * in any order.
 *
 * An empty incoming value (see {@link isEmptyTraitValue}) never replaces a
 * held one; with nothing held, the incoming observation is returned as given
 * (callers drop empty values first). The result is `held` itself when the
 * held value stands unchanged, and `incoming` itself when it wins outright, so
 * a caller can tell whether anything changed by identity.
 *
 * @param name - the trait
 * @param held - the value held so far, if any
 * @param incoming - the new observation
 * @param config - per-trait strategies and source trust
 * @returns the merged value
 *
 * @example
 * ```ts
 * import { mergeObservedTrait } from "@kith/identity"
 *
 * mergeObservedTrait("otherPhones", { value: ["+84987654321"], at: 1, source: "web" }, { value: ["+84912345678"], at: 2, source: "zalo" }, {})
 * // => { value: ["+84912345678", "+84987654321"], at: 2, source: "zalo" }
 * mergeObservedTrait("fullName", { value: "Lan", at: 2, source: "web" }, { value: "Nguyễn Thị Lan", at: 1, source: "crm" }, {})
 * // => { value: "Lan", at: 2, source: "web" }
 * mergeObservedTrait("fullName", { value: "Lan", at: 2, source: "web" }, { value: "Nguyễn Thị Lan", at: 1, source: "crm" }, { strategies: { fullName: "most_trusted" }, sourceTrust: ["crm"] })
 * // => { value: "Nguyễn Thị Lan", at: 1, source: "crm" }
 * ```
 */
export const mergeObservedTrait = (name: string, held: ObservedTrait | undefined, incoming: ObservedTrait, config: TraitMergeConfig): ObservedTrait => {
  if (isEmptyTraitValue(incoming.value) && held !== undefined) return held
  const strategy = traitStrategyOf(name, config)
  if (held === undefined) return strategy === "union" ? union({ ...incoming, value: [] }, incoming) : incoming
  switch (strategy) {
    case "newest":
      return compareTraitOrder(incoming, held) > 0 ? incoming : held
    case "oldest":
    case "first_non_empty":
      return compareTraitOrder(held, incoming) > 0 ? incoming : held
    case "most_trusted": {
      const [a, b] = [sourceTrustRank(incoming.source, config), sourceTrustRank(held.source, config)]
      return a < b || (a === b && compareTraitOrder(incoming, held) > 0) ? incoming : held
    }
    case "union":
      return union(held, incoming)
  }
}

/**
 * Merges observations into a profile's held traits in place, one
 * {@link mergeObservedTrait} per trait.
 *
 * @param target - the held traits, by name (changed in place)
 * @param incoming - the new observations, by name
 * @param config - per-trait strategies and source trust
 * @returns whether any trait changed
 *
 * @example
 * ```ts
 * import { mergeObservedTraitsInto } from "@kith/identity"
 *
 * const traits = { fullName: { value: "Lan", at: 1, source: "web" } }
 * mergeObservedTraitsInto(traits, { fullName: { value: "Nguyễn Thị Lan", at: 2, source: "zalo" } }) // => true
 * traits.fullName // => { value: "Nguyễn Thị Lan", at: 2, source: "zalo" }
 * ```
 */
export const mergeObservedTraitsInto = (
  target: Record<string, ObservedTrait>,
  incoming: Readonly<Record<string, ObservedTrait>>,
  config: TraitMergeConfig = {}
): boolean => {
  let changed = false
  // Keys rather than entries: this runs for every event with traits, and a pair per trait was garbage.
  for (const name of Object.keys(incoming)) {
    // Trait names are data: an inherited member never counts as held, and `__proto__` is written as a data key.
    const held = ownValue(target, name)
    const merged = mergeObservedTrait(name, held, incoming[name]!, config)
    if (merged !== held) {
      setOwnValue(target, name, merged)
      changed = true
    }
  }
  return changed
}
