import {
  compareTraitOrder,
  distinctTraitValues,
  isEmptyTraitValue,
  sourceTrustRank,
  type TraitMergeConfig,
  type TraitMergeStrategy,
  traitStrategyOf,
  traitValueKey,
  traitValuesOf
} from "./trait-strategy.js"

/**
 * One observed value of a trait, with its provenance (IDN-10).
 *
 * @example
 * ```ts
 * const seen: TraitObservation = { name: "fullName", value: "Nguyễn Thị Lan", source: "zalo_oa", observedAt: new Date("2025-03-01T02:00:00Z"), recordId: "evt-1" }
 * ```
 */
export interface TraitObservation {
  readonly name: string
  readonly value: unknown
  readonly source: string
  readonly observedAt: Date
  /** The record that asserted it (`manual:<n>` for a person's choice). */
  readonly recordId: string
}

/**
 * A profile's trait value with where it came from. For `union` the source,
 * time and record are those of the latest observation (by time, then source,
 * then record id), and `contributors` lists every record that added a value,
 * in the order of observations.
 *
 * @example
 * ```ts
 * const trait: ProvenancedTrait = { value: "Lan", source: "zalo_oa", observedAt: new Date("2025-03-01T00:00:00Z"), recordId: "r-1", strategy: "newest" }
 * ```
 */
export interface ProvenancedTrait {
  readonly value: unknown
  readonly source: string
  readonly observedAt: Date
  readonly recordId: string
  readonly strategy: TraitMergeStrategy
  readonly contributors?: ReadonlyArray<string>
}

/**
 * Merges trait observations into one value per trait, each with its
 * provenance (IDN-10), by each trait's strategy (see
 * {@link TraitMergeStrategy}: the rule, its order of observations and the
 * order of a `union`, are documented there). The result does not depend on
 * the order of `observations`, and its values, times and sources are those
 * that {@link mergeObservedTrait} reaches one observation at a time.
 *
 * @param observations - every observation of every trait of one profile
 * @param config - per-trait strategies and source trust
 * @returns the profile's traits by name
 *
 * @example
 * ```ts
 * const at = (iso: string) => new Date(iso)
 * mergeTraits([
 *   { name: "fullName", value: "Lan", source: "zalo_oa", observedAt: at("2025-01-01T00:00:00Z"), recordId: "a" },
 *   { name: "fullName", value: "Nguyễn Thị Lan", source: "file_import", observedAt: at("2025-02-01T00:00:00Z"), recordId: "b" },
 *   { name: "otherPhones", value: ["+84912345678"], source: "zalo_oa", observedAt: at("2025-01-01T00:00:00Z"), recordId: "a" },
 *   { name: "otherPhones", value: ["+84987654321"], source: "file_import", observedAt: at("2025-02-01T00:00:00Z"), recordId: "b" }
 * ])
 * // => { fullName: { value: "Nguyễn Thị Lan", source: "file_import", strategy: "newest", ... },
 * //      otherPhones: { value: ["+84912345678", "+84987654321"], strategy: "union", contributors: ["a", "b"], ... } }
 * ```
 */
export const mergeTraits = (
  observations: ReadonlyArray<TraitObservation>,
  config: TraitMergeConfig = {}
): Record<string, ProvenancedTrait> => {
  const byName = new Map<string, Array<Ordered>>()
  for (const observation of observations) {
    if (isEmptyTraitValue(observation.value)) continue
    let list = byName.get(observation.name)
    if (list === undefined) byName.set(observation.name, (list = []))
    list.push({ observation, at: observation.observedAt.getTime(), value: observation.value, source: observation.source })
  }
  // Trait names are data: no prototype to answer `constructor` or take `__proto__`, and only own keys of the
  // strategy tables count.
  const result: Record<string, ProvenancedTrait> = Object.create(null) as Record<string, ProvenancedTrait>
  for (const [name, list] of [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    list.sort(byObservationOrder)
    const strategy = traitStrategyOf(name, config)
    const provenance = ({ observation }: Ordered): ProvenancedTrait => ({
      value: observation.value,
      source: observation.source,
      observedAt: observation.observedAt,
      recordId: observation.recordId,
      strategy
    })
    switch (strategy) {
      case "newest":
        result[name] = provenance(list[list.length - 1]!)
        break
      case "oldest":
      case "first_non_empty":
        result[name] = provenance(list[0]!)
        break
      case "most_trusted": {
        let best = list[0]!
        for (const entry of list) if (sourceTrustRank(entry.source, config) <= sourceTrustRank(best.source, config)) best = entry
        result[name] = provenance(best)
        break
      }
      case "union": {
        const seen = new Set<string>()
        const contributors: Array<string> = []
        let latest = list[0]!
        for (const entry of list) {
          let added = false
          for (const value of traitValuesOf(entry.value)) {
            if (isEmptyTraitValue(value)) continue
            const key = traitValueKey(value)
            if (seen.has(key)) continue
            seen.add(key)
            added = true
          }
          const recordId = entry.observation.recordId
          if (added && !contributors.includes(recordId)) contributors.push(recordId)
          if (laterUnionProvenance(entry, latest)) latest = entry
        }
        const values = distinctTraitValues(list.flatMap((entry) => traitValuesOf(entry.value)))
        result[name] = { ...provenance(latest), value: values, contributors }
        break
      }
    }
  }
  return result
}

interface Ordered {
  readonly observation: TraitObservation
  readonly at: number
  readonly value: unknown
  readonly source: string
}

// The order of observations, made total by the record id.
const byObservationOrder = (a: Ordered, b: Ordered): number => {
  const order = compareTraitOrder(a, b)
  if (order !== 0) return order
  const [x, y] = [a.observation.recordId, b.observation.recordId]
  return x < y ? -1 : x > y ? 1 : 0
}

// A union's provenance: the latest observation by time, then source, then record id.
const laterUnionProvenance = (a: Ordered, b: Ordered): boolean => {
  if (a.at !== b.at) return a.at > b.at
  if (a.source !== b.source) return a.source > b.source
  return a.observation.recordId > b.observation.recordId
}

/**
 * The trait observations a record's `traits` object makes, one per trait.
 *
 * @example
 * ```ts
 * observationsOfTraits({ fullName: "Lan" }, { recordId: "a", source: "web", observedAt: new Date("2025-01-01T00:00:00Z") })
 * // => [{ name: "fullName", value: "Lan", source: "web", observedAt: 2025-01-01T00:00:00Z, recordId: "a" }]
 * ```
 */
export const observationsOfTraits = (
  traits: Readonly<Record<string, unknown>> | undefined,
  origin: { readonly recordId: string; readonly source: string; readonly observedAt: Date }
): Array<TraitObservation> =>
  traits === undefined
    ? []
    : Object.entries(traits).map(([name, value]) => ({ name, value, source: origin.source, observedAt: origin.observedAt, recordId: origin.recordId }))
