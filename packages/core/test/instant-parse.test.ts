// Instant parsing was made cheaper (it runs once per event); it must accept
// exactly the strings, and give exactly the dates, it did before.
import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Instant, parseCalendarDate } from "../src/index.js"
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

const decodeInstant = Schema.decodeUnknownResult(Instant)

describe("Instant decodes as before", () => {
  it("same acceptance and the same date for any instant-like string", () =>
    fc.assert(
      fc.property(fc.oneof(arbInstantString, fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())), (s) => {
        const before = previousParseInstant(s)
        const now = decodeInstant(s)
        if (before === undefined) expect(Result.isFailure(now)).toBe(true)
        else expect(Result.isSuccess(now) && now.success.getTime()).toBe(before.getTime())
      }),
      { numRuns: 5000 }
    ))

  it("years before 100 stay rejected (Date.UTC reads them as 19xx)", () => {
    expect(Result.isFailure(decodeInstant("0099-01-01T00:00:00Z"))).toBe(true)
    expect(Result.isSuccess(decodeInstant("0100-01-01T00:00:00Z"))).toBe(true)
    expect(Result.isFailure(decodeInstant("1900-02-29T00:00:00Z"))).toBe(true)
    expect(Result.isSuccess(decodeInstant("2000-02-29T00:00:00+07:00"))).toBe(true)
  })
})
