import { type InvalidInput, LineItem, decoderFor } from "@kith/core"
import { Result, Schema } from "effect"
import type { OrderDetails, OrderRecord, RefundEntry, ReturnEntry } from "./order-record.js"
import { type PointsEntry, type ProfileSummary, type SourceTouch, emptySummary } from "./profile-summary.js"
import { isCertainlySummaryJson } from "./summary-json-check.js"

const Ms = Schema.Number
const OptionalMs = Schema.NullOr(Schema.Number)

const OrderDetailsJson = Schema.Struct({
  at: Ms,
  messageId: Schema.String,
  currency: Schema.String,
  total: Schema.Number,
  paid: Schema.NullOr(Schema.Number),
  products: Schema.Array(LineItem)
})

const OrderRecordJson = Schema.Struct({
  orderId: Schema.String,
  placedAt: OptionalMs,
  completedAt: OptionalMs,
  cancelledAt: OptionalMs,
  deliveryFailedAt: OptionalMs,
  placed: Schema.NullOr(OrderDetailsJson),
  completed: Schema.NullOr(OrderDetailsJson),
  returns: Schema.Array(
    Schema.Struct({ messageId: Schema.String, at: Ms, amount: Schema.NullOr(Schema.Number), products: Schema.NullOr(Schema.Array(LineItem)) })
  ),
  refunds: Schema.Array(Schema.Struct({ messageId: Schema.String, at: Ms, currency: Schema.String, amount: Schema.NullOr(Schema.Number) }))
})

/**
 * The JSON form of a {@link ProfileSummary}, for storage: plain arrays and
 * objects, instants as epoch milliseconds, absent values as `null`, every
 * collection sorted by its key so equal summaries encode to equal JSON.
 *
 * @example
 * ```ts
 * JSON.stringify(summaryToJson(emptySummary))
 * // => '{"version":1,"orders":[],"activity":[],"minigames":[],"points":[],"sources":[],"firstSeenAt":null,"lastSeenAt":null,"contactAt":null,"registeredAt":null}'
 * ```
 */
export const ProfileSummaryJson = Schema.Struct({
  version: Schema.Literal(1),
  orders: Schema.Array(OrderRecordJson),
  activity: Schema.Array(Schema.Struct({ month: Schema.Int, counts: Schema.Array(Schema.Number) })),
  minigames: Schema.Array(Schema.String),
  points: Schema.Array(
    Schema.Struct({
      messageId: Schema.String,
      at: Ms,
      kind: Schema.Literals(["earned", "redeemed", "adjusted"]),
      points: Schema.Number,
      expiresAt: OptionalMs,
      orderId: Schema.NullOr(Schema.String),
      reason: Schema.NullOr(Schema.String)
    })
  ),
  // The campaign and referrer keys are left out when absent, so a touch
  // without them encodes as it did before they existed.
  sources: Schema.Array(
    Schema.Struct({
      channel: Schema.NullOr(Schema.String),
      source: Schema.NullOr(Schema.String),
      campaignSource: Schema.optionalKey(Schema.String),
      campaignMedium: Schema.optionalKey(Schema.String),
      campaignName: Schema.optionalKey(Schema.String),
      referrer: Schema.optionalKey(Schema.String),
      firstAt: Ms,
      lastAt: Ms
    })
  ),
  firstSeenAt: OptionalMs,
  lastSeenAt: OptionalMs,
  contactAt: OptionalMs,
  registeredAt: OptionalMs
})
/** {@link ProfileSummaryJson} after decoding. */
export type ProfileSummaryJson = typeof ProfileSummaryJson.Type

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const orNull = <A>(a: A | undefined): A | null => (a === undefined ? null : a)
const orUndefined = <A>(a: A | null): A | undefined => (a === null ? undefined : a)

const byWayIn = (a: SourceTouch, b: SourceTouch): number =>
  byString(a.channel ?? "", b.channel ?? "") ||
  byString(a.source ?? "", b.source ?? "") ||
  byString(a.campaignSource ?? "", b.campaignSource ?? "") ||
  byString(a.campaignMedium ?? "", b.campaignMedium ?? "") ||
  byString(a.campaignName ?? "", b.campaignName ?? "") ||
  byString(a.referrer ?? "", b.referrer ?? "")

