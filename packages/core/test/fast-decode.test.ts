// The compiled fast path decodes exactly like Effect Schema: for any input it
// either declines (Invalid) or returns a value deep-equal to the interpreter's
// success, and it never accepts an input the schema rejects. Inputs are valid
// events from @kith/testkit, as JSON and with Date instants, and one-place
// mutations of them that are valid or not.
import { arbKithEvent } from "@kith/testkit"
import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  AliasEvent,
  CustomTrackEvent,
  GroupEvent,
  IdentifyEvent,
  type KithEvent,
  PageEvent,
  ScreenEvent,
  TrackEventSchemas,
  decodeEventResult,
  decodeStorableEvent,
  decoderFor,
  encodeEvent,
  issuesOf,
  schemaOfEvent,
  type StorableLimits,
  storableJsonOf
} from "../src/index.js"
import { Invalid, fastDecoderFor, storableDecoderFor } from "../src/fast-decode.js"
import { arbMutation, arbReplacement, mutate, pathsOf } from "./mutations.js"

type AnySchema = Schema.Codec<unknown, unknown, never, never>

const fastOf = (schema: AnySchema) => {
  const fast = fastDecoderFor(schema)
  if (fast === undefined) throw new Error("expected the fast path to compile this schema")
  return fast
}

// Deep-equal, and the same keys in the same order (which `toStrictEqual` ignores).
const expectSameDecoding = (schema: AnySchema, input: unknown) => {
  const fast = fastOf(schema)(input)
  const slow = Schema.decodeUnknownResult(schema)(input)
  if (Result.isFailure(slow)) {
    expect(fast, `accepted what the schema rejects: ${slow.failure.message}`).toBe(Invalid)
    return "rejected"
  }
  if (fast === Invalid) return "declined"
  expect(fast).toStrictEqual(slow.success)
  expect(JSON.stringify(fast)).toBe(JSON.stringify(slow.success))
  return "accepted"
}

const asJson = (event: KithEvent): unknown => JSON.parse(JSON.stringify(encodeEvent(event)))

describe("fast decode = Effect Schema decode", () => {
  it("compiles every event schema (none falls back for good)", () => {
    for (const schema of [IdentifyEvent, PageEvent, ScreenEvent, GroupEvent, AliasEvent, CustomTrackEvent, ...Object.values(TrackEventSchemas)]) {
      expect(fastDecoderFor(schema as unknown as AnySchema)).toBeDefined()
    }
  })

  it("accepts every valid event, as JSON, with the interpreter's value", () =>
    fc.assert(
      fc.property(arbKithEvent, (event) => {
        const schema = schemaOfEvent(event) as AnySchema
        expect(expectSameDecoding(schema, asJson(event))).toBe("accepted")
        // Instants may also arrive as Date instances.
        expect(expectSameDecoding(schema, { ...asJson(event) as object, timestamp: event.timestamp })).toBe("accepted")
      }),
      { numRuns: 500 }
    ))

  it("never accepts a mutated event the schema rejects, and agrees on the ones it accepts", () =>
    fc.assert(
      fc.property(arbKithEvent, fc.array(arbMutation, { minLength: 1, maxLength: 3 }), (event, mutations) => {
        const input = mutations.reduce(mutate, asJson(event))
        expectSameDecoding(schemaOfEvent(event) as AnySchema, input)
        // The schema an event claims may change with the mutation; decodeStorableEvent picks it, and decodes the
        // storable copy of the input (Dates as ISO strings, -0 as 0).
        const fast = decodeStorableEvent(input)
        if (Result.isSuccess(fast)) expect(expectSameDecoding(schemaOfEvent(fast.success.event) as AnySchema, fast.success.json)).toBe("accepted")
      }),
      { numRuns: 3000 }
    ))

  it("handles any value at all at the root", () =>
    fc.assert(
      fc.property(arbReplacement, (input) => {
        expectSameDecoding(IdentifyEvent as unknown as AnySchema, input)
      })
    ))

  it("agrees on the generic shapes other packages decode through decoderFor", () => {
    const shapes = [
      Schema.NullOr(Schema.Number),
      Schema.Union([Schema.String, Schema.Date]),
      Schema.Array(Schema.NullOr(Schema.String.check(Schema.isMaxLength(1)))),
      Schema.Record(Schema.String, Schema.Number),
      Schema.Struct({ a: Schema.optionalKey(Schema.NullOr(Schema.Int)), b: Schema.Literals(["x", "y"]) })
    ] as unknown as ReadonlyArray<AnySchema>
    fc.assert(
      fc.property(fc.oneof(arbReplacement, fc.array(arbReplacement), fc.dictionary(fc.constantFrom("a", "b", "c"), arbReplacement)), (input) => {
        for (const schema of shapes) expectSameDecoding(schema, input)
      }),
      { numRuns: 1000 }
    )
  })
})

