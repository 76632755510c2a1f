import type { Identifier } from "@kith/core"
import { Result } from "effect"
import { normalizeEmailAddress } from "./email.js"
import { IdentifierRejected, type RejectionReason } from "./errors.js"
import { normalizePhoneNumber } from "./phone.js"
import { type IdentityPolicy, resolveIdentityPolicy, type ResolvedIdentityPolicy } from "./policy.js"

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

/** A rejection from the internal normalizer; compare with `typeof result === "string"`. */
export interface Rejection {
  readonly reason: RejectionReason
}

const rejections: { readonly [R in RejectionReason]: Rejection } = {
  empty: { reason: "empty" },
  too_long: { reason: "too_long" },
  blocked: { reason: "blocked" },
  invalid_phone: { reason: "invalid_phone" },
  invalid_email: { reason: "invalid_email" },
  invalid_national_id: { reason: "invalid_national_id" },
  invalid_tax_code: { reason: "invalid_tax_code" },
  invalid_value: { reason: "invalid_value" }
}

// Control characters never belong inside an id; they come from broken exports.
const hasControlCharacter = /[\u0000-\u001f\u007f]/
const nonDigitSeparators = /[\s.\-]/g

const normalizeNationalId = (value: string): string | Rejection => {
  const digits = value.replace(nonDigitSeparators, "")
  return /^(\d{9}|\d{12})$/.test(digits) ? digits : rejections.invalid_national_id
}

const normalizeTaxCode = (value: string): string | Rejection => {
  const compact = value.replace(/[\s.]/g, "")
  const match = /^(\d{10})(?:-?(\d{3}))?$/.exec(compact)
  if (match === null) return rejections.invalid_tax_code
  return match[2] === undefined ? match[1]! : `${match[1]!}-${match[2]}`
}

/**
 * The normalizer behind {@link normalizeIdentifier}, without allocating a
 * `Result`: returns the normalized value, or a {@link Rejection}. Used on the
 * hot path of the batch resolver.
 */
export const normalizeValue = (type: string, raw: string, policy: ResolvedIdentityPolicy): string | Rejection => {
  const trimmed = raw.trim()
  if (trimmed.length === 0) return rejections.empty
  if (trimmed.length > 512) return rejections.too_long
  let normalized: string | Rejection
  switch (type) {
    case "phone":
      normalized = normalizePhoneNumber(trimmed, policy.defaultCountry) ?? rejections.invalid_phone
      break
    case "email":
      normalized = normalizeEmailAddress(trimmed, policy.email) ?? rejections.invalid_email
      break
    case "national_id":
      normalized = normalizeNationalId(trimmed)
      break
    case "tax_code":
      normalized = normalizeTaxCode(trimmed)
      break
    default:
      normalized = hasControlCharacter.test(trimmed) ? rejections.invalid_value : trimmed
  }
  const lowerRaw = trimmed.toLowerCase()
  if (policy.blocklist.isBlocked(type, lowerRaw, typeof normalized === "string" ? normalized : lowerRaw)) return rejections.blocked
  return normalized
}

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

/** Accepts either a policy or an already resolved one. */
export const asResolvedPolicy = (policy: IdentityPolicy | ResolvedIdentityPolicy | undefined): ResolvedIdentityPolicy =>
  policy !== undefined && "ruleOf" in policy ? policy : resolveIdentityPolicy(policy ?? {})
