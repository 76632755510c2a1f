/**
 * Junk values that never identify anyone (IDN-4), compared after trimming and
 * lower-casing, both as written and after normalization. A workspace adds its
 * own through `IdentityPolicy.blocklist`, and can switch these off.
 *
 * @example
 * ```ts
 * DefaultBlockedValues.includes("test@test.com") // => true
 * ```
 */
export const DefaultBlockedValues: ReadonlyArray<string> = [
  "0000000000",
  "123456789",
  "0123456789",
  "1234567890",
  "+84123456789",
  "test@test.com",
  "test@example.com",
  "example@example.com",
  "email@example.com",
  "abc@gmail.com",
  "test@gmail.com",
  "noemail@gmail.com",
  "no@email.com",
  "null",
  "nil",
  "none",
  "undefined",
  "nan",
  "anonymous",
  "unknown",
  "guest",
  "test",
  "n/a",
  "na",
  "[object object]",
  "-1",
  "0",
  "-",
  "khong co",
  "không có"
]

/**
 * Default blocked patterns (IDN-4): `type` limits a pattern to one identifier
 * type. Patterns are tested against the trimmed, lower-cased raw value and the
 * lower-cased normalized value (an upper-case pattern needs the `i` flag).
 *
 * - `^[0-]*$`: only zeros and dashes (`0`, `000-000`, empty after a dash).
 * - phone `^\+?(84)?0?(\d)\2{8}$`: a Vietnamese number of one repeated digit (`0999999999`).
 *
 * @example
 * ```ts
 * DefaultBlockedPatterns[0] // => { pattern: "^[0-]*$" }
 * ```
 */
export const DefaultBlockedPatterns: ReadonlyArray<{ readonly pattern: string; readonly flags?: string; readonly type?: string }> = [
  { pattern: "^[0-]*$" },
  { pattern: "^\\+?(84)?0?(\\d)\\2{8}$", type: "phone" }
]

/**
 * A compiled blocklist: exact values and patterns, global or per identifier type.
 *
 * @example
 * ```ts
 * resolveIdentityPolicy({}).blocklist.isBlocked("email", "test@test.com", "test@test.com") // => true
 * ```
 */
export interface CompiledBlocklist {
  readonly isBlocked: (type: string, lowerRaw: string, normalized: string) => boolean
  /**
   * `isBlocked(type, lower, lower)` for a printable-ASCII `text` whose
   * lower-case form is `lower`: a value kept as written. The lower-case
   * form is made only when the answer depends on it (an exact value of the
   * same length and last letter, or a pattern other than the default ones).
   */
  readonly isBlockedAscii: (type: string, text: string) => boolean
  /**
   * `isBlocked("phone", text, e164)` for a Vietnamese mobile number as
   * `commonMobileNumber` reads it: `text` holds digits, a leading `+` and
   * the separators space, `.`, `-`, `(`, `)` only, and `e164` is its `+84`
   * form. Neither has a case, and under the default patterns such a text
   * matches one only when its E.164 form does: the patterns are asked about
   * that form alone.
   */
  readonly isBlockedMobile: (text: string, e164: string) => boolean
}

/**
 * Compiles exact values and patterns into one matcher (exact values compared lower-cased).
 *
 * @example
 * ```ts
 * const blocklist = compileBlocklist([{ value: "KHACH-LE" }], [{ pattern: "@shop\\.vn$", type: "email" }])
 * blocklist.isBlocked("user_id", "khach-le", "khach-le") // => true
 * blocklist.isBlocked("email", "staff@shop.vn", "staff@shop.vn") // => true
 * ```
 */
