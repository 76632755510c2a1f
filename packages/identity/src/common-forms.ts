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

// One regular expression, not a loop over char codes: a cell read from a sheet is often a slice of a two-byte text,
// whose characters the expression reads about half again as fast; a flat one-byte string reads no slower.
const emailShape = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/

/**
 * Whether a lower-cased text has the shape of an email address that
 * identity accepts: a local part of RFC 5322 atom characters (dots not
 * leading, trailing or doubled), one `@`, and a domain of at least two
 * labels — letters, digits and inner hyphens, at most 63 characters each —
 * whose last is two to 63 letters.
 *
 * @example
 * ```ts
 * import { hasEmailShape } from "@kith/identity"
 * hasEmailShape("lan.nguyen@gmail.com") // => true
 * hasEmailShape("lan..nguyen@gmail.com") // => false
 * hasEmailShape("lan@localhost") // => false
 * ```
 */
export const hasEmailShape = (text: string): boolean => emailShape.test(text)
