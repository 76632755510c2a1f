import type { Identifier } from "@kith/core"
import { Result } from "effect"
import { commonEmailAddress, commonKeptValue, commonMobileNumber } from "./fast-normalize.js"
import { IdentifierRejected } from "./errors.js"
import { type IdentityPolicy, resolveIdentityPolicy, type ResolvedIdentityPolicy } from "./policy.js"
import { normalizeGeneral, type Rejection } from "./normalize-value.js"

export type { Rejection } from "./normalize-value.js"

/**
 * An identifier after normalization: the only form kith links on.
 *
 * @example
 * ```ts
 * const id: NormalizedIdentifier = { type: "phone", value: "+84912345678" }
 * ```
 */
export interface NormalizedIdentifier {
  readonly type: string
  readonly value: string
}

/**
 * The fast paths of {@link normalizeValue}: what it answers for the forms
 * most values hold — a Vietnamese mobile in a common form
 * ({@link commonMobileNumber}), a plain address ({@link commonEmailAddress}),
 * a printable-ASCII value of a type kept as written
 * ({@link commonKeptValue}) — or `undefined`, when the general normalizer
 * must decide. Every form it answers for is printable ASCII with no space
 * at either end.
 *
 * @param type - the identifier type
 * @param raw - the value, as written
 * @param policy - the workspace's resolved identity policy
 * @returns the normalized value, a rejection, or `undefined`
 *
 * @example
 * ```ts
 * import { commonValue, resolveIdentityPolicy } from "@kith/identity"
 * const policy = resolveIdentityPolicy({})
 * commonValue("phone", "0912 345 678", policy) // => "+84912345678"
 * commonValue("external_id", "KH-0001", policy) // => "KH-0001"
 * commonValue("external_id", " KH-0001", policy) // => undefined
 * commonValue("national_id", "001090012345", policy) // => undefined
 * ```
 */
export const commonValue = (type: string, raw: string, policy: ResolvedIdentityPolicy): string | Rejection | undefined => {
  // Most phone fields hold a Vietnamese mobile in a common form, most email fields a plain address, most other
  // ids plain ASCII: answered without the general normalizer.
  if (type === "phone") return commonMobileNumber(raw, policy)
  if (type === "email") return commonEmailAddress(raw, policy)
  // Every other type but these two is kept as written: a plain ASCII value needs no general normalizer.
  if (type !== "national_id" && type !== "tax_code") return commonKeptValue(type, raw, policy)
  return undefined
}

/**
 * The normalizer behind {@link normalizeIdentifier}, without allocating a
 * `Result`: returns the normalized value, or a {@link Rejection}. Used on the
 * hot path of the batch resolver.
 *
 * @example
 * ```ts
 * normalizeValue("phone", "0912 345 678", resolveIdentityPolicy({})) // => "+84912345678"
 * normalizeValue("email", "test@test.com", resolveIdentityPolicy({})) // => { reason: "blocked" }
 * ```
 */
export const normalizeValue = (type: string, raw: string, policy: ResolvedIdentityPolicy): string | Rejection =>
  commonValue(type, raw, policy) ?? normalizeGeneral(type, raw, policy)

/**
 * Normalizes one raw identifier (IDN-3) and checks it against the blocklist
 * (IDN-4). Phones become E.164 (Vietnamese forms and the 2018 remap on a fast
 * path, other countries via libphonenumber-js), emails are trimmed and
 * lower-cased (provider rules opt-in), national ids keep their 9 or 12
 * digits, tax codes become `0101234567` or `0101234567-001`, every other type
 * is trimmed and otherwise kept as written.
 *
 * @param identifier - the raw identifier
 * @param policy - the workspace policy (defaults when omitted)
 * @returns the normalized identifier, or `IdentifierRejected` with a reason
 *
 * @example
 * ```ts
 * normalizeIdentifier({ type: "phone", value: "84 912.345.678" }) // => Result.succeed({ type: "phone", value: "+84912345678" })
 * normalizeIdentifier({ type: "email", value: " Lan@Gmail.com" }) // => Result.succeed({ type: "email", value: "lan@gmail.com" })
 * normalizeIdentifier({ type: "email", value: "test@test.com" }) // => Result.fail(IdentifierRejected { reason: "blocked" })
 * normalizeIdentifier({ type: "phone", value: "0912" }) // => Result.fail(IdentifierRejected { reason: "invalid_phone" })
 * ```
 */
export const normalizeIdentifier = (
  identifier: Identifier,
  policy?: IdentityPolicy | ResolvedIdentityPolicy
): Result.Result<NormalizedIdentifier, IdentifierRejected> => {
  const resolved = asResolvedPolicy(policy)
  const normalized = normalizeValue(identifier.type, identifier.value, resolved)
  return typeof normalized === "string"
    ? Result.succeed({ type: identifier.type, value: normalized })
    : Result.fail(new IdentifierRejected({ type: identifier.type, value: identifier.value, reason: normalized.reason }))
}

/**
 * The key a normalized identifier is linked on: `type:value`.
 *
 * @example
 * ```ts
 * identifierKey({ type: "phone", value: "+84912345678" }) // => "phone:+84912345678"
 * ```
 */
export const identifierKey = (identifier: NormalizedIdentifier): string => `${identifier.type}:${identifier.value}`

/**
 * Splits an {@link identifierKey} back into type and value.
 *
 * @example
 * ```ts
 * parseIdentifierKey("email:lan@gmail.com") // => { type: "email", value: "lan@gmail.com" }
 * ```
 */
export const parseIdentifierKey = (key: string): NormalizedIdentifier => {
  const colon = key.indexOf(":")
  return { type: key.slice(0, colon), value: key.slice(colon + 1) }
}

/**
 * Accepts either a policy or an already resolved one.
 *
 * @example
 * ```ts
 * asResolvedPolicy(undefined).quarantineThreshold // => 5
 * ```
 */
export const asResolvedPolicy = (policy: IdentityPolicy | ResolvedIdentityPolicy | undefined): ResolvedIdentityPolicy =>
  policy !== undefined && "ruleOf" in policy ? policy : resolveIdentityPolicy(policy ?? {})
