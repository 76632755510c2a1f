/**
 * MurmurHash3's 32-bit finalizer: a bijection on 32-bit integers that spreads
 * every input bit over the output. Used to derive independent seeds and to
 * finish {@link hashText32}.
 *
 * @example
 * ```ts
 * mix32(1) !== mix32(2) // => true (a bijection never collides)
 * ```
 */
export const mix32 = (x: number): number => {
  let h = x | 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * A 32-bit hash of a text: MurmurHash3's body over its UTF-16 code units,
 * then {@link mix32}. The same in every JavaScript engine and with no Node
 * built-in, so a stored assignment (a holdout group) is the same in a
 * browser, a worker and a test. Not for security.
 *
 * @example
 * ```ts
 * hashText32("plan-1\u0000p_r-1") === hashText32("plan-1\u0000p_r-1") // => true
 * hashText32("") // => 3954623016
 * ```
 */
export const hashText32 = (text: string): number => {
  let h = 0x9747b28c
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51)
    k = (k << 15) | (k >>> 17)
    h ^= Math.imul(k, 0x1b873593)
    h = (h << 13) | (h >>> 19)
    h = (Math.imul(h, 5) + 0xe6546b64) | 0
  }
  return mix32(h ^ text.length)
}
