import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { groupsSharingTokens } from "../src/token-groups.js"

// The obvious quadratic closure, to compare against.
const naive = (tokens: ReadonlyArray<ReadonlyArray<string>>): Array<Array<number>> => {
  const group = tokens.map((_, i) => i)
  for (let changed = true; changed; ) {
    changed = false
    for (let i = 0; i < tokens.length; i++) {
      for (let j = 0; j < tokens.length; j++) {
        if (group[i] !== group[j] && tokens[i]!.some((t) => tokens[j]!.includes(t))) {
          const [keep, drop] = [Math.min(group[i]!, group[j]!), Math.max(group[i]!, group[j]!)]
          for (let k = 0; k < group.length; k++) if (group[k] === drop) group[k] = keep
          changed = true
        }
      }
    }
  }
  const out = new Map<number, Array<number>>()
  group.forEach((g, i) => out.set(g, [...(out.get(g) ?? []), i]))
  return [...out.values()].sort((a, b) => a[0]! - b[0]!)
}

describe("groupsSharingTokens", () => {
  it("groups items sharing a token transitively, in first-item order (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.constantFrom("a", "b", "c", "d", "e", "f"), { maxLength: 3 }), { maxLength: 12 }), (tokens) => {
        expect(groupsSharingTokens(tokens.length, (i) => tokens[i]!)).toEqual(naive(tokens))
      })
    )
  })

  it("keeps items without tokens alone", () => {
    expect(groupsSharingTokens(4, (i) => [["a"], [], ["a", "c"], ["c"]][i]!)).toEqual([[0, 2, 3], [1]])
  })
})