export const compileBlocklist = (
  values: ReadonlyArray<{ readonly value: string; readonly type?: string }>,
  patterns: ReadonlyArray<{ readonly pattern: string; readonly flags?: string; readonly type?: string }>
): CompiledBlocklist => {
  const global = new Set<string>()
  const typedValues = new Map<string, Array<string>>()
  for (const entry of values) {
    const value = entry.value.trim().toLowerCase()
    if (entry.type === undefined) global.add(value)
    else {
      let list = typedValues.get(entry.type)
      if (list === undefined) typedValues.set(entry.type, (list = []))
      list.push(value)
    }
  }
  // One set per type with the global values in it: a value is looked up once, not once per set.
  const byType = new Map<string, Set<string>>()
  for (const [type, list] of typedValues) byType.set(type, new Set([...global, ...list]))
  const globalPatterns: Array<(text: string) => boolean> = []
  const typePatterns = new Map<string, Array<(text: string) => boolean>>()
  for (const entry of patterns) {
    const test = patternTest(entry.pattern, (entry.flags ?? "").replaceAll("g", "").replaceAll("y", ""))
    if (entry.type === undefined) globalPatterns.push(test)
    else {
      let list = typePatterns.get(entry.type)
      if (list === undefined) typePatterns.set(entry.type, (list = []))
      list.push(test)
    }
  }
  // The patterns of each type with the global ones first, resolved once per type.
  const patternsOf = new Map<string, ReadonlyArray<(text: string) => boolean>>()
  for (const [type, list] of typePatterns) patternsOf.set(type, [...globalPatterns, ...list])
  const matches = (tests: ReadonlyArray<(text: string) => boolean>, a: string, b: string): boolean => {
    for (const test of tests) if (test(a) || (b !== a && test(b))) return true
    return false
  }
  // The length and last character of every exact value: most values share neither with any entry, and are
  // ruled out without hashing them.
  const shapes = new Set<number>()
  const shapeOf = (text: string): number => text.length * 0x10000 + text.charCodeAt(text.length - 1)
  for (const value of global) shapes.add(shapeOf(value))
  for (const list of typedValues.values()) for (const value of list) shapes.add(shapeOf(value))
  // The same shapes folded into a table of 64K bits (low byte of the length, low byte of the last character): a
  // value whose bit is clear has no shape in the set, and is ruled out by an array read. A set bit may be another
  // shape folded onto it: the set decides.
  const shapeBits = new Uint8Array(0x10000)
  const shapeBitOf = (text: string): number => ((text.length & 0xff) << 8) | (text.charCodeAt(text.length - 1) & 0xff)
  for (const value of global) shapeBits[shapeBitOf(value)] = 1
  for (const list of typedValues.values()) for (const value of list) shapeBits[shapeBitOf(value)] = 1
  const exactly = (exact: ReadonlySet<string>, text: string): boolean => shapeBits[shapeBitOf(text)] === 1 && shapes.has(shapeOf(text)) && exact.has(text)
  // Phones and emails are asked about most (every row of an import, every live identifier): their values and
  // patterns are resolved here, not looked up by type on every call.
  const phoneExact = byType.get("phone") ?? global
  const emailExact = byType.get("email") ?? global
  const phonePatterns = patternsOf.get("phone") ?? globalPatterns
  const emailPatterns = patternsOf.get("email") ?? globalPatterns
  const isBlocked = (type: string, lowerRaw: string, normalized: string): boolean => {
    const normalizedLower = normalized === lowerRaw ? lowerRaw : normalized.toLowerCase()
    const exact = type === "phone" ? phoneExact : type === "email" ? emailExact : (byType.get(type) ?? global)
    if (exactly(exact, lowerRaw) || (normalizedLower !== lowerRaw && exactly(exact, normalizedLower))) return true
    return matches(type === "phone" ? phonePatterns : type === "email" ? emailPatterns : (patternsOf.get(type) ?? globalPatterns), lowerRaw, normalizedLower)
  }
  // Whether every pattern of a type answers the same for a printable-ASCII text and its lower-case form: the
  // default patterns only ever match digits, `+` and `-`.
  const caseFree = (tests: ReadonlyArray<(text: string) => boolean>): boolean => tests.every((test) => caseFreeTests.has(test))
  const globalCaseFree = caseFree(globalPatterns)
  const caseFreeOf = new Map<string, boolean>()
  for (const [type, tests] of patternsOf) caseFreeOf.set(type, caseFree(tests))
  // A mobile's text matches no default pattern that its E.164 form does not: it has a digit other than 0 (its prefix),
  // and it repeats one digit nine times only if its national digits do.
  const mobileTextFree = phonePatterns.every((test) => caseFreeTests.has(test))
  return {
    isBlocked,
    isBlockedMobile: (text, e164) => {
      if (exactly(phoneExact, text) || exactly(phoneExact, e164)) return true
      if (!mobileTextFree) return matches(phonePatterns, text, e164)
      for (const test of phonePatterns) if (test(e164)) return true
      return false
    },
    isBlockedAscii: (type, text) => {
      const length = text.length
      let last = text.charCodeAt(length - 1)
      if (last >= 65 && last <= 90) last += 32
      // A text that cannot equal an exact value (by length and lower-cased last character), under case-free
      // patterns only, is answered without its lower-case form.
      if ((shapeBits[((length & 0xff) << 8) | (last & 0xff)] === 1 && shapes.has(length * 0x10000 + last)) || !(caseFreeOf.get(type) ?? globalCaseFree)) {
        const lower = text.toLowerCase()
        return isBlocked(type, lower, lower)
      }
      for (const test of patternsOf.get(type) ?? globalPatterns) if (test(text)) return true
      return false
    }
  }
}

