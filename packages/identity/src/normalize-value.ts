import type { EmailRules } from "./email.js"
import { normalizeEmailAddress } from "./email.js"
import type { RejectionReason } from "./errors.js"
import { hasControlCharacter } from "./common-forms.js"
import { phoneNumberOrReason } from "./phone.js"
import type { ResolvedIdentityPolicy } from "./policy.js"

/**
 * A rejection from the internal normalizer; compare with `typeof result === "string"`.
 *
 * @example
 * ```ts
 * const result = normalizeValue("phone", "0912", resolveIdentityPolicy({}))
 * typeof result === "string" ? result : result.reason // => "invalid_phone"
 * ```
 */
export interface Rejection {
  readonly reason: RejectionReason
}

/**
 * See the constant of the same name.
 *
 * @example
 * ```ts
 * rejections.blocked // => { reason: "blocked" }
 * ```
 */
export const rejections: { readonly [R in RejectionReason]: Rejection } = {
  empty: { reason: "empty" },
  too_long: { reason: "too_long" },
  blocked: { reason: "blocked" },
  invalid_phone: { reason: "invalid_phone" },
  invalid_email: { reason: "invalid_email" },
  invalid_national_id: { reason: "invalid_national_id" },
  invalid_tax_code: { reason: "invalid_tax_code" },
  invalid_value: { reason: "invalid_value" },
  service_number: { reason: "service_number" }
}

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
 * Normalizes a trimmed, non-empty value of `type` without the blocklist: the
 * per-type rules of IDN-3. The policy compiler uses it to normalize blocklist
 * entries the same way as the values they block.
 *
 * @example
 * ```ts
 * normalizeTrimmed("phone", "0912 345 678", { defaultCountry: "VN", email: {} }) // => "+84912345678"
 * ```
 */
export const normalizeTrimmed = (
  type: string,
  trimmed: string,
  options: { readonly defaultCountry: string; readonly email: EmailRules }
): string | Rejection => {
  switch (type) {
    case "phone": {
      const phone = phoneNumberOrReason(trimmed, options.defaultCountry)
      return phone === "invalid_phone" || phone === "service_number" ? rejections[phone] : phone
    }
    case "email":
      return normalizeEmailAddress(trimmed, options.email) ?? rejections.invalid_email
    case "national_id":
      return normalizeNationalId(trimmed)
    case "tax_code":
      return normalizeTaxCode(trimmed)
    default:
      // Control characters never belong inside an id; they come from broken exports.
      return hasControlCharacter(trimmed) ? rejections.invalid_value : trimmed
  }
}

/**
 * `normalizeValue` without its fast paths: trimmed, length-checked,
 * normalized by {@link normalizeTrimmed}, then checked against the
 * blocklist (IDN-4) as written and as normalized. The fast paths are held
 * equal to it.
 *
 * @example
 * ```ts
 * normalizeGeneral("phone", " 0912 345 678 ", resolveIdentityPolicy({})) // => "+84912345678"
 * ```
 */
export const normalizeGeneral = (type: string, raw: string, policy: ResolvedIdentityPolicy): string | Rejection => {
  const trimmed = raw.trim()
  if (trimmed.length === 0) return rejections.empty
  if (trimmed.length > 512) return rejections.too_long
  const normalized = normalizeTrimmed(type, trimmed, policy)
  const lowerRaw = trimmed.toLowerCase()
  // A value kept as written lower-cases to lowerRaw: the blocklist is handed that, not asked to lower-case it again.
  if (policy.blocklist.isBlocked(type, lowerRaw, typeof normalized === "string" && normalized !== trimmed ? normalized : lowerRaw)) return rejections.blocked
  return normalized
}
