import type { Traits } from "@kith/core"

/**
 * Traits as one source saw them at one time: what identity hands the read
 * model (IDN-10 provenance).
 *
 * @example
 * ```ts
 * const seen: TraitObservation = { traits: { fullName: "Lê Thu Hà" }, observedAt: new Date("2025-03-01T02:00:00Z"), source: "zalo" }
 * ```
 */
export interface TraitObservation {
  readonly traits: Traits
  readonly observedAt: Date
  readonly source?: string
}

/**
 * Resolves a profile's observed traits into one set of values. The read model
 * takes one, so `@kith/identity` can plug in its per-trait strategies
 * (newest, oldest, first non-empty, union, most trusted source).
 *
 * @example
 * ```ts
 * const oldestWins: TraitResolver = (observations) => newestValueWins([...observations].reverse().map((o, i) => ({ ...o, observedAt: new Date(i) })))
 * ```
 */
export type TraitResolver = (observations: ReadonlyArray<TraitObservation>) => Traits

/**
 * The default {@link TraitResolver}: for each trait, the value of the most
 * recent observation that has it (equal instants: the later in the list).
 *
 * @param observations - the profile's observations, in any order
 * @returns one value per trait
 *
 * @example
 * ```ts
 * newestValueWins([
 *   { traits: { fullName: "Ha", phone: "0912345678" }, observedAt: new Date("2025-01-01T00:00:00Z") },
 *   { traits: { fullName: "Lê Thu Hà" }, observedAt: new Date("2025-03-01T00:00:00Z") }
 * ]) // => { fullName: "Lê Thu Hà", phone: "0912345678" }
 * ```
 */
export const newestValueWins: TraitResolver = (observations) => {
  const ordered = observations.map((o, i) => ({ o, i })).sort((a, b) => a.o.observedAt.getTime() - b.o.observedAt.getTime() || a.i - b.i)
  // Trait names are data: without a prototype, a trait named `__proto__` is an own key, never the prototype.
  const out = Object.create(null) as Record<string, unknown>
  for (const { o } of ordered) for (const [key, value] of Object.entries(o.traits)) if (value !== undefined) out[key] = value
  return out as Traits
}
