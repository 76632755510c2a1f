import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type RuleNode, type SegmentContext, type SegmentInputs, type SegmentRule, compileRule, evaluate, explain } from "@kith/segments"
import { arbInstant, arbRuleNode, arbScenario, arbSegmentContext, arbSegmentInputs } from "@kith/segments/testing"

// Logical laws of the rule language, checked on random trees over random
// inputs: the engine must treat all / any / not as plain boolean algebra.

const REFERENCES = ["seg-a", "seg-b"]
const options = { references: REFERENCES, maxDepth: 3 }

const arbCase = fc.record({
  a: arbRuleNode(options),
  b: arbRuleNode(options),
  context: arbSegmentContext(options),
  inputs: arbSegmentInputs("p-1", options),
  asOf: arbInstant(options).map((at) => new Date(at))
})

const verdict = (node: RuleNode, c: { readonly context: SegmentContext; readonly inputs: SegmentInputs; readonly asOf: Date }) =>
  evaluate({ version: 1, rule: node }, c.inputs, { asOf: c.asOf, context: c.context })

describe("boolean laws (SEG-1)", () => {
  it("not(not r) ≡ r", () => {
    fc.assert(fc.property(arbCase, (c) => verdict({ not: { not: c.a } }, c) === verdict(c.a, c)))
  })

  it("De Morgan: not(all[a, b]) ≡ any[not a, not b] and not(any[a, b]) ≡ all[not a, not b]", () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        expect(verdict({ not: { all: [c.a, c.b] } }, c)).toBe(verdict({ any: [{ not: c.a }, { not: c.b }] }, c))
        expect(verdict({ not: { any: [c.a, c.b] } }, c)).toBe(verdict({ all: [{ not: c.a }, { not: c.b }] }, c))
      })
    )
  })

  it("identities: all[] is true, any[] is false, all[r] ≡ any[r] ≡ r, all[r, all[]] ≡ r, any[r, any[]] ≡ r", () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const r = verdict(c.a, c)
        expect(verdict({ all: [] }, c)).toBe(true)
        expect(verdict({ any: [] }, c)).toBe(false)
        expect(verdict({ all: [c.a] }, c)).toBe(r)
        expect(verdict({ any: [c.a] }, c)).toBe(r)
        expect(verdict({ all: [c.a, { all: [] }] }, c)).toBe(r)
        expect(verdict({ any: [c.a, { any: [] }] }, c)).toBe(r)
        expect(verdict({ all: [c.a, { not: c.a }] }, c)).toBe(false)
        expect(verdict({ any: [c.a, { not: c.a }] }, c)).toBe(true)
      })
    )
  })

  it("all and any are commutative", () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        expect(verdict({ all: [c.a, c.b] }, c)).toBe(verdict({ all: [c.b, c.a] }, c))
        expect(verdict({ any: [c.a, c.b] }, c)).toBe(verdict({ any: [c.b, c.a] }, c))
      })
    )
  })
})

describe("the evaluator", () => {
  it("never throws on a rule the schema accepts, with a context that holds what it needs", () => {
    fc.assert(
      fc.property(arbScenario({ references: REFERENCES }), ({ rule, context, profiles, asOf }) => {
        const compiled = compileRule(rule, context)
        for (const inputs of profiles) {
          compiled.evaluate(inputs, asOf)
          compiled.explain(inputs, asOf)
        }
      })
    )
  })

  it("explains with the verdict it evaluates, at the root and at every node", () => {
    const check = (node: RuleNode, explanation: ReturnType<typeof explain>, c: Parameters<typeof verdict>[1]): void => {
      expect(explanation.verdict).toBe(verdict(node, c))
      if ("all" in node) node.all.forEach((child, i) => check(child, explanation.children[i] as ReturnType<typeof explain>, c))
      else if ("any" in node) node.any.forEach((child, i) => check(child, explanation.children[i] as ReturnType<typeof explain>, c))
      else if ("not" in node) check(node.not, explanation.children[0] as ReturnType<typeof explain>, c)
    }
    fc.assert(
      fc.property(arbCase, (c) => {
        const rule: SegmentRule = { version: 1, rule: c.a }
        check(c.a, explain(rule, c.inputs, { asOf: c.asOf, context: c.context }), c)
      })
    )
  })
})
