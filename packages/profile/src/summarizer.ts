import type { EventContext, KithEvent, PropertiesOf, Traits } from "@kith/core"
import { type MutableOrderRecord, type OrderDetails, type RefundEntry, type ReturnEntry, emptyOrderRecord } from "./order-record.js"
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

/**
 * Whether a phone or email value a person left counts as contact details.
 *
 * @example
 * ```ts
 * const notJunk: ContactCheck = (kind, value) => value !== "0000000000" && value !== "test@test.com"
 * ```
 */
export type ContactCheck = (kind: "phone" | "email", value: string) => boolean

/** Options of {@link makeSummarizer}. */
export interface SummarizerOptions {
  /** The workspace timezone (IANA), e.g. `Asia/Ho_Chi_Minh`. */
  readonly timeZone: string
  /**
   * Which phone and email values count as contact details (and so make a
   * visitor a lead): every non-empty one by default. A store passes the
   * identity policy's check, so a junk or rejected value (`0000000000`,
   * `test@test.com`, a 1900 number) never makes a lead.
   */
  readonly acceptsContact?: ContactCheck
}

const anyContact: ContactCheck = () => true

// While a fold owns a summary its collections are created on first use: most
// profiles have no orders, points or minigames, and a summary per profile of
// a large workspace should not pay for empty maps.
interface MutableSourceTouch {
  readonly channel: string | undefined
  readonly source: string | undefined
  readonly campaignSource: string | undefined
  readonly campaignMedium: string | undefined
  readonly campaignName: string | undefined
  readonly referrer: string | undefined
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
  // The touch of the previous source event: a person's consecutive events
  // mostly come through the same channel and source, so most events update
  // it without scanning the list.
  lastTouch: MutableSourceTouch | undefined
  // The counters of the local month last bumped and the instants it spans
  // ([monthFrom, monthUntil), empty until the first bump): an event in that
  // month needs no timezone arithmetic and no map lookup.
  monthFrom: number
  monthUntil: number
  monthCounts: Array<number>
  // Instants are plain numbers with ±Infinity for "none yet", so V8 keeps
  // them unboxed and a store allocates nothing (undefined would force a boxed
  // number per store, millions of them in a large fold).
  firstSeenAt: number
  lastSeenAt: number
  contactAt: number
  registeredAt: number
}

// The counters of no month: only ever read through an empty month span.
const NO_COUNTS: Array<number> = []

