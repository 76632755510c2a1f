import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  isEmptyTraitValue,
  mergeObservedTrait,
  mergeObservedTraitsInto,
  mergeTraits,
  type ObservedTrait,
  type TraitMergeConfig,
  type TraitMergeStrategy
} from "../src/index.js"

const strategies: ReadonlyArray<TraitMergeStrategy> = ["newest", "oldest", "first_non_empty", "most_trusted", "union"]

// Few times, values and sources, so that ties on each are common.
const arbValue = fc.oneof(
  fc.constantFrom("Lan", "Nguyễn Thị Lan", "Lan N.", "lan", 7, true, { city: "Huế" }),
  fc.array(fc.constantFrom("+84912345678", "+84987654321", "", 1, { k: 1 }), { minLength: 1, maxLength: 3 })
)
const arbObserved: fc.Arbitrary<ObservedTrait> = fc.record({
  value: arbValue,
  at: fc.integer({ min: 0, max: 3 }),
  source: fc.constantFrom("web", "zalo_oa", "file_import", "crm")
})
const arbConfig: fc.Arbitrary<TraitMergeConfig> = fc.record({
  defaultStrategy: fc.constantFrom(...strategies),
  sourceTrust: fc.constantFrom([], ["crm", "file_import"], ["zalo_oa"])
})

const fold = (name: string, observations: ReadonlyArray<ObservedTrait>, config: TraitMergeConfig) =>
  observations.reduce<ObservedTrait | undefined>((held, o) => mergeObservedTrait(name, held, o, config), undefined)

describe("mergeObservedTrait (IDN-10)", () => {
  const lan: ObservedTrait = { value: "Lan", at: 2, source: "web" }
  const full: ObservedTrait = { value: "Nguyễn Thị Lan", at: 1, source: "crm" }

  it("applies each strategy to a held value and an incoming observation", () => {
    expect(mergeObservedTrait("fullName", lan, full, {})).toBe(lan)
    expect(mergeObservedTrait("fullName", full, lan, {})).toBe(lan)
    expect(mergeObservedTrait("fullName", lan, full, { defaultStrategy: "oldest" })).toBe(full)
    expect(mergeObservedTrait("fullName", lan, full, { strategies: { fullName: "first_non_empty" } })).toBe(full)
    expect(mergeObservedTrait("fullName", lan, full, { strategies: { fullName: "most_trusted" }, sourceTrust: ["crm"] })).toBe(full)
    // Equally (un)trusted sources: the latest wins.
    expect(mergeObservedTrait("fullName", full, lan, { strategies: { fullName: "most_trusted" }, sourceTrust: ["manual"] })).toBe(lan)
    expect(mergeObservedTrait("otherPhones", { value: ["+84987654321"], at: 1, source: "web" }, { value: ["+84912345678"], at: 2, source: "zalo_oa" }, {})).toEqual({
      value: ["+84912345678", "+84987654321"],
      at: 2,
      source: "zalo_oa"
    })
  })

  it("breaks ties on time by value, then by source", () => {
    const a: ObservedTrait = { value: "An", at: 5, source: "web" }
    const b: ObservedTrait = { value: "Bình", at: 5, source: "crm" }
    expect(mergeObservedTrait("fullName", a, b, {})).toBe(b)
    expect(mergeObservedTrait("fullName", b, a, {})).toBe(b)
    expect(mergeObservedTrait("fullName", a, b, { defaultStrategy: "oldest" })).toBe(a)
    const sameValue: ObservedTrait = { value: "An", at: 5, source: "zalo_oa" }
    expect(mergeObservedTrait("fullName", a, sameValue, {})).toBe(sameValue)
    expect(mergeObservedTrait("fullName", sameValue, a, {})).toBe(sameValue)
  })

  it("unions into a list sorted by value: non-text values by their JSON text, then text by code units", () => {
    const merged = mergeObservedTrait("tags", { value: ["b", "A", ""], at: 1, source: "web" }, { value: [{ x: 1 }, 2, "b"], at: 1, source: "crm" }, {})
    expect(merged).toEqual({ value: [2, { x: 1 }, "A", "b"], at: 1, source: "web" })
    // A single value held by another strategy before is read as a list of one.
    expect(mergeObservedTrait("tags", { value: "vip", at: 1, source: "web" }, { value: ["wholesale"], at: 0, source: "web" }, {})).toEqual({
      value: ["vip", "wholesale"],
      at: 1,
      source: "web"
    })
    // With nothing held, a union is still a sorted list of distinct values.
    expect(mergeObservedTrait("tags", undefined, { value: ["vip", "b2b", "vip"], at: 3, source: "crm" }, {})).toEqual({ value: ["b2b", "vip"], at: 3, source: "crm" })
  })

  it("returns the held value itself when nothing changes, so callers can tell by identity", () => {
    const held: ObservedTrait = { value: ["+84912345678", "+84987654321"], at: 5, source: "zalo_oa" }
    expect(mergeObservedTrait("otherPhones", held, { value: ["+84987654321"], at: 1, source: "web" }, {})).toBe(held)
    expect(mergeObservedTrait("fullName", lan, { value: "Old", at: 1, source: "web" }, {})).toBe(lan)
  })

  it("never lets an empty value replace a held one, and returns an incoming one as given when nothing is held", () => {
    for (const strategy of strategies) {
      for (const empty of ["", "   ", [], null, undefined]) {
        expect(mergeObservedTrait("nickname", lan, { value: empty, at: 9, source: "crm" }, { defaultStrategy: strategy })).toBe(lan)
      }
    }
    const blank: ObservedTrait = { value: "", at: 1, source: "web" }
    expect(mergeObservedTrait("nickname", undefined, blank, {})).toBe(blank)
  })

  it("gives the same value whatever order observations arrive in (property)", () => {
    fc.assert(
      fc.property(
        fc.array(arbObserved, { minLength: 1, maxLength: 6 }).chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length }))),
        arbConfig,
        ([list, shuffled], config) => {
          expect(fold("nickname", shuffled, config)).toEqual(fold("nickname", list, config))
        }
      )
    )
  })

  it("folds to the value, time and source mergeTraits gives for the same observations, ties included (property)", () => {
    fc.assert(
      fc.property(fc.array(arbObserved, { minLength: 1, maxLength: 6 }), arbConfig, (observations, config) => {
        const folded = fold("nickname", observations, config)!
        const all = mergeTraits(
          observations.map((o, i) => ({ name: "nickname", value: o.value, source: o.source, observedAt: new Date(o.at), recordId: `r${i}` })),
          config
        )["nickname"]!
        expect({ value: all.value, at: all.observedAt.getTime(), source: all.source }).toEqual({ value: folded.value, at: folded.at, source: folded.source })
      })
    )
  })
})

