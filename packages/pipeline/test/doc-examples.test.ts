// Every `@example` in the package's TSDoc runs here, and every claim written
// as `expression // => value` is checked: the examples in the docs are true.
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { isDeepStrictEqual } from "node:util"
import * as Effect from "effect"
import ts from "typescript"
import { describe, expect, it } from "vitest"
import * as pipeline from "../src/index.js"

const srcDir = join(import.meta.dirname, "../src")
const files = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : []
  })

interface Example {
  readonly file: string
  readonly line: number
  readonly code: string
}

// The ```ts blocks after an @example tag, with the comment's leading " * " removed.
const examplesOf = (file: string): Array<Example> => {
  const text = readFileSync(file, "utf8")
  const out: Array<Example> = []
  const pattern = /@example\s*\n((?:\s*\*.*\n)*?)\s*\*\s*```ts\n((?:\s*\*.*\n)*?)\s*\*\s*```/g
  for (const match of text.matchAll(pattern)) {
    const code = match[2]!
      .split("\n")
      .map((l) => l.replace(/^\s*\* ?/, ""))
      .join("\n")
    out.push({ file: relative(srcDir, file), line: text.slice(0, match.index).split("\n").length, code })
  }
  return out
}

// The expected value of a claim: a JS expression, optionally followed by a remark in parentheses.
const expectedSource = (claim: string): string | undefined => {
  const parses = (source: string) => {
    try {
      new Function(`return (${source})`)
      return true
    } catch {
      return false
    }
  }
  const trimmed = claim.trim()
  if (parses(trimmed)) return trimmed
  const withoutRemark = trimmed.replace(/\s*\([^()]*\)\s*$/, "")
  return withoutRemark !== trimmed && parses(withoutRemark) ? withoutRemark : undefined
}

// Rewrites each `statement // => value` into a checked claim, by the statement's position in the parsed example.
const instrument = (code: string): { readonly source: string; readonly claims: number } => {
  const file = ts.createSourceFile("example.ts", code, ts.ScriptTarget.ES2022, true)
  const edits: Array<{ start: number; end: number; text: string }> = []
  let claims = 0
  for (const comment of code.matchAll(/\/\/ => (.*)$/gm)) {
    const at = comment.index
    const statement = [...file.statements].filter((s) => s.end <= at).at(-1)
    if (statement === undefined || !ts.isExpressionStatement(statement)) throw new Error(`a claim must follow an expression: ${comment[0]}`)
    const expected = expectedSource(comment[1]!)
    if (expected === undefined) throw new Error(`cannot read the claimed value: ${comment[0]}`)
    const expression = statement.expression.getText(file)
    edits.push({ start: statement.getStart(file), end: statement.end, text: `__claim(() => (${expression}), () => (${expected}), ${JSON.stringify(comment[0])});` })
    claims++
  }
  let source = code
  for (const edit of edits.sort((a, b) => b.start - a.start)) source = source.slice(0, edit.start) + edit.text + source.slice(edit.end)
  // Imports become destructuring of the modules the runner passes in.
  source = source.replace(/^import (type )?\{([^}]*)\} from "([^"]+)"$/gm, (_, typeOnly: string | undefined, names: string, from: string) =>
    typeOnly !== undefined ? "" : `const {${names.replace(/\btype \w+,?/g, "")}} = __modules[${JSON.stringify(from)}];`
  )
  return { source, claims }
}

const modules: Record<string, unknown> = { "@kith/pipeline": pipeline, effect: Effect, "@kith/core": {} }
const names = Object.keys(pipeline).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n))

const run = (example: Example): { readonly failures: Array<string>; readonly claims: number } => {
  const { source, claims } = instrument(example.code)
  const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None, verbatimModuleSyntax: false } }).outputText
  const failures: Array<string> = []
  const claim = (actual: () => unknown, expected: () => unknown, text: string) => {
    const a = actual()
    const e = expected()
    if (!isDeepStrictEqual(a, e)) failures.push(`${text}: got ${JSON.stringify(a)}`)
  }
  const body = `"use strict";\n{\n${js}\n}`
  const fn = new Function("__claim", "__modules", ...names, "Result", "Schema", body) as (...args: Array<unknown>) => void
  fn(claim, modules, ...names.map((n) => (pipeline as Record<string, unknown>)[n]), Effect.Result, Effect.Schema)
  return { failures, claims }
}

// The README's ```ts blocks run too.
const readmeExamples = (): Array<Example> => {
  const path = join(srcDir, "../README.md")
  const text = readFileSync(path, "utf8")
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => ({ file: "README.md", line: text.slice(0, m.index).split("\n").length, code: m[1]! }))
}

const examples = [...files(srcDir).flatMap(examplesOf), ...readmeExamples()]

describe("TSDoc examples", () => {
  it("every public function of the package has one", () => {
    const exported = Object.entries(pipeline).filter(([, v]) => typeof v === "function" && !/^[A-Z]/.test(v.name || "x")).map(([k]) => k)
    const documented = new Set<string>()
    for (const file of files(srcDir)) {
      const text = readFileSync(file, "utf8")
      for (const m of text.matchAll(/@example[\s\S]*?\*\/\s*export (?:const|function|class) (\w+)/g)) documented.add(m[1]!)
    }
    expect(exported.filter((name) => !documented.has(name))).toEqual([])
  })

  it("the checker itself catches a false claim and a broken example", () => {
    expect(run({ file: "self-test", line: 1, code: "isLeadOpen(\"spam\") // => true" }).failures).toHaveLength(1)
    expect(run({ file: "self-test", line: 1, code: "isLeadOpen(\"new\") // => true" })).toEqual({ failures: [], claims: 1 })
    expect(() => run({ file: "self-test", line: 1, code: "notAFunction() // => 1" })).toThrow()
  })

  it.each(examples.map((e) => [`${e.file}:${e.line}`, e] as const))("%s runs and its claims hold", (_, example) => {
    const { failures } = run(example)
    expect(failures).toEqual([])
  })
})