const freshSummary = (): MutableSummary => ({
  orders: undefined,
  activity: undefined,
  minigames: undefined,
  points: undefined,
  sources: undefined,
  lastTouch: undefined,
  monthFrom: Infinity,
  monthUntil: -Infinity,
  monthCounts: NO_COUNTS,
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

// The counters of the local month of `at`, remembered with the month's span
// for the next event (a person's activity clusters in a few months).
const countsAt = (summary: MutableSummary, clock: ZonedClock, at: number): Array<number> => {
  if (at >= summary.monthFrom && at < summary.monthUntil) return summary.monthCounts
  const month = clock.monthOf(at)
  let activity = summary.activity
  if (activity === undefined) summary.activity = activity = new Map()
  let counts = activity.get(month)
  if (counts === undefined) {
    counts = [0, 0, 0, 0, 0, 0]
    activity.set(month, counts)
  }
  const span = clock.steadyMonthSpan(month)
  summary.monthFrom = span === undefined ? Infinity : span.from
  summary.monthUntil = span === undefined ? -Infinity : span.until
  summary.monthCounts = counts
  return counts
}

const bump = (summary: MutableSummary, clock: ZonedClock, at: number, counter: number): void => {
  const counts = countsAt(summary, clock, at)
  counts[counter] = (counts[counter] as number) + 1
}

const setPoints = (summary: MutableSummary, messageId: string, entry: PointsEntry): void => {
  if (summary.points === undefined) summary.points = new Map()
  summary.points.set(messageId, entry)
}

// Whether a version at (at, messageId) would replace `current`, by the rule
// of newerDetails: checked before building it, so a version that loses (a
// resent or out-of-order event) allocates nothing.
const isNewer = (current: OrderDetails | undefined, at: number, messageId: string): boolean =>
  current === undefined || at > current.at || (at === current.at && messageId > current.messageId)

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
  switch (kind) {
    case 0: { // Order Placed
      const p = event.properties as PropertiesOf<"Order Placed">
      const record = orderOf(summary, p.orderId)
      if (record.placedAt === undefined || at < record.placedAt) record.placedAt = at
      const messageId = event.messageId as string
      if (isNewer(record.placed, at, messageId)) record.placed = detailsOf(at, messageId, p)
      return
    }
    case 1: { // Order Completed
      const p = event.properties as PropertiesOf<"Order Completed">
      const record = orderOf(summary, p.orderId)
      if (record.completedAt === undefined || at < record.completedAt) record.completedAt = at
      const messageId = event.messageId as string
      if (isNewer(record.completed, at, messageId)) record.completed = detailsOf(at, messageId, p)
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
      // The fold created this record and its maps, and nothing else sees
      // them until the summary is published: they grow in place.
      const p = event.properties as PropertiesOf<"Order Returned">
      const record = orderOf(summary, p.orderId)
      const returns = (record.returns ?? (record.returns = new Map())) as Map<string, ReturnEntry>
      returns.set(event.messageId as string, { at, amount: p.amount, products: p.products })
      return
    }
    case 5: { // Order Refunded
      const p = event.properties as PropertiesOf<"Order Refunded">
      const record = orderOf(summary, p.orderId)
      const refunds = (record.refunds ?? (record.refunds = new Map())) as Map<string, RefundEntry>
      refunds.set(event.messageId as string, { at, currency: p.currency, amount: p.amount })
      return
    }
    case 6: // Campaign Joined
      return bump(summary, clock, at, ActivityCounter.campaignsJoined)
    case 7: // Message Delivered
      return bump(summary, clock, at, ActivityCounter.messagesReceived)
    case 8: // Message Clicked
      return bump(summary, clock, at, ActivityCounter.urlClicks)
    case 9: // Survey Submitted
      return bump(summary, clock, at, ActivityCounter.surveyParticipations)
    case 10: { // Minigame Played
      const p = event.properties as PropertiesOf<"Minigame Played">
      if (summary.minigames === undefined) summary.minigames = new Set()
      summary.minigames.add(p.gameId)
      const counts = countsAt(summary, clock, at)
      counts[ActivityCounter.minigamePlays] = (counts[ActivityCounter.minigamePlays] as number) + (p.plays ?? 1)
      counts[ActivityCounter.minigameSessions] = (counts[ActivityCounter.minigameSessions] as number) + 1
      return
    }
    case 11: { // Points Earned
      const p = event.properties as PropertiesOf<"Points Earned">
      setPoints(summary, event.messageId as string, pointsEntry(at, "earned", p.points, p))
      return
    }
    case 12: { // Points Redeemed
      const p = event.properties as PropertiesOf<"Points Redeemed">
      setPoints(summary, event.messageId as string, pointsEntry(at, "redeemed", -p.points, p))
      return
    }
    case 13: { // Points Adjusted
      const p = event.properties as PropertiesOf<"Points Adjusted">
      setPoints(summary, event.messageId as string, pointsEntry(at, "adjusted", p.points, p))
      return
    }
    case 14: // Form Submitted
      if (at < summary.contactAt) summary.contactAt = at
      return
    default:
      return
  }
}

// The way in an event's context names; most events carry no campaign and
// no referrer, and share this one object for them.
const NO_CAMPAIGN: { readonly source?: string; readonly medium?: string; readonly name?: string } = {}

const referrerOf = (referrer: EventContext["referrer"]): string | undefined =>
  referrer === undefined ? undefined : (referrer.name ?? referrer.type ?? referrer.link ?? referrer.url)

// A plain function of the key fields, not a closure: it runs once per event.
const isTouchOf = (
  t: MutableSourceTouch,
  channel: string | undefined,
  source: string | undefined,
  campaignSource: string | undefined,
  campaignMedium: string | undefined,
  campaignName: string | undefined,
  referrer: string | undefined
): boolean =>
  t.channel === channel && t.source === source && t.campaignSource === campaignSource && t.campaignMedium === campaignMedium && t.campaignName === campaignName && t.referrer === referrer

const touchSource = (summary: MutableSummary, context: EventContext, at: number): void => {
  const channel = context.channel
  const source = context.source
  const campaign = context.campaign ?? NO_CAMPAIGN
  const campaignSource = campaign.source
  const campaignMedium = campaign.medium
  const campaignName = campaign.name
  const referrer = referrerOf(context.referrer)
  if (channel === undefined && source === undefined && campaignSource === undefined && campaignMedium === undefined && campaignName === undefined && referrer === undefined) return
  let touch = summary.lastTouch
  if (touch === undefined || !isTouchOf(touch, channel, source, campaignSource, campaignMedium, campaignName, referrer)) {
    let sources = summary.sources
    if (sources === undefined) summary.sources = sources = []
    touch = undefined
    for (let i = 0; i < sources.length; i++) {
      const candidate = sources[i] as MutableSourceTouch
      if (isTouchOf(candidate, channel, source, campaignSource, campaignMedium, campaignName, referrer)) {
        touch = candidate
        break
      }
    }
    if (touch === undefined) {
      touch = { channel, source, campaignSource, campaignMedium, campaignName, referrer, firstAt: at, lastAt: at }
      sources.push(touch)
    }
    summary.lastTouch = touch
  }
  if (at < touch.firstAt) touch.firstAt = at
  else if (at > touch.lastAt) touch.lastAt = at
}

const hasContact = (traits: Traits | undefined, accepts: ContactCheck): boolean => {
  if (traits === undefined) return false
  if (traits.phone !== undefined && accepts("phone", traits.phone)) return true
  if (traits.email !== undefined && accepts("email", traits.email)) return true
  if (traits.otherPhones !== undefined && traits.otherPhones.some((phone) => accepts("phone", phone))) return true
  return traits.otherEmails !== undefined && traits.otherEmails.some((email) => accepts("email", email))
}

// Events not in TRACK_CODES, and every event that is no track: folded into
// the instants and sources only.
const OTHER = NOT_FOLDED

const foldEvent = (summary: MutableSummary, clock: ZonedClock, event: KithEvent, at: number, accepts: ContactCheck): void => {
  const type = event.type
  // An alias carries the host's userId (Segment hosts send one at sign-up), so it registers the person; it is
  // a statement about ids, not an interaction, so it is no visit, no source and no contact.
  if (type === "alias") {
    if (at < summary.registeredAt) summary.registeredAt = at
    return
  }
  if (at < summary.firstSeenAt) summary.firstSeenAt = at
  if (at > summary.lastSeenAt) summary.lastSeenAt = at
  if (at < summary.registeredAt && event.userId !== undefined) summary.registeredAt = at
  const code = type === "track" ? (TRACK_CODES.get(event.event) ?? OTHER) : OTHER
  if ((code & NOT_A_SOURCE) === 0) {
    const context = event.context
    if (context !== undefined) touchSource(summary, context, at)
  }
  // Traits a client sends with any event (Segment's context.traits) count as
  // contact details as an identify's do.
  if (at < summary.contactAt && hasContact(event.context?.traits, accepts)) summary.contactAt = at
  if (type === "track") {
    const kind = code & NOT_FOLDED
    if (kind !== NOT_FOLDED) foldTrack(summary, clock, event, at, kind)
    return
  }
  // Only an identify that could move the first contact earlier needs its traits read.
  if (type === "identify" && at < summary.contactAt && hasContact(event.traits, accepts)) summary.contactAt = at
}

// A fold over an array reads every event's instant first, in a loop so short
// that the processor overlaps the memory loads of many events (each event and
// its Date sit somewhere else in a large heap), and then folds them with their
// objects already in cache. One loop doing both waits for each event in turn.
// The instants of a fold of up to SCRATCH_SIZE events go in one fixed scratch
// array (allocating a typed array per profile cost more than the fold of a
// small profile); a longer fold, or one started while another is running (an
// event getter that summarizes), gets an array of its own. Nothing in the
// scratch outlives the fold that wrote it, and its size never grows.
const SCRATCH_SIZE = 4_096
const scratch = new Float64Array(SCRATCH_SIZE)
let scratchInUse = false

const foldArray = (summary: MutableSummary, clock: ZonedClock, events: ReadonlyArray<KithEvent>, accepts: ContactCheck): void => {
  if (scratchInUse || events.length > SCRATCH_SIZE) return foldInstants(summary, clock, events, new Float64Array(events.length), accepts)
  scratchInUse = true
  try {
    foldInstants(summary, clock, events, scratch, accepts)
  } finally {
    scratchInUse = false
  }
}

const foldInstants = (summary: MutableSummary, clock: ZonedClock, events: ReadonlyArray<KithEvent>, at: Float64Array, accepts: ContactCheck): void => {
  const n = events.length
  for (let i = 0; i < n; i++) at[i] = (events[i] as KithEvent).timestamp.getTime()
  for (let i = 0; i < n; i++) foldEvent(summary, clock, events[i] as KithEvent, at[i] as number, accepts)
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
 * import { KithEvent } from "@kith/core"
 * import { Schema } from "effect"
 *
 * const order = (messageId: string, timestamp: string, orderId: string, total: number) => ({
 *   type: "track", messageId, timestamp, userId: "u-1", event: "Order Completed",
 *   properties: { orderId, currency: "VND", total, products: [{ productId: "p-ao", quantity: 1, price: total }] }
 * })
 * const decode = Schema.decodeUnknownSync(Schema.Array(KithEvent))
 * const events = decode([order("m-1", "2025-03-01T00:30:00+07:00", "SO-1", 250000), order("m-2", "2025-04-12T20:00:00+07:00", "SO-2", 450000)])
 * const otherProfileEvents = decode([order("m-3", "2025-05-20T09:00:00+07:00", "SO-3", 550000)])
 *
 * const summarizer = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" })
 * const summary = summarizer.summarize(events)
 * const merged = combineSummaries(summary, summarizer.summarize(otherProfileEvents))
 * purchaseMetrics(merged, { asOf: new Date("2025-06-30T17:00:00Z"), timeZone: "Asia/Ho_Chi_Minh", currency: "VND" }).totalSpend // => 1250000
 * ```
 */
export const makeSummarizer = (options: SummarizerOptions): Summarizer => {
  const clock = zonedClock(options.timeZone)
  const accepts = options.acceptsContact ?? anyContact
  const summarize = (events: Iterable<KithEvent>): ProfileSummary => {
    const summary = freshSummary()
    if (Array.isArray(events)) foldArray(summary, clock, events, accepts)
    else for (const event of events) foldEvent(summary, clock, event, event.timestamp.getTime(), accepts)
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
      const event = eventOf(item)
      foldEvent(summary, clock, event, event.timestamp.getTime(), accepts)
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