const touchToJson = (t: SourceTouch): ProfileSummaryJson["sources"][number] => ({
  channel: orNull(t.channel),
  source: orNull(t.source),
  ...(t.campaignSource === undefined ? {} : { campaignSource: t.campaignSource }),
  ...(t.campaignMedium === undefined ? {} : { campaignMedium: t.campaignMedium }),
  ...(t.campaignName === undefined ? {} : { campaignName: t.campaignName }),
  ...(t.referrer === undefined ? {} : { referrer: t.referrer }),
  firstAt: t.firstAt,
  lastAt: t.lastAt
})

const detailsToJson = (d: OrderDetails | undefined) =>
  d === undefined ? null : { at: d.at, messageId: d.messageId, currency: d.currency, total: d.total, paid: orNull(d.paid), products: d.products }

// Lines are copied with the keys LineItem knows, in its order: on the fast
// path they come straight from the caller's input (which may carry other
// keys, and may be changed later), and a summary owns what it holds.
const lineFromJson = (line: LineItem): LineItem => ({
  productId: line.productId,
  ...(line.name === undefined ? {} : { name: line.name }),
  ...(line.category === undefined ? {} : { category: line.category }),
  ...(line.sku === undefined ? {} : { sku: line.sku }),
  quantity: line.quantity,
  price: line.price,
  ...(line.brand === undefined ? {} : { brand: line.brand }),
  ...(line.variant === undefined ? {} : { variant: line.variant }),
  ...(line.url === undefined ? {} : { url: line.url }),
  ...(line.imageUrl === undefined ? {} : { imageUrl: line.imageUrl }),
  ...(line.coupon === undefined ? {} : { coupon: line.coupon }),
  ...(line.position === undefined ? {} : { position: line.position })
})
const linesFromJson = (lines: ReadonlyArray<LineItem>): ReadonlyArray<LineItem> => lines.map(lineFromJson)

const detailsFromJson = (d: typeof OrderDetailsJson.Type | null): OrderDetails | undefined =>
  d === null ? undefined : { at: d.at, messageId: d.messageId, currency: d.currency, total: d.total, paid: orUndefined(d.paid), products: linesFromJson(d.products) }

/**
 * Encodes a summary to its canonical JSON form ({@link ProfileSummaryJson}).
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
 * const summarizer = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" })
 * const a = summarizer.summarize(events)
 * const b = summarizer.summarize([...events].reverse())
 * // The same summary, whatever order its events came in, has the same JSON.
 * JSON.stringify(summaryToJson(a)) === JSON.stringify(summaryToJson(b)) // => true
 * ```
 */
export const summaryToJson = (summary: ProfileSummary): ProfileSummaryJson => ({
  version: 1,
  orders: [...summary.orders.values()]
    .sort((a, b) => byString(a.orderId, b.orderId))
    .map((r) => ({
      orderId: r.orderId,
      placedAt: orNull(r.placedAt),
      completedAt: orNull(r.completedAt),
      cancelledAt: orNull(r.cancelledAt),
      deliveryFailedAt: orNull(r.deliveryFailedAt),
      placed: detailsToJson(r.placed),
      completed: detailsToJson(r.completed),
      returns: [...(r.returns ?? new Map<string, ReturnEntry>())]
        .sort(([a], [b]) => byString(a, b))
        .map(([messageId, e]) => ({ messageId, at: e.at, amount: orNull(e.amount), products: orNull(e.products) })),
      refunds: [...(r.refunds ?? new Map<string, RefundEntry>())]
        .sort(([a], [b]) => byString(a, b))
        .map(([messageId, e]) => ({ messageId, at: e.at, currency: e.currency, amount: orNull(e.amount) }))
    })),
  activity: [...summary.activity].sort(([a], [b]) => a - b).map(([month, counts]) => ({ month, counts: [...counts] })),
  minigames: [...summary.minigames].sort(byString),
  points: [...summary.points]
    .sort(([a], [b]) => byString(a, b))
    .map(([messageId, e]) => ({ messageId, at: e.at, kind: e.kind, points: e.points, expiresAt: orNull(e.expiresAt), orderId: orNull(e.orderId), reason: orNull(e.reason) })),
  sources: [...summary.sources].sort(byWayIn).map(touchToJson),
  firstSeenAt: orNull(summary.firstSeenAt),
  lastSeenAt: orNull(summary.lastSeenAt),
  contactAt: orNull(summary.contactAt),
  registeredAt: orNull(summary.registeredAt)
})

