import { Instant, Traits } from "@kith/core"
import { Schema } from "effect"
import { EngagementReport, engagementReport } from "./engagement.js"
import { Lifecycle, lifecycleOf } from "./lifecycle.js"
import { ordersAt } from "./order-view.js"
import { PointsLedger, type PointsRule, defaultPointsRule, pointsLedger } from "./points-ledger.js"
import type { ProfileSummary } from "./profile-summary.js"
import { PurchaseMetrics, purchaseMetrics } from "./purchase-metrics.js"
import { RfmScore } from "./rfm.js"
import { SourceEntry, sourcesOf } from "./sources.js"
import { SpendChart, spendChart } from "./spend-chart.js"
import { type TierConfig, defaultTierConfig, tierFor } from "./tiers.js"
import { type TraitObservation, type TraitResolver, newestValueWins } from "./trait-resolver.js"
import type { WorkspaceSummary } from "./workspace-summary.js"
import { dayKey, zonedClock } from "./zoned-clock.js"

/**
 * The Profile 360 read model: everything known about one person at `asOf`,
 * as the facade serves it and the example page renders it. A schema, so it
 * can be validated and encoded to JSON (instants become ISO strings).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * const view = profile360({ profileId: "p-1", summary: emptySummary, workspace: emptyWorkspaceSummary, asOf: new Date("2025-06-30T17:00:00Z") })
 * Schema.encodeSync(Profile360)(view).asOf // => "2025-06-30T17:00:00.000Z"
 * ```
 */
export const Profile360 = Schema.Struct({
  profileId: Schema.String,
  asOf: Instant,
  timeZone: Schema.String,
  currency: Schema.String,
  /** PRF-1 fields and custom traits, resolved; `age` derived from `birthday` at the local date of `asOf`. */
  fields: Schema.Struct({ traits: Traits, age: Schema.NullOr(Schema.Number) }),
  /** PRF-2 */
  lifecycle: Lifecycle,
  /** PRF-3 */
  purchases: PurchaseMetrics,
  /** PRF-4 */
  spendChart: SpendChart,
  /** PRF-5 */
  engagement: EngagementReport,
  /** PRF-7 */
  membership: Schema.Struct({
    tier: Schema.NullOr(Schema.String),
    tierBasis: Schema.Literals(["spend", "points"]),
    /** The value measured against the tier minimums. */
    tierValue: Schema.Number,
    points: PointsLedger
  }),
  /** PRF-8, first touch first. */
  sources: Schema.Array(SourceEntry),
  /** PRF-9, when the workspace's scores were computed and the profile is a buyer. */
  rfm: Schema.NullOr(RfmScore),
  activity: Schema.Struct({ firstSeenAt: Schema.NullOr(Instant), lastSeenAt: Schema.NullOr(Instant) })
})
/** A {@link Profile360} after decoding. */
export type Profile360 = typeof Profile360.Type

/**
 * What {@link profile360} needs. Everything but the first four has a default.
 *
 * @example
 * ```ts
 * const input: Profile360Input = { profileId: "p-1", summary, workspace, asOf: new Date("2025-06-30T17:00:00Z"), currency: "VND" }
 * ```
 */
export interface Profile360Input {
  readonly profileId: string
  readonly summary: ProfileSummary
  /** The workspace totals, for the engagement shares. */
  readonly workspace: WorkspaceSummary
  readonly asOf: Date
  /** The workspace timezone the summaries were built in; default `Asia/Ho_Chi_Minh`. */
  readonly timeZone?: string
  /** The workspace currency; default `VND`. */
  readonly currency?: string
  /** Observed traits (from identity); none by default. */
  readonly traits?: ReadonlyArray<TraitObservation>
  /** How traits are resolved; default {@link newestValueWins}. */
  readonly resolveTraits?: TraitResolver
  /** The year of the spend chart and engagement report; default the local year of `asOf`. */
  readonly year?: number
  /** Default {@link defaultTierConfig}. */
  readonly tiers?: TierConfig
  /** Default {@link defaultPointsRule}. */
  readonly pointsRule?: PointsRule
  /** The profile's RFM score from `rfmScores` over the workspace, if computed. */
  readonly rfm?: RfmScore
}

