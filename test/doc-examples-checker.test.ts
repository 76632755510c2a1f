// The doc-example checker itself: the claim language, how claims attach to
// code, and where examples are found. A checker that passed everything would
// make test/doc-examples.test.ts worthless, so each notation is shown to fail
// on a value that differs.
import { Option, Result } from "effect"
import { describe, expect, it } from "vitest"
import { matchPattern, parseClaim, type Pattern } from "./doc-examples/claims.js"
import { examplesOfMarkdown, examplesOfSource } from "./doc-examples/extract.js"
import { instrument } from "./doc-examples/instrument.js"

const pattern = (text: string): Pattern => {
  const parsed = parseClaim(text)
  if (!parsed.ok) throw new Error(`${text}: ${parsed.reason}`)
  return parsed.pattern
}
const holds = (claim: string, value: unknown) => matchPattern(pattern(claim), value)

class IdentifierRejected {
  readonly _tag = "IdentifierRejected"
  constructor(readonly reason: string) {}
}

describe("the claim language", () => {
  it.each<[string, unknown, unknown]>([
    ['"+84912345678"', "+84912345678", "+84912345679"],
    ["'single'", "single", "double"],
    ["42", 42, 43],
    ["-100", -100, 100],
    ["1_250_000", 1250000, 125000],
    ["0.5", 0.5, 0.25],
    ["true", true, false],
    ["null", null, undefined],
    ["undefined", undefined, null],
    ["NaN", Number.NaN, 0],
    ["[1, 2]", [1, 2], [1, 2, 3]],
    ["[[\"r-1\", \"r-2\"], [\"r-3\"]]", [["r-1", "r-2"], ["r-3"]], [["r-1"], ["r-2", "r-3"]]],
    ["[]", [], [undefined]],
    ["{ applied: [1, 2], current: 2 }", { applied: [1, 2], current: 2 }, { applied: [1, 2, 3, 4, 5, 6], current: 6 }],
    ["{ a: 1 }", { a: 1, b: undefined }, { a: 1, b: 2 }],
    ['{ "quoted key": 1 }', { "quoted key": 1 }, { quoted: 1 }]
  ])("%s holds for its value and fails for another", (claim, value, other) => {
    expect(holds(claim, value)).toBeUndefined()
    expect(holds(claim, other)).toBeTypeOf("string")
  })

  it("reads `...` in an object as: other keys may follow", () => {
    expect(holds('{ kind: "created", ... }', { kind: "created", profileId: "p_r-1" })).toBeUndefined()
    expect(holds('{ kind: "created", ... }', { kind: "attached", profileId: "p_r-1" })).toContain("value.kind")
    expect(holds('{ kind: "created" }', { kind: "created", profileId: "p_r-1" })).toContain("beyond the claim")
  })

  it("reads `...` in an array as: any number of elements here", () => {
    expect(holds('[{ type: "phone", value: "+84912345678" }, ...]', [{ type: "phone", value: "+84912345678" }])).toBeUndefined()
    expect(holds('[{ type: "phone", value: "+84912345678" }, ...]', [{ type: "phone", value: "+84912345678" }, { type: "email", value: "a@b.vn" }])).toBeUndefined()
    expect(holds('["a", ..., "z"]', ["a", "m", "n", "z"])).toBeUndefined()
    expect(holds('["a", ..., "z"]', ["a", "m"])).toBeTypeOf("string")
    expect(holds("[...]", [])).toBeUndefined()
  })

  it('reads a string ending in "..." as a prefix', () => {
    expect(holds('"Expected an ISO 8601 instant ..."', "Expected an ISO 8601 instant with a zone")).toBeUndefined()
    expect(holds('"Expected an ISO 8601 instant ..."', "Expected a number")).toBeTypeOf("string")
  })

  it("reads dates: new Date(...), a bare ISO instant as Node prints one, and Date for any valid date", () => {
    const d = new Date("2025-02-28T17:30:00.000Z")
    expect(holds('new Date("2025-03-01T00:30:00+07:00")', d)).toBeUndefined()
    expect(holds("2025-02-28T17:30:00.000Z", d)).toBeUndefined()
    expect(holds("{ at: 2025-02-28T17:30:00Z }", { at: d })).toBeUndefined()
    expect(holds("2025-02-28T17:31:00.000Z", d)).toContain("2025-02-28T17:30:00.000Z")
    expect(holds("Date", d)).toBeUndefined()
    expect(holds("Date", "2025-02-28T17:30:00.000Z")).toBeTypeOf("string")
    expect(holds("Date", new Date(Number.NaN))).toBeTypeOf("string")
  })

  it("reads Map { k => v } and Set { a } as Node prints them", () => {
    expect(holds('Map { "m-9" => "p_m-1" }', new Map([["m-9", "p_m-1"]]))).toBeUndefined()
    expect(holds('Map { "m-9" => "p_m-1" }', new Map([["m-9", "p_m-2"]]))).toBeTypeOf("string")
    expect(holds('Map { "m-9" => "p_m-1" }', new Map([["m-9", "p_m-1"], ["m-10", "p_m-1"]]))).toBeTypeOf("string")
    expect(holds('Map { "m-9" => "p_m-1", ... }', new Map([["m-9", "p_m-1"], ["m-10", "p_m-1"]]))).toBeUndefined()
    expect(holds('Set { "m-1" }', new Set(["m-1"]))).toBeUndefined()
    expect(holds('Set { "m-1" }', new Set(["m-1", "m-2"]))).toBeTypeOf("string")
    expect(holds('Set { "m-1" }', ["m-1"])).toBeTypeOf("string")
  })

  it("reads Option and Result constructors and Name { fields } for tagged values", () => {
    expect(holds('Option.some({ profileId: "p_m-1", ... })', Option.some({ profileId: "p_m-1", stage: "lead" }))).toBeUndefined()
    expect(holds("Option.none()", Option.none())).toBeUndefined()
    expect(holds("Option.none()", Option.some(1))).toBeTypeOf("string")
    expect(holds('Result.succeed({ type: "email", value: "lan@gmail.com" })', Result.succeed({ type: "email", value: "lan@gmail.com" }))).toBeUndefined()
    expect(holds('Result.succeed("x")', Result.fail("x"))).toBeTypeOf("string")
    expect(holds('Result.fail(IdentifierRejected { reason: "blocked" })', Result.fail(new IdentifierRejected("blocked")))).toBeUndefined()
    expect(holds('Result.fail(IdentifierRejected { reason: "blocked" })', Result.fail(new IdentifierRejected("invalid_phone")))).toBeTypeOf("string")
    expect(holds('InvalidInput { reason: "blocked" }', new IdentifierRejected("blocked"))).toContain("InvalidInput")
  })

  it("reads a | b as one of them", () => {
    expect(holds('"lead" | "buyer"', "buyer")).toBeUndefined()
    expect(holds('"lead" | "buyer"', "visitor")).toBeTypeOf("string")
  })

  it("allows a note in parentheses after the value, and nothing else", () => {
    const parsed = parseClaim('"+84321234567" (Viettel 0162 → 032)')
    expect(parsed).toMatchObject({ ok: true, note: "Viettel 0162 → 032" })
    expect(parseClaim('"p_r-1" after r-5 merged')).toMatchObject({ ok: false })
    expect(parseClaim("true, and back.success equals summary")).toMatchObject({ ok: false })
  })

  it("refuses what it cannot check instead of passing it", () => {
    for (const claim of ["emptySummary", "equal to s", "1970 * 12", '"a" | ...', "{ firstSeenAt, lastSeenAt }", "[...20 newest]", 'Date.parse("2025-03-01")', "number, typed from the catalog"]) {
      expect(parseClaim(claim), claim).toMatchObject({ ok: false })
    }
  })

  it("says when a claim stops half-way, so the next comment line can finish it", () => {
    expect(parseClaim('{ fullName: "Lan",')).toMatchObject({ ok: false, incomplete: true })
    expect(parseClaim("{ fullName: Lan }")).toMatchObject({ ok: false, incomplete: false })
  })
})

