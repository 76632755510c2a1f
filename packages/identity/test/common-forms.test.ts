import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { normalizeGeneral } from "../src/normalize-value.js"
import {
  commonEmailAddress,
  commonKeptValue,
  commonMobileNumber,
  compileBlocklist,
  DefaultBlockedPatterns,
  DefaultBlockedValues,
  hasControlCharacter,
  hasEmailShape,
  normalizeEmailAddress,
  normalizeValue,
  patternTest,
  resolveIdentityPolicy,
  VietnameseMobilePrefixes,
  VietnameseMobileRemap
} from "../src/index.js"

const policy = resolveIdentityPolicy({})

// Each fast path answers what the general path answers, or declines. These hold them to the general path on
// random input near their edges.

describe("the common-mobile fast path", () => {
  // Strings near the fast path's edge: digits of every length around nine to eleven, leading 0 / 84 / +84 / 00,
  // separators inside and at the ends, stray characters, old and landline prefixes, junk repeats.
  const piece = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom("0", "1", "2", "3", "4", "5", "6", "7", "8", "9") },
    { weight: 2, arbitrary: fc.constantFrom(...VietnameseMobilePrefixes, ...Object.keys(VietnameseMobileRemap), "24", "28", "1800", "1900") },
    { weight: 2, arbitrary: fc.constantFrom(" ", ".", "-", "(", ")", "+", "/", "\t", "\u00a0", ",", "x", "e", "#", ";ext=", "ext 12", "０", "'") }
  )
  const lead = fc.constantFrom("", "0", "84", "+84", "+84 ", "0084", "00", "+", "+1 ", " ", "(")
  const text = fc.tuple(lead, fc.array(piece, { maxLength: 16 })).map(([l, parts]) => l + parts.join(""))
  const numberLike = fc.oneof(
    text,
    fc.tuple(fc.constantFrom(...VietnameseMobilePrefixes), fc.integer({ min: 0, max: 9_999_999 }), fc.constantFrom("0", "84", "+84", "", "0084"), fc.constantFrom("", " ", ".", "-")).map(
      ([prefix, rest, l, sep]) => {
        const n = prefix + String(rest).padStart(7, "0")
        return `${l}${n.slice(0, 2)}${sep}${n.slice(2, 5)}${sep}${n.slice(5)}`
      }
    ),
    fc.string({ maxLength: 20 })
  )
  const policies = [
    policy,
    resolveIdentityPolicy({ defaultCountry: "US" }),
    resolveIdentityPolicy({ blocklist: { values: [{ value: "0912345678" }, { value: "+84987654321", type: "phone" }], patterns: [{ pattern: "^\\+8490" }] } })
  ]

  it("gives what the general normalizer gives, whenever it answers", () => {
    fc.assert(
      fc.property(numberLike, fc.constantFrom(...policies), (raw, p) => {
        const fast = commonMobileNumber(raw, p)
        if (fast !== undefined) expect(fast).toEqual(normalizeGeneral("phone", raw, p))
        expect(normalizeValue("phone", raw, p)).toEqual(normalizeGeneral("phone", raw, p))
      }),
      { numRuns: 2000 }
    )
  })

  it("answers for the common forms of a mobile number", () => {
    fc.assert(
      fc.property(fc.constantFrom(...VietnameseMobilePrefixes), fc.integer({ min: 1_000_000, max: 9_999_998 }), fc.constantFrom("0", "84", "+84", ""), (prefix, rest, l) => {
        const n = prefix + String(rest)
        fc.pre(!/^(\d)\1+$/.test(n))
        for (const written of [l + n, `${l}${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5)}`, `${l}${n.slice(0, 2)}-${n.slice(2, 5)}.${n.slice(5)}`]) {
          expect(commonMobileNumber(written, policy)).toBe("+84" + n)
        }
      })
    )
    expect(commonMobileNumber("0999999999", policy)).toEqual({ reason: "blocked" })
    expect(commonMobileNumber("0912345678", policies[2]!)).toEqual({ reason: "blocked" })
    expect(commonMobileNumber("0912345678", policies[1]!)).toBeUndefined()
    expect(commonMobileNumber("+84912345678", policies[1]!)).toBe("+84912345678")
    for (const other of ["028 3822 1234", "0162 123 4567", "+84 0912345678", "0912345678 ", "(091) 2345678", "091/2345678", "0912345678x1"]) {
      expect(commonMobileNumber(other, policy)).toBeUndefined()
    }
  })
})

