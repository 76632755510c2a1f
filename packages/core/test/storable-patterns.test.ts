// matchesOnlyStorableText lets the fused decoder skip the text check of a string a pattern must accept: it may say
// false of a safe pattern (that only costs the check), never true of one that matches a NUL or a lone surrogate.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { storableTextProblem } from "../src/index.js"
import { matchesOnlyStorableText } from "../src/storable-patterns.js"

// A piece of a pattern, with characters it may match: the safe ones and, for the others, text that cannot be stored.
interface Atom {
  readonly source: string
  readonly units: ReadonlyArray<string>
}

const safeAtoms: ReadonlyArray<Atom> = [
  { source: "a", units: ["a"] },
  { source: "\\d", units: ["0", "9"] },
  { source: "\\w", units: ["_", "Z"] },
  { source: "\\s", units: [" ", "\t", "\u00a0", "\u2028", "\ufeff"] },
  { source: "[a-z0-9_ -]", units: ["a", "-", " "] },
  { source: "[+-]", units: ["+", "-"] },
  { source: "\\.", units: ["."] },
  { source: "ệ", units: ["ệ"] },
  { source: "[ -~]", units: [" ", "~"] }
]

const unsafeAtoms: ReadonlyArray<Atom> = [
  { source: ".", units: ["\u0000", "\uD800", "x"] },
  { source: "[^a]", units: ["\u0000", "\uDC00"] },
  { source: "\\D", units: ["\u0000", "\uD800"] },
  { source: "\\S", units: ["\u0000", "\uDFFF"] },
  { source: "\\W", units: ["\u0000", "\uDBFF"] },
  { source: "\\0", units: ["\u0000"] },
  { source: "\\x00", units: ["\u0000"] },
  { source: "\\u0000", units: ["\u0000"] },
  { source: "[\\0-a]", units: ["\u0000", "a"] },
  { source: "[\\ud800-\\udfff]", units: ["\uD800", "\uDFFF"] },
  { source: "[\u0001-\uffff]", units: ["\uD800", "\uDC00", "a"] },
  { source: "\uD83D\uDE00", units: ["\uD83D\uDE00"] },
  { source: "[\uD83D\uDE00]", units: ["\uD83D", "\uDE00", "\uD83D\uDE00"] },
  { source: "\\p{Cs}", units: ["\uD800"] },
  { source: "\\P{L}", units: ["\u0000"] },
  { source: "(a)\\1", units: ["a"] }
]

const quantifiers = ["", "", "?", "*", "+", "{0,3}", "{2}"]

// A pattern as pieces, each an atom or a group of two alternatives, and a string read off it: for each piece, some
// of the characters it may match (so that unsafe patterns often do match what cannot be stored).
interface Piece {
  readonly source: string
  readonly sample: ReadonlyArray<string>
}

const arbAtomPiece: fc.Arbitrary<Piece> = fc
  .tuple(
    fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...safeAtoms) }, { weight: 1, arbitrary: fc.constantFrom(...unsafeAtoms) }),
    fc.constantFrom(...quantifiers), fc.array(fc.nat(), { maxLength: 3 }))
  .map(([atom, quantifier, picks]) => ({ source: atom.source + quantifier, sample: picks.map((i) => atom.units[i % atom.units.length]!) }))

const arbSequence = (pieces: fc.Arbitrary<Piece>): fc.Arbitrary<Piece> =>
  fc.array(pieces, { minLength: 1, maxLength: 4 }).map((list) => ({ source: list.map((p) => p.source).join(""), sample: list.flatMap((p) => p.sample) }))

const arbGroupPiece: fc.Arbitrary<Piece> = fc
  .tuple(arbSequence(arbAtomPiece), arbSequence(arbAtomPiece), fc.constantFrom("(", "(?:", "(?=", "(?!"), fc.constantFrom(...quantifiers), fc.boolean())
  .map(([left, right, open, quantifier, takeLeft]) => ({ source: `${open}${left.source}|${right.source})${quantifier}`, sample: takeLeft ? left.sample : right.sample }))

const arbPattern = fc
  .record({
    body: arbSequence(fc.oneof({ weight: 3, arbitrary: arbAtomPiece }, { weight: 1, arbitrary: arbGroupPiece })),
    other: fc.option(arbSequence(arbAtomPiece), { nil: undefined, freq: 4 }),
    start: fc.constantFrom("^", "^", "^", ""),
    end: fc.constantFrom("$", "$", "$", ""),
    flags: fc.oneof(fc.constant([]), fc.subarray(["d", "g", "s", "u", "y"]), fc.subarray(["d", "g", "i", "m", "s", "u", "y"])),
    before: fc.array(fc.constantFrom("\u0000", "\uD800", "a", "\n"), { maxLength: 2 }),
    after: fc.array(fc.constantFrom("\u0000", "\uDC00", "a", "\n"), { maxLength: 2 })
  })
  .map(({ body, other, start, end, flags, before, after }) => {
    // A second alternative outside any group (`^a|b$`) leaves each side anchored at one end only.
    const source = start + body.source + (other === undefined ? "" : `|${other.source}`) + end
    let pattern: RegExp | undefined
    try {
      pattern = new RegExp(source, flags.join(""))
    } catch {
      pattern = undefined
    }
    const core = body.sample.join("")
    return { pattern, texts: [core, before.join("") + core, core + after.join(""), before.join("") + core + after.join("")] }
  })

describe("patterns that match only storable text", () => {
  it("proves the patterns kith's schemas use", () => {
    for (const pattern of [
      /^[a-z][a-z0-9_]{0,63}$/,
      /^[a-z][a-z0-9_ -]{0,49}$/,
      /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/,
      /^[A-Z]{2}$/,
      /^[A-Z]{3}$/,
      /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/,
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/
    ]) {
      expect(matchesOnlyStorableText(pattern), String(pattern)).toBe(true)
    }
  })

  it.each([
    [/^.*$/, "\u0000"],
    [/^[^a]$/, "\uD800"],
    [/^\D$/, "\uDC00"],
    [/^a|b$/, "a\u0000"],
    [/^a$/m, "\u0000\na"],
    [/^\0$/, "\u0000"],
    [/^[\0-a]$/, "\u0000"],
    [/^[ -\uffff]$/, "\uD800"],
    [/^\uD83D\uDE00+$/, "\uD83D\uDE00\uDE00"],
    [/^(a|\D)$/, "\u0000"],
    [/^\d{2}(?=.)..$/, "12\u0000\u0000"]
  ])("does not prove %s, which matches %j", (pattern, text) => {
    expect(pattern.test(text)).toBe(true)
    expect(storableTextProblem(text)).toBeDefined()
    expect(matchesOnlyStorableText(pattern)).toBe(false)
  })

  it("never proves a pattern that matches a NUL or a lone surrogate", () => {
    let proven = 0
    fc.assert(
      fc.property(arbPattern, ({ pattern, texts }) => {
        if (pattern === undefined || !matchesOnlyStorableText(pattern)) return
        proven++
        for (const text of texts) {
          pattern.lastIndex = 0
          if (pattern.test(text)) expect(storableTextProblem(text), `${String(pattern)} matches ${JSON.stringify(text)}`).toBeUndefined()
        }
      }),
      { numRuns: 5000 }
    )
    // The property is not empty: a good share of the patterns is proven.
    expect(proven).toBeGreaterThan(100)
  })
})
