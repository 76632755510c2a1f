import { DefaultTraitStrategies, type TraitMergeConfig, type TraitMergeStrategy } from "@kith/identity"
import { isEmptyTrait } from "./profile-state.js"
import type { StoredTrait } from "./port/profiles.js"

const valueKey = (value: unknown): string => (typeof value === "string" ? `s:${value}` : `j:${JSON.stringify(value)}`)

// A total order on observations of one trait: time, then the value, then the source, so merging never depends on
// arrival order.
const newer = (a: StoredTrait, b: StoredTrait): boolean => {
  if (a.at !== b.at) return a.at > b.at
  const [x, y] = [valueKey(a.value), valueKey(b.value)]
  return x !== y ? x > y : a.source > b.source
}

const strategyOf = (name: string, config: TraitMergeConfig): TraitMergeStrategy =>
  config.strategies?.[name] ?? DefaultTraitStrategies[name] ?? config.defaultStrategy ?? "newest"

const trustRank = (source: string, config: TraitMergeConfig): number => {
  const rank = (config.sourceTrust ?? []).indexOf(source)
  return rank === -1 ? (config.sourceTrust?.length ?? 0) : rank
}

const asList = (value: unknown): ReadonlyArray<unknown> => (Array.isArray(value) ? value : [value])

// Union keeps each distinct value once, in the order of their keys: a pairwise merge cannot know when each value
// was first seen, and any arrival-dependent order would make the same evidence store different lists.
const union = (held: StoredTrait, incoming: StoredTrait): StoredTrait => {
  const byKey = new Map<string, unknown>()
  for (const value of [...asList(held.value), ...asList(incoming.value)]) if (!isEmptyTrait(value)) byKey.set(valueKey(value), value)
  const values = [...byKey.keys()].sort().map((key) => byKey.get(key))
  // Provenance is the latest observation by time, then source (the value is the union of all of them).
  const latest = incoming.at > held.at || (incoming.at === held.at && incoming.source > held.source) ? incoming : held
  if (latest === held && Array.isArray(held.value) && held.value.length === values.length && held.value.every((v, i) => valueKey(v) === valueKey(values[i]))) return held
  return { ...latest, value: values }
}

/**
 * Merges one trait's stored value with a new observation by the trait's
 * strategy (IDN-10), the strategies of `@kith/identity`'s `mergeTraits`:
 * `newest` (default), `oldest` and `first_non_empty` (empty values are never
 * stored, so both keep the earliest), `most_trusted` (by
 * `config.sourceTrust`, newest among equals), `union` (each distinct value
 * once; the default of `otherPhones`, `otherEmails`, `tags`,
 * `customerGroups`; always a list, in a fixed order). Ties on time are broken by the value and source, so the result
 * does not depend on the order observations arrive in (`mergeTraits` breaks
 * them by record id, which stored traits do not keep). Empty values (blank
 * text, empty lists) never replace a value.
 *
 * @param name - the trait
 * @param held - its stored value, if any
 * @param incoming - the new observation
 * @param config - per-trait strategies and source trust
 * @returns the merged value
 *
 * @example
 * ```ts
 * mergeTrait("otherPhones", { value: ["+84912345678"], at: 1, source: "web" }, { value: ["+84987654321"], at: 2, source: "zalo" }, {})
 * // => { value: ["+84912345678", "+84987654321"], at: 2, source: "zalo" }
 * ```
 */
export const mergeTrait = (name: string, held: StoredTrait | undefined, incoming: StoredTrait, config: TraitMergeConfig): StoredTrait => {
  if (isEmptyTrait(incoming.value) && held !== undefined) return held
  const strategy = strategyOf(name, config)
  if (held === undefined) return strategy === "union" ? union({ ...incoming, value: [] }, incoming) : incoming
  switch (strategy) {
    case "newest":
      return newer(incoming, held) ? incoming : held
    case "oldest":
    case "first_non_empty":
      return newer(held, incoming) ? incoming : held
    case "most_trusted": {
      const [a, b] = [trustRank(incoming.source, config), trustRank(held.source, config)]
      return a < b || (a === b && newer(incoming, held)) ? incoming : held
    }
    case "union":
      return union(held, incoming)
  }
}

/**
 * Merges observations into a profile's traits in place (see {@link mergeTrait}).
 *
 * @returns whether any trait changed
 *
 * @example
 * ```ts
 * const traits = { fullName: { value: "Lan", at: 1, source: "web" } }
 * mergeTraitsInto(traits, { fullName: { value: "Nguyễn Thị Lan", at: 2, source: "zalo" } }) // => true
 * ```
 */
export const mergeTraitsInto = (
  target: Record<string, StoredTrait>,
  incoming: Readonly<Record<string, StoredTrait>>,
  config: TraitMergeConfig = {}
): boolean => {
  let changed = false
  for (const [name, trait] of Object.entries(incoming)) {
    const held = target[name]
    const merged = mergeTrait(name, held, trait, config)
    if (merged !== held) {
      target[name] = merged
      changed = true
    }
  }
  return changed
}
