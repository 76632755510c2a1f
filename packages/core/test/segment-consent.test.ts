// Segment's Consent Management shape, `context.consent.categoryPreferences`, read into kith's event context (PRIV-1).
import fc from "fast-check"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { fromSegment, purposeOfCategory } from "../src/index.js"

const options = { settings: { currency: "VND", timezone: "Asia/Ho_Chi_Minh" }, receivedAt: new Date("2026-01-05T02:00:00Z") }

describe("context.consent from Segment (PRIV-1)", () => {
  it("reads each category as a purpose and keeps the preference", () => {
    const result = fromSegment(
      {
        type: "page", messageId: "m-1", anonymousId: "c-1", context: { library: { name: "analytics.js" }, consent: { categoryPreferences: { Advertising: true, Analytics: false, DataSharing: false, C0004: true } } }
      },
      options
    )
    expect(Result.isSuccess(result) && result.success.canonical["context"]).toEqual({
      channel: "web",
      consent: { categoryPreferences: { advertising: true, analytics: false, data_sharing: false, c0004: true } }
    })
  })

  it("refuses a preference that is not true or false, naming the category's path; an empty consent object adds nothing", () => {
    const bad = fromSegment({ type: "track", event: "Signed Up", messageId: "m-2", userId: "u-1", context: { consent: { categoryPreferences: { Advertising: "yes" } } } }, options)
    expect(Result.isFailure(bad) && bad.failure.issues).toEqual([{ path: "context.consent.categoryPreferences.Advertising", message: 'a consent preference is true or false, got "yes"' }])
    const empty = fromSegment({ type: "track", event: "Signed Up", messageId: "m-3", userId: "u-1", context: { consent: { categoryPreferences: {} } } }, options)
    expect(Result.isSuccess(empty)).toBe(true)
    expect(Result.isSuccess(empty) ? empty.success.canonical["context"] : "refused").toBeUndefined()
  })

  it("names every category a purpose kith accepts, or none when it holds no letter or digit (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (category) => {
        const purpose = purposeOfCategory(category)
        if (/[A-Za-z0-9]/.test(category)) expect(purpose).toMatch(/^[a-z][a-z0-9_]{0,63}$/)
        else expect(purpose).toBeUndefined()
      }),
      { seed: 18, numRuns: 500 }
    )
    expect(purposeOfCategory("Site Performance")).toBe("site_performance")
    expect(purposeOfCategory("2")).toBe("category_2")
  })
})
