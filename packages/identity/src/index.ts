/**
 * kith identity resolution (IDN-1 … IDN-11): every interaction resolved to
 * exactly one profile, explainably and reversibly.
 *
 * - **Normalization** ({@link normalizeIdentifier}, {@link normalizePhoneNumber},
 *   {@link normalizeEmailAddress}): Vietnamese phones in any written form to
 *   E.164 with the 2018 remap, other countries through libphonenumber-js,
 *   emails lower-cased with opt-in provider rules; invalid values rejected with a reason.
 * - **Guardrails** ({@link IdentityPolicy}): blocklist, per-type priority and
 *   limit, the identified-pair guard for unique types, quarantine. Policy is
 *   data, validated by {@link decodeIdentityPolicy}.
 * - **Resolution** ({@link resolveBatch}, {@link createResolver}): batch and
 *   incremental give the same profiles for any input order.
 * - **Ledger and explain**, **split and manual merge**, **traits with provenance**
 *   ({@link mergeTraits}).
 *
 * Pure logic over plain data; time is always a parameter.
 *
 * @example
 * ```ts
 * import { createResolver } from "@kith/identity"
 *
 * const resolver = createResolver()
 * resolver.ingest({ recordId: "chat-1", observedAt: new Date("2025-03-01T02:00:00Z"), source: "zalo_oa",
 *   identifiers: [{ type: "zalo_id", value: "4455667788" }, { type: "phone", value: "0912 345 678" }] })
 * resolver.ingest({ recordId: "order-1", observedAt: new Date("2025-03-02T02:00:00Z"), source: "shopee",
 *   identifiers: [{ type: "shopee_buyer_id", value: "sp-77" }, { type: "phone", value: "+84 91-234-5678" }] })
 * resolver.partition() // => [["chat-1", "order-1"]]
 * ```
 *
 * @packageDocumentation
 */
export * from "./blocklist.js"
export * from "./canonical-order.js"
export * from "./common-forms.js"
export * from "./fast-normalize.js"
export * from "./email.js"
export * from "./contact.js"
export * from "./errors.js"
export type { ExplainLink, Explanation, KeptApartReason } from "./explain.js"
export * from "./ledger.js"
export * from "./normalize.js"
export * from "./observed-trait.js"
export * from "./phone.js"
export * from "./policy.js"
export * from "./record.js"
export * from "./resolver.js"
export { DefaultTraitStrategies, isEmptyTraitValue, type TraitMergeConfig, type TraitMergeStrategy } from "./trait-strategy.js"
export * from "./traits.js"
