/**
 * The kith domain model: ids, identifiers, Segment-shaped events with the
 * typed properties of every ING-2 event, profile fields, money, workspace
 * settings, the typed {@link InvalidInput} error every decoder reports, and
 * {@link fromSegment}, which maps calls as Segment clients send them to kith's
 * events (ING-6).
 *
 * Everything here is plain data and `effect/Schema`; no I/O.
 *
 * @example
 * ```ts
 * import { decodeEventResult } from "@kith/core"
 * import { Result } from "effect"
 *
 * const result = decodeEventResult({
 *   type: "identify", messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00",
 *   anonymousId: "cookie-1", traits: { fullName: "Phạm Minh Anh", phone: "0912 345 678" }
 * })
 * if (Result.isSuccess(result)) console.log(result.success.type) // "identify"
 * ```
 *
 * @packageDocumentation
 */
export * from "./channel.js"
export * from "./context.js"
export * from "./errors.js"
export * from "./events/catalog.js"
export * from "./events/commerce.js"
export * from "./events/consent.js"
export * from "./events/engagement.js"
export * from "./events/envelope.js"
export * from "./events/fields.js"
export * from "./events/loyalty.js"
export * from "./events/messaging.js"
export * from "./hash.js"
export * from "./identifier.js"
export * from "./ids.js"
export * from "./money.js"
export * from "./own-record.js"
export * from "./pipeline-statuses.js"
export * from "./profile-fields.js"
export * from "./segment/amount.js"
export * from "./segment/batch.js"
export { purposeOfCategory } from "./segment/context.js"
export * from "./segment/country.js"
export * from "./segment/event-names.js"
export * from "./segment/from-segment.js"
export * from "./segment/gender.js"
export * from "./segment/message-id.js"
export * from "./segment/person-names.js"
export { instantOf, type TimestampSource } from "./segment/timestamp.js"
export * from "./storable-json.js"
export * from "./time.js"
export * from "./union-find.js"
export * from "./workspace-settings.js"
export * from "./zoned.js"
