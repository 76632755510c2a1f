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
  const byType = new Map<string, Set<string>>()
  for (const entry of values) {
    const value = entry.value.trim().toLowerCase()
    if (entry.type === undefined) global.add(value)
    else {
      let set = byType.get(entry.type)
      if (set === undefined) byType.set(entry.type, (set = new Set()))
      set.add(value)
    }
  }
  const globalPatterns: Array<RegExp> = []
  const typePatterns = new Map<string, Array<RegExp>>()
  for (const entry of patterns) {
    const regex = new RegExp(entry.pattern, (entry.flags ?? "").replaceAll("g", "").replaceAll("y", ""))
    if (entry.type === undefined) globalPatterns.push(regex)
    else {
      let list = typePatterns.get(entry.type)
      if (list === undefined) typePatterns.set(entry.type, (list = []))
      list.push(regex)
    }
  }
  const matches = (regexes: ReadonlyArray<RegExp> | undefined, a: string, b: string): boolean => {
    if (regexes === undefined) return false
    for (const regex of regexes) if (regex.test(a) || (b !== a && regex.test(b))) return true
    return false
  }
  return {
    isBlocked: (type, lowerRaw, normalized) => {
      const normalizedLower = normalized.toLowerCase()
      if (global.has(lowerRaw) || global.has(normalizedLower)) return true
      const typed = byType.get(type)
      if (typed !== undefined && (typed.has(lowerRaw) || typed.has(normalizedLower))) return true
      return matches(globalPatterns, lowerRaw, normalizedLower) || matches(typePatterns.get(type), lowerRaw, normalizedLower)
    }
  }
}
