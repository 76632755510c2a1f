// Which regular expressions match only storable text (see storableTextProblem: no NUL, no lone surrogate), read from
// their source. The fused decoder (fast-decode.ts) skips the text check of a string that such a pattern has to accept
// anyway: a string the pattern refuses is refused by the schema, and one it accepts is storable.
//
// The reading is deliberately narrow, and sound for what it accepts: the pattern is anchored at both ends (`^…$`, no
// `m` flag, no alternative outside a group), so a match consumes the whole string; nothing in it matches without
// consuming (no lookaround, no anchor or word boundary inside); and each atom consumes one character from a set
// without NUL or surrogates: a literal character, `\d`, `\w`, `\s`, an escaped syntax character, or a class (not
// negated) of those and of ranges that stay clear of both. Anything else — `.`, `\D`, `[^…]`, backreferences,
// `\u…`/`\x…`/`\p{…}` escapes, the `i`, `m` and `v` flags — makes the answer false, which only costs the check.

// Flags that change neither what an atom matches nor where a match may start and end (isPattern tests from lastIndex 0).
const NEUTRAL_FLAGS = /^[dgsuy]*$/

// Escapes that match one character of a set without NUL or surrogates, in and out of classes, with or without `u`.
const CLASS_ESCAPE = /^[dws]$/
// Escaped syntax characters (and `-`): each matches itself.
const SYNTAX_ESCAPE = /^[\^$\\.*+?()[\]{}|/-]$/
const QUANTIFIER = /\{\d+(,\d*)?\}/y

const isSafeUnit = (unit: number): boolean => unit !== 0 && (unit < 0xd800 || unit > 0xdfff)

/**
 * Whether every string `pattern` matches (from lastIndex 0) is storable text: no NUL and no lone surrogate. `false`
 * means "not proven", never "it matches unstorable text".
 */
export const matchesOnlyStorableText = (pattern: RegExp): boolean => {
  if (!NEUTRAL_FLAGS.test(pattern.flags)) return false
  const source = pattern.source
  const end = source.length - 1
  if (end < 1 || source[0] !== "^" || source[end] !== "$") return false
  let depth = 0
  let i = 1
  while (i < end) {
    const c = source[i]!
    if (c === "\\") {
      // An escape that would take the closing `$` leaves the pattern unanchored.
      if (i + 1 >= end || !(CLASS_ESCAPE.test(source[i + 1]!) || SYNTAX_ESCAPE.test(source[i + 1]!))) return false
      i += 2
    } else if (c === "[") {
      const next = classEnd(source, i + 1, end)
      if (next === undefined) return false
      i = next
    } else if (c === "(") {
      if (source[i + 1] === "?") {
        if (source[i + 2] !== ":") return false
        i += 3
      } else i++
      depth++
    } else if (c === ")") {
      if (--depth < 0) return false
      i++
    } else if (c === "|") {
      if (depth === 0) return false
      i++
    } else if (c === "*" || c === "+" || c === "?") i++
    else if (c === "{") {
      QUANTIFIER.lastIndex = i
      const quantifier = QUANTIFIER.exec(source)
      if (quantifier === null) return false
      i += quantifier[0].length
    } else if (c === "." || c === "^" || c === "$" || c === "]" || c === "}" || !isSafeUnit(c.charCodeAt(0))) return false
    else i++
  }
  return depth === 0
}

// The index after the class that starts at `from` (just past its `[`), when every character it matches is safe;
// undefined otherwise.
const classEnd = (source: string, from: number, end: number): number | undefined => {
  if (source[from] === "^") return undefined
  let i = from
  while (i < end) {
    if (source[i] === "]") return i + 1
    const low = classAtom(source, i, end)
    if (low === undefined) return undefined
    i = low.next
    if (source[i] === "-" && source[i + 1] !== "]") {
      // A range: from one single character to another (`\d-x` is refused rather than read), holding no surrogate.
      // Neither end is NUL or a surrogate, so it holds one only by spanning them all.
      const high = classAtom(source, i + 1, end)
      if (high === undefined || low.unit === undefined || high.unit === undefined || (low.unit < 0xd800 && high.unit > 0xdfff)) return undefined
      i = high.next
    }
  }
  return undefined
}

// One member of a class at `at`: a safe character (its unit) or a class escape (no unit); undefined when it is neither.
const classAtom = (source: string, at: number, end: number): { readonly unit: number | undefined; readonly next: number } | undefined => {
  if (at >= end) return undefined
  const c = source[at]!
  if (c !== "\\") return isSafeUnit(c.charCodeAt(0)) ? { unit: c.charCodeAt(0), next: at + 1 } : undefined
  if (at + 1 >= end) return undefined
  const escaped = source[at + 1]!
  if (CLASS_ESCAPE.test(escaped)) return { unit: undefined, next: at + 2 }
  return SYNTAX_ESCAPE.test(escaped) ? { unit: escaped.charCodeAt(0), next: at + 2 } : undefined
}
