import fc from "fast-check"
import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { makeSummarizer, ProfileSummaryJson, summaryFromJson, summaryToJson } from "../src/index.js"
import { isCertainlySummaryJson } from "../src/summary-json-check.js"
import { arbEvents } from "./arbitraries.js"

// summaryFromJson skips the schema for input its own check accepts. These
// tests hold that check to its promise: it accepts only what the schema
// accepts, and for that input the schema would have decoded exactly the input,
// so both ways give the same summary.

const summarizer = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" })
const decodeWithSchema = Schema.decodeUnknownResult(ProfileSummaryJson)
const storedJsonOf = (events: Parameters<typeof summarizer.summarize>[0]): unknown => JSON.parse(JSON.stringify(summaryToJson(summarizer.summarize(events))))

type Path = ReadonlyArray<string | number>

// Every place in a JSON value (objects' keys and arrays' indexes), the root excluded.
const pathsOf = (value: unknown, at: Path = []): Array<Path> => {
  if (Array.isArray(value)) return value.flatMap((item, i) => [[...at, i], ...pathsOf(item, [...at, i])])
  if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([key, item]) => [[...at, key], ...pathsOf(item, [...at, key])])
  return []
}

const replaced = (value: unknown, path: Path, by: unknown): unknown => {
  if (path.length === 0) return by
  const [head, ...rest] = path
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? replaced(item, rest, by) : item))
  const object = value as Record<string, unknown>
  return { ...object, [head as string]: replaced(object[head as string], rest, by) }
}

const arbOddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, NaN, Infinity, -1, 0, 1.5, 2 ** 53, "", " x", "x ", "x".repeat(201), "x".repeat(501), [], {}, "earned", "gifted", 1, 2),
  fc.jsonValue()
)

describe("summaryFromJson's fast path", () => {
  it("accepts what summaryToJson writes, and the schema would decode it to itself", () => {
    fc.assert(
      fc.property(arbEvents(40), (events) => {
        const json = storedJsonOf(events)
        expect(isCertainlySummaryJson(json)).toBe(true)
        const decoded = decodeWithSchema(json)
        expect(Result.isSuccess(decoded) && decoded.success).toEqual(json)
      })
    )
  })

  it("accepts nothing the schema rejects (one value anywhere replaced by an odd one)", () => {
    const arbCase = arbEvents(12)
      .map(storedJsonOf)
      .chain((json) => {
        const paths = pathsOf(json)
        return fc.tuple(fc.constant(json), fc.constantFrom(...paths), arbOddValue)
      })
    fc.assert(
      fc.property(arbCase, ([json, path, odd]) => {
        const mutated = replaced(json, path, odd)
        if (isCertainlySummaryJson(mutated)) expect(Result.isSuccess(decodeWithSchema(mutated))).toBe(true)
        // Either way the public function gives the schema's verdict.
        expect(Result.isSuccess(summaryFromJson(mutated))).toBe(Result.isSuccess(decodeWithSchema(mutated)))
      }),
      { numRuns: 500 }
    )
  })

  it("keeps only the keys a line item has, as the schema does", () => {
    const json = storedJsonOf(arbEventsSample())
    const withExtra = JSON.parse(JSON.stringify(json), (key, value) => (typeof value === "object" && value !== null && "productId" in value ? { ...value, note: "x" } : value))
    const back = summaryFromJson(withExtra)
    expect(Result.isSuccess(back)).toBe(true)
    if (Result.isSuccess(back)) expect(summaryToJson(back.success)).toEqual(json)
  })

  it("reports a malformed summary as InvalidInput", () => {
    const back = summaryFromJson({ version: 1, orders: "none" })
    expect(Result.isFailure(back) && back.failure._tag).toBe("InvalidInput")
  })
})

// One sample of events with at least one order line, for the key test above.
function arbEventsSample() {
  const samples = fc.sample(arbEvents(40), { numRuns: 50, seed: 7 })
  const withOrder = samples.find((events) => events.some((e) => e.type === "track" && e.event.startsWith("Order ")))
  if (withOrder === undefined) throw new Error("no sample with an order")
  return withOrder
}
