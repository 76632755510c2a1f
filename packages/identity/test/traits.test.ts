import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { mergeTraits, observationsOfTraits, type TraitObservation } from "../src/index.js"

const at = (day: number) => new Date(Date.UTC(2025, 0, day))
const seen = (name: string, value: unknown, source: string, day: number, recordId = `r${day}-${source}`): TraitObservation => ({
  name,
  value,
  source,
  observedAt: at(day),
  recordId
})

describe("mergeTraits (IDN-10)", () => {
  const observations = [
    seen("fullName", "Lan", "zalo_oa", 1),
    seen("fullName", "", "web", 5), // empty never wins
    seen("fullName", "Nguyễn Thị Lan", "file_import", 3),
    seen("fullName", "Lan N.", "shopee", 2)
  ]

  it("newest (the default) keeps the latest non-empty value, with its provenance", () => {
    expect(mergeTraits(observations)["fullName"]).toEqual({
      value: "Nguyễn Thị Lan",
      source: "file_import",
      observedAt: at(3),
      recordId: "r3-file_import",
      strategy: "newest"
    })
  })

  it("oldest and first_non_empty keep the first observed value", () => {
    expect(mergeTraits(observations, { strategies: { fullName: "oldest" } })["fullName"]).toMatchObject({ value: "Lan", source: "zalo_oa" })
    expect(mergeTraits(observations, { defaultStrategy: "first_non_empty" })["fullName"]).toMatchObject({ value: "Lan", strategy: "first_non_empty" })
  })

  it("most_trusted follows the source ranking, newest among equals", () => {
    const config = { strategies: { fullName: "most_trusted" as const }, sourceTrust: ["shopee", "zalo_oa"] }
    expect(mergeTraits(observations, config)["fullName"]).toMatchObject({ value: "Lan N.", source: "shopee" })
    const unranked = { strategies: { fullName: "most_trusted" as const }, sourceTrust: ["manual"] }
    expect(mergeTraits(observations, unranked)["fullName"]).toMatchObject({ value: "Nguyễn Thị Lan" })
  })

  it("union collects the distinct values of list traits, sorted by value", () => {
    const merged = mergeTraits([
      seen("otherPhones", ["+84912345678", "+84987654321"], "web", 2),
      seen("otherPhones", ["+84912345678"], "zalo_oa", 1),
      seen("otherPhones", [], "shopee", 3),
      seen("tags", "vip", "manual", 4),
      seen("tags", ["vip", "wholesale"], "file_import", 5)
    ])
    expect(merged["otherPhones"]).toMatchObject({ value: ["+84912345678", "+84987654321"], strategy: "union", contributors: ["r1-zalo_oa", "r2-web"] })
    expect(merged["tags"]).toMatchObject({ value: ["vip", "wholesale"], source: "file_import" })
  })

  it("does not depend on the order of observations", () => {
    const observation = fc.record({
      name: fc.constantFrom("fullName", "otherEmails", "city"),
      value: fc.oneof(fc.constantFrom("a", "b", "", null), fc.array(fc.constantFrom("x@a.vn", "y@b.vn"), { maxLength: 2 })),
      source: fc.constantFrom("web", "zalo_oa", "manual"),
      observedAt: fc.integer({ min: 1, max: 5 }).map(at),
      recordId: fc.constantFrom("r1", "r2", "r3", "r4")
    })
    fc.assert(
      fc.property(
        fc.uniqueArray(observation, { selector: (o) => `${o.name}/${o.recordId}`, maxLength: 10 }).chain((list) =>
          fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }))
        ),
        fc.constantFrom("newest", "oldest", "union", "most_trusted") ,
        ([list, shuffled], strategy) => {
          const config = { defaultStrategy: strategy, sourceTrust: ["manual", "zalo_oa"] }
          expect(mergeTraits(shuffled, config)).toEqual(mergeTraits(list, config))
        }
      )
    )
  })

  it("observationsOfTraits turns a record's traits into observations", () => {
    expect(observationsOfTraits({ fullName: "Lan", city: "Huế" }, { recordId: "r1", source: "web", observedAt: at(1) })).toEqual([
      { name: "fullName", value: "Lan", source: "web", observedAt: at(1), recordId: "r1" },
      { name: "city", value: "Huế", source: "web", observedAt: at(1), recordId: "r1" }
    ])
    expect(observationsOfTraits(undefined, { recordId: "r1", source: "web", observedAt: at(1) })).toEqual([])
  })
})
