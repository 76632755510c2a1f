#!/usr/bin/env node
// Runs the doc-example check alone (it also runs inside `npm test`).
//   npm run doc-examples               check every documented example
//   npm run doc-examples -- --update   also rewrite test/doc-examples.pending.json:
//                                      drop fixed entries, refresh lines and reasons (never adds one)
//   npm run doc-examples -- --record   also add every failing example to the list: only to accept a
//                                      failure on purpose, say why in the commit
import { spawnSync } from "node:child_process"
import { join } from "node:path"

const root = join(import.meta.dirname, "..")
const args = process.argv.slice(2)
const mode = args.includes("--record") ? "record" : args.includes("--update") ? "update" : "check"
const run = spawnSync(
  process.execPath,
  [join(root, "node_modules/vitest/vitest.mjs"), "run", "test/doc-examples.test.ts", ...args.filter((a) => a !== "--update" && a !== "--record")],
  { cwd: root, stdio: "inherit", env: { ...process.env, KITH_DOC_EXAMPLES: mode } }
)
process.exit(run.status ?? 1)
