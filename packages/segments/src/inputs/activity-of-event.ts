import { type KithEvent, type KnownEventName, isKnownEventName } from "@kith/core"
import type { ActivityKind, ActivityRow, EventActivityKind } from "./activity-row.js"
import { blankRow } from "./blank-row.js"

// The activity kind of each typed event that becomes a row. Order lifecycle
// events are left out: orders become rows through the profile summary, which
// joins an order's events (see orderRowsOf). Points movements are folded
// into the points fact.
const KIND_OF_EVENT: Partial<Record<KnownEventName, EventActivityKind>> = {
  "Product Viewed": "product_viewed",
  "Product Favorited": "product_favorited",
  "Product Added": "product_added",
  "Product Removed": "product_removed",
  "Checkout Started": "checkout_started",
  "Payment Failed": "payment_failed",
  "Review Submitted": "review_submitted",
  "Conversation Ended": "conversation",
  "Ticket Opened": "ticket_opened",
  "Ticket Resolved": "ticket_resolved",
  "Followed": "followed",
  "Unfollowed": "unfollowed",
  "Live Viewed": "live_viewed",
  "Live Product Clicked": "live_product_clicked",
  "Video Product Viewed": "video_product_viewed",
  "Video Product Liked": "video_product_liked",
  "Video Product Clicked": "video_product_clicked",
  "Message Sent": "message_sent",
  "Message Delivered": "message_delivered",
  "Message Read": "message_read",
  "Message Clicked": "message_clicked",
  "Message Replied": "message_replied",
  "Message Unsubscribed": "message_unsubscribed",
  "Campaign Joined": "campaign_joined",
  "Survey Submitted": "survey_submitted",
  "Minigame Played": "minigame_played",
  "Form Submitted": "form_submitted"
}

/**
 * The activity kind an event becomes, or `undefined` for events that make no
 * row of their own (identify, alias, order lifecycle and points events).
 *
 * @example
 * ```ts
 * activityKindOfEventName("Video Product Liked") // => "video_product_liked"
 * activityKindOfEventName("Order Completed") // => undefined
 * activityKindOfEventName("Lucky Wheel Spun") // => "custom_event"
 * ```
 */
export const activityKindOfEventName = (name: string): ActivityKind | undefined =>
  isKnownEventName(name) ? KIND_OF_EVENT[name] : "custom_event"

type Props = { readonly [key: string]: unknown }

const text = (value: unknown): string | null => (typeof value === "string" ? value : null)
const integer = (value: unknown): number | null => (typeof value === "number" && Number.isInteger(value) ? value : null)

/**
 * The activity row of one event (SEG-2 inputs), or `undefined` when the event
 * makes none: identify and alias calls, order lifecycle events (orders are
 * rows of {@link orderRowsOf}) and points events (the points fact).
 *
 * A pure function of the event alone, so a store can write the row with the
 * event and move it with the event on merges and splits. Its `key` is the
 * event's `messageId`.
 *
 * @param event - a decoded event (`@kith/core` `decodeEventResult`)
 * @returns its row, or `undefined`
 *
 * @example
 * ```ts
 * import { decodeEvent } from "@kith/core"
 * import { Effect } from "effect"
 *
 * const event = Effect.runSync(decodeEvent({
 *   type: "track", messageId: "m-7", timestamp: "2025-03-01T20:15:00+07:00", anonymousId: "c-1",
 *   event: "Message Clicked", properties: { deliveryId: "d-1", planId: "plan-tet", channel: "zalo" },
 *   context: { device: { type: "mobile" }, os: { name: "Android" } }
 * }))
 * const row = activityRowOfEvent(event)
 * row?.kind // => "message_clicked"
 * row?.planId // => "plan-tet"
 * row?.channel // => "zalo"
 * row?.deviceType // => "mobile"
 * ```
 */
export const activityRowOfEvent = (event: KithEvent): ActivityRow | undefined => {
  // A group call says which company a person belongs to: a fact, not an activity.
  if (event.type === "identify" || event.type === "alias" || event.type === "group") return undefined
  const at = event.timestamp.getTime()
  const key = event.messageId as string
  const context = event.context
  const channel = context?.channel ?? null
  const deviceType = context?.device?.type ?? null
  const os = context?.os?.name ?? null
  // A screen is an app's page view.
  if (event.type === "page" || event.type === "screen") return blankRow("page_viewed", at, key, channel, deviceType, os)
  const kind = activityKindOfEventName(event.event)
  if (kind === undefined) return undefined
  const p = (event.properties ?? {}) as Props
  const row = blankRow(kind, at, key, channel, deviceType, os)
  switch (kind) {
    case "custom_event":
      row.eventName = event.event
      break
    case "product_viewed":
    case "product_favorited":
    case "product_added":
    case "product_removed":
      row.productId = text(p["productId"])
      row.category = text(p["category"])
      row.quantity = integer(p["quantity"])
      row.value = integer(p["price"])
      row.currency = text(p["currency"])
      break
    case "checkout_started":
    case "payment_failed":
      row.orderId = text(p["orderId"])
      row.value = integer(p["total"])
      row.currency = text(p["currency"])
      break
    case "review_submitted":
      row.orderId = text(p["orderId"])
      row.productId = text(p["productId"])
      row.rating = integer(p["rating"])
      break
    case "conversation":
      row.channel = text(p["channel"]) ?? channel
      row.csat = integer(p["csat"])
      row.agent = text(p["agent"])
      break
    case "ticket_opened":
    case "ticket_resolved":
      row.orderId = text(p["orderId"])
      row.ticketKind = text(p["kind"])
      break
    case "followed":
    case "unfollowed":
      row.channel = text(p["channel"]) ?? channel
      break
    case "live_viewed":
    case "live_product_clicked":
    case "video_product_viewed":
    case "video_product_liked":
    case "video_product_clicked":
      row.productId = text(p["productId"])
      break
    case "message_sent":
    case "message_delivered":
    case "message_read":
    case "message_clicked":
    case "message_replied":
    case "message_unsubscribed":
      row.channel = text(p["channel"]) ?? channel
      row.planId = text(p["planId"])
      break
  }
  return row
}