describe("the email shape", () => {
  it("accepts atoms joined by single dots, an @, and LDH labels under an alphabetic top level", () => {
    const accepted = ["lan@gmail.com", "a.b-c+d@x-1.y.vn", "o'neil@shop.vn", `lan@${"a".repeat(63)}.com`, `lan@x.${"a".repeat(63)}`]
    const refused = ["lan@localhost", ".lan@gmail.com", "lan.@gmail.com", "lan..nguyen@gmail.com", "lan@-x.com", "lan@x-.com", `lan@${"a".repeat(64)}.com`, `lan@x.${"a".repeat(64)}`, "lan@x.c0m", "lan@x.c", "@x.com", "lan@@x.com", "Lan@gmail.com", "lan @gmail.com", "lan@gmail.com.", "lan@x..com", "lân@gmail.com"]
    for (const text of accepted) expect(hasEmailShape(text)).toBe(true)
    for (const text of refused) expect(hasEmailShape(text)).toBe(false)
  })

  it("leaves normalizeEmailAddress's examples unchanged", () => {
    expect(normalizeEmailAddress("  Lan.Nguyen@Gmail.COM ")).toBe("lan.nguyen@gmail.com")
    expect(normalizeEmailAddress("not-an-email")).toBeUndefined()
  })
})

describe("the control-character check", () => {
  it("answers what the regular expression answers", () => {
    const controls = /[\u0000-\u001f\u007f]/
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom("\u0000", "\u001f", " ", "\u007f", "\u0080", "~", "a"), fc.string({ maxLength: 1 })) }), (text) => {
        expect(hasControlCharacter(text)).toBe(controls.test(text))
      })
    )
  })
})

describe("the default blocklist patterns", () => {
  const text = fc.oneof(
    fc.string({ unit: fc.constantFrom("0", "-", "1", "+", "8", "4", "9", " "), maxLength: 14 }),
    fc.tuple(fc.constantFrom("", "+"), fc.constantFrom("", "0", "84", "840", "8", "4", "08", "00", "8400"), fc.constantFrom("0", "1", "5", "9"), fc.integer({ min: 6, max: 11 }), fc.constantFrom("", "0", "1", " ")).map(
      ([plus, lead, digit, n, tail]) => plus + lead + digit.repeat(n) + tail
    )
  )

  it("run as loops that answer what their regular expressions answer", () => {
    for (const { pattern, flags } of DefaultBlockedPatterns) {
      const regex = new RegExp(pattern, flags ?? "")
      const test = patternTest(pattern, flags ?? "")
      fc.assert(
        fc.property(text, (t) => {
          expect(test(t)).toBe(regex.test(t))
        }),
        { numRuns: 3000 }
      )
    }
  })

  it("other patterns run as regular expressions, with their flags", () => {
    expect(patternTest("^[0-]*$", "i")("000")).toBe(true)
    expect(patternTest("@SHOP\\.vn$", "i")("lan@shop.vn")).toBe(true)
    expect(patternTest("@shop\\.vn$", "")("lan@gmail.com")).toBe(false)
  })
})

