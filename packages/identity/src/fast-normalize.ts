import { hasEmailShape } from "./common-forms.js"
import { type Rejection, rejections } from "./normalize-value.js"
import { VietnameseMobilePrefixes } from "./phone.js"
import type { ResolvedIdentityPolicy } from "./policy.js"

// Fast paths of normalizeValue for the phone, email and kept-as-written forms most fields hold: each answers exactly what the
// general normalizer answers, or declines (`undefined`) and the general normalizer decides. Property tests hold
// them to the general path on random input near their edges.

// The mobile prefixes as a table of two-digit numbers, for a lookup without a substring.
const mobilePrefix = new Uint8Array(100)
for (const prefix of VietnameseMobilePrefixes) mobilePrefix[Number(prefix)] = 1

// The char codes of the digits commonMobileNumber has read so far (at most eleven), reused from call to call.
const digitCodes = new Uint16Array(11)

/**
 * `normalizeValue("phone", text, policy)` for the forms most phone fields
 * hold, without the general phone parser: a Vietnamese mobile written `0` +
 * nine digits, `84` + nine, `+84` + nine, or nine digits (a leading `0` a
 * spreadsheet dropped), with spaces, dots, dashes or brackets between
 * digits, whose first two national digits are one of
 * {@link VietnameseMobilePrefixes}. For exactly those, the general parser
 * gives `+84` and the nine digits (with the default country `VN` for the
 * forms without `+`); the policy's blocklist is still asked, with the same
 * arguments. Anything else — another country, a landline, an old
 * eleven-digit mobile, letters, an extension, a non-ASCII character, a
 * space at either end — returns `undefined`: the general parser decides.
 * `normalizeValue` takes this path first.
 *
 * @param text - one number, as written
 * @param policy - the workspace's resolved identity policy
 * @returns the E.164 number, a blocked rejection, or `undefined` when the general parser must decide
 *
 * @example
 * ```ts
 * import { commonMobileNumber, resolveIdentityPolicy } from "@kith/identity"
 * const policy = resolveIdentityPolicy({})
 * commonMobileNumber("0912 345 678", policy) // => "+84912345678"
 * commonMobileNumber("+84 91-234-5678", policy) // => "+84912345678"
 * commonMobileNumber("0999999999", policy) // => { reason: "blocked" }
 * commonMobileNumber("028 3822 1234", policy) // => undefined
 * ```
 */
export const commonMobileNumber = (text: string, policy: ResolvedIdentityPolicy): string | Rejection | undefined => {
  const length = text.length
  if (length < 9 || length > 24) return undefined
  // Up to eleven digits (`84` + nine), kept in digitCodes, and where a `+` stood (at the start only).
  let count = 0
  let plus = false
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      if (count === 11) return undefined
      digitCodes[count++] = c
    } else if (c === 43 /* + */) {
      if (i !== 0) return undefined
      plus = true
    } else if (!(c === 32 || c === 46 || c === 45 || c === 40 || c === 41) || i === 0 || i === length - 1) {
      // Only space . - ( ) between digits; nothing else, and no separator at either end (the general path trims;
      // a bracket or dash at an end changes nothing there, but is left to it all the same).
      return undefined
    }
  }
  // The nine national digits start after the `+84`, the `84`, the trunk `0`, or at once.
  let skip: number
  if (plus) {
    if (count !== 11) return undefined
    skip = 2
  } else {
    if (policy.defaultCountry !== "VN") return undefined
    skip = count === 10 ? 1 : count === 11 ? 2 : count === 9 ? 0 : -1
    if (skip < 0) return undefined
  }
  const d = digitCodes
  if (skip === 2 && (d[0] !== 56 || d[1] !== 52)) return undefined
  if (skip === 1 && d[0] !== 48) return undefined
  // A trunk 0 after the country code, or a prefix outside the mobile blocks: the general parser decides.
  const prefix = (d[skip]! - 48) * 10 + (d[skip + 1]! - 48)
  if (prefix < 10 || mobilePrefix[prefix] !== 1) return undefined
  // `+84` and the nine national digits made in one string, without copying the digits out first.
  const e164 = String.fromCharCode(43, 56, 52, d[skip]!, d[skip + 1]!, d[skip + 2]!, d[skip + 3]!, d[skip + 4]!, d[skip + 5]!, d[skip + 6]!, d[skip + 7]!, d[skip + 8]!)
  // Digits, `+` and these separators have no case: the text is its own lower-case form.
  return policy.blocklist.isBlockedMobile(text, e164) ? rejections.blocked : e164
}

