import type { SkipReason } from "../policy/reasons.js"

/** The message events performance counts, by their event name (`@kith/core`'s messaging events). */
export const MessageOutcomes = {
  delivered: "Message Delivered",
  read: "Message Read",
  clicked: "Message Clicked",
  replied: "Message Replied",
  unsubscribed: "Message Unsubscribed"
} as const
/** One of the keys of {@link MessageOutcomes}. */
export type MessageOutcome = keyof typeof MessageOutcomes

/** The commerce events that carry a voucher code: applying it at checkout or placing the order claims it; completing the order uses it. */
export const VoucherClaimEvents = ["Checkout Started", "Order Placed", "Order Completed"] as const
/** The event that makes an order count for attribution and revenue. */
export const AttributedOrderEvent = "Order Completed"

/** Seven days: the attribution window when none is given. */
export const DEFAULT_ATTRIBUTION_WINDOW_MS = 7 * 24 * 3_600_000

/** One outbox row as performance reads it. */
export interface PerformanceRow {
  readonly outboxId: string
  readonly profileId: string
  readonly decision: "send" | "hold" | "skip"
  readonly reason: string
  readonly holdout: boolean
  readonly state: string
  /** When the row was written (the planned instant of a control-group member: their exposure), epoch ms. */
  readonly createdAt: number
  readonly sentAt: number | null
}

/** A message event: its name, the outbox row it is about (`deliveryId`), its instant. */
export interface MessageEventRow {
  readonly deliveryId: string
  readonly name: string
  readonly at: number
}

/** A commerce event of a recipient: an order event or a checkout, with its total and coupon. */
export interface CommerceEventRow {
  /** The event's messageId: one order event is one order. */
  readonly eventId: string
  readonly profileId: string
  readonly name: string
  readonly at: number
  readonly total: number
  readonly coupon: string | null
}

/** What a group of recipients did within the attribution window: orders, revenue, vouchers. */
export interface GroupOutcome {
  /** How many recipients the group has. */
  readonly recipients: number
  /** Completed orders within the window after the exposure (each order once). */
  readonly orders: number
  readonly revenue: number
  /** Recipients who applied the plan's voucher code (checkout, placed or completed order) within the window. */
  readonly vouchersClaimed: number
  /** Attributed orders that used the plan's voucher code. */
  readonly vouchersUsed: number
}

/**
 * A plan's performance (OUT-8): its outbox by outcome, the message events
 * of its sent messages, and what the messaged recipients and the control
 * group did within the attribution window, so the lift is visible.
 */
export interface PlanPerformance {
  /** Outbox rows (one per recipient and occurrence). */
  readonly recipients: number
  readonly pending: number
  readonly held: number
  readonly sent: number
  readonly dead: number
  readonly cancelled: number
  /** Skipped rows by reason code; the control group is `holdout`. */
  readonly skipped: Readonly<Partial<Record<SkipReason, number>>>
  /** Sent messages with at least one event of each outcome. */
  readonly delivered: number
  readonly read: number
  readonly clicked: number
  readonly replied: number
  readonly unsubscribed: number
  /** The recipients whose message was sent, measured from its delivery. */
  readonly messaged: GroupOutcome
  /** The control group (holdout), measured from the instant the plan decided for them. */
  readonly holdout: GroupOutcome
}

/**
 * The instant a recipient's attribution window opens (the attribution rule):
 * for a sent message, its first `Message Delivered` event, or the instant it
 * was handed to the sender when no delivery was reported; for a
 * control-group member, the instant the plan decided for them (they were
 * sent nothing). Other rows have none.
 *
 * @example
 * ```ts
 * const row = { outboxId: "o-1", profileId: "p-1", decision: "send", reason: "consented", holdout: false, state: "sent", createdAt: 1000, sentAt: 2000 } as const
 * exposureOf(row, [3000, 2500]) // => 2500
 * exposureOf(row, []) // => 2000
 * exposureOf({ ...row, decision: "skip", reason: "holdout", holdout: true, state: "skipped", sentAt: null }, []) // => 1000
 * ```
 */
export const exposureOf = (row: PerformanceRow, deliveredAt: ReadonlyArray<number>): number | null => {
  if (row.holdout) return row.createdAt
  if (row.state !== "sent") return null
  return deliveredAt.length > 0 ? Math.min(...deliveredAt) : row.sentAt
}