describe("the common-email fast path", () => {
  const char = fc.constantFrom("a", "L", "n", "0", ".", "-", "@", "_", "+", "~", " ", "é", "\t", "\u00a0", "\u200b", ",", "Ｌ")
  const address = fc.oneof(
    fc.string({ unit: char, maxLength: 24 }),
    fc.tuple(fc.constantFrom("", " ", "mailto:", "MAILTO:", "\u00a0"), fc.string({ unit: fc.constantFrom("l", "A", "n", ".", "+", "1"), minLength: 1, maxLength: 8 }), fc.constantFrom("gmail.com", "Gmail.COM", "shop.vn", "x", "a-.vn", "test.com", "example.com"), fc.constantFrom("", ".", " ", "\u200b")).map(
      ([lead, local, domain, tail]) => `${lead}${local}@${domain}${tail}`
    ),
    fc.constantFrom("test@test.com", "TEST@test.com", "abc@gmail.com", "lan@shop.vn", "a@b@c.vn")
  )
  const policies = [
    policy,
    resolveIdentityPolicy({ email: { gmailDots: true } }),
    resolveIdentityPolicy({ email: { plusTags: "strip_all" } }),
    resolveIdentityPolicy({ blocklist: { useDefaults: false, values: [{ value: "lan@shop.vn", type: "email" }], patterns: [{ pattern: "^a", type: "email" }] } })
  ]

  it("gives what the general normalizer gives, whenever it answers", () => {
    fc.assert(
      fc.property(address, fc.constantFrom(...policies), (raw, p) => {
        const fast = commonEmailAddress(raw, p)
        if (fast !== undefined) expect(fast).toEqual(normalizeGeneral("email", raw, p))
        expect(normalizeValue("email", raw, p)).toEqual(normalizeGeneral("email", raw, p))
      }),
      { numRuns: 3000 }
    )
    expect(commonEmailAddress("Lan@Gmail.com", policy)).toBe("lan@gmail.com")
    expect(commonEmailAddress("lan+x@gmail.com", policies[2]!)).toBeUndefined()
  })
})

describe("the compiled blocklist", () => {
  const word = fc.string({ unit: fc.constantFrom("a", "B", "0", "-", "@", "+", "8", "4"), maxLength: 6 })
  const entries = fc.array(fc.record({ value: word, type: fc.constantFrom(undefined, "phone", "email") }), { maxLength: 6 })
  const patterns = fc.array(fc.record({ pattern: fc.constantFrom("^[0-]*$", "^\\+?(84)?0?(\\d)\\2{8}$", "^a", "b$", "@"), type: fc.constantFrom(undefined, "phone", "email") }), { maxLength: 3 })

  it("answers what a plain reading of its values and patterns answers", () => {
    fc.assert(
      fc.property(entries, patterns, fc.constantFrom("phone", "email", "user_id"), word, word, (values, pats, type, raw, normalized) => {
        const blocklist = compileBlocklist(values.map((v) => (v.type === undefined ? { value: v.value } : { value: v.value, type: v.type })), pats.map((p) => (p.type === undefined ? { pattern: p.pattern } : { pattern: p.pattern, type: p.type })))
        const lowerRaw = raw.toLowerCase()
        const candidates = [lowerRaw, normalized.toLowerCase()]
        const expected =
          values.some((v) => (v.type === undefined || v.type === type) && candidates.includes(v.value.trim().toLowerCase())) ||
          pats.some((p) => (p.type === undefined || p.type === type) && candidates.some((c) => new RegExp(p.pattern).test(c)))
        expect(blocklist.isBlocked(type, lowerRaw, normalized)).toBe(expected)
      }),
      { numRuns: 2000 }
    )
  })

  it("answers a mobile number as commonMobileNumber reads it as isBlocked answers it", () => {
    // Mobiles in the forms the fast path reads, many of one repeated digit, against lists with and without the
    // default patterns.
    const national = fc.oneof(
      fc.tuple(fc.constantFrom(...VietnameseMobilePrefixes), fc.integer({ min: 0, max: 9_999_999 })).map(([prefix, rest]) => prefix + String(rest).padStart(7, "0")),
      fc.constantFrom(...[...VietnameseMobilePrefixes].filter((prefix) => prefix[0] === prefix[1])).map((prefix) => prefix[0]!.repeat(9))
    )
    const written = fc.tuple(national, fc.constantFrom("0", "84", "+84", ""), fc.constantFrom("", " ", ".", "-")).map(([n, lead, sep]) => ({
      text: `${lead}${n.slice(0, 2)}${sep}${n.slice(2, 5)}${sep}${n.slice(5)}`,
      e164: `+84${n}`
    }))
    const phoneEntries = fc.array(fc.record({ value: fc.oneof(word, national, national.map((n) => `+84${n}`), national.map((n) => `0${n}`)), type: fc.constantFrom(undefined, "phone", "email") }), { maxLength: 6 })
    fc.assert(
      fc.property(phoneEntries, patterns, fc.boolean(), written, (values, pats, defaults, { text, e164 }) => {
        const blocklist = compileBlocklist(
          [...(defaults ? DefaultBlockedValues.map((value) => ({ value })) : []), ...values.map((v) => (v.type === undefined ? { value: v.value } : { value: v.value, type: v.type }))],
          [...(defaults ? DefaultBlockedPatterns : []), ...pats.map((p) => (p.type === undefined ? { pattern: p.pattern } : { pattern: p.pattern, type: p.type }))]
        )
        expect(commonMobileNumber(text, policy)).toEqual(/^\+84(\d)\1{8}$/.test(e164) ? { reason: "blocked" } : e164)
        expect(blocklist.isBlockedMobile(text, e164)).toBe(blocklist.isBlocked("phone", text, e164))
      }),
      { numRuns: 3000 }
    )
  })

  it("answers a printable-ASCII value kept as written as isBlocked answers its lower-case form", () => {
    const casePatterns = fc.array(fc.record({ pattern: fc.constantFrom("^[0-]*$", "^\\+?(84)?0?(\\d)\\2{8}$", "^a", "^B", "b$", "@"), flags: fc.constantFrom(undefined, "i"), type: fc.constantFrom(undefined, "phone", "user_id") }), { maxLength: 3 })
    const asciiWord = fc.oneof(word, fc.string({ unit: fc.constantFrom("a", "A", "b", "B", "0", "-", "+", "9", " ", "~"), minLength: 1, maxLength: 12 }))
    fc.assert(
      fc.property(entries, casePatterns, fc.boolean(), fc.constantFrom("phone", "email", "user_id"), asciiWord, (values, pats, defaults, type, text) => {
        fc.pre(text.length > 0)
        const blocklist = compileBlocklist(
          [...(defaults ? DefaultBlockedValues.map((value) => ({ value })) : []), ...values.map((v) => (v.type === undefined ? { value: v.value } : { value: v.value, type: v.type }))],
          [...(defaults ? DefaultBlockedPatterns : []), ...pats.map((p) => ({ pattern: p.pattern, ...(p.flags === undefined ? {} : { flags: p.flags }), ...(p.type === undefined ? {} : { type: p.type }) }))]
        )
        const lower = text.toLowerCase()
        expect(blocklist.isBlockedAscii(type, text)).toBe(blocklist.isBlocked(type, lower, lower))
      }),
      { numRuns: 3000 }
    )
  })
})

