// Holdout (OUT-9): a deterministic control group per plan, from a hash of the
// plan id and the profile id. Identity keeps the id of the surviving profile
// on a merge — the one whose first record comes first — so a merged profile
// keeps the survivor's group whatever order its records arrived in.
import { createResolver } from "@kith/identity"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { holdoutBucket, isHeldOut } from "../src/index.js"

describe("holdout", () => {
  it("is deterministic and monotone in the percent", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 }), (plan, profile, a, b) => {
        const [low, high] = a <= b ? [a / 100, b / 100] : [b / 100, a / 100]
        expect(isHeldOut(plan, profile, low)).toBe(isHeldOut(plan, profile, low))
        if (isHeldOut(plan, profile, low)) expect(isHeldOut(plan, profile, high)).toBe(true)
        expect(holdoutBucket(plan, profile)).toBeGreaterThanOrEqual(0)
        expect(holdoutBucket(plan, profile)).toBeLessThan(10_000)
      })
    )
  })

  it("holds out about the percent asked, independently per plan", () => {
    const profiles = Array.from({ length: 20_000 }, (_, i) => `p_r-${i}`)
    const a = profiles.filter((p) => isHeldOut("plan-a", p, 10))
    const b = new Set(profiles.filter((p) => isHeldOut("plan-b", p, 10)))
    expect(a.length / profiles.length).toBeGreaterThan(0.09)
    expect(a.length / profiles.length).toBeLessThan(0.11)
    // Two plans' groups overlap as independent 10 % draws do: about 1 %.
    const both = a.filter((p) => b.has(p)).length / profiles.length
    expect(both).toBeGreaterThan(0.005)
    expect(both).toBeLessThan(0.015)
  })

  it("stays stable across a merge: the merged profile is in the group its survivor was in, whatever order the records arrived in", () => {
    const day = (n: number) => new Date(Date.UTC(2025, 2, n))
    const records = [
      { recordId: "r-a", observedAt: day(1), source: "web", identifiers: [{ type: "phone", value: "0912345678" }], traits: {} },
      { recordId: "r-b", observedAt: day(2), source: "zalo_oa", identifiers: [{ type: "email", value: "lan@example.vn" }], traits: {} },
      // Carries both identifiers: the two profiles merge.
      { recordId: "r-c", observedAt: day(3), source: "pos", identifiers: [{ type: "phone", value: "0912 345 678" }, { type: "email", value: "lan@example.vn" }], traits: {} }
    ]
    fc.assert(
      fc.property(fc.constantFrom("plan-1", "plan-2", "plan-3", "plan-4"), fc.integer({ min: 0, max: 5000 }), fc.shuffledSubarray([0, 1, 2], { minLength: 3, maxLength: 3 }), (plan, percent100, order) => {
        const percent = percent100 / 100
        // Before the merge: each record its own profile.
        const before = createResolver()
        before.ingest(records[0]!)
        before.ingest(records[1]!)
        const survivorBefore = before.profileOf("r-a")!
        const absorbedBefore = before.profileOf("r-b")!
        expect(survivorBefore).not.toBe(absorbedBefore)

        const after = createResolver()
        for (const i of order) after.ingest(records[i]!)
        const merged = after.profileOf("r-b")!
        expect(after.profileOf("r-a")).toBe(merged)
        // The id the hash uses is the survivor's, so the group is the survivor's.
        expect(merged).toBe(survivorBefore)
        expect(isHeldOut(plan, merged, percent)).toBe(isHeldOut(plan, survivorBefore, percent))
      })
    )
  })
})
