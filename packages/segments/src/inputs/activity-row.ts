import { Schema } from "effect"

/**
 * Every kind of activity row. `order` and `order_line` are built from a
 * profile's orders (one row per order, one per order line); every other kind
 * is one row per event of the matching name (`Product Viewed` →
 * `product_viewed`, a `page` call → `page_viewed`, a `Conversation Ended` →
 * `conversation`, any custom `track` event → `custom_event`).
 *
 * @example
 * ```ts
 * ActivityKinds.includes("video_product_liked") // => true
 * ```
 */
export const ActivityKinds = [
  "order",
  "order_line",
  "product_viewed",
  "product_favorited",
  "product_added",
  "product_removed",
  "checkout_started",
  "payment_failed",
  "review_submitted",
  "page_viewed",
  "conversation",
  "ticket_opened",
  "ticket_resolved",
  "followed",
  "unfollowed",
  "live_viewed",
  "live_product_clicked",
  "video_product_viewed",
  "video_product_liked",
  "video_product_clicked",
  "message_sent",
  "message_delivered",
  "message_read",
  "message_clicked",
  "message_replied",
  "message_unsubscribed",
  "campaign_joined",
  "survey_submitted",
  "minigame_played",
  "form_submitted",
  "custom_event"
] as const

/** One of {@link ActivityKinds}. */
export const ActivityKind = Schema.Literals(ActivityKinds)
/** An {@link ActivityKind} after decoding. */
export type ActivityKind = typeof ActivityKind.Type

/** The kinds built from orders rather than from one event each. */
export const OrderActivityKinds = ["order", "order_line"] as const satisfies ReadonlyArray<ActivityKind>

/** The kinds built one per event: every kind but `order` and `order_line`. */
export type EventActivityKind = Exclude<ActivityKind, (typeof OrderActivityKinds)[number]>

/** Every {@link EventActivityKind}, in catalog order. */
export const EventActivityKinds = ActivityKinds.filter(
  (kind): kind is EventActivityKind => kind !== "order" && kind !== "order_line"
)

const Instant = Schema.Int.annotate({ description: "epoch milliseconds (UTC)" })
const NullableText = Schema.NullOr(Schema.String)
const NullableInstant = Schema.NullOr(Instant)
const NullableInt = Schema.NullOr(Schema.Int)

/**
 * One row of a profile's activity: the one typed table both segment engines
 * read. Every column is a scalar (text, integer or null), so a SQL store
 * keeps the rows in one table with these columns, plus the profile id.
 *
 * | column | filled for |
 * |---|---|
 * | `kind`, `at`, `key` | every row; `at` is the instant in epoch ms, `key` is unique per profile and kind (the event's `messageId`; the `orderId` of an `order`; `orderId#n` of its n-th line) |
 * | `orderId` | orders and their lines; events that name an order (checkout, payment failed, review, ticket) |
 * | `productId`, `category` | order lines, product events, reviews, LIVE and video events |
 * | `quantity` | order (items), order line, product events |
 * | `value`, `currency` | order (net value), order line (quantity × price), product events (price), checkout and payment failed (total) |
 * | `completedAt`, `failedAt` | orders and their lines: the first `Order Completed`, and the first `Order Cancelled` or `Order Delivery Failed` |
 * | `channel` | the event's `context.channel`; for messages the message's channel, for conversations and follows the property when given |
 * | `deviceType`, `os` | the event's `context.device.type` and `context.os.name` |
 * | `planId` | outreach message events |
 * | `csat`, `agent` | conversations |
 * | `rating` | reviews |
 * | `ticketKind` | tickets |
 * | `eventName` | custom events: the event's name |
 *
 * @example
 * ```ts
 * const viewed: ActivityRow = {
 *   kind: "product_viewed", at: Date.parse("2025-03-01T20:15:00+07:00"), key: "m-17",
 *   orderId: null, productId: "p-ao-thun", category: "Thời trang", quantity: null, value: 225000, currency: "VND",
 *   completedAt: null, failedAt: null, channel: "web", deviceType: "mobile", os: "iOS",
 *   planId: null, csat: null, agent: null, rating: null, ticketKind: null, eventName: null
 * }
 * ```
 */
export const ActivityRow = Schema.Struct({
  kind: ActivityKind,
  at: Instant,
  key: Schema.String,
  orderId: NullableText,
  productId: NullableText,
  category: NullableText,
  quantity: NullableInt,
  value: NullableInt,
  currency: NullableText,
  completedAt: NullableInstant,
  failedAt: NullableInstant,
  channel: NullableText,
  deviceType: NullableText,
  os: NullableText,
  planId: NullableText,
  csat: NullableInt,
  agent: NullableText,
  rating: NullableInt,
  ticketKind: NullableText,
  eventName: NullableText
})
/** An {@link ActivityRow} after decoding. */
export type ActivityRow = typeof ActivityRow.Type

/**
 * A row with every optional column null: the base the builders fill in.
 *
 * @example
 * ```ts
 * activityRow("followed", Date.parse("2025-03-01T00:00:00Z"), "m-1", { channel: "zalo" }).channel // => "zalo"
 * ```
 */
export const activityRow = (
  kind: ActivityKind,
  at: number,
  key: string,
  columns: Partial<Omit<ActivityRow, "kind" | "at" | "key">> = {}
): ActivityRow => ({
  kind,
  at,
  key,
  orderId: columns.orderId ?? null,
  productId: columns.productId ?? null,
  category: columns.category ?? null,
  quantity: columns.quantity ?? null,
  value: columns.value ?? null,
  currency: columns.currency ?? null,
  completedAt: columns.completedAt ?? null,
  failedAt: columns.failedAt ?? null,
  channel: columns.channel ?? null,
  deviceType: columns.deviceType ?? null,
  os: columns.os ?? null,
  planId: columns.planId ?? null,
  csat: columns.csat ?? null,
  agent: columns.agent ?? null,
  rating: columns.rating ?? null,
  ticketKind: columns.ticketKind ?? null,
  eventName: columns.eventName ?? null
})
