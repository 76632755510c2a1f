import type { Schema } from "effect"
import {
  CheckoutProperties,
  OrderEndedProperties,
  OrderProperties,
  OrderRefundedProperties,
  OrderReturnedProperties,
  PaymentFailedProperties,
  ProductProperties
} from "./commerce.js"
import {
  CampaignJoinedProperties,
  ConversationProperties,
  FollowProperties,
  FormSubmittedProperties,
  LiveProperties,
  MinigamePlayedProperties,
  ReviewProperties,
  SurveySubmittedProperties,
  TicketProperties,
  VideoProperties
} from "./engagement.js"
import { PointsAdjustedProperties, PointsProperties } from "./loyalty.js"
import { MessageProperties } from "./messaging.js"

/**
 * Every typed `track` event of ING-2, by name, with the schema of its
 * `properties`. Metrics depend on these; any other event name is a custom
 * event, kept with free JSON properties.
 *
 * Names follow the Segment convention (object + past-tense action).
 */
export const TrackEventCatalog = {
  "Order Placed": OrderProperties,
  "Order Completed": OrderProperties,
  "Order Cancelled": OrderEndedProperties,
  "Order Returned": OrderReturnedProperties,
  "Order Refunded": OrderRefundedProperties,
  "Order Delivery Failed": OrderEndedProperties,
  "Product Viewed": ProductProperties,
  "Product Favorited": ProductProperties,
  "Product Added": ProductProperties,
  "Product Removed": ProductProperties,
  "Checkout Started": CheckoutProperties,
  "Payment Failed": PaymentFailedProperties,
  "Review Submitted": ReviewProperties,
  "Conversation Ended": ConversationProperties,
  "Ticket Opened": TicketProperties,
  "Ticket Resolved": TicketProperties,
  "Followed": FollowProperties,
  "Unfollowed": FollowProperties,
  "Live Viewed": LiveProperties,
  "Live Product Clicked": LiveProperties,
  "Video Product Viewed": VideoProperties,
  "Video Product Liked": VideoProperties,
  "Video Product Clicked": VideoProperties,
  "Message Sent": MessageProperties,
  "Message Delivered": MessageProperties,
  "Message Read": MessageProperties,
  "Message Clicked": MessageProperties,
  "Message Replied": MessageProperties,
  "Message Unsubscribed": MessageProperties,
  "Campaign Joined": CampaignJoinedProperties,
  "Survey Submitted": SurveySubmittedProperties,
  "Minigame Played": MinigamePlayedProperties,
  "Points Earned": PointsProperties,
  "Points Redeemed": PointsProperties,
  "Points Adjusted": PointsAdjustedProperties,
  "Form Submitted": FormSubmittedProperties
} as const satisfies Record<string, Schema.Codec<unknown, unknown, never, never>>

/** The name of a typed `track` event. */
export type KnownEventName = keyof typeof TrackEventCatalog

/** All typed event names, in catalog order. */
export const KnownEventNames = Object.keys(TrackEventCatalog) as ReadonlyArray<KnownEventName>

/** The decoded `properties` of the typed event `K`. */
export type PropertiesOf<K extends KnownEventName> = (typeof TrackEventCatalog)[K]["Type"]

/**
 * Is `name` a typed event of the catalog (rather than a custom event)?
 *
 * @example
 * ```ts
 * isKnownEventName("Order Completed") // => true
 * isKnownEventName("Spin Wheel Won") // => false
 * ```
 */
export const isKnownEventName = (name: string): name is KnownEventName => Object.hasOwn(TrackEventCatalog, name)
