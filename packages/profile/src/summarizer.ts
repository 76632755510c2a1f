import type { KithEvent, PropertiesOf } from "@kith/core"
import { type MutableOrderRecord, type OrderDetails, emptyOrderRecord, newerDetails } from "./order-record.js"
import {
  ActivityCounter,
  type PointsEntry,
  type ProfileSummary,
  combineSummaries,
  emptySummary
} from "./profile-summary.js"
import { type LocalMonth, type ZonedClock, zonedClock } from "./zoned-clock.js"

/**
 * Folds events into {@link ProfileSummary} values, bucketing monthly activity
 * in one workspace timezone. Summaries from summarizers of different
 * timezones must not be combined.
 *
 * @example
 * ```ts
 * const summarizer: Summarizer = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" })
 * const byProfile = summarizer.summarizeBy(rows, (row) => row.profileId, (row) => row.event)
 * ```
 */
export interface Summarizer {
  /** The IANA timezone months are taken in. */
  readonly timeZone: string
  /** The summary of some events, in any order (duplicated messageIds: see {@link ProfileSummary}). */
  readonly summarize: (events: Iterable<KithEvent>) => ProfileSummary
  /**
   * One summary per key in one pass, e.g. per profile: `keyOf` says whose an
   * item is and `eventOf` extracts its event.
   */
  readonly summarizeBy: <T, K>(items: Iterable<T>, keyOf: (item: T) => K, eventOf: (item: T) => KithEvent) => Map<K, ProfileSummary>
  /** A summary with one more (late) event: `combineSummaries(summary, summarize([event]))`. */
  readonly add: (summary: ProfileSummary, event: KithEvent) => ProfileSummary
}

/** Options of {@link makeSummarizer}. */
export interface SummarizerOptions {
  /** The workspace timezone (IANA), e.g. `Asia/Ho_Chi_Minh`. */
  readonly timeZone: string
}

// While a fold owns a summary its collections are created on first use: most
// profiles have no orders, points or minigames, and a summary per profile of
// a large workspace should not pay for empty maps.
interface MutableSourceTouch {
  readonly channel: string | undefined
  readonly source: string | undefined
  firstAt: number
  lastAt: number
}

interface MutableSummary {
  orders: Map<string, MutableOrderRecord> | undefined
  activity: Map<LocalMonth, Array<number>> | undefined
  minigames: Set<string> | undefined
  points: Map<string, PointsEntry> | undefined
  // A short list scanned by (channel, source): cheaper than building a key per event.
  sources: Array<MutableSourceTouch> | undefined
  // Instants are plain numbers with ±Infinity for "none yet", so V8 keeps
  // them unboxed and a store allocates nothing (undefined would force a boxed
  // number per store, millions of them in a large fold).
  firstSeenAt: number
  lastSeenAt: number
  contactAt: number
  registeredAt: number
}

const freshSummary = (): MutableSummary => ({
  orders: undefined,
  activity: undefined,
  minigames: undefined,
  points: undefined,
  sources: undefined,
  firstSeenAt: Infinity,
  lastSeenAt: -Infinity,
  contactAt: Infinity,
  registeredAt: Infinity
})

const orderOf = (summary: MutableSummary, orderId: string): MutableOrderRecord => {
  let orders = summary.orders
  if (orders === undefined) summary.orders = orders = new Map()
  let record = orders.get(orderId)
  if (record === undefined) {
    record = emptyOrderRecord(orderId)
    orders.set(orderId, record)
  }
  return record
}

const bump = (summary: MutableSummary, clock: ZonedClock, at: number, counter: number, by: number): void => {
  const month = clock.monthOf(at)
  let activity = summary.activity
  if (activity === undefined) summary.activity = activity = new Map()
  let counts = activity.get(month)
  if (counts === undefined) {
    counts = [0, 0, 0, 0, 0, 0]
    activity.set(month, counts)
  }
  counts[counter] = (counts[counter] ?? 0) + by
}

const setPoints = (summary: MutableSummary, messageId: string, entry: PointsEntry): void => {
  if (summary.points === undefined) summary.points = new Map()
  summary.points.set(messageId, entry)
}

const detailsOf = (at: number, messageId: string, p: PropertiesOf<"Order Placed">): OrderDetails => ({
  at,
  messageId,
  currency: p.currency,
  total: p.total,
  paid: p.paid,
  products: p.products
})

const pointsEntry = (
  at: number,
  kind: PointsEntry["kind"],
  points: number,
  p: { readonly expiresAt?: Date; readonly orderId?: string; readonly reason?: string }
): PointsEntry => ({
  at,
  kind,
  points,
  expiresAt: p.expiresAt?.getTime(),
  orderId: p.orderId,
  reason: p.reason
})