describe("mergeObservedTraitsInto", () => {
  it("merges each trait in place and reports whether anything changed", () => {
    const traits: Record<string, ObservedTrait> = { otherPhones: { value: ["+84912345678"], at: 1, source: "web" } }
    expect(mergeObservedTraitsInto(traits, { otherPhones: { value: ["+84987654321"], at: 2, source: "zalo" } })).toBe(true)
    expect(traits["otherPhones"]).toEqual({ value: ["+84912345678", "+84987654321"], at: 2, source: "zalo" })
    expect(mergeObservedTraitsInto(traits, { otherPhones: { value: ["+84912345678"], at: 0, source: "web" } })).toBe(false)
    expect(mergeObservedTraitsInto(traits, { fullName: { value: "Lan", at: 3, source: "crm" } })).toBe(true)
    expect(mergeObservedTraitsInto(traits, { fullName: { value: "Old", at: 1, source: "web" } }, { strategies: { fullName: "most_trusted" }, sourceTrust: ["crm"] })).toBe(false)
    expect(traits["fullName"]).toEqual({ value: "Lan", at: 3, source: "crm" })
  })
})

describe("isEmptyTraitValue", () => {
  it.each([
    [undefined, true],
    [null, true],
    ["", true],
    [" \t\n", true],
    [[], true],
    [0, false],
    [false, false],
    ["Lan", false],
    [[""], false],
    [{}, false]
  ])("%j is empty: %s", (value, empty) => {
    expect(isEmptyTraitValue(value)).toBe(empty)
  })
})

describe("mergeTraits with ties on time", () => {
  it("orders equal times by value, then source, then record id, like a held value would", () => {
    const at = new Date("2025-03-01T02:00:00Z")
    const merged = mergeTraits([
      { name: "fullName", value: "Bình", source: "web", observedAt: at, recordId: "r-1" },
      { name: "fullName", value: "An", source: "zalo_oa", observedAt: at, recordId: "r-2" },
      { name: "tags", value: ["vip"], source: "crm", observedAt: at, recordId: "r-1" },
      { name: "tags", value: ["b2b"], source: "web", observedAt: at, recordId: "r-2" }
    ])
    expect(merged["fullName"]).toMatchObject({ value: "Bình", recordId: "r-1" })
    expect(merged["tags"]).toMatchObject({ value: ["b2b", "vip"], source: "web", recordId: "r-2", contributors: ["r-2", "r-1"] })
  })
})
