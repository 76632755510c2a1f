import { describe, expect, it } from "vitest"
import { JUNK_VALUES, isJunkValue, oldPrefixOf, writePhone } from "../src/index.js"

describe("writePhone", () => {
  it("writes the forms of IDN-3", () => {
    expect(writePhone("+84912345678", "plain")).toBe("0912345678")
    expect(writePhone("+84912345678", "spaced")).toBe("0912 345 678")
    expect(writePhone("+84912345678", "dotted")).toBe("0912.345.678")
    expect(writePhone("+84912345678", "dashed")).toBe("0912-345-678")
    expect(writePhone("+84912345678", "intl")).toBe("+84912345678")
    expect(writePhone("+84912345678", "intlDashed")).toBe("+84 91-234-5678")
    expect(writePhone("+84912345678", "intlParen")).toBe("(+84) 912 345 678")
    expect(writePhone("+84912345678", "bare84")).toBe("84912345678")
  })

  it("writes the old eleven-digit form from the 2018 remap table, and only for remapped prefixes", () => {
    expect(writePhone("+84372345678", "old")).toBe("01672345678")
    expect(writePhone("+84702345678", "old")).toBe("01202345678")
    expect(writePhone("+84832345678", "oldSpaced")).toBe("0123 234 5678")
    expect(writePhone("+84592345678", "old")).toBe("01992345678")
    expect(writePhone("+84912345678", "old")).toBe("0912345678")
  })

  it("has the whole remap table of the spec (IDN-3)", () => {
    expect(oldPrefixOf).toEqual({
      "32": "162", "33": "163", "34": "164", "35": "165", "36": "166", "37": "167", "38": "168", "39": "169",
      "70": "120", "79": "121", "77": "122", "76": "126", "78": "128",
      "83": "123", "84": "124", "85": "125", "81": "127", "82": "129",
      "56": "186", "58": "188", "59": "199"
    })
  })
})

describe("junk", () => {
  it("is the IDN-4 default blocklist", () => {
    expect(JUNK_VALUES).toEqual(["0000000000", "123456789", "test@test.com", "null", "undefined", "anonymous", "[object Object]", "-1"])
    expect(isJunkValue("null")).toBe(true)
    expect(isJunkValue("0912345678")).toBe(false)
  })
})
