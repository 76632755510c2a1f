import type { MessagePurpose } from "../channel.js"

/**
 * The privacy purpose (`@kith/privacy`'s consent records) an outreach
 * purpose asks consent for: promotions and customer care are `marketing`;
 * transactional messages are `transactional` (which the default purposes
 * do not require consent for).
 *
 * @example
 * ```ts
 * import { consentPurposeOf } from "@kith/outreach"
 * consentPurposeOf.care // => "marketing"
 * ```
 */
export const consentPurposeOf: Readonly<Record<MessagePurpose, string>> = { promotion: "marketing", care: "marketing", transactional: "transactional" }

/**
 * The privacy purposes a `Message Unsubscribed` event withdraws on the
 * message's channel: those of advertising and care (Decree 91/2020: no more
 * advertising after a refusal). Transactional messages (an order, a
 * payment, a delivery the person started) keep their own basis: an
 * unsubscribe is not a refusal of them.
 *
 * @example
 * ```ts
 * import { unsubscribeWithdraws } from "@kith/outreach"
 * unsubscribeWithdraws // => ["marketing"]
 * ```
 */
export const unsubscribeWithdraws: ReadonlyArray<string> = [...new Set([consentPurposeOf.promotion, consentPurposeOf.care])]