// The fused walk (storableDecoderFor) takes the input as given and applies the storable rules as it decodes; it
// must give exactly what decoding the storable copy gives, and decline whatever the copy or the schema refuses.
describe("fused storable decode = storableJsonOf, then Effect Schema decode", () => {
  // One decoder per schema for the default limits, as decodeEventResult keeps them: each input meets what the ones
  // before it, accepted or not, left behind.
  const decoders = new Map<AnySchema, ReturnType<typeof storableDecoderFor>>()
  const decoderOf = (schema: AnySchema, limits: StorableLimits | undefined) => {
    if (limits !== undefined) return storableDecoderFor(schema, limits)
    if (!decoders.has(schema)) decoders.set(schema, storableDecoderFor(schema))
    return decoders.get(schema)
  }

  const expectSameAsCopy = (schema: AnySchema, input: unknown, limits?: StorableLimits) => {
    const fused = decoderOf(schema, limits)
    if (fused === undefined) throw new Error("expected the fused path to compile this schema")
    const value = fused(input)
    const copy = storableJsonOf(input, "event", limits)
    const slow = Result.isSuccess(copy) ? Schema.decodeUnknownResult(schema)(copy.success) : undefined
    if (slow === undefined || Result.isFailure(slow)) {
      expect(value, "accepted what the copy or the schema refuses").toBe(Invalid)
      return "rejected"
    }
    if (value === Invalid) return "declined"
    expect(value).toStrictEqual(slow.success)
    expect(JSON.stringify(value)).toBe(JSON.stringify(slow.success))
    return "accepted"
  }

  it("accepts every valid event, as JSON and with Date instants, with the value of its copy", () =>
    fc.assert(
      fc.property(arbKithEvent, (event) => {
        const schema = schemaOfEvent(event) as AnySchema
        expect(expectSameAsCopy(schema, asJson(event))).toBe("accepted")
        expect(expectSameAsCopy(schema, { ...(asJson(event) as object), timestamp: event.timestamp })).toBe("accepted")
      }),
      { numRuns: 500 }
    ))

  it("agrees on mutated events, whatever the values put in them (Dates, -0, NaN, Maps, null prototypes, ...)", () =>
    fc.assert(
      fc.property(arbKithEvent, fc.array(arbMutation, { minLength: 1, maxLength: 3 }), (event, mutations) => {
        expectSameAsCopy(schemaOfEvent(event) as AnySchema, mutations.reduce(mutate, asJson(event)))
      }),
      { numRuns: 3000 }
    ))

  it("agrees under tight limits on depth, keys and values", () =>
    fc.assert(
      fc.property(
        arbKithEvent,
        fc.record({ maxDepth: fc.integer({ min: 1, max: 5 }), maxKeys: fc.integer({ min: 1, max: 12 }), maxValues: fc.integer({ min: 1, max: 60 }) }),
        (event, limits) => {
          expectSameAsCopy(schemaOfEvent(event) as AnySchema, asJson(event), limits)
        }
      ),
      { numRuns: 1000 }
    ))

  // Strings whose literal or pattern proves them storable are not checked again (acceptsOnlyStorableText): a NUL or
  // half a surrogate pair anywhere, in any value or key name, must still be declined, as the copy refuses it.
  it("declines a NUL or a lone surrogate in any string or key of an event", () =>
    fc.assert(
      fc.property(arbKithEvent, fc.constantFrom("\u0000", "\uD800", "\uDFFF"), fc.nat(), (event, unit, position) => {
        const input = asJson(event)
        const schema = schemaOfEvent(event) as AnySchema
        pathsOf(input).forEach((_, at) => {
          for (const inKey of [false, true]) {
            const corrupted = mutate(input, { op: "corrupt", at, unit, position, inKey })
            if (JSON.stringify(corrupted) === JSON.stringify(input)) continue
            expect(expectSameAsCopy(schema, corrupted)).toBe("rejected")
          }
        })
      }),
      { numRuns: 100 }
    ))

  it("reads only what the copy reads: own enumerable keys, each once", () => {
    const base = { type: "track", messageId: "m-1", timestamp: "2025-03-01T00:00:00Z", event: "Lucky Wheel Spun" }
    const hidden = Object.defineProperty({ ...base }, "userId", { value: "u-1", enumerable: false })
    expect(expectSameAsCopy(CustomTrackEvent as unknown as AnySchema, hidden)).toBe("rejected")
    const inherited = Object.assign(Object.create({ userId: "u-1" }) as object, base)
    expect(expectSameAsCopy(CustomTrackEvent as unknown as AnySchema, inherited)).toBe("rejected")
    let reads = 0
    const counted = Object.defineProperty({ ...base }, "userId", { get: () => {
      reads++
      return "u-1"
    }, enumerable: true })
    expect(expectSameAsCopy(CustomTrackEvent as unknown as AnySchema, counted)).toBe("accepted")
    const fused = storableDecoderFor(CustomTrackEvent as unknown as AnySchema)!
    reads = 0
    fused(counted)
    expect(reads).toBe(1)
  })
})

