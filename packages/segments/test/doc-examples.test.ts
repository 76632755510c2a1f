import { readFileSync, readdirSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { isDeepStrictEqual } from "node:util"
import * as core from "@kith/core"
import * as profile from "@kith/profile"
import * as segments from "@kith/segments"
import * as testing from "@kith/segments/testing"
import * as effect from "effect"
import fc from "fast-check"
import ts from "typescript"
import { describe, expect, it } from "vitest"

// The TSDoc examples of this package must tell the truth: every line
// `expression // => value` in an @example is run and its value compared
// (claims written as prose — "e.g.", "...", a parenthesis — are checked up
// to the prose). An example sees its own imports and every export of
// @kith/segments and @kith/segments/testing.

const src = join(import.meta.dirname, "../src")
const files = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : []
  })

const modules: Record<string, unknown> = {
  "@kith/core": core,
  "@kith/profile": profile,
  "@kith/segments": segments,
  "@kith/segments/testing": testing,
  effect,
  "fast-check": { default: fc, ...fc }
}

interface Example {
  readonly file: string
  readonly code: string
}

const examplesOf = (file: string): Array<Example> => {
  const text = readFileSync(file, "utf8")
  const out: Array<Example> = []
  for (const match of text.matchAll(/@example\s*\n\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```/g)) {
    const code = (match[1] as string)
      .split("\n")
      .map((line) => line.replace(/^\s*\* ?/, ""))
      .join("\n")
    if (code.includes("// =>")) out.push({ file: relative(src, file), code })
  }
  return out
}

// The value a claim states, or undefined when it is prose.
const claimed = (text: string): { readonly value: unknown } | { readonly date: string } | undefined => {
  const claim = text.trim()
  if (claim.startsWith("e.g.") || claim.includes("...")) return undefined
  const date = /^Date (\S+)/.exec(claim)
  if (date) return { date: date[1] as string }
  for (let end = claim.length; end > 0; end = claim.lastIndexOf(" (", end - 1)) {
    try {
      return { value: new Function(`return (${claim.slice(0, end)})`)() }
    } catch {
      // not a literal up to here: try without the trailing parenthesis
    }
  }
  return undefined
}

// Turns `expr // => value` lines into checks, and imports into bindings.
const instrument = (code: string): { readonly js: string; readonly claims: number } => {
  const lines = code.split("\n")
  const out: Array<string> = []
  let claims = 0
  for (const line of lines) {
    const imported = /^import (?:(\w+)|\{([^}]*)\}|(\w+), \{([^}]*)\}) from "([^"]+)"/.exec(line)
    if (imported) {
      const [, def, named, def2, named2, from] = imported
      const names = (named ?? named2 ?? "").split(",").map((n) => n.replace(/\btype\s+/, "").trim()).filter((n) => n !== "" && !/^[A-Z]\w*$/.test(n) === !/^[A-Z]/.test(n))
      if (from !== "@kith/segments" && from !== "@kith/segments/testing") {
        if (def ?? def2) out.push(`const ${def ?? def2} = __modules[${JSON.stringify(from)}].default;`)
        if (names.length > 0) out.push(`const { ${names.join(", ")} } = __modules[${JSON.stringify(from)}];`)
      }
      continue
    }
    const claim = /^(.*?)\s*\/\/ => (.*)$/.exec(line)
    if (claim === null) {
      out.push(line)
      continue
    }
    const [, expression, text] = claim as unknown as [string, string, string]
    const value = claimed(text)
    const target = expression.trim() === "" ? out.pop() : expression
    if (value === undefined || target === undefined || /^\s*(const|let|import|if|for|\}|\/\/)/.test(target)) {
      if (target !== undefined) out.push(target)
      continue
    }
    claims++
    out.push(`__check(() => (${target.replace(/^;/, "")}), ${JSON.stringify(value, (_, v) => (v === undefined ? "__undefined__" : v))}, ${JSON.stringify(line.trim())});`)
  }
  const js = ts.transpileModule(out.join("\n"), { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText
  return { js, claims }
}

const revive = (value: unknown): unknown =>
  value === "__undefined__" ? undefined : Array.isArray(value) ? value.map(revive) : typeof value === "object" && value !== null ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)])) : value

const examples = files(src).flatMap(examplesOf)

describe("TSDoc examples", () => {
  it("are found, with results to check", () => {
    expect(examples.length).toBeGreaterThan(30)
    expect(examples.reduce((n, e) => n + instrument(e.code).claims, 0)).toBeGreaterThan(50)
  })

  it.each(examples.map((e, i) => [`${e.file} #${i}`, e] as const))("%s states true results", (_, example) => {
    const { js, claims } = instrument(example.code)
    const failures: Array<string> = []
    const check = (run: () => unknown, claim: { readonly value?: unknown; readonly date?: string }, line: string) => {
      const actual = run()
      const ok = claim.date !== undefined ? actual instanceof Date && actual.toISOString() === claim.date : isDeepStrictEqual(actual, revive(claim.value))
      if (!ok) failures.push(`${line}\n    got ${actual instanceof Date ? actual.toISOString() : JSON.stringify(actual)}`)
    }
    const scope = { ...segments, ...testing }
    const names = Object.keys(scope).filter((name) => !new RegExp(`\\b(const|let|class|function)\\s+${name}\\b`).test(js))
    new Function("__modules", "__check", ...names, js)(modules, check, ...names.map((n) => (scope as Record<string, unknown>)[n]))
    expect(failures, `${claims} claims`).toEqual([])
  })
})