/**
 * Whether an event at `at` falls in the attribution window opened at
 * `exposure`: strictly after it, and at most `windowMs` later.
 *
 * @example
 * ```ts
 * inAttributionWindow(1000, 1000, 500) // => false
 * inAttributionWindow(1000, 1500, 500) // => true
 * inAttributionWindow(1000, 1501, 500) // => false
 * ```
 */
export const inAttributionWindow = (exposure: number, at: number, windowMs: number): boolean => at > exposure && at <= exposure + windowMs

const groupOutcome = (
  rows: ReadonlyArray<PerformanceRow>,
  exposures: ReadonlyMap<string, number>,
  commerce: ReadonlyMap<string, ReadonlyArray<CommerceEventRow>>,
  voucherCode: string | null,
  windowMs: number
): GroupOutcome => {
  const orders = new Map<string, CommerceEventRow>()
  const claimed = new Set<string>()
  for (const row of rows) {
    const exposure = exposures.get(row.outboxId)
    if (exposure === undefined) continue
    for (const event of commerce.get(row.profileId) ?? []) {
      if (!inAttributionWindow(exposure, event.at, windowMs)) continue
      if (event.name === AttributedOrderEvent) orders.set(event.eventId, event)
      if (voucherCode !== null && event.coupon === voucherCode && (VoucherClaimEvents as ReadonlyArray<string>).includes(event.name)) claimed.add(row.profileId)
    }
  }
  let revenue = 0
  let used = 0
  for (const order of orders.values()) {
    revenue += order.total
    if (voucherCode !== null && order.coupon === voucherCode) used++
  }
  return { recipients: rows.length, orders: orders.size, revenue, vouchersClaimed: claimed.size, vouchersUsed: used }
}

/**
 * A plan's performance from its outbox rows, the message events about them
 * and its recipients' commerce events — the reference the stores' SQL is
 * checked against. Every order counts once per group even when it falls in
 * the windows of several messages (an automated plan); a control-group
 * member's order counts for the control group.
 *
 * @param input - the plan's rows, events and voucher code
 * @param options - the attribution window (default {@link DEFAULT_ATTRIBUTION_WINDOW_MS})
 * @returns the plan's performance
 *
 * @example
 * ```ts
 * const h = 3_600_000
 * const rows = [
 *   { outboxId: "o-1", profileId: "p-1", decision: "send", reason: "consented", holdout: false, state: "sent", createdAt: 0, sentAt: 1 * h },
 *   { outboxId: "o-2", profileId: "p-2", decision: "skip", reason: "holdout", holdout: true, state: "skipped", createdAt: 0, sentAt: null }
 * ] as const
 * const performance = planPerformance({
 *   voucherCode: "CAMON10", rows,
 *   messageEvents: [{ deliveryId: "o-1", name: "Message Delivered", at: 2 * h }],
 *   commerceEvents: [
 *     { eventId: "e-1", profileId: "p-1", name: "Order Completed", at: 5 * h, total: 300_000, coupon: "CAMON10" },
 *     { eventId: "e-2", profileId: "p-2", name: "Order Completed", at: 3 * h, total: 100_000, coupon: null },
 *     { eventId: "e-3", profileId: "p-1", name: "Order Completed", at: 200 * h, total: 900_000, coupon: null }
 *   ]
 * })
 * performance.delivered // => 1
 * performance.messaged // => { recipients: 1, orders: 1, revenue: 300000, vouchersClaimed: 1, vouchersUsed: 1 }
 * performance.holdout // => { recipients: 1, orders: 1, revenue: 100000, vouchersClaimed: 0, vouchersUsed: 0 }
 * performance.skipped // => { holdout: 1 }
 * ```
 */
