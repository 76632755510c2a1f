// Trait names are data: a trait named like an Object.prototype member merges like any other.
import { describe, expect, it } from "vitest"
import { mergeObservedTraitsInto, mergeTraits, type ObservedTrait, type TraitObservation } from "../src/index.js"

const names = ["constructor", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf", "__proto__"]
const seen = (name: string, value: unknown, day: number, recordId: string): TraitObservation => ({
  name, value, source: "web", observedAt: new Date(Date.UTC(2025, 2, day)), recordId
})

describe("mergeTraits with trait names Object.prototype also has", () => {
  it("merges each by its strategy and keeps it as an own key", () => {
    const merged = mergeTraits(names.flatMap((n) => [seen(n, `old ${n}`, 1, "a"), seen(n, `new ${n}`, 2, "b")]))
    expect(Object.keys(merged).sort()).toEqual([...names].sort())
    for (const n of names) expect(Object.getOwnPropertyDescriptor(merged, n)?.value).toMatchObject({ value: `new ${n}`, strategy: "newest" })
  })

  it("takes strategies from own keys of the configuration only", () => {
    const strategies = JSON.parse('{"__proto__": "oldest", "toString": "union"}') as Record<string, "oldest" | "union">
    const merged = mergeTraits(names.flatMap((n) => [seen(n, `old ${n}`, 1, "a"), seen(n, `new ${n}`, 2, "b")]), { strategies })
    expect(Object.getOwnPropertyDescriptor(merged, "__proto__")?.value).toMatchObject({ value: "old __proto__", strategy: "oldest" })
    expect(Object.getOwnPropertyDescriptor(merged, "toString")?.value).toMatchObject({ value: ["new toString", "old toString"], strategy: "union" }) // a union is sorted by value
    expect(Object.getOwnPropertyDescriptor(merged, "constructor")?.value).toMatchObject({ value: "new constructor", strategy: "newest" })
  })
})

describe("mergeObservedTraitsInto with trait names Object.prototype also has", () => {
  it("folds each incoming trait, from a record with a prototype, into its own key of a record without one", () => {
    const incoming = JSON.parse('{"__proto__": {"value": "p", "at": 2, "source": "web"}, "constructor": {"value": "c", "at": 2, "source": "web"}}') as Record<string, ObservedTrait>
    const target = Object.create(null) as Record<string, ObservedTrait>
    expect(mergeObservedTraitsInto(target, incoming)).toBe(true)
    expect(Object.keys(target)).toEqual(["__proto__", "constructor"])
    expect(Object.getOwnPropertyDescriptor(target, "__proto__")?.value).toEqual({ value: "p", at: 2, source: "web" })
    // An older observation changes nothing under the newest strategy; a newer one replaces it.
    expect(mergeObservedTraitsInto(target, JSON.parse('{"__proto__": {"value": "older", "at": 1, "source": "web"}}') as Record<string, ObservedTrait>)).toBe(false)
    expect(mergeObservedTraitsInto(target, JSON.parse('{"__proto__": {"value": "newer", "at": 3, "source": "web"}}') as Record<string, ObservedTrait>)).toBe(true)
    expect(Object.getOwnPropertyDescriptor(target, "__proto__")?.value).toEqual({ value: "newer", at: 3, source: "web" })
    expect(Object.getPrototypeOf(target)).toBeNull()
  })
})
