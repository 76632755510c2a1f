// What validation accepts is exactly what both SQL engines store and read back
// unchanged: any input either decodes to an event whose stored JSON decodes to
// the same event, or is refused with a typed InvalidInput naming the field.
// Never an exception.
import { arbKithEvent } from "@kith/testkit"
import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  DefaultStorableLimits,
  decodeEventResult,
  decodeStorableEvent,
  encodeEvent,
  type EventId,
  type InputIssue,
  isDecodedStorableEvent,
  type JsonValue,
  type KithEvent,
  type StorableEvent,
  storableJsonOf,
  withRawCall
} from "../src/index.js"
import { pathsOf } from "./mutations.js"

const base = { type: "track", messageId: "m-1", timestamp: "2025-03-01T00:30:00+07:00", userId: "u-1", event: "Lucky Wheel Spun" }

const refusal = (input: unknown): ReadonlyArray<InputIssue> => {
  const result = decodeEventResult(input)
  if (Result.isSuccess(result)) throw new Error("expected a refusal")
  expect(result.failure._tag).toBe("InvalidInput")
  return result.failure.issues
}

const pathsRefused = (input: unknown): Array<string> => refusal(input).map((i) => i.path)

const nested = (depth: number): unknown => {
  let value: unknown = 1
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

describe("a storable event: instants within years 0001–9999", () => {
  it.each([
    ["new Date(8.64e15), year 275760", new Date(8.64e15)],
    ["year 0", new Date("0000-06-01T00:00:00Z")],
    ["year 10000", new Date("+010000-01-01T00:00:00Z")],
    ["an invalid Date", new Date(NaN)]
  ])("refuses a Date timestamp: %s", (_, timestamp) => {
    expect(pathsRefused({ ...base, timestamp })).toEqual(["timestamp"])
  })

  it.each([
    ["local year 0001 that is year 0 in UTC", "0001-01-01T00:00:00+07:00"],
    ["local year 9999 that is year 10000 in UTC", "9999-12-31T23:00:00-05:00"]
  ])("refuses an instant string: %s", (_, timestamp) => {
    expect(pathsRefused({ ...base, timestamp })).toEqual(["timestamp"])
  })

  it("accepts the first and the last millisecond of the range", () => {
    for (const timestamp of ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", new Date("0001-01-01T00:00:00Z"), new Date("9999-12-31T23:59:59.999Z")]) {
      expect(Result.isSuccess(decodeEventResult({ ...base, timestamp }))).toBe(true)
    }
  })

  it("refuses a Date outside the range anywhere, naming its path", () => {
    expect(pathsRefused({ ...base, properties: { when: [new Date(8.64e15)] } })).toEqual(["properties.when[0]"])
  })
})

describe("a storable event: well-formed Unicode without NUL", () => {
  it.each([
    ["messageId", { ...base, messageId: "m-\u0000" }, "messageId"],
    ["a custom property", { ...base, properties: { note: "a\u0000b" } }, "properties.note"],
    ["a property name", { ...base, properties: { "a\u0000b": 1 } }, "properties.a\u0000b"],
    ["a trait", { type: "identify", messageId: "m-1", timestamp: "2025-03-01T00:00:00Z", anonymousId: "c\u0000", traits: {} }, "anonymousId"]
  ])("refuses a NUL character in %s", (_, input, path) => {
    const issues = refusal(input)
    expect(issues.map((i) => i.path)).toEqual([path])
    expect(issues[0]!.message).toMatch(/NUL/)
  })

  it.each([
    ["a lone high surrogate in messageId", { ...base, messageId: "m-\uD800" }, "messageId"],
    ["a lone low surrogate in a property", { ...base, properties: { x: "\uDC00x" } }, "properties.x"],
    ["a reversed pair in a trait name", { type: "identify", messageId: "m-1", timestamp: "2025-03-01T00:00:00Z", userId: "u-1", traits: { "\uDC00\uD800": 1 } }, "traits.\uDC00\uD800"]
  ])("refuses %s", (_, input, path) => {
    const issues = refusal(input)
    expect(issues.map((i) => i.path)).toEqual([path])
    expect(issues[0]!.message).toMatch(/Unicode/)
  })

  it("keeps well-formed pairs (emoji) and other control characters as they are", () => {
    const result = decodeEventResult({ ...base, properties: { note: "😀\t\n\u0001\uFFFF" } })
    expect(Result.isSuccess(result) && result.success.type === "track" && result.success.properties).toEqual({ note: "😀\t\n\u0001\uFFFF" })
  })
})

describe("a storable event: JSON values only, bounded", () => {
  it("refuses a BigInt with a typed error", () => {
    expect(pathsRefused({ ...base, properties: { n: 10n } })).toEqual(["properties.n"])
  })

  it("refuses a circular value with a typed error", () => {
    const properties: Record<string, unknown> = { a: 1 }
    properties["self"] = properties
    expect(pathsRefused({ ...base, properties })).toEqual(["properties.self"])
  })

  it("accepts a value shared twice (not a cycle)", () => {
    const shared = { a: 1 }
    expect(Result.isSuccess(decodeEventResult({ ...base, properties: { x: shared, y: [shared] } }))).toBe(true)
  })

  it.each([5_000, 65])("refuses nesting %i levels deep with a typed error", (depth) => {
    const issues = refusal({ ...base, properties: { v: nested(depth) } })
    expect(issues).toHaveLength(1)
    expect(issues[0]!.path.startsWith("properties.v")).toBe(true)
    expect(issues[0]!.message).toMatch(/64 levels/)
  })

  it("accepts nesting up to 64 levels", () => {
    // The event is level 1, properties level 2, v level 3.
    expect(Result.isSuccess(decodeEventResult({ ...base, properties: { v: nested(61) } }))).toBe(true)
  })

  it("refuses an object with more than 1,000 keys", () => {
    const wide = Object.fromEntries(Array.from({ length: 1_001 }, (_, i) => [`k${i}`, i]))
    expect(pathsRefused({ ...base, properties: wide })).toEqual(["properties"])
  })

  it("refuses a value with a toJSON method instead of storing what toJSON returns", () => {
    const sneaky = { ...base, toJSON: () => ({ ...base, messageId: "someone-else" }) }
    expect(pathsRefused(sneaky)).toEqual(["toJSON"])
    expect(pathsRefused({ ...base, properties: { money: { amount: 1, toJSON: () => "1 VND" } } })).toEqual(["properties.money.toJSON"])
  })

  it.each([
    ["a Map", new Map([["a", 1]])],
    ["a Set", new Set([1])],
    ["a class instance", new (class Point { x = 1 })()],
    ["a typed array", new Uint8Array(2)],
    ["a boxed string", Object("x")],
    ["a function", () => 1],
    ["a symbol", Symbol("s")],
    ["undefined", undefined],
    ["NaN", NaN],
    ["Infinity", -Infinity]
  ])("refuses %s, naming the field", (_, value) => {
    expect(pathsRefused({ ...base, properties: { x: value } })).toEqual(["properties.x"])
  })

  it("stores -0 as 0, as JSON does", () => {
    const result = decodeEventResult({ ...base, properties: { x: -0 } })
    expect(Result.isSuccess(result) && result.success.type === "track" && Object.is((result.success.properties as { x: number }).x, 0)).toBe(true)
  })

  it("keeps trait and property names that Object.prototype also has", () => {
    const names = ["constructor", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf", "__proto__"]
    const traits = JSON.parse(`{${names.map((n, i) => `"${n}": ${i}`).join(", ")}}`) as Record<string, unknown>
    const result = decodeEventResult({ type: "identify", messageId: "m-1", timestamp: "2025-03-01T00:00:00Z", userId: "u-1", traits })
    if (Result.isFailure(result)) throw new Error(result.failure.message)
    const decoded = (result.success as { traits: Record<string, unknown> }).traits
    expect(Object.keys(decoded)).toEqual(names)
    names.forEach((n, i) => expect(Object.getOwnPropertyDescriptor(decoded, n)?.value).toBe(i))
  })
})

// ---------------------------------------------------------------------------
// The property: any JSON-ish input, anywhere in an event.

const cyclic = (): unknown => {
  const value: Record<string, unknown> = { a: [1] }
  ;(value["a"] as Array<unknown>).push(value)
  return value
}

/** Values that are, or look like, JSON: the cases found by fuzzing and fast-check's `anything`. */
const arbJsonish: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue() },
  {
    weight: 3,
    arbitrary: fc.anything({
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
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom("a", "\u0000", "\uD800", "\uDC00", "😀", "\t", "\uFFFF") }) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15) }),
      fc.constantFrom(new Date(8.64e15), new Date(-8.64e15), new Date("0000-12-31T23:59:59.999Z"), new Date("+010000-01-01T00:00:00Z"), new Date(NaN))
    )
  },
  { weight: 1, arbitrary: fc.constantFrom(10n, -0, NaN, Infinity, undefined, Symbol("s"), () => 1) },
  { weight: 1, arbitrary: fc.integer({ min: 60, max: 6_000 }).map(nested) },
  { weight: 1, arbitrary: fc.constant(null).map(cyclic) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => ({ toJSON: () => v })) },
  { weight: 1, arbitrary: fc.constantFrom("constructor", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf", "__proto__").map((k) => JSON.parse(`{"${k}": 1}`) as unknown) }
)

const define = (target: object, key: string | number, value: unknown) =>
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true })

