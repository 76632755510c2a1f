import fc from "fast-check"
import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { RfmCutoffs, SegmentInputs, checkSegmentReferences, decodeRuleResult } from "@kith/segments"
import { arbRfmCutoffs, arbScenario, arbTimeRange } from "@kith/segments/testing"

// The generators other engines prove themselves with must only produce what
// the schemas accept.
describe("@kith/segments/testing", () => {
  it("scenarios hold valid rules, valid inputs with unique keys, and a context that resolves their references", () => {
    fc.assert(
      fc.property(arbScenario({ references: ["seg-a", "seg-b"], timeZone: "America/New_York" }), ({ rule, context, profiles }) => {
        expect(Result.isSuccess(decodeRuleResult(rule))).toBe(true)
        for (const inputs of profiles) {
          expect(Schema.is(SegmentInputs)(inputs)).toBe(true)
          expect(new Set(inputs.activity.map((r) => `${r.kind}:${r.key}`)).size).toBe(inputs.activity.length)
        }
        expect(Result.isSuccess(checkSegmentReferences(new Map([...(context.segments ?? []), ["root", rule]])))).toBe(true)
        expect(Schema.is(RfmCutoffs)(context.rfm)).toBe(true)
      }),
      { numRuns: 50 }
    )
  })

  it("time ranges decode, and RFM cut-offs are monotone", () => {
    fc.assert(
      fc.property(arbTimeRange(), arbRfmCutoffs, (range, cutoffs) => {
        expect(Result.isSuccess(decodeRuleResult({ version: 1, rule: { kind: "last_order", during: range } }))).toBe(true)
        const reached = (list: ReadonlyArray<number | null>) => list.filter((c) => c !== null) as Array<number>
        expect(reached(cutoffs.frequency)).toEqual([...reached(cutoffs.frequency)].sort((a, b) => a - b))
        expect(reached(cutoffs.recencyDays)).toEqual([...reached(cutoffs.recencyDays)].sort((a, b) => b - a))
      })
    )
  })
})