describe("the kept-as-written fast path", () => {
  const char = fc.constantFrom("K", "H", "k", "0", "1", "-", "_", " ", ".", "\t", "\u0000", "\u007f", "é", "\u00a0", "~", "N", "U", "L", "n", "u", "l")
  const value = fc.oneof(
    fc.string({ unit: char, maxLength: 14 }),
    fc.constantFrom("NULL", "null", "Guest", "N/A", "KH-0001", "0", "000-000", "-", "KHONG CO", "[object Object]", " KH1", "KH1 ", "a".repeat(513))
  )
  const policies = [
    policy,
    resolveIdentityPolicy({ blocklist: { useDefaults: false } }),
    resolveIdentityPolicy({ blocklist: { values: [{ value: "KH-0001", type: "external_id" }, { value: "kh1" }], patterns: [{ pattern: "^kh-9", type: "external_id" }, { pattern: "X$", flags: "i" }] } })
  ]

  it("gives what the general normalizer gives, whenever it answers", () => {
    fc.assert(
      fc.property(value, fc.constantFrom("external_id", "user_id", "zalo_id", "custom_code"), fc.constantFrom(...policies), (raw, type, p) => {
        const fast = commonKeptValue(type, raw, p)
        if (fast !== undefined) expect(fast).toEqual(normalizeGeneral(type, raw, p))
        expect(normalizeValue(type, raw, p)).toEqual(normalizeGeneral(type, raw, p))
      }),
      { numRuns: 5000 }
    )
    expect(commonKeptValue("external_id", "KH-0001", policy)).toBe("KH-0001")
    expect(commonKeptValue("external_id", "KH-0001", policies[2]!)).toEqual({ reason: "blocked" })
    expect(commonKeptValue("user_id", "Guest", policy)).toEqual({ reason: "blocked" })
    expect(commonKeptValue("user_id", "KH\u00001", policy)).toBeUndefined()
    expect(commonKeptValue("user_id", "Nguyễn", policy)).toBeUndefined()
  })
})
