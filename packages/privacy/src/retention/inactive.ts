/**
 * What the retention rule reads of one profile: whether it holds a contact
 * identifier (phone, email, a chat id... anything a person can be reached
 * or named by), whether it ever ordered, and its latest activity.
 *
 * @example
 * ```ts
 * const visitor: RetentionFacts = { hasContact: false, hasOrder: false, lastActivityAt: new Date("2025-06-01T00:00:00Z") }
 * ```
 */
export interface RetentionFacts {
  readonly hasContact: boolean
  readonly hasOrder: boolean
  readonly lastActivityAt: Date
}

const DAY_MS = 86_400_000

/**
 * The instant before which an anonymous visitor counts as inactive: `asOf`
 * minus `inactiveDays` whole days.
 *
 * @param asOf - when the retention run happens
 * @param inactiveDays - a positive whole number of days
 * @returns the cut-off instant
 *
 * @example
 * ```ts
 * import { retentionCutoff } from "@kith/privacy"
 * retentionCutoff(new Date("2026-03-31T00:00:00Z"), 90).toISOString() // => "2025-12-31T00:00:00.000Z"
 * ```
 */
export const retentionCutoff = (asOf: Date, inactiveDays: number): Date => new Date(asOf.getTime() - inactiveDays * DAY_MS)

/**
 * Whether retention purges a profile (PRIV-6): an anonymous visitor — no
 * contact identifier, no order — whose latest activity is before the
 * cut-off. A customer who can be named or who bought is never purged by age.
 *
 * @param facts - the profile's facts
 * @param cutoff - from {@link retentionCutoff}
 * @returns `true` when it is purged
 *
 * @example
 * ```ts
 * import { isPurgeable } from "@kith/privacy"
 * const cutoff = new Date("2025-12-31T00:00:00Z")
 * isPurgeable({ hasContact: false, hasOrder: false, lastActivityAt: new Date("2025-11-01T00:00:00Z") }, cutoff) // => true
 * isPurgeable({ hasContact: true, hasOrder: false, lastActivityAt: new Date("2025-11-01T00:00:00Z") }, cutoff) // => false
 * isPurgeable({ hasContact: false, hasOrder: false, lastActivityAt: new Date("2026-01-02T00:00:00Z") }, cutoff) // => false
 * ```
 */
export const isPurgeable = (facts: RetentionFacts, cutoff: Date): boolean =>
  !facts.hasContact && !facts.hasOrder && facts.lastActivityAt.getTime() < cutoff.getTime()
