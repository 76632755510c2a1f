import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type RfmInput, rfmLabel, rfmScores } from "../src/index.js"

const options = { asOf: new Date("2025-06-30T17:00:00Z"), timeZone: "Asia/Ho_Chi_Minh" }
const daysAgo = (days: number) => new Date(Date.parse("2025-07-01T12:00:00+07:00") - days * 86_400_000)

describe("rfmScores (PRF-9)", () => {
  it("scores five distinct buyers 1 to 5 on each axis and labels them (hand-computed)", () => {
    const inputs: Array<RfmInput<string>> = [
      { profileId: "a", lastPurchaseAt: daysAgo(1), successfulOrders: 9, totalSpend: 9_000_000 },
      { profileId: "b", lastPurchaseAt: daysAgo(10), successfulOrders: 1, totalSpend: 100_000 },
      { profileId: "c", lastPurchaseAt: daysAgo(50), successfulOrders: 5, totalSpend: 5_000_000 },
      { profileId: "d", lastPurchaseAt: daysAgo(200), successfulOrders: 7, totalSpend: 7_000_000 },
      { profileId: "e", lastPurchaseAt: daysAgo(400), successfulOrders: 2, totalSpend: 200_000 },
      { profileId: "never", lastPurchaseAt: null, successfulOrders: 0, totalSpend: 0 }
    ]
    const scores = rfmScores(inputs, options)
    expect(scores.has("never")).toBe(false)
    expect(scores.get("a")).toEqual({ recency: 5, frequency: 5, monetary: 5, recencyDays: 1, label: "champions" })
    expect(scores.get("b")).toEqual({ recency: 4, frequency: 1, monetary: 1, recencyDays: 10, label: "promising" })
    expect(scores.get("c")).toMatchObject({ recency: 3, frequency: 3, monetary: 3, label: "need_attention" })
    expect(scores.get("d")).toMatchObject({ recency: 2, frequency: 4, monetary: 4, label: "at_risk" })
    expect(scores.get("e")).toMatchObject({ recency: 1, frequency: 2, monetary: 2, label: "hibernating" })
  })

  it("gives equal values equal scores, in the middle of the range they fill", () => {
    const same = Array.from({ length: 10 }, (_, i) => ({ profileId: i, lastPurchaseAt: daysAgo(5), successfulOrders: 2, totalSpend: 500_000 }))
    for (const score of rfmScores(same, options).values()) expect(score).toMatchObject({ recency: 3, frequency: 3, monetary: 3, label: "need_attention" })
  })

  it("scores five distinct buyers 1 to 5, and a lone buyer 3", () => {
    const five = [1, 2, 3, 4, 5].map((orders) => ({ profileId: orders, lastPurchaseAt: daysAgo(5), successfulOrders: orders, totalSpend: orders * 100_000 }))
    const scores = rfmScores(five, options)
    expect([1, 2, 3, 4, 5].map((id) => scores.get(id)?.frequency)).toEqual([1, 2, 3, 4, 5])
    expect([1, 2, 3, 4, 5].map((id) => scores.get(id)?.monetary)).toEqual([1, 2, 3, 4, 5])
    expect(rfmScores([five[0]!], options).get(1)).toMatchObject({ recency: 3, frequency: 3, monetary: 3 })
  })

  it("labels the whole grid", () => {
    expect(rfmLabel(5, 1)).toBe("new_customer")
    expect(rfmLabel(4, 1)).toBe("promising")
    expect(rfmLabel(5, 3)).toBe("potential_loyalist")
    expect(rfmLabel(4, 5)).toBe("loyal")
    expect(rfmLabel(3, 2)).toBe("about_to_sleep")
    expect(rfmLabel(2, 5)).toBe("cannot_lose")
    expect(rfmLabel(1, 3)).toBe("at_risk")
  })

  const arbInputs = fc.array(
    fc.record({ lastPurchaseAt: fc.option(fc.integer({ min: 0, max: 800 }).map(daysAgo), { nil: null }), successfulOrders: fc.integer({ min: 0, max: 20 }), totalSpend: fc.integer({ min: 0, max: 50_000_000 }) }),
    { maxLength: 60 }
  ).map((list) => list.map((x, i) => ({ ...x, profileId: i })))

  it("does not depend on the order of profiles, stays within 1–5, and is monotonic", () => {
    fc.assert(
      fc.property(arbInputs.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }))), ([list, shuffled]) => {
        const a = rfmScores(list, options)
        expect(rfmScores(shuffled, options)).toEqual(a)
        const buyers = list.filter((x) => x.lastPurchaseAt !== null && x.successfulOrders > 0)
        for (const x of buyers) {
          const sx = a.get(x.profileId)
          expect(sx).toBeDefined()
          for (const v of [sx?.recency, sx?.frequency, sx?.monetary]) {
            expect(v).toBeGreaterThanOrEqual(1)
            expect(v).toBeLessThanOrEqual(5)
          }
          for (const y of buyers) {
            const sy = a.get(y.profileId)
            if (x.totalSpend > y.totalSpend) expect(sx?.monetary).toBeGreaterThanOrEqual(sy?.monetary ?? 0)
            if (x.successfulOrders > y.successfulOrders) expect(sx?.frequency).toBeGreaterThanOrEqual(sy?.frequency ?? 0)
            if ((sx?.recencyDays ?? 0) < (sy?.recencyDays ?? 0)) expect(sx?.recency).toBeGreaterThanOrEqual(sy?.recency ?? 0)
          }
        }
      }),
      { numRuns: 50 }
    )
  })
})