const fromJson = (json: ProfileSummaryJson): ProfileSummary => {
  const orders = new Map<string, OrderRecord>()
  for (const r of json.orders) {
    orders.set(r.orderId, {
      orderId: r.orderId,
      placedAt: orUndefined(r.placedAt),
      completedAt: orUndefined(r.completedAt),
      cancelledAt: orUndefined(r.cancelledAt),
      deliveryFailedAt: orUndefined(r.deliveryFailedAt),
      placed: detailsFromJson(r.placed),
      completed: detailsFromJson(r.completed),
      returns: r.returns.length === 0 ? undefined : new Map(r.returns.map((e) => [e.messageId, { at: e.at, amount: orUndefined(e.amount), products: e.products === null ? undefined : linesFromJson(e.products) }])),
      refunds: r.refunds.length === 0 ? undefined : new Map(r.refunds.map((e) => [e.messageId, { at: e.at, currency: e.currency, amount: orUndefined(e.amount) }]))
    })
  }
  const points = new Map<string, PointsEntry>(
    json.points.map((e) => [e.messageId, { at: e.at, kind: e.kind, points: e.points, expiresAt: orUndefined(e.expiresAt), orderId: orUndefined(e.orderId), reason: orUndefined(e.reason) }])
  )
  const sources: ReadonlyArray<SourceTouch> = json.sources.map((t) => ({
    channel: orUndefined(t.channel),
    source: orUndefined(t.source),
    campaignSource: t.campaignSource,
    campaignMedium: t.campaignMedium,
    campaignName: t.campaignName,
    referrer: t.referrer,
    firstAt: t.firstAt,
    lastAt: t.lastAt
  }))
  const summary: ProfileSummary = {
    orders,
    activity: new Map(json.activity.map((m) => [m.month, [...m.counts]])),
    minigames: new Set(json.minigames),
    points,
    sources,
    firstSeenAt: orUndefined(json.firstSeenAt),
    lastSeenAt: orUndefined(json.lastSeenAt),
    contactAt: orUndefined(json.contactAt),
    registeredAt: orUndefined(json.registeredAt)
  }
  return orders.size === 0 && points.size === 0 && sources.length === 0 && summary.activity.size === 0 && summary.minigames.size === 0 &&
    summary.firstSeenAt === undefined && summary.contactAt === undefined && summary.registeredAt === undefined
    ? emptySummary
    : summary
}

const decodeJson = decoderFor("profile summary", ProfileSummaryJson)

/**
 * Decodes a stored summary (the output of {@link summaryToJson}, parsed),
 * reporting a malformed one as `InvalidInput`.
 *
 * @example
 * ```ts
 * import { KithEvent } from "@kith/core"
 * import { Result, Schema } from "effect"
 *
 * const events = Schema.decodeUnknownSync(Schema.Array(KithEvent))([
 *   { type: "track", messageId: "m-1", timestamp: "2025-03-01T00:30:00+07:00", userId: "u-1", event: "Order Completed",
 *     properties: { orderId: "SO-1", currency: "VND", total: 250000, products: [{ productId: "p-ao", quantity: 1, price: 250000 }] } }
 * ])
 * const summary = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }).summarize(events)
 * const back = summaryFromJson(JSON.parse(JSON.stringify(summaryToJson(summary))))
 * Result.isSuccess(back) // => true
 * Result.isSuccess(back) && JSON.stringify(summaryToJson(back.success)) === JSON.stringify(summaryToJson(summary)) // => true
 * ```
 */
export const summaryFromJson = (input: unknown): Result.Result<ProfileSummary, InvalidInput> =>
  // A well-formed summary (what storage reads back) skips the schema; anything
  // else gets the schema's verdict and its report.
  isCertainlySummaryJson(input) ? Result.succeed(fromJson(input)) : Result.map(decodeJson(input), fromJson)
