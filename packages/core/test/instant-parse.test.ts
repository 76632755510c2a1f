// Instant parsing was made cheaper (it runs once per event); it must accept
// exactly the strings, and give exactly the dates, it did before, with two
// deliberate changes: years 0001–0099 decode (the previous parse read them
// through Date.UTC as 1901–1999 and refused them), and an instant must lie
// within years 0001–9999 in UTC, the instants a stored event reads back.
import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Instant, isStorableInstant, parseCalendarDate } from "../src/index.js"
import { arbInstantString } from "./mutations.js"

// The previous implementation, verbatim.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/
const previousParseInstant = (s: string): Date | undefined => {
  const match = ISO_INSTANT.exec(s)
  if (!match) return undefined
  const day = s.slice(0, 10)
  if (parseCalendarDate(day) !== day || Number(s.slice(11, 13)) > 23 || Number(s.slice(14, 16)) > 59) return undefined
  const date = new Date(s)
  return Number.isNaN(date.getTime()) ? undefined : date
}

// The Gregorian calendar repeats every 400 years, so a date of year y is real exactly when it is in year y + 400.
const MS_PER_400_YEARS = 146_097 * 86_400_000

const expectedInstant = (s: string): Date | undefined => {
  const year = Number(s.slice(0, 4))
  const date =
    /^\d{4}/.test(s) && year >= 1 && year < 100
      ? (() => {
          const shifted = previousParseInstant(String(year + 400).padStart(4, "0") + s.slice(4))
          return shifted === undefined ? undefined : new Date(shifted.getTime() - MS_PER_400_YEARS)
        })()
      : previousParseInstant(s)
  return date !== undefined && isStorableInstant(date.getTime()) ? date : undefined
}

const decodeInstant = Schema.decodeUnknownResult(Instant)

describe("Instant decodes as before", () => {
  it("same acceptance and the same date for any instant-like string", () =>
    fc.assert(
      fc.property(fc.oneof(arbInstantString, fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())), (s) => {
        const before = expectedInstant(s)
        const now = decodeInstant(s)
        if (before === undefined) expect(Result.isFailure(now)).toBe(true)
        else expect(Result.isSuccess(now) && now.success.getTime()).toBe(before.getTime())
      }),
      { numRuns: 5000 }
    ))

  it("years 0001–0099 decode (Date.UTC read them as 19xx), year 0 and year 10000 in UTC do not", () => {
    expect(Result.isSuccess(decodeInstant("0099-01-01T00:00:00Z")) && decodeInstant("0099-01-01T00:00:00Z")).toMatchObject({ success: new Date("0099-01-01T00:00:00Z") })
    expect(Result.isSuccess(decodeInstant("0001-01-01T00:00:00Z"))).toBe(true)
    expect(Result.isFailure(decodeInstant("0001-01-01T00:00:00+07:00"))).toBe(true)
    expect(Result.isFailure(decodeInstant("0000-06-01T00:00:00Z"))).toBe(true)
    expect(Result.isFailure(decodeInstant("9999-12-31T23:00:00-05:00"))).toBe(true)
    expect(Result.isFailure(decodeInstant("0050-02-29T00:00:00Z"))).toBe(true)
    expect(Result.isSuccess(decodeInstant("0048-02-29T00:00:00Z"))).toBe(true)
    expect(Result.isSuccess(decodeInstant("0100-01-01T00:00:00Z"))).toBe(true)
    expect(Result.isFailure(decodeInstant("1900-02-29T00:00:00Z"))).toBe(true)
    expect(Result.isSuccess(decodeInstant("2000-02-29T00:00:00+07:00"))).toBe(true)
  })
})

// Whether a day exists is counted (month lengths, leap years), no longer asked of a Date: the same answer as a Date.
describe("a real calendar day", () => {
  const dateSays = (y: number, m: number, d: number): boolean => {
    const t = new Date(0)
    t.setUTCFullYear(y, m - 1, d)
    return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
  }
  const pad = (n: number, width: number) => String(n).padStart(width, "0")

  it("is one a Date keeps as written, in any year 0001–9999", () =>
    fc.assert(
      fc.property(
        // Month ends and leap years (centuries among them) often, not by luck.
        fc.oneof(fc.integer({ min: 1, max: 9999 }), fc.constantFrom(4, 100, 400, 1900, 2000, 2024, 2100, 9996)),
        fc.oneof(fc.integer({ min: 0, max: 13 }), fc.constant(2)),
        fc.oneof(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 28, max: 31 })),
        (y, m, d) => {
          const day = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`
          expect(parseCalendarDate(day) === day).toBe(dateSays(y, m, d))
        }
      ),
      { numRuns: 5000 }
    ))
})
