import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { acceptsContactValue, normalizeEmailAddress, normalizeIdentifier, phoneNumberOrReason, phoneNumbersIn, recordOfEvent, resolveBatch, withValidContacts } from "../src/index.js"
import { rec } from "./helpers.js"

const reasonOf = (type: string, value: string) => {
  const result = normalizeIdentifier({ type, value })
  return Result.isSuccess(result) ? result.success.value : result.failure.reason
}

describe("phone extensions are part of the value (RFC 3966, IDN-3)", () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ["028 3822 1234 ext 12", "+842838221234;ext=12"],
    ["028 3822 1234 ext. 13", "+842838221234;ext=13"],
    ["(028) 3822-1234 x12", "+842838221234;ext=12"],
    ["028 3822 1234 #12", "+842838221234;ext=12"],
    ["028 3822 1234 máy lẻ 12", "+842838221234;ext=12"],
    ["+842838221234;ext=12", "+842838221234;ext=12"],
    ["028 3822 1234", "+842838221234"]
  ]
  for (const [written, expected] of cases) it(`${written} → ${expected}`, () => expect(reasonOf("phone", written)).toBe(expected))

  it("two employees on extensions 12 and 13 of one switchboard stay two profiles", () => {
    const state = resolveBatch([rec("a", 1, ["phone", "028 3822 1234 ext 12"]), rec("b", 2, ["phone", "028 3822 1234 ext 13"])])
    expect(state.partition()).toEqual([["a"], ["b"]])
  })
})

describe("several numbers in one field are several identifiers, whatever the separator", () => {
  const fields = ["0912345678;0987654321", "0912345678; 0987654321", "0912345678,0987654321", "0912345678 / 0987654321", "0912345678 - 0987654321", "0912345678 hoặc 0987654321", "0912345678 | 0987654321"]
  for (const field of fields) {
    it(`${field}`, () => {
      expect(phoneNumbersIn(field).map((n) => reasonOf("phone", n))).toEqual(["+84912345678", "+84987654321"])
      const record = recordOfEvent({ type: "identify", messageId: "m", timestamp: new Date(0), receivedAt: new Date(0), anonymousId: "c", traits: { phone: field } } as never)
      expect(record.identifiers.filter((i) => i.type === "phone").map((i) => reasonOf("phone", i.value))).toEqual(["+84912345678", "+84987654321"])
      // A record given the field as one value links through both numbers.
      const state = resolveBatch([rec("both", 1, ["phone", field]), rec("first", 2, ["phone", "0912345678"]), rec("second", 3, ["phone", "0987654321"])])
      expect(state.partition()).toEqual([["both", "first", "second"]])
    })
  }
  it("a dash without spaces is inside one number", () => expect(phoneNumbersIn("0912-345-678")).toEqual(["0912-345-678"]))
})

describe("letters inside a number reject it", () => {
  for (const written of ["O912345678", "abc0912345678def", "09l2345678", "0912 345 67B", "call 0912345678"]) {
    it(`${written} → invalid_phone`, () => expect(reasonOf("phone", written)).toBe("invalid_phone"))
  }
  it("full-width digits are digits", () => expect(reasonOf("phone", "０９１２３４５６７８")).toBe("+84912345678"))
})

describe("service numbers are not a person's (IDN-3, IDN-4)", () => {
  for (const written of ["1900 1234", "19001234", "1800 1234", "1900 123456", "+84 1900 123456", "84 1800 123456", "1800 599 920"]) {
    it(`${written} → service_number`, () => expect(phoneNumberOrReason(written)).toBe("service_number"))
  }
  it("a hotline on 1900 typed by two customers links nobody", () => {
    const state = resolveBatch([rec("a", 1, ["phone", "1900 1234"], ["email", "a@x.vn"]), rec("b", 2, ["phone", "1900 1234"], ["email", "b@x.vn"])])
    expect(state.partition()).toEqual([["a"], ["b"]])
    expect(state.warnings()).toContainEqual({ kind: "rejected", recordId: "a", identifier: { type: "phone", value: "1900 1234" }, reason: "service_number" })
  })
})

describe("emails are Unicode-normalized before validation (IDN-3)", () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ["lan＠gmail.com", "lan@gmail.com"],
    ["lan\u200b@gmail.com", "lan@gmail.com"],
    ["\ufefflan@gmail.com", "lan@gmail.com"],
    ["lan@gmail.com.", "lan@gmail.com"],
    ["ＬＡＮ@ＧＭＡＩＬ.ＣＯＭ", "lan@gmail.com"],
    ["lan@gmail\u200d.com", "lan@gmail.com"]
  ]
  for (const [written, expected] of cases) it(`${JSON.stringify(written)} → ${expected}`, () => expect(normalizeEmailAddress(written)).toBe(expected))

  it("one person typing her address with a full-width ＠ and with a trailing dot is one profile", () => {
    const state = resolveBatch([rec("a", 1, ["email", "lan＠gmail.com"]), rec("b", 2, ["email", "lan@gmail.com."]), rec("c", 3, ["email", "lan@gmail.com"])])
    expect(state.partition()).toEqual([["a", "b", "c"]])
  })
})

describe("contact details identity accepts", () => {
  const accepts = acceptsContactValue()
  it("accepts valid phones (any number of a multi-number field) and emails, refuses junk, invalid values and service numbers", () => {
    expect(accepts("phone", "0912 345 678")).toBe(true)
    expect(accepts("phone", "12345; 0912 345 678")).toBe(true)
    for (const phone of ["0000000000", "12345", "1900 1234", "O912345678"]) expect(accepts("phone", phone)).toBe(false)
    expect(accepts("email", "lan＠gmail.com")).toBe(true)
    for (const email of ["test@test.com", "null", "not-an-email"]) expect(accepts("email", email)).toBe(false)
  })
  it("leaves refused contact values out of traits, keeping the rest", () => {
    const traits = { fullName: "Lan", phone: "12345", email: "lan@gmail.com", otherPhones: ["0912345678", "0000000000"], otherEmails: ["null"] }
    expect(withValidContacts(traits, accepts)).toEqual({ fullName: "Lan", email: "lan@gmail.com", otherPhones: ["0912345678"], otherEmails: [] })
    const clean = { fullName: "Lan", phone: "0912345678" }
    expect(withValidContacts(clean, accepts)).toBe(clean)
  })
})
