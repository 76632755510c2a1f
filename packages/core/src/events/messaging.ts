import { Schema } from "effect"
import { Channel } from "../channel.js"
import { Ref, Text } from "./fields.js"

/**
 * One step in the life of an outreach message (OUT-8): sent, delivered, read,
 * clicked, replied or unsubscribed. `deliveryId` names the message itself
 * (distinct from the event's `messageId`); `planId` the outreach plan.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(MessageProperties)({ deliveryId: "d-1", planId: "plan-tet", channel: "zalo", url: "https://shop.vn/sale" })
 * ```
 */
export const MessageProperties = Schema.Struct({
  deliveryId: Ref,
  planId: Schema.optionalKey(Ref),
  channel: Channel,
  /** The clicked link, for a click. */
  url: Schema.optionalKey(Text(2000)),
  /** The reply text, for a reply. */
  reply: Schema.optionalKey(Text(10_000)),
  topic: Schema.optionalKey(Text(100))
})
/** {@link MessageProperties} after decoding. */
export type MessageProperties = typeof MessageProperties.Type
