import fc from "fast-check"
import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { RuleLimits, SegmentRuleSchema, decodeRuleResult } from "@kith/segments"
import { arbRule } from "@kith/segments/testing"

const issuesOf = (input: unknown) => {
  const result = decodeRuleResult(input)
  if (Result.isSuccess(result)) throw new Error("expected a failure")
  expect(result.failure._tag).toBe("InvalidInput")
  expect(result.failure.subject).toBe("segment rule")
  return result.failure.issues
}

describe("decodeRuleResult (SEG-1, SEG-9)", () => {
  it("lists every problem with its path from the document root", () => {
    const issues = issuesOf({
      version: 1,
      rule: {
        all: [
          { kind: "age", min: 18 },
          { kind: "colour" },
          { any: [{ kind: "orders", during: { withinLastDays: 0 }, count: { min: 1 } }] },
          { kind: "field", field: "gender", in: ["femal"] },
          { kind: "activity", of: ["conversation"], during: { withinLastDay: 30 } }
        ]
      }
    })
    expect(issues).toEqual([
      { path: "rule.all[1].kind", message: expect.stringMatching(/^unknown condition kind "colour"; one of age, generation, birthday, /) },
      { path: "rule.all[2].any[0].during.withinLastDays", message: "must be a positive integer (at most 36500)" },
      { path: "rule.all[3].in[0]", message: "must be one of male, female, other, unknown" },
      { path: "rule.all[4].during.withinLastDay", message: "unexpected key" }
    ])
  })

  it("names the version, missing parts and unexpected keys of the document", () => {
    expect(issuesOf({ version: 2, rule: { all: [] }, name: "x" })).toEqual([
      { path: "name", message: "unexpected key" },
      { path: "version", message: "unsupported rule version 2; this version of kith reads version 1" }
    ])
    expect(issuesOf({ rule: { all: [] } })).toEqual([{ path: "version", message: "is required (this version of kith reads rule version 1)" }])
    expect(issuesOf({ version: 1 })).toEqual([{ path: "rule", message: "is required" }])
    expect(issuesOf("all")).toEqual([{ path: "", message: "expected a segment rule: { version: 1, rule: { ... } }" }])
  })

  it("requires each node to be exactly one of all, any, not or a condition", () => {
    expect(issuesOf({ version: 1, rule: { all: [], any: [] } })).toEqual([{ path: "rule", message: "has all and any; a node is exactly one of all, any, not or a condition" }])
    expect(issuesOf({ version: 1, rule: { not: 3 } })[0]?.path).toBe("rule.not")
    expect(issuesOf({ version: 1, rule: { all: {} } })).toEqual([{ path: "rule.all", message: "must be a list of rule nodes" }])
    expect(issuesOf({ version: 1, rule: { all: [], extra: 1 } })).toEqual([{ path: "rule.extra", message: "unexpected key" }])
  })

  it("refuses filters a kind never fills, operators a field does not take, and ranges upside down", () => {
    expect(issuesOf({ version: 1, rule: { kind: "activity", of: ["page_viewed", "conversation"], csat: { max: 2 } } })).toEqual([
      { path: "rule.csat", message: "does not apply to page_viewed" }
    ])
    expect(issuesOf({ version: 1, rule: { kind: "field", field: "tags", in: ["vip"] } })).toEqual([
      { path: "rule.in", message: "does not apply to tags, which takes hasAny, hasAll, isSet" }
    ])
    expect(issuesOf({ version: 1, rule: { kind: "field", field: "points" } })).toEqual([{ path: "rule.field", message: "needs an operator: min, max" }])
    expect(issuesOf({ version: 1, rule: { kind: "orders", count: { min: 3, max: 1 } } })).toEqual([{ path: "rule.count.max", message: "must not be less than min" }])
    expect(issuesOf({ version: 1, rule: { kind: "orders", during: { withinLastDays: 30 } } })).toEqual([{ path: "rule", message: "needs count, spend or both" }])
    expect(issuesOf({ version: 1, rule: { kind: "last_order", during: { withinLastDays: 90, notWithinLastDays: 90 } } })).toEqual([
      { path: "rule.during.notWithinLastDays", message: "must be less than withinLastDays, or nothing can match" }
    ])
    expect(issuesOf({ version: 1, rule: { kind: "activity", of: ["order"] } })[0]?.path).toBe("rule.of[0]")
    expect(issuesOf({ version: 1, rule: { kind: "follower", following: false, since: { withinLastDays: 30 } } })).toEqual([
      { path: "rule.since", message: "applies to following: true only (for unfollows, count unfollowed activity)" }
    ])
  })

  it("checks values against the field: enum values, ISO countries, provinces as the facts write them", () => {
    expect(issuesOf({ version: 1, rule: { kind: "field", field: "country", in: ["Vietnam"] } })).toEqual([
      { path: "rule.in[0]", message: "must be an ISO 3166-1 alpha-2 code such as VN" }
    ])
    expect(issuesOf({ version: 1, rule: { kind: "field", field: "province", in: ["Hà Nội", "TP HCM", "Bangkok"] } })).toEqual([
      { path: "rule.in[1]", message: "\"TP HCM\" is written \"Hồ Chí Minh\" in the facts" }
    ])
    expect(issuesOf({ version: 1, rule: { kind: "birthday", months: [0] } })).toEqual([{ path: "rule.months[0]", message: "must be a month from 1 to 12" }])
    expect(issuesOf({ version: 1, rule: { kind: "birthday", months: [1], thisMonth: true } })).toEqual([
      { path: "rule", message: "needs exactly one of months, thisMonth or withinNextDays" }
    ])
  })

  it("enforces the size limits", () => {
    let deep: unknown = { kind: "age", min: 1 }
    for (let i = 0; i < RuleLimits.maxDepth; i++) deep = { not: deep }
    expect(issuesOf({ version: 1, rule: deep })).toEqual([{ path: `rule${".not".repeat(RuleLimits.maxDepth)}`, message: `nests deeper than ${RuleLimits.maxDepth} levels` }])
    const many = Array.from({ length: RuleLimits.maxChildren }, () => ({ kind: "age", min: 1 }))
    const wide = { version: 1, rule: { all: [{ all: many }, { all: many }, { all: many.slice(0, 1) }] } }
    expect(issuesOf(wide)).toEqual([{ path: "rule", message: `has ${2 * RuleLimits.maxChildren + 1} conditions; at most ${RuleLimits.maxConditions}` }])
    expect(issuesOf({ version: 1, rule: { any: [...many, { kind: "age", min: 1 }] } })).toEqual([{ path: "rule.any", message: `must have at most ${RuleLimits.maxChildren} children` }])
    expect(issuesOf({ version: 1, rule: { kind: "field", field: "tags", hasAny: ["x".repeat(RuleLimits.maxTextLength + 1)] } })[0]?.path).toBe("rule.hasAny[0]")
  })

  it("normalizes dates written dd/mm/yyyy", () => {
    const decoded = decodeRuleResult({ version: 1, rule: { kind: "first_order", during: { fromDate: "01/03/2025", toDate: "2025-03-31" } } })
    expect(Result.isSuccess(decoded) && decoded.success.rule).toEqual({ kind: "first_order", during: { fromDate: "2025-03-01", toDate: "2025-03-31" } })
  })

  it("a random valid rule survives a JSON round trip and decoding unchanged", () => {
    fc.assert(
      fc.property(arbRule({ references: ["seg-a"] }), (rule) => {
        const decoded = decodeRuleResult(JSON.parse(JSON.stringify(rule)))
        expect(Result.isSuccess(decoded) && decoded.success).toEqual(rule)
        // The exported schema accepts the same rules and encodes them to the same JSON.
        expect(Schema.decodeUnknownSync(SegmentRuleSchema)(rule)).toEqual(rule)
        expect(Schema.encodeSync(SegmentRuleSchema)(rule)).toEqual(rule)
      })
    )
  })

  it("accepts exactly what the exported schema accepts, on mutated rules", () => {
    const mutate = (value: unknown, path: ReadonlyArray<number>, replacement: unknown): unknown => {
      if (path.length === 0 || typeof value !== "object" || value === null) return replacement
      const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value)
      if (entries.length === 0) return replacement
      const [head, ...rest] = path
      const index = (head as number) % entries.length
      const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string | number, unknown>
      const [key, child] = entries[index] as readonly [string | number, unknown]
      copy[key] = mutate(child, rest, replacement)
      return copy
    }
    const replacements = fc.oneof(fc.constantFrom(0, -1, 1.5, "", "x", null, true, [], {}, 36501, "2025-02-30"), fc.string())
    fc.assert(
      fc.property(arbRule(), fc.array(fc.nat(), { maxLength: 6 }), replacements, (rule, path, replacement) => {
        const mutated = mutate(rule, path, replacement)
        const ours = Result.isSuccess(decodeRuleResult(mutated))
        const schema = Result.isSuccess(Schema.decodeUnknownResult(SegmentRuleSchema)(mutated, { onExcessProperty: "error" }))
        expect(ours).toBe(schema)
      })
    )
  })
})
