// Runs one example as an ES module, through the same pipeline as the tests
// (TypeScript stripped by vitest, `@kith/*` resolved to their sources), and
// says what is wrong with it: nothing, or a list of problems with file lines.
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import type { DocExample } from "./extract.js"
import { instrument } from "./instrument.js"
import { describeError, endRun, startRun } from "./runtime.js"

/** One thing wrong with an example, at a line of its file. */
export interface ExampleProblem {
  readonly line: number
  readonly message: string
}

/** What running an example found. */
export interface ExampleOutcome {
  readonly problems: ReadonlyArray<ExampleProblem>
  /** What the example printed, shown when it fails. */
  readonly printed: ReadonlyArray<string>
}

/** Does the example claim anything the checker holds it to? */
export const claimsSomething = (code: string): boolean => /\/\/\s*(=>|throws\b)/.test(code)

const runtimeModule = join(import.meta.dirname, "runtime.ts")

/** Where instrumented examples are written: inside the repository, so `@kith/*` and `effect` resolve. */
export const prepareWorkDir = (root: string): string => {
  const dir = join(root, ".cache", "doc-examples")
  mkdirSync(dir, { recursive: true })
  // Examples are stripped of types, never type-checked here; imports used only as types disappear.
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "ESNext", verbatimModuleSyntax: false } }))
  return dir
}

let runs = 0

/**
 * The names an example may use without importing them: the value exports of
 * the file it documents (a TSDoc example), then those of its package (a
 * TSDoc or package README example). Everything else, `effect` included, is
 * imported by the example itself, as a reader copying it would have to.
 */
export const implicitScope = async (root: string, example: DocExample): Promise<ReadonlyMap<string, string>> => {
  const scope = new Map<string, string>()
  const add = async (specifier: string) => {
    for (const name of Object.keys((await import(/* @vite-ignore */ specifier)) as object)) if (!scope.has(name)) scope.set(name, specifier)
  }
  if (example.packageName !== undefined) await add(example.packageName)
  if (example.file.endsWith(".ts")) await add(join(root, example.file))
  return scope
}

/**
 * Runs `example`. `scope` maps each name the example may use without
 * importing it to the module it comes from (see {@link implicitScope}).
 */
export const runExample = async (example: DocExample, workDir: string, scope: ReadonlyMap<string, string>): Promise<ExampleOutcome> => {
  const fileLine = (exampleLine: number) => example.line + exampleLine
  const shaped = instrument(example.code)
  const problems: Array<ExampleProblem> = shaped.problems.map((p) => ({ line: fileLine(p.line), message: p.message }))
  if (shaped.problems.some((p) => p.message.startsWith("not valid TypeScript"))) return { problems, printed: [] }

  const id = `${example.key}-${++runs}`
  const implicit = new Map<string, Array<string>>()
  for (const name of [...shaped.freeNames].sort()) {
    const from = scope.get(name)
    if (from !== undefined) implicit.set(from, [...(implicit.get(from) ?? []), name])
  }
  // The prelude shares the example's first line, so every line keeps its number.
  const prelude =
    `import { docRun as __docRun } from ${JSON.stringify(runtimeModule)}; const __doc = __docRun(${JSON.stringify(id)}); const console = __doc.console; ` +
    [...implicit].map(([from, names]) => `import { ${names.join(", ")} } from ${JSON.stringify(from)}; `).join("")
  const modulePath = join(workDir, `${id}.ts`)
  writeFileSync(modulePath, prelude + shaped.code)

  const run = startRun(id, shaped.claims.map((c) => ({ kind: c.kind, pattern: c.pattern })))
  try {
    await import(/* @vite-ignore */ modulePath)
  } catch (e) {
    const at = e instanceof Error ? new RegExp(`${id}\\.ts:(\\d+):\\d+`).exec(e.stack ?? "") : null
    const line = at ? fileLine(Number(at[1]) - 1) : example.line
    const undefinedName = e instanceof ReferenceError ? /^(\S+) is not defined$/.exec(e.message)?.[1] : undefined
    problems.push({
      line,
      message:
        undefinedName !== undefined
          ? `a fragment: it uses \`${undefinedName}\` without defining or importing it`
          : `throws ${describeError(e).split("\n")[0]!.slice(0, 300)}`
    })
  } finally {
    endRun(id)
  }
  const threw = problems.some((p) => p.message.startsWith("throws") || p.message.startsWith("a fragment"))
  shaped.claims.forEach((claim, i) => {
    const outcome = run.outcomes[i]
    if (outcome === undefined) {
      if (!threw) problems.push({ line: fileLine(claim.line), message: `the claim "${claim.text}" was never reached` })
    } else if (!outcome.ok) {
      problems.push({ line: fileLine(claim.line), message: `${claim.kind === "throws" ? "claims it throws, but it" : "claims"} ${claim.kind === "throws" ? outcome.message : `"${claim.text}": ${outcome.message}`}` })
    }
  })
  return { problems: problems.sort((a, b) => a.line - b.line), printed: run.printed }
}
