import { Schema } from "effect"

/**
 * The channels an outreach message goes out on. `chat` is the shop's own
 * chat (web chat, marketplace chat); `zalo` a Zalo OA or ZNS template
 * message; `call` a telemarketing call, which Decree 91/2020 limits as
 * strictly as SMS. The host plugs in the sender of each.
 *
 * @example
 * ```ts
 * OutreachChannels.includes("zalo") // => true
 * ```
 */
export const OutreachChannels = ["chat", "zalo", "sms", "email", "call"] as const
/** One of {@link OutreachChannels}. */
export const OutreachChannel = Schema.Literals(OutreachChannels)
/** An {@link OutreachChannel} after decoding. */
export type OutreachChannel = typeof OutreachChannel.Type

/**
 * Why a message is sent; part of every plan, and what decides which contact
 * rules apply (OUT-11): `transactional` (an order, a payment, a delivery the
 * customer started), `care` (customer care: a reminder, a thank-you, a
 * follow-up) and `promotion` (advertising: an offer, a voucher, a sale).
 *
 * @example
 * ```ts
 * MessagePurposes // => ["transactional", "care", "promotion"]
 * ```
 */
export const MessagePurposes = ["transactional", "care", "promotion"] as const
/** One of {@link MessagePurposes}. */
export const MessagePurpose = Schema.Literals(MessagePurposes)
/** A {@link MessagePurpose} after decoding. */
export type MessagePurpose = typeof MessagePurpose.Type
