import { mergeObservedTraitsInto } from "@kith/identity"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { mergeTraitsInto, storedTraitValues, traitsFromJson } from "../src/profile-state.js"

describe("storedTraitValues", () => {
  const stored = '{"fullName":{"value":"Nguyễn Thị Lan","at":1,"source":"web"},"constructor":{"value":"c","at":2,"source":"web"},"__proto__":{"value":"p","at":3,"source":"web"},"tags":{"value":["vip"],"at":4,"source":"pos"}}'

  it("gives each trait's value under its own name, in a record without a prototype", () => {
    const values = storedTraitValues(traitsFromJson(stored))
    expect(Object.getPrototypeOf(values)).toBeNull()
    expect(Object.keys(values)).toEqual(["fullName", "constructor", "__proto__", "tags"])
    expect(values["fullName"]).toBe("Nguyễn Thị Lan")
    expect(values["constructor"]).toBe("c")
    expect(Object.getOwnPropertyDescriptor(values, "__proto__")?.value).toBe("p")
    expect(values["tags"]).toEqual(["vip"])
  })

  it("reads a __proto__ trait as data from a record that has a prototype too", () => {
    // JSON.parse keeps "__proto__" as an own data key of an ordinary object.
    const plain = JSON.parse(stored) as Record<string, { readonly value: unknown; readonly at: number; readonly source: string }>
    const values = storedTraitValues(plain)
    expect(Object.getOwnPropertyDescriptor(values, "__proto__")?.value).toBe("p")
    expect(Object.keys(values)).toEqual(["fullName", "constructor", "__proto__", "tags"])
  })
})

describe("mergeTraitsInto", () => {
  const seen = (value: unknown, at: number, source = "web") => ({ value, at, source })

  it("tells a value observed again from a changed value, for text, lists and objects", () => {
    const traits = traitsFromJson(JSON.stringify({ fullName: seen("Lan", 1), tags: seen(["vip"], 1), address: seen({ province: "Hà Nội", district: "Cầu Giấy" }, 1) }))
    expect(mergeTraitsInto(traits, {})).toBe("none")
    // Equal values in new objects, seen later through another source: only the observation moved.
    expect(mergeTraitsInto(traits, { fullName: seen("Lan", 2, "zalo"), address: seen({ province: "Hà Nội", district: "Cầu Giấy" }, 2, "zalo") })).toBe("observation")
    expect(traits["fullName"]).toEqual(seen("Lan", 2, "zalo"))
    expect(mergeTraitsInto(traits, { tags: seen(["sỉ"], 3) })).toBe("values")
    expect(storedTraitValues(traits)["tags"]).toEqual(["sỉ", "vip"])
    expect(mergeTraitsInto(traits, { address: seen({ province: "Hà Nội", district: "Ba Đình" }, 4) })).toBe("values")
  })

  it("counts a trait seen for the first time, __proto__ included, as a changed value", () => {
    const traits = traitsFromJson("{}")
    expect(mergeTraitsInto(traits, traitsFromJson('{"__proto__":{"value":"p","at":1,"source":"web"}}'))).toBe("values")
    expect(Object.getOwnPropertyDescriptor(storedTraitValues(traits), "__proto__")?.value).toBe("p")
    expect(mergeTraitsInto(traits, traitsFromJson('{"__proto__":{"value":"p","at":2,"source":"web"}}'))).toBe("observation")
  })

  it("says what changed exactly when mergeObservedTraitsInto changes something, whatever the traits (property)", () => {
    const value = fc.oneof(fc.constantFrom("Lan", "Hoa", ""), fc.integer({ min: 0, max: 2 }), fc.array(fc.constantFrom("vip", "sỉ"), { maxLength: 2 }))
    const observed = fc.dictionary(fc.constantFrom("fullName", "tags", "income", "__proto__"), fc.record({ value, at: fc.integer({ min: 0, max: 5 }), source: fc.constantFrom("web", "zalo") }))
    fc.assert(
      fc.property(observed, observed, (held, incoming) => {
        const asJson = (t: object) => traitsFromJson(JSON.stringify(t))
        const traits = asJson(held)
        const reference = asJson(held)
        const valuesBefore = JSON.stringify(storedTraitValues(traits))
        const change = mergeTraitsInto(traits, asJson(incoming))
        const moved = mergeObservedTraitsInto(reference, asJson(incoming))
        expect(JSON.stringify(traits)).toBe(JSON.stringify(reference))
        expect(change === "none").toBe(!moved)
        if (change === "observation") expect(JSON.stringify(storedTraitValues(traits))).toBe(valuesBefore)
        if (change === "values") expect(JSON.stringify(storedTraitValues(traits))).not.toBe(valuesBefore)
      })
    )
  })
})
