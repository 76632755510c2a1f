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
 * How the values of one trait from several records become the profile's value:
 * - `newest` (default): the most recently observed non-empty value;
 * - `oldest`: the first observed non-empty value;
 * - `first_non_empty`: the first non-empty value in canonical order (observed time, then record id), ignoring later corrections;
 * - `union`: every distinct value, flattened from arrays, in order of first observation (other phones, other emails, tags);
 * - `most_trusted`: the value from the most trusted source (`TraitMergeConfig.sourceTrust`), the newest among equals.
 *
 * `first_non_empty` and `oldest` pick the same value; both are kept because the
 * reference products name both.
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
 * A profile's trait value with where it came from. For `union` the sources and
 * times are those of the newest contributing observation, and `contributors`
 * lists every record that added a value.
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

const isEmpty = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === "string" && value.trim().length === 0) || (Array.isArray(value) && value.length === 0)

const canonical = (a: TraitObservation, b: TraitObservation): number => {
  const ta = a.observedAt.getTime()
  const tb = b.observedAt.getTime()
  if (ta !== tb) return ta - tb
  return a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0
}

const valueKey = (value: unknown): string => (typeof value === "string" ? `s:${value}` : `j:${JSON.stringify(value)}`)

/**
 * Merges trait observations into one value per trait, each with its
 * provenance (IDN-10). The result does not depend on the order of
 * `observations`: ties are broken by observed time, then record id.
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
  const byName = new Map<string, Array<TraitObservation>>()
  for (const observation of observations) {
    if (isEmpty(observation.value)) continue
    let list = byName.get(observation.name)
    if (list === undefined) byName.set(observation.name, (list = []))
    list.push(observation)
  }
  const trust = config.sourceTrust ?? []
  const trustRank = (source: string): number => {
    const rank = trust.indexOf(source)
    return rank === -1 ? trust.length : rank
  }
  const result: Record<string, ProvenancedTrait> = {}
  for (const [name, list] of [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    list.sort(canonical)
    const strategy = config.strategies?.[name] ?? DefaultTraitStrategies[name] ?? config.defaultStrategy ?? "newest"
    const provenance = (chosen: TraitObservation): ProvenancedTrait => ({
      value: chosen.value,
      source: chosen.source,
      observedAt: chosen.observedAt,
      recordId: chosen.recordId,
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
        for (const observation of list) if (trustRank(observation.source) <= trustRank(best.source)) best = observation
        result[name] = provenance(best)
        break
      }
      case "union": {
        const seen = new Set<string>()
        const values: Array<unknown> = []
        const contributors: Array<string> = []
        for (const observation of list) {
          let added = false
          for (const value of Array.isArray(observation.value) ? observation.value : [observation.value]) {
            if (isEmpty(value)) continue
            const key = valueKey(value)
            if (seen.has(key)) continue
            seen.add(key)
            values.push(value)
            added = true
          }
          if (added && !contributors.includes(observation.recordId)) contributors.push(observation.recordId)
        }
        const newest = list[list.length - 1]!
        result[name] = { ...provenance(newest), value: values, contributors }
        break
      }
    }
  }
  return result
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
