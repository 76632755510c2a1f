import { mergeTraits, type TraitMergeConfig } from "@kith/identity"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { StoredTrait } from "../src/port/profiles.js"
import { mergeTrait, mergeTraitsInto } from "../src/trait-merge.js"

const observation = fc.record({
  value: fc.oneof(fc.constantFrom("Lan", "Nguyễn Thị Lan", "Lan N."), fc.array(fc.constantFrom("+84912345678", "+84987654321", "+84933333333"), { minLength: 1, maxLength: 2 })),
  at: fc.integer({ min: 0, max: 5 }),
  source: fc.constantFrom("web", "zalo", "file_import", "crm")
})
const config: fc.Arbitrary<TraitMergeConfig> = fc.record({
  defaultStrategy: fc.constantFrom("newest", "oldest", "first_non_empty", "most_trusted", "union" as const),
  sourceTrust: fc.constant(["crm", "file_import"])
})

const fold = (name: string, observations: ReadonlyArray<StoredTrait>, c: TraitMergeConfig) =>
  observations.reduce<StoredTrait | undefined>((held, o) => mergeTrait(name, held, o, c), undefined)

describe("trait merge strategies in storage (IDN-10)", () => {
  it("gives the same value whatever order observations arrive in (property)", () => {
    fc.assert(
      fc.property(fc.array(observation, { minLength: 1, maxLength: 6 }), config, fc.nat(), (observations, c, seed) => {
        const shuffled = fc.sample(fc.shuffledSubarray(observations, { minLength: observations.length }), { seed, numRuns: 1 })[0]!
        const a = fold("nickname", observations, c)
        const b = fold("nickname", shuffled, c)
        expect(b).toEqual(a)
      })
    )
  })

  it("agrees with @kith/identity's mergeTraits when observation times are distinct (property)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(observation, { minLength: 1, maxLength: 6, selector: (o) => o.at }), config, (observations, c) => {
        const ours = fold("nickname", observations, c)!
        const theirs = mergeTraits(
          observations.map((o, i) => ({ name: "nickname", value: o.value, source: o.source, observedAt: new Date(o.at), recordId: `r${i}` })),
          c
        )["nickname"]!
        if (c.defaultStrategy === "union") expect(new Set(ours.value as Array<unknown>)).toEqual(new Set(theirs.value as Array<unknown>))
        else expect({ value: ours.value, source: ours.source, at: ours.at }).toEqual({ value: theirs.value, source: theirs.source, at: theirs.observedAt.getTime() })
      })
    )
  })

  it("unions other phones by default and reports whether anything changed", () => {
    const traits: Record<string, StoredTrait> = { otherPhones: { value: ["+84912345678"], at: 1, source: "web" } }
    expect(mergeTraitsInto(traits, { otherPhones: { value: ["+84987654321"], at: 2, source: "zalo" } })).toBe(true)
    expect(traits["otherPhones"]).toEqual({ value: ["+84912345678", "+84987654321"], at: 2, source: "zalo" })
    expect(mergeTraitsInto(traits, { otherPhones: { value: ["+84912345678"], at: 0, source: "web" } })).toBe(false)
    expect(mergeTraitsInto(traits, { fullName: { value: "Lan", at: 3, source: "crm" } })).toBe(true)
    expect(mergeTraitsInto(traits, { fullName: { value: "Old", at: 1, source: "web" } }, { strategies: { fullName: "most_trusted" }, sourceTrust: ["crm"] })).toBe(false)
    expect(traits["fullName"]?.value).toBe("Lan")
  })
})
