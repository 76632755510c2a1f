import type { Result } from "effect"
import { Schema } from "effect"
import { Channel } from "../channel.js"
import { decoderFor, type InvalidInput } from "../errors.js"
import { Instant } from "../time.js"
import { Ref, Text } from "./fields.js"

/**
 * The name of the `track` event that carries a consent decision (PRIV-1).
 *
 * @example
 * ```ts
 * import { CONSENT_UPDATED } from "@kith/core"
 * CONSENT_UPDATED // => "Consent Updated"
 * ```
 */
export const CONSENT_UPDATED = "Consent Updated"

/**
 * A purpose of processing: a lower-case slug from the workspace's list
 * (`marketing`, `transactional`, `analytics`, `profiling` by default).
 *
 * @example
 * ```ts
 * import { ConsentPurpose } from "@kith/core"
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(ConsentPurpose)("marketing") // => "marketing"
 * ```
 */
export const ConsentPurpose = Schema.String.check(
  Schema.isPattern(/^[a-z][a-z0-9_]{0,63}$/, { message: "a purpose is a lower-case slug such as marketing or transactional" })
)
/** A {@link ConsentPurpose} after decoding. */
export type ConsentPurpose = string

/**
 * What the person said: `granted`, `denied` (asked, said no) or `withdrawn`
 * (said yes before, takes it back).
 *
 * @example
 * ```ts
 * const status: ConsentStatus = "withdrawn"
 * ```
 */
export const ConsentStatus = Schema.Literals(["granted", "denied", "withdrawn"])
/** A {@link ConsentStatus} after decoding. */
export type ConsentStatus = typeof ConsentStatus.Type

/**
 * The properties of a `Consent Updated` event: one decision per purpose and
 * channel, with its evidence (free JSON: a form id, the message id, the IP
 * address...) and an optional expiry. The event's own time is when the person
 * decided.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(ConsentUpdatedProperties)({
 *   decisions: [{ purpose: "marketing", channel: "zalo", status: "granted" }],
 *   source: "website_form", evidence: { formId: "dang-ky", ip: "203.0.113.7" }
 * }).decisions.length // => 1
 * ```
 */
export const ConsentUpdatedProperties = Schema.Struct({
  decisions: Schema.Array(
    Schema.Struct({
      purpose: ConsentPurpose,
      channel: Channel,
      status: ConsentStatus,
      expiresAt: Schema.optionalKey(Instant)
    })
  ).check(Schema.isMinLength(1), Schema.isMaxLength(100)),
  source: Schema.optionalKey(Ref),
  evidence: Schema.optionalKey(Schema.Unknown),
  note: Schema.optionalKey(Text(1000))
})
/** {@link ConsentUpdatedProperties} after decoding. */
export type ConsentUpdatedProperties = typeof ConsentUpdatedProperties.Type

const decodeConsentProperties = decoderFor("Consent Updated properties", ConsentUpdatedProperties)

/**
 * Decodes the properties of a `Consent Updated` event, naming every problem
 * with its path.
 *
 * @param properties - the event's `properties`
 * @returns the decisions, or `InvalidInput`
 *
 * @example
 * ```ts
 * import { decodeConsentUpdated } from "@kith/core"
 * import { Result } from "effect"
 * Result.isSuccess(decodeConsentUpdated({ decisions: [{ purpose: "marketing", channel: "sms", status: "denied" }] })) // => true
 * Result.isFailure(decodeConsentUpdated({ decisions: [{ purpose: "Marketing!", channel: "sms", status: "maybe" }] })) // => true
 * ```
 */
export const decodeConsentUpdated = (properties: unknown): Result.Result<ConsentUpdatedProperties, InvalidInput> => decodeConsentProperties(properties)
