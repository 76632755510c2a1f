import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  CalendarDate,
  Identifier,
  Instant,
  Money,
  WorkspaceId,
  decodeWorkspaceSettingsResult,
  defaultWorkspaceSettings,
  formatPath,
  localDateOf,
  localMonthOf,
  parseCalendarDate,
  startOfLocalDay
} from "../src/index.js"

describe("workspace settings", () => {
  it("fills every default: Asia/Ho_Chi_Minh, VND, VN, vi with en fallback", () => {
    expect(Result.getOrThrow(decodeWorkspaceSettingsResult({}))).toEqual(defaultWorkspaceSettings)
  })

  it("keeps what the workspace sets", () => {
    const settings = Result.getOrThrow(decodeWorkspaceSettingsResult({ timezone: "Asia/Bangkok", currency: "THB", country: "TH", locale: "th" }))
    expect(settings).toEqual({ timezone: "Asia/Bangkok", currency: "THB", country: "TH", locale: "th", fallbackLocale: "en" })
  })

  it("rejects an unknown timezone and a lower-case currency, naming both fields", () => {
    const result = decodeWorkspaceSettingsResult({ timezone: "Mars/Olympus", currency: "vnd" })
    if (Result.isSuccess(result)) throw new Error("expected failure")
    expect(result.failure.subject).toBe("workspace settings")
    expect(result.failure.issues.map((i) => i.path).sort()).toEqual(["currency", "timezone"])
  })
})

describe("calendar dates", () => {
  it.each([
    ["05/09/1990", "1990-09-05"],
    ["5/9/1990", "1990-09-05"],
    ["05-09-1990", "1990-09-05"],
    ["05.09.1990", "1990-09-05"],
    ["1990-09-05", "1990-09-05"],
    ["29/02/2024", "2024-02-29"],
    [" 01/01/2000 ", "2000-01-01"]
  ])("%s → %s", (input, expected) => {
    expect(parseCalendarDate(input)).toBe(expected)
    expect(Schema.decodeUnknownSync(CalendarDate)(input)).toBe(expected)
  })

  it.each(["29/02/2023", "31/04/2020", "00/01/2020", "01/13/2020", "1990/09/05", "", "hôm qua"])("rejects %j", (input) => {
    expect(parseCalendarDate(input)).toBeUndefined()
    expect(Result.isFailure(Schema.decodeUnknownResult(CalendarDate)(input))).toBe(true)
  })

  it("every real date round-trips through dd/mm/yyyy", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2100-12-31T00:00:00Z"), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10)
        const [y, m, day] = iso.split("-")
        expect(parseCalendarDate(`${day}/${m}/${y}`)).toBe(iso)
      })
    )
  })
})

describe("instants", () => {
  it("needs a zone and a real calendar time", () => {
    for (const bad of ["2025-03-01", "2025-03-01T10:00:00", "2025-02-29T10:00:00Z", "2025-03-01T24:00:00Z", "tomorrow"]) {
      expect(Result.isFailure(Schema.decodeUnknownResult(Instant)(bad)), bad).toBe(true)
    }
  })

  it("decode(encode(x)) = x for every valid date", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }), (d) => {
        expect(Schema.decodeUnknownSync(Instant)(Schema.encodeSync(Instant)(d))).toEqual(d)
      })
    )
  })
})

describe("zoned days and months", () => {
  it("an order at 00:30 on 1 March in Hồ Chí Minh City is in March there, February in UTC", () => {
    const instant = new Date("2025-02-28T17:30:00Z")
    expect(localMonthOf(instant, "Asia/Ho_Chi_Minh")).toBe("2025-03")
    expect(localDateOf(instant, "Asia/Ho_Chi_Minh")).toBe("2025-03-01")
    expect(localMonthOf(instant, "UTC")).toBe("2025-02")
    expect(startOfLocalDay(instant, "Asia/Ho_Chi_Minh").toISOString()).toBe("2025-02-28T17:00:00.000Z")
  })

  it("follows daylight saving where the zone has it", () => {
    // New York switched to EDT at 2025-03-09 02:00 local.
    expect(startOfLocalDay(new Date("2025-03-09T15:00:00Z"), "America/New_York").toISOString()).toBe("2025-03-09T05:00:00.000Z")
    expect(startOfLocalDay(new Date("2025-03-10T15:00:00Z"), "America/New_York").toISOString()).toBe("2025-03-10T04:00:00.000Z")
  })
})

describe("small schemas", () => {
  it("money is an integer amount with an ISO currency", () => {
    expect(Schema.decodeUnknownSync(Money)({ amount: 0, currency: "VND" })).toEqual({ amount: 0, currency: "VND" })
    expect(Result.isFailure(Schema.decodeUnknownResult(Money)({ amount: 1.5, currency: "VND" }))).toBe(true)
    expect(Result.isFailure(Schema.decodeUnknownResult(Money)({ amount: Number.MAX_SAFE_INTEGER + 1, currency: "VND" }))).toBe(true)
  })

  it("identifier types are built-in or lower-case slugs", () => {
    expect(Schema.decodeUnknownSync(Identifier)({ type: "loyalty_card", value: "LC-1" })).toEqual({ type: "loyalty_card", value: "LC-1" })
    expect(Result.isFailure(Schema.decodeUnknownResult(Identifier)({ type: "Loyalty Card", value: "x" }))).toBe(true)
    expect(Result.isFailure(Schema.decodeUnknownResult(Identifier)({ type: "phone", value: "" }))).toBe(true)
  })

  it("ids are trimmed and bounded", () => {
    expect(Schema.decodeUnknownSync(WorkspaceId)("shop-1")).toBe("shop-1")
    expect(Result.isFailure(Schema.decodeUnknownResult(WorkspaceId)(" shop-1"))).toBe(true)
    expect(Result.isFailure(Schema.decodeUnknownResult(WorkspaceId)("x".repeat(201)))).toBe(true)
  })

  it("paths read the way a developer writes them", () => {
    expect(formatPath(["properties", "products", 0, "quantity"])).toBe("properties.products[0].quantity")
    expect(formatPath([])).toBe("")
    expect(formatPath([2, "a"])).toBe("[2].a")
  })
})
