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
 * import { KithEvent } from "@kith/core"
 * import { Schema } from "effect"
 *
 * const joined = (messageId: string, userId: string) =>
 *   ({ type: "track", messageId, timestamp: "2025-03-05T10:00:00+07:00", userId, event: "Campaign Joined", properties: { campaignId: "tet-2025" } })
 * const decode = Schema.decodeUnknownSync(Schema.Array(KithEvent))
 * const summarizer = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" })
 * const a = summarizer.summarize(decode([joined("m-1", "u-1")]))
 * const b = summarizer.summarize(decode([joined("m-2", "u-2"), joined("m-3", "u-2")]))
 * const combined = combineWorkspaceSummaries(workspaceSummaryOf([a]), workspaceSummaryOf([b]))
 * combined.activity.get(2025 * 12 + 2)?.[ActivityCounter.campaignsJoined] // => 3
 * JSON.stringify([...combined.activity]) === JSON.stringify([...workspaceSummaryOf([a, b]).activity]) // => true
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
