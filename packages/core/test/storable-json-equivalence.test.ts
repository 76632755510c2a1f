// The quick-pass storableJsonOf accepts and refuses exactly what the
// path-keeping walk it replaced did, with the same copy and the same issues.
import { arbKithEvent } from "@kith/testkit"
import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { encodeEvent, type StorableLimits, storableJsonOf } from "../src/index.js"
import { referenceStorableJsonOf } from "./storable-json-reference.js"

const nested = (depth: number): unknown => {
  let value: unknown = 1
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

const cyclic = (): unknown => {
  const value: Record<string, unknown> = { a: [1] }
  ;(value["a"] as Array<unknown>).push(value)
  return value
}

// Values no JSON parser makes: getters and proxy traps that throw, a getter
// that answers with a Date, objects from another prototype, toJSON anywhere.
const nasty: fc.Arbitrary<unknown> = fc.constantFrom<() => unknown>(
  () => Object.defineProperty({}, "boom", { enumerable: true, get: () => { throw new Error("no") } }),
  () => Object.defineProperty({ a: 1 }, "when", { enumerable: true, get: () => new Date(0) }),
  () => new Proxy({ a: 1 }, { ownKeys: () => { throw new Error("trap") } }),
  () => new Proxy([1, 2], { get: (t, k) => (k === "length" ? 2 : Reflect.get(t, k)) }),
  () => new Proxy({}, { getPrototypeOf: () => { throw new Error("proto trap") } }),
  () => Object.assign([1, 2], { toJSON: () => "x" }),
  () => ({ toJSON: 1, a: "b" }),
  () => ({ "__proto__": 1, constructor: "c" }),
  () => JSON.parse('{"__proto__": {"x": 1}}') as unknown,
  () => Object.create(null) as unknown,
  () => Object.create({ inherited: 1 }) as unknown,
  () => new (class Point { x = 1 })(),
  () => ({ [Symbol("s")]: 1, a: 1 }),
  () => Object.assign(new Date(0), { extra: 1 }),
  () => ({ [Symbol.toStringTag]: "Date" }),
  () => new Array(3),
  cyclic,
  () => {
    const shared = { a: [1] }
    return { x: shared, y: [shared, shared] }
  }
).map((make) => make())

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 3,
    arbitrary: fc.anything({
      maxDepth: 3,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true
    })
  },
  { weight: 2, arbitrary: fc.string({ unit: "binary" }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom("a", "ễ", "\u0000", "\uD800", "\uDC00", "😀", "\t", "\uFFFF") }) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15) }),
      fc.constantFrom(new Date(8.64e15), new Date("0000-12-31T23:59:59.999Z"), new Date("0001-01-01T00:00:00Z"), new Date("+010000-01-01T00:00:00Z"), new Date(NaN))
    )
  },
  { weight: 1, arbitrary: fc.constantFrom(10n, -0, NaN, Infinity, -Infinity, undefined, Symbol("s"), () => 1) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 80 }).map(nested) },
  { weight: 2, arbitrary: nasty }
)

// Trees of such leaves with keys that are themselves unusual (NUL, lone surrogates, toJSON, __proto__).
const key = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom("toJSON", "__proto__", "constructor", "a\u0000", "\uD800", "😀"))
const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("tree"), { maxLength: 5 }),
    fc.array(fc.tuple(key, tie("tree")), { maxLength: 6 }).map((entries) => {
      const out: Record<string, unknown> = {}
      for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true })
      return out
    })
  )
}))

// Valid events with one place replaced by such a tree: inputs close to what decoding sees.
const eventWithOdd: fc.Arbitrary<unknown> = fc.tuple(arbKithEvent, tree, key).map(([event, value, k]) => {
  const json = encodeEvent(event) as unknown as Record<string, unknown>
  const properties = json["properties"] ?? json["traits"] ?? json
  Object.defineProperty(properties, k, { value, writable: true, enumerable: true, configurable: true })
  return json
})

const limitsArb: fc.Arbitrary<StorableLimits | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({ maxDepth: fc.integer({ min: 0, max: 6 }), maxKeys: fc.integer({ min: 0, max: 6 }), maxValues: fc.integer({ min: 0, max: 40 }) })
)

// Structural identity of two copies: the same prototype, the same own keys in the same order, the same
// primitives by Object.is (so -0 and 0 differ). toStrictEqual cannot be used: it reads a `constructor` key.
const identical = (a: unknown, b: unknown): boolean => {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return Object.is(a, b)
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b) || Array.isArray(a) !== Array.isArray(b)) return false
  const keys = Object.keys(a)
  const others = Object.keys(b)
  if (keys.length !== others.length || keys.some((k, i) => k !== others[i])) return false
  return keys.every((k) => identical(Object.getOwnPropertyDescriptor(a, k)?.value, Object.getOwnPropertyDescriptor(b, k)?.value))
}

const same = (input: unknown, limits: StorableLimits | undefined) => {
  const next = storableJsonOf(input, "event", limits)
  const reference = referenceStorableJsonOf(input, "event", limits)
  expect(Result.isSuccess(next)).toBe(Result.isSuccess(reference))
  if (Result.isSuccess(next) && Result.isSuccess(reference)) {
    expect(identical(next.success, reference.success)).toBe(true)
    expect(JSON.stringify(next.success)).toBe(JSON.stringify(reference.success))
  }
  if (Result.isFailure(next) && Result.isFailure(reference)) {
    expect(next.failure._tag).toBe("InvalidInput")
    expect(next.failure.subject).toBe(reference.failure.subject)
    expect(next.failure.issues).toStrictEqual(reference.failure.issues)
  }
}

describe("storableJsonOf, quick pass then named issues = the path-keeping walk", () => {
  it("on any value, within any limits: the same copy, or the same issues", () =>
    fc.assert(fc.property(tree, limitsArb, (input, limits) => same(input, limits)), { numRuns: 2_000 }))

  it("on events with an odd value anywhere", () => fc.assert(fc.property(eventWithOdd, (input) => same(input, undefined)), { numRuns: 1_000 }))

  it("on inputs past the issue cap and the value limit", () => {
    same(Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`k${i}`, i % 2 === 0 ? 10n : "a\u0000"])), undefined)
    same(Array.from({ length: 60 }, () => [undefined, NaN]), { maxDepth: 64, maxKeys: 1_000, maxValues: 100 })
    same(nested(5_000), undefined)
  })
})
