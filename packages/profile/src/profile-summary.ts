import type { LocalMonth } from "./zoned-clock.js"
import { type OrderRecord, joinOrderRecords, maxAt, minAt } from "./order-record.js"

/**
 * The positions of the monthly activity counters of a summary (PRF-5). A
 * month's counters are a plain array of numbers so they cost little and
 * serialize as they are.
 *
 * @example
 * ```ts
 * import { KithEvent } from "@kith/core"
 * import { Schema } from "effect"
 *
 * const events = Schema.decodeUnknownSync(Schema.Array(KithEvent))([
 *   { type: "track", messageId: "m-1", timestamp: "2025-03-05T10:00:00+07:00", userId: "u-1", event: "Campaign Joined", properties: { campaignId: "tet-2025" } }
 * ])
 * const summary = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }).summarize(events)
 * summary.activity.get(2025 * 12 + 2)?.[ActivityCounter.campaignsJoined] // => 1 (campaigns joined in March 2025)
 * ```
 */
export const ActivityCounter = {
  /** `Campaign Joined` events. */
  campaignsJoined: 0,
  /** `Message Delivered` events: outreach messages that reached the person. */
  messagesReceived: 1,
  /** `Message Clicked` events: links in outreach messages clicked. */
  urlClicks: 2,
  /** `Survey Submitted` events. */
  surveyParticipations: 3,
  /** Rounds played, the sum of `plays` (1 when absent) of `Minigame Played`. */
  minigamePlays: 4,
  /** `Minigame Played` events (sessions). */
  minigameSessions: 5
} as const

/** The name of one monthly activity counter. */
export type ActivityCounterName = keyof typeof ActivityCounter

/** How many counters a month holds. */
export const ACTIVITY_COUNTERS = 6

/** One loyalty points movement (PRF-7), keyed in the summary by its event's messageId. */
export interface PointsEntry {
  readonly at: number
  readonly kind: "earned" | "redeemed" | "adjusted"
  /** Signed: earned > 0, redeemed < 0, adjusted either way. */
  readonly points: number
  readonly expiresAt: number | undefined
  readonly orderId: string | undefined
  readonly reason: string | undefined
}

/**
 * The first and last time a profile came through one way in (PRF-8): a
 * channel and source, with the UTM campaign and the referrer that brought the
 * events, when their context names them.
 */
export interface SourceTouch {
  readonly channel: string | undefined
  readonly source: string | undefined
  /** `context.campaign.source` (utm_source). */
  readonly campaignSource: string | undefined
  /** `context.campaign.medium` (utm_medium). */
  readonly campaignMedium: string | undefined
  /** `context.campaign.name` (utm_campaign). */
  readonly campaignName: string | undefined
  /** Who referred the person: `context.referrer`'s name, else its type, else its link or URL. */
  readonly referrer: string | undefined
  readonly firstAt: number
  readonly lastAt: number
}

/**
 * Whether two touches are the same way in (every key field equal), so they
 * join into one.
 *
 * @example
 * ```ts
 * const web = { channel: "web", source: undefined, campaignSource: "facebook", campaignMedium: "cpc", campaignName: "tet", referrer: undefined, firstAt: 1, lastAt: 1 }
 * sameWayIn(web, { ...web, firstAt: 5, lastAt: 9 }) // => true
 * sameWayIn(web, { ...web, campaignName: "he" }) // => false
 * ```
 */
export const sameWayIn = (a: SourceTouch, b: SourceTouch): boolean =>
  a.channel === b.channel &&
  a.source === b.source &&
  a.campaignSource === b.campaignSource &&
  a.campaignMedium === b.campaignMedium &&
  a.campaignName === b.campaignName &&
  a.referrer === b.referrer

