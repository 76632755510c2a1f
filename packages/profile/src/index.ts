/**
 * Profile 360 for kith: mergeable per-profile summaries folded from events,
 * and everything derived from them at an explicit `asOf` — purchase metrics
 * (PRF-3), the spend chart (PRF-4), engagement with workspace shares (PRF-5),
 * lifecycle and membership (PRF-2, PRF-7), sources (PRF-8), RFM (PRF-9), the
 * timeline (PRF-6) and the {@link Profile360} read model.
 *
 * Summaries combine: `combineSummaries` is associative and commutative with
 * `emptySummary` as identity, and summarizing `a ++ b` equals combining the
 * summaries of `a` and `b`, so merging two profiles (PRF-11) or adding a late
 * event never replays history. Pure functions, no I/O; time is a parameter.
 *
 * @example
 * ```ts
 * import { KithEvent } from "@kith/core"
 * import { makeSummarizer, combineSummaries, profile360, workspaceSummaryOf } from "@kith/profile"
 * import { Schema } from "effect"
 *
 * const order = (messageId: string, timestamp: string, orderId: string, total: number) => ({
 *   type: "track", messageId, timestamp, userId: "u-1", event: "Order Completed",
 *   properties: { orderId, currency: "VND", total, products: [{ productId: "p-ao", quantity: 1, price: total }] }
 * })
 * const decode = Schema.decodeUnknownSync(Schema.Array(KithEvent))
 * const phoneEvents = decode([order("m-1", "2025-03-01T00:30:00+07:00", "SO-1", 250000), order("m-2", "2025-04-12T20:00:00+07:00", "SO-2", 450000)])
 * const laptopEvents = decode([order("m-3", "2025-05-20T09:00:00+07:00", "SO-3", 550000)])
 *
 * const summarizer = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" })
 * const summary = combineSummaries(summarizer.summarize(phoneEvents), summarizer.summarize(laptopEvents))
 * const view = profile360({ profileId: "p-1", summary, workspace: workspaceSummaryOf([summary]), asOf: new Date("2025-06-30T17:00:00Z") })
 * view.purchases.totalSpend // => 1250000
 * ```
 *
 * @packageDocumentation
 */
export * from "./engagement.js"
export * from "./errors.js"
export * from "./lifecycle.js"
export * from "./metric-options.js"
export * from "./order-record.js"
export * from "./order-view.js"
export * from "./percent-change.js"
export * from "./points-ledger.js"
export * from "./profile-360.js"
export * from "./profile-summary.js"
export * from "./purchase-metrics.js"
export * from "./rfm.js"
export * from "./sources.js"
export * from "./spend-chart.js"
export * from "./summarizer.js"
export * from "./summary-codec.js"
export * from "./tiers.js"
export * from "./timeline.js"
export * from "./trait-resolver.js"
export * from "./workspace-summary.js"
export * from "./zoned-clock.js"