// `^[0-]*$`: only zeros and dashes.
const onlyZerosAndDashes = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c !== 48 && c !== 45) return false
  }
  return true
}

// `^\+?(84)?0?(\d)\2{8}$`: an optional `+`, then `84`, `0`, `840` or nothing, then one digit nine times.
const repeatedDigitPhone = (text: string): boolean => {
  const start = text.charCodeAt(0) === 43 ? 1 : 0
  const lead = text.length - start - 9
  if (lead < 0 || lead > 3) return false
  const at = start + lead
  const lead0 = text.charCodeAt(start)
  const ok = lead === 0 || (lead === 1 ? lead0 === 48 : text.charCodeAt(start) === 56 && text.charCodeAt(start + 1) === 52 && (lead === 2 || text.charCodeAt(start + 2) === 48))
  if (!ok) return false
  const digit = text.charCodeAt(at)
  if (digit < 48 || digit > 57) return false
  for (let i = at + 1; i < text.length; i++) if (text.charCodeAt(i) !== digit) return false
  return true
}

// The default patterns, recognized by their source, run as loops over char codes (the same answers: a property
// test holds them to the regular expressions); any other pattern runs as its regular expression.
const knownPatterns: ReadonlyMap<string, (text: string) => boolean> = new Map([
  ["^[0-]*$", onlyZerosAndDashes],
  ["^\\+?(84)?0?(\\d)\\2{8}$", repeatedDigitPhone]
])
// The known patterns match no letter: a text and its lower-case form get the same answer.
const caseFreeTests: ReadonlySet<(text: string) => boolean> = new Set(knownPatterns.values())

/**
 * The test of one blocklist pattern: a loop over char codes for the
 * {@link DefaultBlockedPatterns} (without flags), the regular expression
 * otherwise.
 *
 * @param pattern - the pattern's source
 * @param flags - its flags, without `g` or `y`
 * @returns a function telling whether a text matches
 *
 * @example
 * ```ts
 * patternTest("^[0-]*$", "")("000-000") // => true
 * patternTest("@shop\\.vn$", "")("lan@gmail.com") // => false
 * ```
 */
export const patternTest = (pattern: string, flags: string): ((text: string) => boolean) => {
  const known = flags === "" ? knownPatterns.get(pattern) : undefined
  if (known !== undefined) return known
  const regex = new RegExp(pattern, flags)
  return (text) => regex.test(text)
}