/**
 * Everything the Profile 360 metrics need about one profile, folded from its
 * events, and mergeable: {@link combineSummaries} is associative and
 * commutative with {@link emptySummary} as identity, and
 * `summarize(a ++ b) = combineSummaries(summarize(a), summarize(b))`.
 *
 * - `orders`, `points`, `sources`, `minigames` and the instants are
 *   joins (idempotent): an event delivered twice, or present in both halves of
 *   a merge, counts once.
 * - `activity` holds additive monthly counters keyed by local month
 *   (`year * 12 + monthIndex` in the summarizer's timezone); they assume each
 *   messageId reaches the summary once, which ingestion guarantees (ING-3).
 *
 * Instants are epoch milliseconds. A summary is immutable once returned.
 *
 * @example
 * ```ts
 * import { KithEvent } from "@kith/core"
 * import { Schema } from "effect"
 *
 * const events = Schema.decodeUnknownSync(Schema.Array(KithEvent))([
 *   { type: "track", messageId: "m-1", timestamp: "2025-03-01T00:30:00+07:00", userId: "u-1", event: "Order Completed",
 *     properties: { orderId: "SO-1", currency: "VND", total: 250000, products: [{ productId: "p-ao", quantity: 1, price: 250000 }] } }
 * ])
 * const summary: ProfileSummary = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }).summarize(events)
 * summary.orders.get("SO-1")?.completedAt // => 1740763800000 (2025-03-01 00:30 in Hà Nội, in epoch ms)
 * ```
 */
export interface ProfileSummary {
  readonly orders: ReadonlyMap<string, OrderRecord>
  readonly activity: ReadonlyMap<LocalMonth, ReadonlyArray<number>>
  readonly minigames: ReadonlySet<string>
  readonly points: ReadonlyMap<string, PointsEntry>
  /** One entry per distinct way in (channel, source, UTM campaign, referrer), in no particular order. */
  readonly sources: ReadonlyArray<SourceTouch>
  readonly firstSeenAt: number | undefined
  readonly lastSeenAt: number | undefined
  /** The first time contact details were left (identify with phone or email, a form). */
  readonly contactAt: number | undefined
  /** The first event that carried a `userId` (the host's account), an `alias` included. */
  readonly registeredAt: number | undefined
}

/**
 * The summary of no events: the identity of {@link combineSummaries}.
 *
 * @example
 * ```ts
 * import { KithEvent } from "@kith/core"
 * import { Schema } from "effect"
 *
 * const events = Schema.decodeUnknownSync(Schema.Array(KithEvent))([
 *   { type: "track", messageId: "m-1", timestamp: "2025-03-01T00:30:00+07:00", userId: "u-1", event: "Order Completed",
 *     properties: { orderId: "SO-1", currency: "VND", total: 250000, products: [{ productId: "p-ao", quantity: 1, price: 250000 }] } }
 * ])
 * const summary = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }).summarize(events)
 * combineSummaries(emptySummary, summary) === summary // => true
 * combineSummaries(summary, emptySummary) === summary // => true
 * ```
 */
export const emptySummary: ProfileSummary = Object.freeze({
  orders: new Map(),
  activity: new Map(),
  minigames: new Set<string>(),
  points: new Map(),
  sources: [],
  firstSeenAt: undefined,
  lastSeenAt: undefined,
  contactAt: undefined,
  registeredAt: undefined
})

const joinMaps = <V>(a: ReadonlyMap<string, V>, b: ReadonlyMap<string, V>, join: (x: V, y: V) => V): ReadonlyMap<string, V> => {
  if (b.size === 0) return a
  if (a.size === 0) return b
  const [big, small] = a.size >= b.size ? [a, b] : [b, a]
  const out = new Map(big)
  for (const [key, value] of small) {
    const existing = out.get(key)
    out.set(key, existing === undefined ? value : join(existing, value))
  }
  return out
}

const keepFirst = <V>(x: V): V => x

const joinTouches = (a: SourceTouch, b: SourceTouch): SourceTouch => ({
  ...a,
  firstAt: Math.min(a.firstAt, b.firstAt),
  lastAt: Math.max(a.lastAt, b.lastAt)
})