/** A valid event (as JSON) with one place replaced by, or extended with, a JSON-ish value. */
const arbInput: fc.Arbitrary<unknown> = fc
  .tuple(arbKithEvent, fc.nat(), arbJsonish, fc.oneof(fc.constant(undefined), fc.string({ unit: "binary", maxLength: 8 })), fc.boolean())
  .map(([event, at, value, key, asDates]) => {
    const root = asDates ? (JSON.parse(JSON.stringify(encodeEvent(event))) as unknown) : (encodeEvent(event) as unknown)
    const paths = pathsOf(root)
    const path = paths[at % paths.length]!
    if (path.length === 0) return key === undefined ? value : define(root as object, key, value)
    const parent = path.slice(0, -1).reduce<unknown>((node, k) => (node as Record<string | number, unknown>)[k], root) as object
    const here = (parent as Record<string | number, unknown>)[path[path.length - 1]!]
    if (key !== undefined && typeof here === "object" && here !== null && !Array.isArray(here) && !(here instanceof Date)) define(here, key, value)
    else define(parent, path[path.length - 1]!, value)
    return root
  })

// A string the SQL engines cannot keep as it is (a NUL, a lone surrogate), anywhere in a JSON value.
const unstorableText = (value: unknown): string | undefined => {
  const strings = typeof value === "string" ? [value] : Array.isArray(value) ? [] : typeof value === "object" && value !== null ? Object.keys(value) : []
  for (const s of strings) if (/[\u0000\p{Cs}]/u.test(s)) return s
  const children = Array.isArray(value) ? value : typeof value === "object" && value !== null ? Object.values(value) : []
  for (const child of children) {
    const found = unstorableText(child)
    if (found !== undefined) return found
  }
  return undefined
}

