import { Schema } from "effect"
import { percentChange, shareOf } from "./percent-change.js"
import { ACTIVITY_COUNTERS, ActivityCounter, type ProfileSummary } from "./profile-summary.js"
import type { WorkspaceSummary } from "./workspace-summary.js"
import { type LocalMonth, monthKey, zonedClock } from "./zoned-clock.js"

/** One engagement figure of one month: the count and its two comparisons. */
export const EngagementFigure = Schema.Struct({
  count: Schema.Number,
  /** % change against the previous month; `null` when that was 0 and this is not. */
  changeVsPreviousMonth: Schema.NullOr(Schema.Number),
  /** This profile's share of the workspace's total that month, in %; `null` when the workspace total is 0. */
  shareOfWorkspace: Schema.NullOr(Schema.Number)
})
/** An {@link EngagementFigure} after decoding. */
export type EngagementFigure = typeof EngagementFigure.Type

/** The PRF-5 figures of one month. */
export const EngagementMonth = Schema.Struct({
  /** `yyyy-MM` in the workspace timezone. */
  month: Schema.String,
  campaignsJoined: EngagementFigure,
  messagesReceived: EngagementFigure,
  urlClicks: EngagementFigure,
  surveyParticipations: EngagementFigure,
  minigamePlays: EngagementFigure
})
/** An {@link EngagementMonth} after decoding. */
export type EngagementMonth = typeof EngagementMonth.Type

/**
 * PRF-5: engagement per month of a year, and minigame totals.
 *
 * @example
 * ```ts
 * import { KithEvent } from "@kith/core"
 * import { Schema } from "effect"
 *
 * const events = Schema.decodeUnknownSync(Schema.Array(KithEvent))([
 *   { type: "track", messageId: "m-1", timestamp: "2025-03-05T10:00:00+07:00", userId: "u-1", event: "Minigame Played", properties: { gameId: "wheel", plays: 2 } },
 *   { type: "track", messageId: "m-2", timestamp: "2025-03-06T10:00:00+07:00", userId: "u-1", event: "Minigame Played", properties: { gameId: "wheel", plays: 3 } },
 *   { type: "track", messageId: "m-3", timestamp: "2025-03-07T10:00:00+07:00", userId: "u-1", event: "Minigame Played", properties: { gameId: "quiz" } }
 * ])
 * const summary = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }).summarize(events)
 * const asOf = new Date("2025-03-31T16:59:59Z")
 * engagementReport(summary, workspaceSummaryOf([summary]), { year: 2025, asOf, timeZone: "Asia/Ho_Chi_Minh" }).minigames
 * // => { joined: 2, totalPlays: 6, sessions: 3 }
 * ```
 */
export const EngagementReport = Schema.Struct({
  year: Schema.Number,
  months: Schema.Array(EngagementMonth),
  minigames: Schema.Struct({
    /** Distinct games played. */
    joined: Schema.Number,
    /** Rounds played in all. */
    totalPlays: Schema.Number,
    /** `Minigame Played` events in all. */
    sessions: Schema.Number
  })
})
/** An {@link EngagementReport} after decoding. */
export type EngagementReport = typeof EngagementReport.Type

/** Options of {@link engagementReport}. */
export interface EngagementOptions {
  /** The year to report; its months after `asOf`'s month are left out. */
  readonly year: number
  readonly asOf: Date
  /** The timezone the summaries were built in. */
  readonly timeZone: string
}

const ZEROS: ReadonlyArray<number> = new Array<number>(ACTIVITY_COUNTERS).fill(0)

/**
 * The PRF-5 engagement report of one profile: for each month of `year` up
 * to the month of `asOf`, campaigns joined, messages received, URL clicks,
 * survey participations and minigame plays, each with its count, the %
 * change against the previous month (January against December before), and
 * the profile's share of the workspace's total that month. Counters are
 * monthly, so the month of `asOf` counts all of that month's events known.
 *
 * @param summary - the profile's summary
 * @param workspace - the workspace totals (the profile's own counters included)
 * @param options - year, asOf and the summaries' timezone
 *
 * @example
 * ```ts
 * import { KithEvent } from "@kith/core"
 * import { Schema } from "effect"
 *
 * const joined = (messageId: string, userId: string, timestamp: string) =>
 *   ({ type: "track", messageId, timestamp, userId, event: "Campaign Joined", properties: { campaignId: "tet-2025" } })
 * const decode = Schema.decodeUnknownSync(Schema.Array(KithEvent))
 * const summarizer = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" })
 * const lan = summarizer.summarize(decode([
 *   joined("m-1", "u-1", "2025-02-10T09:00:00+07:00"), joined("m-2", "u-1", "2025-03-03T09:00:00+07:00"), joined("m-3", "u-1", "2025-03-20T09:00:00+07:00")
 * ]))
 * const minh = summarizer.summarize(decode([joined("m-4", "u-2", "2025-03-04T09:00:00+07:00"), joined("m-5", "u-2", "2025-03-05T09:00:00+07:00")]))
 * const report = engagementReport(lan, workspaceSummaryOf([lan, minh]), { year: 2025, asOf: new Date("2025-03-31T16:59:59Z"), timeZone: "Asia/Ho_Chi_Minh" })
 * report.months[2]?.campaignsJoined // => { count: 2, changeVsPreviousMonth: 100, shareOfWorkspace: 50 }
 * ```
 */
export const engagementReport = (summary: ProfileSummary, workspace: WorkspaceSummary, options: EngagementOptions): EngagementReport => {
  const asOfMonth = zonedClock(options.timeZone).monthOf(options.asOf.getTime())
  const lastMonth = Math.min(options.year * 12 + 11, asOfMonth)
  const figure = (month: LocalMonth, counter: number): EngagementFigure => {
    const count = (summary.activity.get(month) ?? ZEROS)[counter] ?? 0
    const previous = (summary.activity.get(month - 1) ?? ZEROS)[counter] ?? 0
    const total = (workspace.activity.get(month) ?? ZEROS)[counter] ?? 0
    return { count, changeVsPreviousMonth: percentChange(count, previous), shareOfWorkspace: shareOf(count, total) }
  }
  const months: Array<EngagementMonth> = []
  for (let month = options.year * 12; month <= lastMonth; month++) {
    months.push({
      month: monthKey(month),
      campaignsJoined: figure(month, ActivityCounter.campaignsJoined),
      messagesReceived: figure(month, ActivityCounter.messagesReceived),
      urlClicks: figure(month, ActivityCounter.urlClicks),
      surveyParticipations: figure(month, ActivityCounter.surveyParticipations),
      minigamePlays: figure(month, ActivityCounter.minigamePlays)
    })
  }
  let totalPlays = 0
  let sessions = 0
  // Lifetime totals stop at the month of asOf, like the monthly figures:
  // plays in later months had not happened yet.
  for (const [month, counts] of summary.activity) {
    if (month > asOfMonth) continue
    totalPlays += counts[ActivityCounter.minigamePlays] ?? 0
    sessions += counts[ActivityCounter.minigameSessions] ?? 0
  }
  return { year: options.year, months, minigames: { joined: summary.minigames.size, totalPlays, sessions } }
}
