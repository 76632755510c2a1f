/**
 * Outreach for kith, part 1 (OUT-1 … OUT-6, OUT-9 … OUT-11): plans and
 * their machine, triggers of automated plans, the one contact policy every
 * send goes through, deterministic holdouts and permissions. Pure: no
 * storage, no I/O, no clock (`now`, `at` and `asOf` are parameters); days
 * and hours are read in the workspace's or the recipient's timezone.
 *
 * @example
 * ```ts
 * import { decide, noContactRecords } from "@kith/outreach"
 *
 * const recipient = { profileId: "p-1", reachableOn: ["zalo"], pastBuyer: false, contact: noContactRecords() }
 * const message = { planId: "plan-1", channel: "zalo", purpose: "promotion" }
 * decide(message, recipient, [], { now: new Date("2025-03-07T10:00:00+07:00") }) // => { verdict: "skip", reason: "no_consent" }
 * ```
 *
 * @packageDocumentation
 */
export * from "./channel.js"
export * from "./errors.js"
export * from "./holdout.js"
export * from "./local-time.js"
export * from "./permissions.js"

export * from "./plan/plan.js"
export * from "./plan/plan-definition.js"
export * from "./plan/placeholders.js"
export * from "./plan/render.js"
export * from "./plan/machine.js"

export * from "./policy/reasons.js"
export * from "./policy/contact-status.js"
export * from "./policy/consent-purpose.js"
export * from "./policy/contact-policy.js"
export * from "./policy/caps.js"
export * from "./policy/sending-hours.js"
export * from "./policy/decide.js"
export * from "./policy/decide-inputs.js"

export * from "./triggers/trigger-definition.js"
export * from "./triggers/shop-event.js"
export { cartAt, type CartState } from "./triggers/cart.js"
export * from "./triggers/occurrences.js"
export * from "./triggers/plan-occurrences.js"

export * from "./delivery/sender.js"
export * from "./delivery/outbox-id.js"
export * from "./delivery/backoff.js"

export * from "./execution/audience.js"
export * from "./execution/outbox-entry.js"
export * from "./execution/performance.js"