const min = (a: number | undefined, b: number) => (a === undefined || b < a ? b : a)

// Every track event the fold looks at, numbered, with a flag for the ones
// that are no source: one hash lookup per event settles both (most events
// match nothing). Events the shop sends or records about the person
// (outreach messages and the reactions to them, staff adjustments) carry the
// shop's channel, not one the person came through (PRF-8), so they are no
// source.
const NOT_A_SOURCE = 64
const NOT_FOLDED = 63
const TRACK_CODES = new Map<string, number>([
  ["Order Placed", 0],
  ["Order Completed", 1],
  ["Order Cancelled", 2],
  ["Order Delivery Failed", 3],
  ["Order Returned", 4],
  ["Order Refunded", 5],
  ["Campaign Joined", 6],
  ["Message Delivered", 7 | NOT_A_SOURCE],
  ["Message Clicked", 8 | NOT_A_SOURCE],
  ["Survey Submitted", 9],
  ["Minigame Played", 10],
  ["Points Earned", 11],
  ["Points Redeemed", 12],
  ["Points Adjusted", 13 | NOT_A_SOURCE],
  ["Form Submitted", 14],
  ["Message Sent", NOT_FOLDED | NOT_A_SOURCE],
  ["Message Read", NOT_FOLDED | NOT_A_SOURCE],
  ["Message Replied", NOT_FOLDED | NOT_A_SOURCE],
  ["Message Unsubscribed", NOT_FOLDED | NOT_A_SOURCE]
])

const foldTrack = (summary: MutableSummary, clock: ZonedClock, event: Extract<KithEvent, { type: "track" }>, at: number, kind: number): void => {
  const messageId = event.messageId as string
  switch (kind) {
    case 0: { // Order Placed
      const p = event.properties as PropertiesOf<"Order Placed">
      const record = orderOf(summary, p.orderId)
      record.placedAt = min(record.placedAt, at)
      record.placed = newerDetails(record.placed, detailsOf(at, messageId, p))
      return
    }
    case 1: { // Order Completed
      const p = event.properties as PropertiesOf<"Order Completed">
      const record = orderOf(summary, p.orderId)
      record.completedAt = min(record.completedAt, at)
      record.completed = newerDetails(record.completed, detailsOf(at, messageId, p))
      return
    }
    case 2: { // Order Cancelled
      const record = orderOf(summary, (event.properties as PropertiesOf<"Order Cancelled">).orderId)
      record.cancelledAt = min(record.cancelledAt, at)
      return
    }
    case 3: { // Order Delivery Failed
      const record = orderOf(summary, (event.properties as PropertiesOf<"Order Delivery Failed">).orderId)
      record.deliveryFailedAt = min(record.deliveryFailedAt, at)
      return
    }
    case 4: { // Order Returned
      const p = event.properties as PropertiesOf<"Order Returned">
      const record = orderOf(summary, p.orderId)
      const returns = new Map(record.returns ?? [])
      returns.set(messageId, { at, amount: p.amount, products: p.products })
      record.returns = returns
      return
    }
    case 5: { // Order Refunded
      const p = event.properties as PropertiesOf<"Order Refunded">
      const record = orderOf(summary, p.orderId)
      const refunds = new Map(record.refunds ?? [])
      refunds.set(messageId, { at, currency: p.currency, amount: p.amount })
      record.refunds = refunds
      return
    }
    case 6: // Campaign Joined
      return bump(summary, clock, at, ActivityCounter.campaignsJoined, 1)
    case 7: // Message Delivered
      return bump(summary, clock, at, ActivityCounter.messagesReceived, 1)
    case 8: // Message Clicked
      return bump(summary, clock, at, ActivityCounter.urlClicks, 1)
    case 9: // Survey Submitted
      return bump(summary, clock, at, ActivityCounter.surveyParticipations, 1)
    case 10: { // Minigame Played
      const p = event.properties as PropertiesOf<"Minigame Played">
      if (summary.minigames === undefined) summary.minigames = new Set()
      summary.minigames.add(p.gameId)
      bump(summary, clock, at, ActivityCounter.minigamePlays, p.plays ?? 1)
      return bump(summary, clock, at, ActivityCounter.minigameSessions, 1)
    }
    case 11: { // Points Earned
      const p = event.properties as PropertiesOf<"Points Earned">
      setPoints(summary, messageId, pointsEntry(at, "earned", p.points, p))
      return
    }
    case 12: { // Points Redeemed
      const p = event.properties as PropertiesOf<"Points Redeemed">
      setPoints(summary, messageId, pointsEntry(at, "redeemed", -p.points, p))
      return
    }
    case 13: { // Points Adjusted
      const p = event.properties as PropertiesOf<"Points Adjusted">
      setPoints(summary, messageId, pointsEntry(at, "adjusted", p.points, p))
      return
    }
    case 14: // Form Submitted
      if (at < summary.contactAt) summary.contactAt = at
      return
    default:
      return
  }
}

