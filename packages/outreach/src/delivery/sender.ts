import type { OutreachChannel, MessagePurpose } from "../channel.js"
import type { CallToAction, ContentLocale, PlanVoucher } from "../plan/plan-definition.js"

/**
 * What plan execution renders for one recipient and keeps in the outbox
 * row: the text in the recipient's locale, the address on the plan's
 * channel, the products, the voucher and the call to action.
 *
 * @example
 * ```ts
 * const message: OutboxMessage = { text: "Chào Lan, giảm 20% hôm nay", locale: "vi", to: "+84912345678", products: ["sku-1"], voucher: { kind: "none" } }
 * ```
 */
export interface OutboxMessage {
  readonly text: string
  readonly locale: ContentLocale
  /** The recipient's address on the channel: a phone number, an email, a Zalo id. */
  readonly to: string
  readonly products: ReadonlyArray<string>
  readonly voucher: PlanVoucher
  readonly callToAction?: CallToAction | undefined
}

/**
 * A message handed to the sender: the rendered {@link OutboxMessage} with
 * the outbox row it comes from — its id (also the idempotency key), the
 * plan, the recipient's profile, the occurrence (`""` for a one-time plan),
 * the channel and the purpose.
 *
 * @example
 * ```ts
 * const outbound: OutboundMessage = {
 *   outboxId: "ob_3b9c", planId: "plan-1", profileId: "p_m-1", occurrence: "", channel: "zalo", purpose: "promotion",
 *   text: "Chào Lan", locale: "vi", to: "+84912345678", products: ["sku-1"], voucher: { kind: "none" }
 * }
 * ```
 */
export interface OutboundMessage extends OutboxMessage {
  readonly outboxId: string
  readonly planId: string
  readonly profileId: string
  readonly occurrence: string
  readonly channel: OutreachChannel
  readonly purpose: MessagePurpose
}

/**
 * What a sender is told with each message: the idempotency key (the outbox
 * row's id, the same on every retry and after a crashed worker's lease is
 * taken over), which attempt this is (1 for the first), and a signal aborted
 * when the worker stops.
 *
 * @example
 * ```ts
 * const options: SendOptions = { idempotencyKey: "ob_3b9c", attempt: 1, signal: new AbortController().signal }
 * ```
 */
export interface SendOptions {
  readonly idempotencyKey: string
  readonly attempt: number
  readonly signal: AbortSignal
}

/**
 * The port a host implements to deliver messages (Zalo, SMS, email, …).
 * kith delivers at least once: after a crash a message may be handed over
 * again, always with the same idempotency key, so a sender that sends each
 * key at most once (most provider APIs take such a key) delivers each
 * message exactly once. Resolving means delivered; throwing (or rejecting)
 * means the attempt failed and is retried later, until the last attempt.
 *
 * @example
 * ```ts
 * const consoleSender: OutreachSender = {
 *   send: async (message, { idempotencyKey }) => console.log(`${message.channel} → ${message.to} [${idempotencyKey}]: ${message.text}`)
 * }
 * ```
 */
export interface OutreachSender {
  readonly send: (message: OutboundMessage, options: SendOptions) => Promise<void>
}
