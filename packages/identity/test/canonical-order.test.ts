import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { byCanonicalOrder, type CanonicalOrderKey, profileIdOfRecord, resolveBatch } from "../src/index.js"
import { policyArb, recordsArb } from "./arbitraries.js"

const arbKey: fc.Arbitrary<CanonicalOrderKey> = fc.record({
  timestamp: fc.integer({ min: 0, max: 3 }),
  messageId: fc.constantFrom("m-1", "m-10", "m-2", "M-1", "m-ä")
})

describe("byCanonicalOrder", () => {
  it("orders by time, then by messageId in code units", () => {
    const rows = [
      { messageId: "m-2", timestamp: 2000 },
      { messageId: "m-3", timestamp: 1000 },
      { messageId: "m-10", timestamp: 2000 },
      { messageId: "M-9", timestamp: 2000 }
    ]
    expect([...rows].sort(byCanonicalOrder).map((row) => row.messageId)).toEqual(["m-3", "M-9", "m-10", "m-2"])
    expect(byCanonicalOrder({ timestamp: 5, messageId: "a" }, { timestamp: 5, messageId: "a" })).toBe(0)
  })

  it("is a total order: antisymmetric, transitive, and sorting is independent of input order (property)", () => {
    fc.assert(
      fc.property(fc.array(arbKey, { maxLength: 8 }).chain((keys) => fc.tuple(fc.constant(keys), fc.shuffledSubarray(keys, { minLength: keys.length }))), ([keys, shuffled]) => {
        for (const a of keys) for (const b of keys) expect(Math.sign(byCanonicalOrder(a, b)) + Math.sign(byCanonicalOrder(b, a))).toBe(0)
        const sorted = [...keys].sort(byCanonicalOrder)
        for (let i = 1; i < sorted.length; i++) expect(byCanonicalOrder(sorted[i - 1]!, sorted[i]!)).toBeLessThanOrEqual(0)
        expect([...shuffled].sort(byCanonicalOrder)).toEqual(sorted)
      })
    )
  })

  it("is the order resolution names profiles by: each profile is named after its first record in it (property)", () => {
    fc.assert(
      fc.property(recordsArb(), policyArb, (records, policy) => {
        const keyOf = new Map(records.map((r) => [r.recordId, { timestamp: r.observedAt.getTime(), messageId: r.recordId }]))
        for (const profile of resolveBatch(records, { policy }).profiles()) {
          const first = profile.recordIds.map((id) => keyOf.get(id)!).sort(byCanonicalOrder)[0]!
          expect(profile.profileId).toBe(profileIdOfRecord(first.messageId))
          expect(profile.recordIds).toEqual(profile.recordIds.map((id) => keyOf.get(id)!).sort(byCanonicalOrder).map((k) => k.messageId))
        }
      })
    )
  })
})