export const planPerformance = (
  input: {
    readonly voucherCode: string | null
    readonly rows: ReadonlyArray<PerformanceRow>
    readonly messageEvents: ReadonlyArray<MessageEventRow>
    readonly commerceEvents: ReadonlyArray<CommerceEventRow>
  },
  options: { readonly attributionWindowMs?: number | undefined } = {}
): PlanPerformance => {
  const windowMs = options.attributionWindowMs ?? DEFAULT_ATTRIBUTION_WINDOW_MS
  const counts = { pending: 0, held: 0, sent: 0, dead: 0, cancelled: 0 }
  const skipped: Partial<Record<string, number>> = {}
  for (const row of input.rows) {
    if (row.state in counts) counts[row.state as keyof typeof counts]++
    if (row.decision === "skip") skipped[row.reason] = (skipped[row.reason] ?? 0) + 1
  }
  const sentIds = new Set(input.rows.filter((r) => r.state === "sent").map((r) => r.outboxId))
  const outcomes = new Map<string, Set<string>>()
  const delivered = new Map<string, Array<number>>()
  for (const event of input.messageEvents) {
    if (!sentIds.has(event.deliveryId)) continue
    let ids = outcomes.get(event.name)
    if (ids === undefined) outcomes.set(event.name, (ids = new Set()))
    ids.add(event.deliveryId)
    if (event.name === MessageOutcomes.delivered) delivered.set(event.deliveryId, [...(delivered.get(event.deliveryId) ?? []), event.at])
  }
  const exposures = new Map<string, number>()
  for (const row of input.rows) {
    const exposure = exposureOf(row, delivered.get(row.outboxId) ?? [])
    if (exposure !== null) exposures.set(row.outboxId, exposure)
  }
  const commerce = new Map<string, Array<CommerceEventRow>>()
  for (const event of input.commerceEvents) commerce.set(event.profileId, [...(commerce.get(event.profileId) ?? []), event])
  const count = (outcome: MessageOutcome) => outcomes.get(MessageOutcomes[outcome])?.size ?? 0
  return {
    recipients: input.rows.length,
    ...counts,
    skipped: skipped as PlanPerformance["skipped"],
    delivered: count("delivered"),
    read: count("read"),
    clicked: count("clicked"),
    replied: count("replied"),
    unsubscribed: count("unsubscribed"),
    messaged: groupOutcome(input.rows.filter((r) => r.state === "sent"), exposures, commerce, input.voucherCode, windowMs),
    holdout: groupOutcome(input.rows.filter((r) => r.holdout), exposures, commerce, input.voucherCode, windowMs)
  }
}

const addGroups = (a: GroupOutcome, b: GroupOutcome): GroupOutcome => ({
  recipients: a.recipients + b.recipients,
  orders: a.orders + b.orders,
  revenue: a.revenue + b.revenue,
  vouchersClaimed: a.vouchersClaimed + b.vouchersClaimed,
  vouchersUsed: a.vouchersUsed + b.vouchersUsed
})

/** A performance of nothing: the sum of no plans. */
export const emptyPerformance: PlanPerformance = {
  recipients: 0,
  pending: 0,
  held: 0,
  sent: 0,
  dead: 0,
  cancelled: 0,
  skipped: {},
  delivered: 0,
  read: 0,
  clicked: 0,
  replied: 0,
  unsubscribed: 0,
  messaged: { recipients: 0, orders: 0, revenue: 0, vouchersClaimed: 0, vouchersUsed: 0 },
  holdout: { recipients: 0, orders: 0, revenue: 0, vouchersClaimed: 0, vouchersUsed: 0 }
}

/**
 * The sum of several plans' performance: a segment's (SEG-10) is the sum
 * over the plans whose audience includes it, each plan attributing its own orders.
 *
 * @example
 * ```ts
 * sumPerformance([{ ...emptyPerformance, sent: 2, skipped: { holdout: 1 } }, { ...emptyPerformance, sent: 3, skipped: { holdout: 2, no_consent: 1 } }]).skipped
 * // => { holdout: 3, no_consent: 1 }
 * ```
 */
export const sumPerformance = (all: ReadonlyArray<PlanPerformance>): PlanPerformance =>
  all.reduce((a, b) => {
    const skipped: Partial<Record<string, number>> = { ...a.skipped }
    for (const [reason, n] of Object.entries(b.skipped)) skipped[reason] = (skipped[reason] ?? 0) + (n ?? 0)
    return {
      recipients: a.recipients + b.recipients,
      pending: a.pending + b.pending,
      held: a.held + b.held,
      sent: a.sent + b.sent,
      dead: a.dead + b.dead,
      cancelled: a.cancelled + b.cancelled,
      skipped: skipped as PlanPerformance["skipped"],
      delivered: a.delivered + b.delivered,
      read: a.read + b.read,
      clicked: a.clicked + b.clicked,
      replied: a.replied + b.replied,
      unsubscribed: a.unsubscribed + b.unsubscribed,
      messaged: addGroups(a.messaged, b.messaged),
      holdout: addGroups(a.holdout, b.holdout)
    }
  }, emptyPerformance)
