import { ACTIVITY_COUNTERS, type ProfileSummary } from "./profile-summary.js"
import type { LocalMonth } from "./zoned-clock.js"

/**
 * The workspace-level totals the PRF-5 shares are taken against: every
 * profile's monthly activity counters added up. Built from profile summaries
 * (or from a workspace's whole event stream with a summarizer), and combined
 * with {@link combineWorkspaceSummaries} under the same laws as profiles.
 *
 * @example
 * ```ts
 * const workspace: WorkspaceSummary = workspaceSummaryOf(summariesByProfile.values())
 * ```
 */
export interface WorkspaceSummary {
  readonly activity: ReadonlyMap<LocalMonth, ReadonlyArray<number>>
}

/**
 * The workspace summary of nothing: the identity of {@link combineWorkspaceSummaries}.
 *
 * @example
 * ```ts
 * emptyWorkspaceSummary.activity.size // => 0
 * ```
 */
export const emptyWorkspaceSummary: WorkspaceSummary = Object.freeze({ activity: new Map() })

/**
 * Adds two workspace summaries.
 *
 * @example
 * ```ts
 * combineWorkspaceSummaries(workspaceSummaryOf([a]), workspaceSummaryOf([b])) // => equal to workspaceSummaryOf([a, b])
 * ```
 */
export const combineWorkspaceSummaries = (a: WorkspaceSummary, b: WorkspaceSummary): WorkspaceSummary => {
  if (b.activity.size === 0) return a
  if (a.activity.size === 0) return b
  const activity = new Map(a.activity)
  for (const [month, counts] of b.activity) {
    const existing = activity.get(month)
    activity.set(month, existing === undefined ? counts : existing.map((n, i) => n + (counts[i] ?? 0)))
  }
  return { activity }
}

/**
 * The workspace totals of some profile summaries. Adding a profile's
 * contribution is the same as combining: a late event or a new profile only
 * adds its own counters.
 *
 * @param summaries - the summaries of a workspace's profiles
 * @returns their monthly activity added up
 *
 * @example
 * ```ts
 * const workspace = workspaceSummaryOf(summariesByProfile.values())
 * ```
 */
export const workspaceSummaryOf = (summaries: Iterable<ProfileSummary>): WorkspaceSummary => {
  const activity = new Map<LocalMonth, Array<number>>()
  for (const summary of summaries) {
    for (const [month, counts] of summary.activity) {
      let total = activity.get(month)
      if (total === undefined) {
        total = new Array<number>(ACTIVITY_COUNTERS).fill(0)
        activity.set(month, total)
      }
      for (let i = 0; i < ACTIVITY_COUNTERS; i++) total[i] = (total[i] ?? 0) + (counts[i] ?? 0)
    }
  }
  return activity.size === 0 ? emptyWorkspaceSummary : { activity }
}
