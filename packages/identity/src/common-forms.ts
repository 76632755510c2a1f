// Fast paths for the shapes most identifier values have, each giving exactly the
// answer of the regular expression it stands for (property tests hold them to it).

/**
 * Whether a text holds a control character (U+0000–U+001F, U+007F): what
 * `/[\u0000-\u001f\u007f]/.test(text)` answers, as a loop over char codes.
 *
 * @example
 * ```ts
 * import { hasControlCharacter } from "@kith/identity"
 * hasControlCharacter("KH-0001") // => false
 * hasControlCharacter("KH\u00000001") // => true
 * ```
 */
export const hasControlCharacter = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 32 || c === 127) return true
  }
  return false
}

// The characters of an address's local part besides letters, digits and the dot (RFC 5322 atom text).
const atomSymbol = new Uint8Array(128)
for (const c of "!#$%&'*+/=?^_`{|}~-") atomSymbol[c.charCodeAt(0)] = 1

const isLowerAlpha = (c: number): boolean => c >= 97 && c <= 122
const isDigit = (c: number): boolean => c >= 48 && c <= 57

/**
 * Whether a lower-cased text has the shape of an email address that
 * identity accepts: a local part of RFC 5322 atom characters (dots not
 * leading, trailing or doubled), one `@`, and a domain of at least two
 * labels — letters, digits and inner hyphens, at most 63 characters each —
 * whose last is two to 63 letters. The same answer as {@link normalizeEmailAddress}'s
 * regular expression, in one pass over char codes.
 *
 * @example
 * ```ts
 * import { hasEmailShape } from "@kith/identity"
 * hasEmailShape("lan.nguyen@gmail.com") // => true
 * hasEmailShape("lan..nguyen@gmail.com") // => false
 * hasEmailShape("lan@localhost") // => false
 * ```
 */
export const hasEmailShape = (text: string): boolean => {
  const length = text.length
  const at = text.indexOf("@")
  if (at <= 0) return false
  // The local part: atoms joined by single dots.
  let previousDot = true
  for (let i = 0; i < at; i++) {
    const c = text.charCodeAt(i)
    if (c === 46) {
      if (previousDot) return false
      previousDot = true
    } else if (isLowerAlpha(c) || isDigit(c) || (c < 128 && atomSymbol[c] === 1)) previousDot = false
    else return false
  }
  if (previousDot) return false
  // The domain: labels `[a-z0-9]` or `[a-z0-9][a-z0-9-]{0,61}[a-z0-9]`, a dot after each, then `[a-z]{2,63}`.
  const lastDot = text.lastIndexOf(".")
  if (lastDot <= at + 1) return false
  const tld = length - lastDot - 1
  if (tld < 2 || tld > 63) return false
  for (let i = lastDot + 1; i < length; i++) if (!isLowerAlpha(text.charCodeAt(i))) return false
  let labelStart = at + 1
  for (let i = at + 1; i <= lastDot; i++) {
    const c = text.charCodeAt(i)
    if (c === 46) {
      const size = i - labelStart
      if (size < 1 || size > 63 || text.charCodeAt(labelStart) === 45 || text.charCodeAt(i - 1) === 45) return false
      labelStart = i + 1
    } else if (!(isLowerAlpha(c) || isDigit(c) || c === 45)) return false
  }
  return true
}