describe("claims in code", () => {
  it("wraps the expression a claim follows, on its line or the line above, keeping line numbers", () => {
    const code = ['const x = f(1) // => 2', "g(x)", "// => 3", "h() // throws"].join("\n")
    const shaped = instrument(code)
    expect(shaped.problems).toEqual([])
    expect(shaped.claims.map((c) => [c.line, c.kind])).toEqual([[0, "value"], [2, "value"], [3, "throws"]])
    expect(shaped.code.split("\n")).toEqual(["const x = __doc.claim(0, (f(1))) // => 2", "__doc.claim(1, (g(x)))", "// => 3", "__doc.throws(2, () => (h())) // throws"])
  })

  it("joins a claim continued on the comment lines below it", () => {
    const shaped = instrument(["f()", "// => { a: 1,", "//      b: 2 }"].join("\n"))
    expect(shaped.problems).toEqual([])
    expect(shaped.claims[0]?.text).toBe("{ a: 1, b: 2 }")
  })

  it("claims what console.log prints, and what an awaited call returns", () => {
    expect(instrument("console.log(total) // => 450000").code).toBe("console.log(__doc.claim(0, (total))) // => 450000")
    expect(instrument('view.a // => 1\n;(await search("x")).items[0] // => 2').problems).toEqual([])
    expect(instrument("await store.close() // throws").code).toContain("await __doc.rejects(0, async () =>")
  })

  it("reports a claim that follows no code, or cannot be read", () => {
    expect(instrument("// resolver.split(a, b)\n// => Result.fail(X { })").problems).toHaveLength(1)
    expect(instrument("f() // => the new records").problems[0]?.message).toContain("cannot be checked")
  })

  it("lists the names an example uses without declaring them", () => {
    const shaped = instrument('import { Schema } from "effect"\nconst a = normalize(x.y, { z: 1 })\nconst t: Traits = a')
    expect([...shaped.freeNames].sort()).toEqual(["normalize", "x"])
  })
})

describe("finding examples", () => {
  it("takes the fenced block after @example from a TSDoc comment, with file lines", () => {
    const source = ["/**", " * Summary.", " *", " * @example", " * ```ts", " * f(1) // => 2", " * ```", " */", "export const f = 1"].join("\n")
    expect(examplesOfSource(source)).toEqual([{ line: 6, code: "f(1) // => 2" }])
  })

  it("ignores fences outside @example", () => {
    const source = ["/**", " * ```ts", " * f(1) // => 2", " * ```", " * @param x a value", " */"].join("\n")
    expect(examplesOfSource(source)).toEqual([])
  })

  it("takes ts blocks from Markdown, not sh blocks", () => {
    const md = ["# T", "```sh", "npm test", "```", "```ts", "a // => 1", "```"].join("\n")
    expect(examplesOfMarkdown(md)).toEqual([{ line: 6, code: "a // => 1" }])
  })
})