// A getter of the input may decode other events while the fused walk reads it: each decode keeps its own state.
describe("a decode started by a getter of the input", () => {
  const alias = (id: string) => ({ type: "alias", messageId: `m-${id}`, timestamp: "2025-03-01T00:00:00Z", userId: `u-${id}`, previousId: `p-${id}` })
  const identify = (id: string) => ({ type: "identify", messageId: `m-${id}`, timestamp: "2025-03-01T00:00:00Z", userId: `u-${id}`, context: { channel: "app", os: { name: `os-${id}`, version: "1" } }, traits: { fullName: `n-${id}` } })
  const page = (id: string) => ({ type: "page", messageId: `m-${id}`, timestamp: "2025-03-01T00:00:00Z", anonymousId: `a-${id}`, context: { channel: "web", os: { name: `os-${id}` } } })

  it.each([
    ["the same kind of event", alias, alias],
    ["another kind of event, with parts in common", page, identify],
    ["an event that fails", alias, (id: string) => ({ ...alias(id), timestamp: "never" })]
  ])("leaves the one under way as it was: %s", (_, outerOf, innerOf) => {
    // At each place of the outer event in turn: the inner decode runs while the outer walk is that deep in it.
    for (const path of pathsOf(outerOf("outer")).filter((p) => p.length > 0)) {
      const outer = outerOf("outer") as Record<string, unknown>
      const inner = innerOf("inner")
      const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((node, k) => node[k] as Record<string | number, unknown>, outer)
      const key = path[path.length - 1]!
      const value = parent[key]
      let inside: unknown
      Object.defineProperty(parent, key, {
        enumerable: true,
        get: () => {
          inside = decodeEventResult(inner)
          return value
        }
      })
      const decoded = decodeEventResult(outer)
      expect(Result.getOrThrow(decoded)).toStrictEqual(Result.getOrThrow(decodeEventResult(outerOf("outer"))))
      expect(inside).toStrictEqual(decodeEventResult(innerOf("inner")))
      // And the decoders are left as they were for the next input.
      expect(decodeEventResult(outerOf("again"))).toStrictEqual(decodeEventResult(JSON.parse(JSON.stringify(outerOf("again")))))
    }
  })
})

