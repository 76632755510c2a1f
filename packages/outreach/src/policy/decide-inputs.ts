import { decoderFor, type InvalidInput, TimeZone } from "@kith/core"
import { type Result, Schema } from "effect"
import { MessagePurpose, OutreachChannel } from "../channel.js"
import { HoldoutPercent } from "../holdout.js"
import { ContactStatus } from "./contact-status.js"
import type { OutgoingMessage, Recipient } from "./decide.js"

/** The schema of an {@link OutgoingMessage}. */
export const OutgoingMessageSchema = Schema.Struct({
  planId: Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(200)),
  channel: OutreachChannel,
  purpose: MessagePurpose,
  text: Schema.optionalKey(Schema.String),
  holdoutPercent: Schema.optionalKey(HoldoutPercent)
})

/** The schema of a {@link Recipient}: its timezone an IANA name, its consent and suppression a `ContactStatus`. */
export const RecipientSchema = Schema.Struct({
  profileId: Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(200)),
  timeZone: Schema.optionalKey(TimeZone),
  reachableOn: Schema.Array(OutreachChannel),
  pastBuyer: Schema.Boolean,
  contact: ContactStatus
})

const decodeMessage = decoderFor("outgoing message", OutgoingMessageSchema)
const decodeRecipient = decoderFor("recipient", RecipientSchema)

/**
 * Checks a message from outside (an API body, a queue) before it reaches
 * `decide`, naming every bad field.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * const bad = decodeOutgoingMessageResult({ planId: "plan-1", channel: "fax", purpose: "promotion" })
 * Result.isFailure(bad) && bad.failure.issues.map((i) => i.path) // => ["channel"]
 * ```
 */
export const decodeOutgoingMessageResult = (input: unknown): Result.Result<OutgoingMessage, InvalidInput> => decodeMessage(input)

/**
 * Checks a recipient from outside before it reaches `decide`: an unknown
 * timezone, channel or consent state is an `InvalidInput` naming its path.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * const bad = decodeRecipientResult({
 *   profileId: "p-1", timeZone: "Saigon", reachableOn: ["zalo"], pastBuyer: true,
 *   contact: { consent: [{ channel: "zalo", purpose: "promotion", state: "yes" }], suppression: { erased: false, suppressed: false, doNotContact: false, blockedShopOn: [] } }
 * })
 * Result.isFailure(bad) && bad.failure.issues.map((i) => i.path) // => ["timeZone", "contact.consent[0].state"]
 * ```
 */
export const decodeRecipientResult = (input: unknown): Result.Result<Recipient, InvalidInput> => decodeRecipient(input)
