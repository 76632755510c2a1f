/**
 * kith privacy (PRIV-1 … PRIV-7), as pure functions over plain data with the
 * time passed in: consent state from consent records — silence is never
 * consent, a merge keeps the most restrictive decision of each side, and the
 * state never depends on the order records arrive in; data-subject requests
 * with the deadlines of Decree 356/2025; the keyed hashes a suppression list
 * stores instead of identifiers; the retention rule for anonymous visitors;
 * the audit trail's entries; contact restrictions (do-not-contact, the
 * shop blocked on a channel) read at an instant by the same merge rule as
 * consent. Storage and the facade (`cdp.consent`,
 * `cdp.privacy`, `cdp.audit`) build on these.
 *
 * @example
 * ```ts
 * import { consentFor } from "@kith/privacy"
 * consentFor([], "marketing", "zalo", { asOf: new Date("2026-01-01T00:00:00Z") }).allowed // => false
 * ```
 *
 * @packageDocumentation
 */
export * from "./audit/entry.js"
export * from "./contact/restriction.js"
export * from "./consent/purposes.js"
export * from "./consent/record.js"
export * from "./consent/state.js"
export * from "./erasure/anonymize-event.js"
export * from "./erasure/names-any.js"
export * from "./erasure/payload-texts.js"
export * from "./history/standing.js"
export * from "./requests/request.js"
export * from "./retention/inactive.js"
export * from "./suppression/key.js"