describe("decoderFor keeps its errors", () => {
  // What decoderFor returned before the fast path and the first-error pass.
  const before = (schema: AnySchema, input: unknown) => {
    const result = Schema.decodeUnknownResult(schema)(input, { errors: "all" })
    return Result.isSuccess(result) ? Result.succeed(result.success) : Result.fail(issuesOf(result.failure.issue))
  }

  it("gives the same value or the same issues as one all-errors decode", () =>
    fc.assert(
      fc.property(arbKithEvent, fc.array(arbMutation, { minLength: 0, maxLength: 2 }), (event, mutations) => {
        const schema = schemaOfEvent(event) as AnySchema
        const input = mutations.reduce(mutate, asJson(event))
        const now = decoderFor("event", schema)(input)
        const then = before(schema, input)
        if (Result.isSuccess(then)) expect(Result.isSuccess(now) && now.success).toStrictEqual(then.success)
        else expect(Result.isFailure(now) && now.failure.issues).toStrictEqual(then.failure)
      }),
      { numRuns: 1000 }
    ))
})

// The fast path runs Effect's length, trim, pattern and integer filters as the tests they make, read from their
// representation; whatever the bounds, repeated or combined, it must pass and fail exactly as they do (and never
// decline: these schemas need nothing it does not model).
describe("length, trim, pattern and integer filters, run inline, decide as Effect's own", () => {
  const arbText = fc.string({ unit: fc.constantFrom("a", " ", "\t", "\n", "ệ", "\u00a0", "😀"), maxLength: 8 })
  const arbBounds = fc.record({ min: fc.nat(6), max: fc.nat(6), secondMax: fc.option(fc.nat(6), { nil: undefined }), trimmed: fc.boolean() })
  const lengthChecks = ({ min, max, secondMax }: { readonly min: number; readonly max: number; readonly secondMax: number | undefined }) =>
    [Schema.isMinLength(min), Schema.isMaxLength(max), ...(secondMax === undefined ? [] : [Schema.isMaxLength(secondMax)])] as const

  it("on strings", () =>
    fc.assert(
      fc.property(arbBounds, fc.oneof(arbText, fc.constant(1), fc.constant(null)), (bounds, input) => {
        const [first, ...others] = lengthChecks(bounds)
        const trim = bounds.trimmed ? [Schema.isTrimmed()] : []
        expect(expectSameDecoding(Schema.String.check(first, ...others, ...trim) as unknown as AnySchema, input)).not.toBe("declined")
      }),
      { numRuns: 2000 }
    ))

  it("patterns, global and sticky ones too, and integers", () =>
    fc.assert(
      fc.property(
        fc.constantFrom(/^[a-z][a-z0-9_]{0,5}$/, /a+/g, /\s/y, /^(ệ|😀)+$/u, /B/i),
        fc.oneof(arbText, fc.constantFrom("abc", "AbB", "a_1", "ệ😀", " x")),
        fc.oneof(fc.double(), fc.integer(), fc.constant(2 ** 53), fc.constant(-0)),
        (pattern, text, number) => {
          expect(expectSameDecoding(Schema.String.check(Schema.isPattern(pattern), Schema.isMaxLength(6)) as unknown as AnySchema, text)).not.toBe("declined")
          expect(expectSameDecoding(Schema.Number.check(Schema.isInt()) as unknown as AnySchema, number)).not.toBe("declined")
        }
      ),
      { numRuns: 2000 }
    ))

  it("on arrays", () =>
    fc.assert(
      fc.property(arbBounds, fc.array(fc.nat(), { maxLength: 8 }), (bounds, input) => {
        const [first, ...others] = lengthChecks(bounds)
        expect(expectSameDecoding(Schema.Array(Schema.Number).check(first, ...others) as unknown as AnySchema, input)).not.toBe("declined")
      }),
      { numRuns: 2000 }
    ))
})