const joinTouchLists = (a: ReadonlyArray<SourceTouch>, b: ReadonlyArray<SourceTouch>): ReadonlyArray<SourceTouch> => {
  if (b.length === 0) return a
  if (a.length === 0) return b
  const out = [...a]
  for (const touch of b) {
    const i = out.findIndex((t) => sameWayIn(t, touch))
    if (i < 0) out.push(touch)
    else out[i] = joinTouches(out[i] as SourceTouch, touch)
  }
  return out
}

const addActivity = (
  a: ReadonlyMap<LocalMonth, ReadonlyArray<number>>,
  b: ReadonlyMap<LocalMonth, ReadonlyArray<number>>
): ReadonlyMap<LocalMonth, ReadonlyArray<number>> => {
  if (b.size === 0) return a
  if (a.size === 0) return b
  const out = new Map(a)
  for (const [month, counts] of b) {
    const existing = out.get(month)
    out.set(month, existing === undefined ? counts : existing.map((n, i) => n + (counts[i] ?? 0)))
  }
  return out
}

/**
 * Combines the summaries of two event sets, as if their events had been
 * summarized together: merging two profiles, or adding a late event. Neither
 * input is changed.
 *
 * @param a - one summary
 * @param b - another summary, built by a summarizer of the same timezone
 * @returns the summary of both
 *
 * @example
 * ```ts
 * import { KithEvent } from "@kith/core"
 * import { Schema } from "effect"
 *
 * const decode = Schema.decodeUnknownSync(Schema.Array(KithEvent))
 * const phone = decode([{ type: "track", messageId: "m-1", timestamp: "2025-03-01T00:30:00+07:00", userId: "u-1", event: "Order Completed",
 *     properties: { orderId: "SO-1", currency: "VND", total: 250000, products: [{ productId: "p-ao", quantity: 1, price: 250000 }] } }])
 * const laptop = decode([{ type: "track", messageId: "m-2", timestamp: "2025-04-12T20:00:00+07:00", userId: "u-1", event: "Order Completed",
 *     properties: { orderId: "SO-2", currency: "VND", total: 450000, products: [{ productId: "p-quan", quantity: 1, price: 450000 }] } }])
 * const summarizer = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" })
 * const merged = combineSummaries(summarizer.summarize(phone), summarizer.summarize(laptop))
 * const whole = summarizer.summarize([...laptop, ...phone])
 * JSON.stringify(summaryToJson(merged)) === JSON.stringify(summaryToJson(whole)) // => true
 * ```
 */
export const combineSummaries = (a: ProfileSummary, b: ProfileSummary): ProfileSummary => {
  if (a === emptySummary) return b
  if (b === emptySummary) return a
  return {
    orders: joinMaps(a.orders, b.orders, joinOrderRecords),
    activity: addActivity(a.activity, b.activity),
    minigames: b.minigames.size === 0 ? a.minigames : a.minigames.size === 0 ? b.minigames : new Set([...a.minigames, ...b.minigames]),
    points: joinMaps(a.points, b.points, keepFirst),
    sources: joinTouchLists(a.sources, b.sources),
    firstSeenAt: minAt(a.firstSeenAt, b.firstSeenAt),
    lastSeenAt: maxAt(a.lastSeenAt, b.lastSeenAt),
    contactAt: minAt(a.contactAt, b.contactAt),
    registeredAt: minAt(a.registeredAt, b.registeredAt)
  }
}

/**
 * Combines any number of summaries (a fold of {@link combineSummaries}).
 *
 * @example
 * ```ts
 * combineAllSummaries([]) === emptySummary // => true
 * ```
 */
export const combineAllSummaries = (summaries: Iterable<ProfileSummary>): ProfileSummary => {
  let out = emptySummary
  for (const summary of summaries) out = combineSummaries(out, summary)
  return out
}