/**
 * Age in whole years on the local date `today` (`yyyy-MM-dd`) of someone
 * born on `birthday` (`yyyy-MM-dd`); a 29 February birthday counts from
 * 1 March in common years.
 *
 * @example
 * ```ts
 * ageOn("1990-09-05", "2025-09-04") // => 34
 * ageOn("1990-09-05", "2025-09-05") // => 35
 * ```
 */
export const ageOn = (birthday: string, today: string): number | null => {
  if (birthday > today) return null
  const years = Number(today.slice(0, 4)) - Number(birthday.slice(0, 4))
  return today.slice(5) >= birthday.slice(5) ? years : years - 1
}

/**
 * Builds the Profile 360 of one profile at `asOf`: resolved fields and age,
 * lifecycle and account, purchase metrics, spend chart, engagement, tier and
 * points, sources, RFM and first/last activity.
 *
 * @param input - the profile's summary and traits, the workspace summary, `asOf` and settings
 * @returns the read model, valid against the {@link Profile360} schema
 *
 * @example
 * ```ts
 * import { KithEvent } from "@kith/core"
 * import { Schema } from "effect"
 *
 * const events = Schema.decodeUnknownSync(Schema.Array(KithEvent))([
 *   { type: "track", messageId: "m-1", timestamp: "2025-03-01T00:30:00+07:00", userId: "u-1", event: "Order Completed",
 *     properties: { orderId: "SO-1", currency: "VND", total: 250000, products: [{ productId: "p-ao", quantity: 1, price: 250000 }] } },
 *   { type: "track", messageId: "m-2", timestamp: "2025-04-12T20:00:00+07:00", userId: "u-1", event: "Order Completed",
 *     properties: { orderId: "SO-2", currency: "VND", total: 450000, products: [{ productId: "p-quan", quantity: 1, price: 450000 }] } }
 * ])
 * const summary = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }).summarize(events)
 * const view = profile360({
 *   profileId: "p-1", summary, workspace: workspaceSummaryOf([summary]), asOf: new Date("2025-06-30T17:00:00Z"),
 *   traits: [{ traits: { fullName: "Nguyễn Thị Lan" }, observedAt: new Date("2025-03-01T02:00:00Z"), source: "zalo_oa" }]
 * })
 * view.purchases.totalSpend // => 700000
 * view.lifecycle.stage // => "buyer"
 * view.fields.traits.fullName // => "Nguyễn Thị Lan"
 * Schema.encodeSync(Profile360)(view).asOf // => "2025-06-30T17:00:00.000Z"
 * ```
 */
export const profile360 = (input: Profile360Input): Profile360 => {
  const timeZone = input.timeZone ?? "Asia/Ho_Chi_Minh"
  const currency = input.currency ?? "VND"
  const { summary, asOf } = input
  const clock = zonedClock(timeZone)
  const today = dayKey(clock.dayOf(asOf.getTime()))
  const year = input.year ?? Number(today.slice(0, 4))
  const options = { asOf, timeZone, currency }
  const traits = (input.resolveTraits ?? newestValueWins)((input.traits ?? []).filter((o) => o.observedAt.getTime() <= asOf.getTime()))
  const orders = ordersAt(summary, asOf)
  const purchases = purchaseMetrics(summary, options)
  const points = pointsLedger(summary, orders, { asOf, currency, rule: input.pointsRule ?? defaultPointsRule })
  const tiers = input.tiers ?? defaultTierConfig
  const tierValue = tiers.basis === "spend" ? purchases.totalSpend : points.balance
  const at = asOf.getTime()
  return {
    profileId: input.profileId,
    asOf,
    timeZone,
    currency,
    fields: { traits, age: traits.birthday === undefined ? null : ageOn(traits.birthday, today) },
    lifecycle: lifecycleOf(summary, orders, traits, asOf),
    purchases,
    spendChart: spendChart(summary, year, options),
    engagement: engagementReport(summary, input.workspace, { year, asOf, timeZone }),
    membership: { tier: tierFor(tierValue, tiers), tierBasis: tiers.basis, tierValue, points },
    sources: sourcesOf(summary, asOf),
    rfm: input.rfm ?? null,
    activity: {
      firstSeenAt: summary.firstSeenAt !== undefined && summary.firstSeenAt <= at ? new Date(summary.firstSeenAt) : null,
      lastSeenAt: summary.lastSeenAt !== undefined && summary.lastSeenAt <= at ? new Date(summary.lastSeenAt) : null
    }
  }
}
