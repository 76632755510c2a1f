// An instant's epoch ms are counted from its digits (instant-ms.ts) rather than parsed again by a Date: for every
// form the Instant decoder accepts, the count is what Date.parse reads, or it is left to a Date.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { instantMsOf } from "../src/instant-ms.js"

const pad = (n: number, width: number) => String(n).padStart(width, "0")

// The strings that reach the count: the shape matched, a real day, hour 00-23 and minute 00-59. Every second,
// fraction and zone the shape allows, plain ones often.
const arbCheckedInstant = fc
  .record({
    day: fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }),
    seconds: fc.oneof(fc.constant(""), fc.integer({ min: 0, max: 99 }).map((s) => `:${pad(s, 2)}`)),
    fraction: fc.oneof(fc.constant(""), fc.stringMatching(/^[0-9]{1,9}$/).map((f) => `.${f}`)),
    zone: fc.oneof(
      fc.constant("Z"),
      fc.record({ sign: fc.constantFrom("+", "-"), h: fc.integer({ min: 0, max: 99 }), m: fc.integer({ min: 0, max: 99 }), colon: fc.constantFrom(":", ":", "") }).map(({ sign, h, m, colon }) => `${sign}${pad(h, 2)}${colon}${pad(m, 2)}`),
      fc.constantFrom("+07:00", "-05:30", "+00:00", "-00:00", "+23:59", "-23:59", "+14:00")
    )
  })
  .map(({ day, seconds, fraction, zone }) => {
    const iso = day.toISOString()
    return `${iso.slice(0, 16)}${seconds}${seconds === "" ? "" : fraction}${zone}`
  })

describe("an instant's epoch ms counted from its digits", () => {
  it("equal Date.parse for every form it counts, and leave to a Date only forms outside the plain ones", () =>
    fc.assert(
      fc.property(arbCheckedInstant, (s) => {
        const counted = instantMsOf(s)
        const plain = /^.{16}(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/.test(s)
        expect(counted === undefined).toBe(!plain)
        if (counted !== undefined) expect(counted).toBe(Date.parse(s))
      }),
      { numRuns: 20_000 }
    ))

  it("counts the edges of years, leap days, offsets across days and fractions of one to three digits as a Date reads them", () => {
    for (const s of [
      "0001-01-01T00:00Z", "0001-01-01T07:00+07:00", "0004-02-29T12:00:00.5Z", "0099-12-31T23:59:59.99-00:01", "0100-03-01T00:00:00.123Z",
      "1900-02-28T23:59:59.999Z", "1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00.000Z", "2000-02-29T00:00+23:59", "2024-02-29T23:59-23:59",
      "9999-12-31T23:59:59.999Z", "9999-12-31T23:00:00-05:00"
    ]) expect(instantMsOf(s)).toBe(Date.parse(s))
  })
})
