import { localDateOf, localMonthOf } from "@kith/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { dayKey, monthKey, monthOfDay, monthsBefore, zonedClock } from "../src/index.js"

const ZONES = ["Asia/Ho_Chi_Minh", "UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "America/Sao_Paulo", "Pacific/Chatham"]
const arbInstant = fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2035, 11, 31) })

describe("zonedClock", () => {
  it("agrees with @kith/core's localDateOf and localMonthOf in every zone, DST included", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), arbInstant, (zone, ms) => {
        const clock = zonedClock(zone)
        expect(dayKey(clock.dayOf(ms))).toBe(localDateOf(new Date(ms), zone))
        expect(monthKey(clock.monthOf(ms))).toBe(localMonthOf(new Date(ms), zone))
      }),
      { numRuns: 2000 }
    )
  })

  it("agrees with Intl over the whole storable range, years 0001–9999, Ramadan DST included", () => {
    const wide = fc.integer({ min: Date.parse("0001-01-02T00:00:00Z"), max: Date.parse("9999-12-30T23:59:59.999Z") })
    fc.assert(
      fc.property(fc.constantFrom(...ZONES, "Africa/Casablanca", "Asia/Tehran"), fc.oneof(wide, arbInstant), (zone, ms) => {
        const parts = Object.fromEntries(
          new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "numeric", day: "numeric" }).formatToParts(ms).map((p) => [p.type, p.value])
        )
        const expected = `${parts["year"]!.padStart(4, "0")}-${parts["month"]!.padStart(2, "0")}-${parts["day"]!.padStart(2, "0")}`
        const clock = zonedClock(zone)
        expect(dayKey(clock.dayOf(ms))).toBe(expected)
        expect(monthKey(clock.monthOf(ms))).toBe(expected.slice(0, 7))
      }),
      { numRuns: 2000 }
    )
  })

  it("monthOfDay agrees with the calendar for every day of years 0001–9999 it is asked", () => {
    fc.assert(
      fc.property(fc.integer({ min: -719_162, max: 2_932_896 }), (day) => {
        const date = new Date(day * 86_400_000)
        expect(monthOfDay(day)).toBe(date.getUTCFullYear() * 12 + date.getUTCMonth())
      }),
      { numRuns: 5000 }
    )
  })

  it("agrees around every DST transition of New York and Lord Howe in 2025, minute by minute", () => {
    for (const [zone, from] of [
      ["America/New_York", Date.UTC(2025, 2, 9, 5)],
      ["America/New_York", Date.UTC(2025, 10, 2, 4)],
      ["Australia/Lord_Howe", Date.UTC(2025, 3, 5, 14)],
      ["Australia/Lord_Howe", Date.UTC(2025, 9, 4, 15)]
    ] as const) {
      const clock = zonedClock(zone)
      for (let ms = from; ms < from + 4 * 3_600_000; ms += 60_000) expect(dayKey(clock.dayOf(ms))).toBe(localDateOf(new Date(ms), zone))
    }
  })

  it("startOfDay is the first instant of the local day", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), arbInstant, (zone, ms) => {
        const clock = zonedClock(zone)
        const day = clock.dayOf(ms)
        const start = clock.startOfDay(day)
        expect(clock.dayOf(start)).toBe(day)
        expect(clock.dayOf(start - 1)).toBe(day - 1)
      }),
      { numRuns: 1000 }
    )
  })

  it("puts 00:30 on 1 March in Hồ Chí Minh City in March, though UTC is still in February", () => {
    const clock = zonedClock("Asia/Ho_Chi_Minh")
    const ms = Date.parse("2025-03-01T00:30:00+07:00")
    expect(monthKey(clock.monthOf(ms))).toBe("2025-03")
    expect(monthKey(zonedClock("UTC").monthOf(ms))).toBe("2025-02")
  })

  it("steadyMonthSpan holds exactly the instants of its month, in every zone", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), arbInstant, (zone, ms) => {
        const clock = zonedClock(zone)
        const month = clock.monthOf(ms)
        const span = clock.steadyMonthSpan(month)
        if (span === undefined) return
        expect(span.from <= ms && ms < span.until).toBe(true)
        expect(clock.monthOf(span.from - 1)).toBe(month - 1)
        expect(clock.monthOf(span.from)).toBe(month)
        expect(clock.monthOf(span.until - 1)).toBe(month)
        expect(clock.monthOf(span.until)).toBe(month + 1)
      }),
      { numRuns: 2000 }
    )
  })

  it("steadyMonthSpan leaves out a month with a DST change", () => {
    const ny = zonedClock("America/New_York")
    expect(ny.steadyMonthSpan(2025 * 12 + 2)).toBeUndefined()
    expect(ny.steadyMonthSpan(2025 * 12 + 10)).toBeUndefined()
    expect(ny.steadyMonthSpan(2025 * 12 + 4)).toEqual({ from: Date.parse("2025-05-01T00:00:00-04:00"), until: Date.parse("2025-06-01T00:00:00-04:00") })
    expect(zonedClock("Asia/Ho_Chi_Minh").steadyMonthSpan(2025 * 12 + 2)).toEqual({
      from: Date.parse("2025-03-01T00:00:00+07:00"),
      until: Date.parse("2025-04-01T00:00:00+07:00")
    })
  })

  it("monthsBefore clamps to the end of shorter months, leap years included", () => {
    const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000
    expect(dayKey(monthsBefore(day("2024-05-31"), 3))).toBe("2024-02-29")
    expect(dayKey(monthsBefore(day("2025-05-31"), 3))).toBe("2025-02-28")
    expect(dayKey(monthsBefore(day("2025-01-15"), 3))).toBe("2024-10-15")
  })
})