const readBack = (stored: string): KithEvent => {
  const result = decodeEventResult(JSON.parse(stored))
  if (Result.isFailure(result)) throw new Error(`the stored JSON no longer decodes: ${result.failure.message}`)
  return result.success
}

describe("a storable event (property)", () => {
  it("either refuses the input with a typed error naming the field, or stores JSON that reads back as the same event", () =>
    fc.assert(
      fc.property(arbInput, (input) => {
        let result: ReturnType<typeof decodeEventResult>
        try {
          result = decodeEventResult(input)
        } catch (e) {
          throw new Error(`decoding threw instead of refusing: ${String(e)}`)
        }
        if (Result.isFailure(result)) {
          expect(result.failure._tag).toBe("InvalidInput")
          expect(result.failure.issues.length).toBeGreaterThan(0)
          for (const issue of result.failure.issues) expect(typeof issue.path).toBe("string")
          return
        }
        // Accepted: what a store writes (the input as JSON) is well-formed, NUL-free and reads back equal.
        const stored = JSON.stringify(input)
        expect(unstorableText(JSON.parse(stored))).toBeUndefined()
        expect(readBack(stored)).toEqual(result.success)
      })
    ))
})

// withRawCall walks only the raw call it adds, within what the event leaves of the limits; it must keep exactly what
// the walk of the whole event with its raw call keeps, and refuse with the same issues.
describe("an event with its raw call", () => {
  const reference = (decoded: StorableEvent, raw: unknown) => storableJsonOf({ ...(decoded.json as Record<string, JsonValue>), raw }, "event")

  const expectSameAsWholeWalk = (decoded: StorableEvent, raw: unknown) => {
    const kept = withRawCall(decoded, raw)
    const whole = reference(decoded, raw)
    if (Result.isFailure(whole)) {
      expect(Result.isFailure(kept) && kept.failure.issues).toStrictEqual(whole.failure.issues)
      return "refused"
    }
    if (Result.isFailure(kept)) throw new Error(`refused what the whole walk keeps: ${kept.failure.message}`)
    expect(kept.success.json).toStrictEqual(whole.success)
    expect(JSON.stringify(kept.success.json)).toBe(JSON.stringify(whole.success))
    expect(kept.success.event.raw).toStrictEqual((whole.success as { readonly raw: unknown }).raw)
    expect(isDecodedStorableEvent(kept.success)).toBe(true)
    return "kept"
  }

  const decodedOf = (event: KithEvent): StorableEvent => Result.getOrThrow(decodeStorableEvent(encodeEvent(event)))

  it("keeps or refuses any raw object as the walk of the whole event does", () =>
    fc.assert(
      fc.property(arbKithEvent, fc.dictionary(fc.string(), arbJsonish, { maxKeys: 4 }), (event, raw) => {
        expectSameAsWholeWalk(decodedOf(event), raw)
      }),
      { numRuns: 1000 }
    ))

  it("agrees at the limits: values, depth, and a raw call kept twice", () => {
    const decoded = decodedOf({ type: "alias", messageId: "m-1" as EventId, timestamp: new Date("2025-03-01T00:00:00Z"), userId: "u-1", previousId: "c-1" })
    // The event holds 6 values (itself and its five fields), the raw object and its array 2 more.
    const items = (n: number) => ({ items: Array.from({ length: n }, () => 0) })
    expect(expectSameAsWholeWalk(decoded, items(DefaultStorableLimits.maxValues - 8))).toBe("kept")
    expect(expectSameAsWholeWalk(decoded, items(DefaultStorableLimits.maxValues - 7))).toBe("refused")
    const deep = (levels: number): Record<string, unknown> => {
      let value: Record<string, unknown> = {}
      for (let i = 1; i < levels; i++) value = { a: value }
      return value
    }
    // The raw call is level 2 of the event: 63 levels of it fit in 64.
    expect(expectSameAsWholeWalk(decoded, deep(DefaultStorableLimits.maxDepth - 1))).toBe("kept")
    expect(expectSameAsWholeWalk(decoded, deep(DefaultStorableLimits.maxDepth))).toBe("refused")
    const once = Result.getOrThrow(withRawCall(decoded, { a: 1 }))
    expect(expectSameAsWholeWalk(once, { b: 2 })).toBe("kept")
  })
})

