import fc from "fast-check"
import { parsePhoneNumberFromString } from "libphonenumber-js/max"
import { describe, expect, it } from "vitest"
import { normalizePhoneNumber, VietnameseMobilePrefixes, VietnameseMobileRemap } from "../src/index.js"

// The table of IDN-3, written out independently of the implementation.
const remapTable: ReadonlyArray<readonly [string, string]> = [
  ["0162", "032"], ["0163", "033"], ["0164", "034"], ["0165", "035"], ["0166", "036"], ["0167", "037"], ["0168", "038"], ["0169", "039"],
  ["0120", "070"], ["0121", "079"], ["0122", "077"], ["0126", "076"], ["0128", "078"],
  ["0123", "083"], ["0124", "084"], ["0125", "085"], ["0127", "081"], ["0129", "082"],
  ["0186", "056"], ["0188", "058"],
  ["0199", "059"]
]

describe("normalizePhoneNumber: the 2018 eleven-digit remap", () => {
  it("covers exactly the prefixes of the spec", () => {
    expect(Object.keys(VietnameseMobileRemap).sort()).toEqual(remapTable.map(([old]) => old.slice(1)).sort())
  })

  for (const [oldPrefix, newPrefix] of remapTable) {
    it(`${oldPrefix} xxx xxxx → ${newPrefix} xxx xxxx in every written form`, () => {
      const rest = "4567890" // the last seven digits are kept
      const target = `+84${newPrefix.slice(1)}${rest}`
      expect(normalizePhoneNumber(`${oldPrefix}${rest}`)).toBe(target)
      expect(normalizePhoneNumber(`${oldPrefix} ${rest.slice(0, 3)} ${rest.slice(3)}`)).toBe(target)
      expect(normalizePhoneNumber(`+84${oldPrefix.slice(1)}${rest}`)).toBe(target)
      expect(normalizePhoneNumber(`84${oldPrefix.slice(1)}${rest}`)).toBe(target)
      expect(normalizePhoneNumber(`+84 (${oldPrefix.slice(1)}) ${rest.slice(0, 3)}-${rest.slice(3)}`)).toBe(target)
      // and the successor number itself is the same identifier
      expect(normalizePhoneNumber(`${newPrefix}${rest}`)).toBe(target)
    })
  }

  it("remaps an old number whose leading 0 a spreadsheet dropped", () => {
    for (const [oldPrefix, newPrefix] of remapTable) {
      expect(normalizePhoneNumber(`${oldPrefix.slice(1)}4567890`)).toBe(`+84${newPrefix.slice(1)}4567890`)
    }
  })

  it("refuses ten-digit service numbers (1900, 1800) as a person's phone, whatever the written form", () => {
    expect(normalizePhoneNumber("1900 123456")).toBeUndefined()
    expect(normalizePhoneNumber("+84 1900 123456")).toBeUndefined()
    expect(normalizePhoneNumber("84 1800 123456")).toBeUndefined()
  })

  it("rejects an eleven-digit 01xx prefix that was never assigned", () => {
    expect(normalizePhoneNumber("01301234567")).toBeUndefined()
    expect(normalizePhoneNumber("01001234567")).toBeUndefined()
  })
})

describe("normalizePhoneNumber: Vietnamese written forms", () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ["0912345678", "+84912345678"],
    ["0912 345 678", "+84912345678"],
    ["0912.345.678", "+84912345678"],
    ["0912-345-678", "+84912345678"],
    ["(091) 234 5678", "+84912345678"],
    ["84912345678", "+84912345678"],
    ["+84912345678", "+84912345678"],
    ["+84 91-234-5678", "+84912345678"],
    ["+84 (0) 912 345 678", "+84912345678"],
    ["+84 0912345678", "+84912345678"],
    ["0084 912 345 678", "+84912345678"],
    ["(+84) 912345678", "+84912345678"],
    ["912345678", "+84912345678"], // a spreadsheet dropped the leading 0
    ["  0987 654 321  ", "+84987654321"],
    ["0321234567", "+84321234567"],
    ["0862345678", "+84862345678"],
    ["0702345678", "+84702345678"],
    ["0562345678", "+84562345678"],
    ["024 3825 3456", "+842438253456"], // Hà Nội landline
    ["028 3822 1234", "+842838221234"] // TP.HCM landline
  ]
  for (const [written, e164] of cases) {
    it(`"${written}" → ${e164}`, () => expect(normalizePhoneNumber(written)).toBe(e164))
  }

  const invalid = ["0912", "091234567", "09123456789", "+8491234567", "+849123456789", "12345", "", "abc", "0912-345-67a", "0000", "0112345678"]
  for (const written of invalid) {
    it(`rejects "${written}"`, () => expect(normalizePhoneNumber(written)).toBeUndefined())
  }
})

describe("normalizePhoneNumber: other countries", () => {
  const cases: ReadonlyArray<readonly [string, string | undefined]> = [
    ["+1 (415) 555-2671", "+14155552671"],
    ["+44 20 7946 0958", "+442079460958"],
    ["+65 6123 4567", "+6561234567"],
    ["0066 2 123 4567", "+6621234567"],
    ["+1 415 555", undefined]
  ]
  for (const [written, e164] of cases) {
    it(`"${written}" → ${String(e164)}`, () => expect(normalizePhoneNumber(written)).toBe(e164))
  }

  it("reads numbers without a country code in the workspace's default country", () => {
    expect(normalizePhoneNumber("(415) 555-2671", "US")).toBe("+14155552671")
    expect(normalizePhoneNumber("0912 345 678", "US")).toBeUndefined()
  })
})

describe("normalizePhoneNumber: the string fast path agrees with libphonenumber", () => {
  it("for any nine-digit Vietnamese national number written with 0, 84 or +84", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{8}$/), fc.constantFrom("0", "84", "+84", "+84 ", "0084"), (national, prefix) => {
        const parsed = parsePhoneNumberFromString(`+84${national}`)
        // A service number (1800 toll-free, 1900 premium) is valid in the metadata but reaches no person: refused.
        const service = ["TOLL_FREE", "PREMIUM_RATE", "SHARED_COST", "UAN", "VOICEMAIL"].includes(parsed?.getType() ?? "")
        const byMetadata = parsed !== undefined && parsed.isValid() && !service ? parsed.number : undefined
        const ours = normalizePhoneNumber(`${prefix}${national}`)
        if (VietnameseMobilePrefixes.has(national.slice(0, 2))) {
          // a carrier block: accepted even where the metadata is narrower (MobiFone 0891–0895)
          expect(ours).toBe(`+84${national}`)
          if (byMetadata !== undefined) expect(byMetadata).toBe(ours)
        } else expect(ours).toBe(byMetadata)
      }),
      { numRuns: 2000 }
    )
  })

  it("accepts every carrier block of the numbering plan", () => {
    for (const prefix of VietnameseMobilePrefixes) expect(normalizePhoneNumber(`0${prefix}1234567`)).toBe(`+84${prefix}1234567`)
    expect(normalizePhoneNumber("0891 945 562")).toBe("+84891945562")
  })
})