/**
 * `normalizeValue("email", text, policy)` for the form most email fields
 * hold: printable ASCII without spaces, shaped like an address
 * ({@link hasEmailShape} once lower-cased), no `mailto:` and no trailing
 * dot, in a workspace without provider rules. For exactly those the
 * general normalizer gives the lower-cased text; the policy's blocklist is
 * still asked, with the same arguments. Anything else returns `undefined`:
 * the general normalizer decides.
 *
 * @param text - one address, as written
 * @param policy - the workspace's resolved identity policy
 * @returns the normalized address, a blocked rejection, or `undefined` when the general normalizer must decide
 *
 * @example
 * ```ts
 * import { commonEmailAddress, resolveIdentityPolicy } from "@kith/identity"
 * const policy = resolveIdentityPolicy({})
 * commonEmailAddress("Lan.Nguyen@Gmail.com", policy) // => "lan.nguyen@gmail.com"
 * commonEmailAddress("test@test.com", policy) // => { reason: "blocked" }
 * commonEmailAddress(" lan@gmail.com", policy) // => undefined
 * ```
 */
export const commonEmailAddress = (text: string, policy: ResolvedIdentityPolicy): string | Rejection | undefined => {
  const length = text.length
  if (length === 0 || length > 320) return undefined
  if (policy.email.gmailDots === true || (policy.email.plusTags ?? "keep") !== "keep") return undefined
  // Most addresses are written in lower case: the shape, which admits no capital, no space, no `:` and no
  // trailing dot, is all there is to check.
  if (hasEmailShape(text)) return policy.blocklist.isBlocked("email", text, text) ? rejections.blocked : text
  let upper = false
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x21 || c > 0x7e) return undefined
    if (c >= 65 && c <= 90) upper = true
  }
  // Printable ASCII without A-Z is its own lower-case form: most addresses are written so, and a cell read from a
  // sheet with any accented text in it is a two-byte string, whose toLowerCase is several times slower.
  const lower = upper ? text.toLowerCase() : text
  if (lower.charCodeAt(length - 1) === 46 || lower.startsWith("mailto:") || !hasEmailShape(lower)) return undefined
  return policy.blocklist.isBlocked("email", lower, lower) ? rejections.blocked : lower
}

/**
 * `normalizeValue(type, text, policy)` for a value of a type kept as
 * written (every type but phone, email, national id and tax code: a
 * customer code, a user id, a Zalo id...) written in printable ASCII
 * with no space at either end. For exactly those the general normalizer
 * keeps the text; the policy's blocklist is still asked, with the same
 * answer ({@link CompiledBlocklist.isBlockedAscii}: the lower-case form is
 * made only when the answer depends on it). Anything else — a control
 * character, a non-ASCII character, a space at either end, an empty or
 * too long text — returns `undefined`: the general normalizer decides.
 *
 * @param type - the identifier type (kept as written)
 * @param text - one value, as written
 * @param policy - the workspace's resolved identity policy
 * @returns the value, a blocked rejection, or `undefined` when the general normalizer must decide
 *
 * @example
 * ```ts
 * import { commonKeptValue, resolveIdentityPolicy } from "@kith/identity"
 * const policy = resolveIdentityPolicy({})
 * commonKeptValue("external_id", "KH-0001", policy) // => "KH-0001"
 * commonKeptValue("user_id", "NULL", policy) // => { reason: "blocked" }
 * commonKeptValue("user_id", " u-1", policy) // => undefined
 * ```
 */
export const commonKeptValue = (type: string, text: string, policy: ResolvedIdentityPolicy): string | Rejection | undefined => {
  const length = text.length
  if (length === 0 || length > 512 || text.charCodeAt(0) === 32 || text.charCodeAt(length - 1) === 32) return undefined
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x20 || c > 0x7e) return undefined
  }
  return policy.blocklist.isBlockedAscii(type, text) ? rejections.blocked : text
}