// A store writes a decoded event without decoding it again only when this module made that very object: a copy, made
// any way, is decoded again from its json.
describe("an event decoded here", () => {
  const decoded = Result.getOrThrow(decodeStorableEvent({ ...base, properties: { spins: 2 } }))

  it("is known as decoded, and no copy of it is", () => {
    expect(isDecodedStorableEvent(decoded)).toBe(true)
    expect(isDecodedStorableEvent({ ...decoded })).toBe(false)
    expect(isDecodedStorableEvent({ event: decoded.event, json: decoded.json })).toBe(false)
    expect(isDecodedStorableEvent(structuredClone(decoded))).toBe(false)
    expect(isDecodedStorableEvent(Object.create(decoded) as StorableEvent)).toBe(false)
    // A caller without types may pass anything else: an answer, never a throw.
    for (const other of ["x", 7, undefined, null]) expect(isDecodedStorableEvent(other as unknown as StorableEvent)).toBe(false)
  })

  it("has the keys of an event and its json, and serializes as they do", () => {
    expect(Object.keys(decoded)).toEqual(["event", "json"])
    expect(decoded).toEqual({ event: decoded.event, json: decoded.json })
    expect(JSON.parse(JSON.stringify(decoded))).toEqual({ json: decoded.json, event: JSON.parse(JSON.stringify(decoded.event)) })
  })

  it("keeps a raw call the same whether it is the event made here or a copy of it", () => {
    const raw = { note: "kept", context: { library: { name: "analytics.js" } } }
    const fromMade = Result.getOrThrow(withRawCall(decoded, raw))
    const fromCopy = Result.getOrThrow(withRawCall({ ...decoded }, raw))
    expect(fromMade.json).toStrictEqual(fromCopy.json)
    expect(isDecodedStorableEvent(fromMade)).toBe(true)
    expect(isDecodedStorableEvent(fromCopy)).toBe(true)
  })
})
