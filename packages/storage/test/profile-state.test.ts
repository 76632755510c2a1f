import { describe, expect, it } from "vitest"
import { traitsFromJson, storedTraitValues } from "../src/profile-state.js"

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