const foldEvent = (summary: MutableSummary, clock: ZonedClock, event: KithEvent): void => {
  // An alias is a statement about ids, not an interaction of the person.
  if (event.type === "alias") return
  const at = event.timestamp.getTime()
  if (at < summary.firstSeenAt) summary.firstSeenAt = at
  if (at > summary.lastSeenAt) summary.lastSeenAt = at
  if (at < summary.registeredAt && event.userId !== undefined) summary.registeredAt = at
  const code = event.type === "track" ? TRACK_CODES.get(event.event) : undefined
  const context = event.context
  if (context !== undefined && (context.channel !== undefined || context.source !== undefined) && (code === undefined || (code & NOT_A_SOURCE) === 0)) {
    const { channel, source } = context
    let sources = summary.sources
    if (sources === undefined) summary.sources = sources = []
    let touch: MutableSourceTouch | undefined
    for (let i = 0; i < sources.length; i++) {
      const candidate = sources[i] as MutableSourceTouch
      if (candidate.channel === channel && candidate.source === source) {
        touch = candidate
        break
      }
    }
    if (touch === undefined) sources.push({ channel, source, firstAt: at, lastAt: at })
    else if (at < touch.firstAt) touch.firstAt = at
    else if (at > touch.lastAt) touch.lastAt = at
  }
  if (event.type === "track") {
    if (code !== undefined) foldTrack(summary, clock, event, at, code & NOT_FOLDED)
    return
  }
  // Only an identify that could move the first contact earlier needs its traits read.
  if (event.type === "identify" && at < summary.contactAt) {
    const traits = event.traits
    if (traits !== undefined && (traits.phone !== undefined || traits.email !== undefined || (traits.otherPhones?.length ?? 0) > 0 || (traits.otherEmails?.length ?? 0) > 0)) {
      summary.contactAt = at
    }
  }
}

const instant = (at: number): number | undefined => (Number.isFinite(at) ? at : undefined)

// A fresh summary owns every record in it, so its collections are handed out
// as they are (unused ones as the shared empty ones): no copy.
const publish = (summary: MutableSummary): ProfileSummary =>
  summary.orders === undefined &&
  summary.activity === undefined &&
  summary.points === undefined &&
  summary.sources === undefined &&
  summary.minigames === undefined &&
  summary.firstSeenAt === Infinity &&
  summary.contactAt === Infinity &&
  summary.registeredAt === Infinity
    ? emptySummary
    : {
        orders: summary.orders ?? emptySummary.orders,
        activity: summary.activity ?? emptySummary.activity,
        minigames: summary.minigames ?? emptySummary.minigames,
        points: summary.points ?? emptySummary.points,
        sources: summary.sources ?? emptySummary.sources,
        firstSeenAt: instant(summary.firstSeenAt),
        lastSeenAt: instant(summary.lastSeenAt),
        contactAt: instant(summary.contactAt),
        registeredAt: instant(summary.registeredAt)
      }

/**
 * A summarizer for one workspace timezone.
 *
 * @param options - the workspace timezone
 * @returns functions that fold events into mergeable summaries
 *
 * @example
 * ```ts
 * const summarizer = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" })
 * const summary = summarizer.summarize(events)
 * const merged = combineSummaries(summary, summarizer.summarize(otherProfileEvents))
 * purchaseMetrics(merged, { asOf: new Date("2025-06-30T17:00:00Z"), timeZone: "Asia/Ho_Chi_Minh", currency: "VND" }).totalSpend // => 1250000
 * ```
 */
export const makeSummarizer = (options: SummarizerOptions): Summarizer => {
  const clock = zonedClock(options.timeZone)
  const summarize = (events: Iterable<KithEvent>): ProfileSummary => {
    const summary = freshSummary()
    for (const event of events) foldEvent(summary, clock, event)
    return publish(summary)
  }
  const summarizeBy = <T, K>(items: Iterable<T>, keyOf: (item: T) => K, eventOf: (item: T) => KithEvent): Map<K, ProfileSummary> => {
    const byKey = new Map<K, MutableSummary>()
    for (const item of items) {
      const key = keyOf(item)
      let summary = byKey.get(key)
      if (summary === undefined) {
        summary = freshSummary()
        byKey.set(key, summary)
      }
      foldEvent(summary, clock, eventOf(item))
    }
    const out = new Map<K, ProfileSummary>()
    for (const [key, summary] of byKey) out.set(key, publish(summary))
    return out
  }
  return {
    timeZone: options.timeZone,
    summarize,
    summarizeBy,
    add: (summary, event) => combineSummaries(summary, summarize([event]))
  }
}
