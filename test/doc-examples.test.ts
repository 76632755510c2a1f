// Every documented result is true: each TSDoc `@example` and README block that
// claims a result (`expr // => value`, `expr // throws`) runs, and its claims
// are compared with what the code returns. How to write one: CONTRIBUTING.md,
// "Examples that run".
//
// Examples known to fail are listed in test/doc-examples.pending.json. The
// list can only shrink: an example that fails and is not listed fails this
// test, and so does a listed example that now passes (remove its entry).
// `npm run doc-examples -- --update` rewrites the list's lines and reasons and
// drops fixed entries; it never adds one.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { findExamples } from "./doc-examples/extract.js"
import { claimsSomething, implicitScope, prepareWorkDir, runExample, type ExampleOutcome } from "./doc-examples/run.js"
import { createScratchDatabase, type ScratchDatabase } from "./doc-examples/scratch-postgres.js"

interface PendingEntry {
  readonly file: string
  readonly line: number
  readonly key: string
  readonly reason: string
}

const root = join(import.meta.dirname, "..")
const pendingPath = join(root, "test", "doc-examples.pending.json")
const mode = process.env["KITH_DOC_EXAMPLES"] ?? "check" // "update" | "record" (record adds new failures: only on purpose)
const pending: ReadonlyArray<PendingEntry> = existsSync(pendingPath) ? (JSON.parse(readFileSync(pendingPath, "utf8")) as { examples: Array<PendingEntry> }).examples : []
const pendingKeys = new Set(pending.map((p) => p.key))

const examples = findExamples(root).filter((e) => claimsSomething(e.code))
const needsPostgres = (code: string) => /openPostgresStorage|KITH_PG_URL|DATABASE_URL/.test(code)
const outcomes = new Map<string, { file: string; line: number; outcome: ExampleOutcome }>()

let workDir = ""
let cwd = ""
let scratch = ""
let database: ScratchDatabase | undefined
// A closed connection leaves pg_stat_activity a moment after close() returns.
const stillOpen = async (db: ScratchDatabase): Promise<number> => {
  for (let attempt = 0; ; attempt++) {
    const open = await db.openConnections()
    if (open === 0 || attempt === 10) return open
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
const savedEnv = { KITH_PG_URL: process.env["KITH_PG_URL"], DATABASE_URL: process.env["DATABASE_URL"] }

beforeAll(async () => {
  workDir = prepareWorkDir(root)
  // Examples may write files (`./kith.db`): they run in a scratch folder.
  cwd = process.cwd()
  scratch = mkdtempSync(join(tmpdir(), "kith-doc-examples-"))
  process.chdir(scratch)
  if (examples.some((e) => needsPostgres(e.code))) {
    database = await createScratchDatabase(process.env["KITH_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/test")
    if (database !== undefined) process.env["KITH_PG_URL"] = process.env["DATABASE_URL"] = database.url
  }
})

afterAll(async () => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  await database?.drop()
  process.chdir(cwd)
  rmSync(scratch, { recursive: true, force: true })
  rmSync(workDir, { recursive: true, force: true })
  if (mode !== "update" && mode !== "record") return
  const entries: Array<PendingEntry> = []
  for (const [key, { file, line, outcome }] of outcomes) {
    if (outcome.problems.length === 0) continue
    if (mode === "update" && !pendingKeys.has(key.split("#")[0]!)) continue
    entries.push({ file, line, key: key.split("#")[0]!, reason: outcome.problems.map((p) => `line ${p.line}: ${p.message}`).join("; ").slice(0, 400) })
  }
  entries.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
  const note =
    "Documented examples that do not run as claimed today. test/doc-examples.test.ts fails when an example not listed here fails, and when a listed one passes: fix the example, then remove its entry. Entries are matched by key (a hash of the example's text); file and line say where it was."
  writeFileSync(pendingPath, JSON.stringify({ note, examples: entries }, null, 2) + "\n")
})

describe("documented examples", () => {
  it("are found", () => {
    // A broken extractor would find nothing and pass everything.
    expect(examples.length).toBeGreaterThan(50)
  })

  it.for(examples.map((e) => [`${e.file}:${e.line}`, e] as const))("%s", async ([, example], ctx) => {
    if (database === undefined && needsPostgres(example.code)) {
      // As the Postgres tests: skipped locally, loudly; a failure in CI.
      if (process.env["CI"]) expect.fail(`PostgreSQL is unreachable (KITH_PG_URL); ${example.file}:${example.line} needs it`)
      console.warn(`skipped ${example.file}:${example.line}: PostgreSQL is unreachable (KITH_PG_URL)`)
      ctx.skip()
    }
    let outcome = await runExample(example, workDir, await implicitScope(root, example))
    if (database !== undefined && needsPostgres(example.code)) {
      const open = await stillOpen(database)
      if (open > 0) {
        const problem = { line: example.line, message: `leaves ${open} Postgres connection(s) open: a reader's program would not exit (close the store)` }
        outcome = { ...outcome, problems: [...outcome.problems, problem] }
      }
    }
    outcomes.set(`${example.key}#${example.file}:${example.line}`, { file: example.file, line: example.line, outcome })
    const listed = pendingKeys.has(example.key)
    const report = outcome.problems.map((p) => `  ${example.file}:${p.line}: ${p.message}`).join("\n")
    if (mode !== "check") return
    if (outcome.problems.length === 0) {
      expect(listed, `${example.file}:${example.line} now runs as documented: remove its entry from test/doc-examples.pending.json`).toBe(false)
    } else if (!listed) {
      const printed = outcome.printed.length > 0 ? `\nit printed:\n${outcome.printed.join("\n")}` : ""
      expect.fail(`the example at ${example.file}:${example.line} does not run as documented:\n${report}${printed}`)
    }
  })

  it("lists only examples that still exist", (ctx) => {
    if (mode !== "check") ctx.skip()
    const present = new Set(examples.map((e) => e.key))
    const gone = pending.filter((p) => !present.has(p.key)).map((p) => `${p.file}:${p.line} (${p.key})`)
    expect(gone, "these entries of test/doc-examples.pending.json name no example any more (fixed, changed or removed): remove them").toEqual([])
  })
})
