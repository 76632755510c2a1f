#!/usr/bin/env node
// Runs the whole vitest suite once and ends with one line `N passed, N failed`,
// read from vitest's own JSON report rather than scraped from its console output.
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync, rmSync } from "node:fs"
import { join } from "node:path"

const root = join(import.meta.dirname, "..")
const report = join(root, ".vitest-report.json")
rmSync(report, { force: true })

const seed = process.env.KITH_FC_SEED ?? (process.env.CI ? "20261123" : String(Date.now() % 2147483647))
console.log(`fast-check seed: ${seed} (replay with KITH_FC_SEED=${seed} npm test)`)

const run = spawnSync(
  process.execPath,
  [
    join(root, "node_modules/vitest/vitest.mjs"),
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${report}`,
    ...process.argv.slice(2)
  ],
  { cwd: root, stdio: "inherit", env: { ...process.env, KITH_FC_SEED: seed } }
)

let passed = 0
let failed = 0
let skipped = 0
if (existsSync(report)) {
  const result = JSON.parse(readFileSync(report, "utf8"))
  passed = result.numPassedTests
  failed = result.numFailedTests
  skipped = result.numPendingTests + result.numTodoTests
  // A suite that failed to load counts no tests but is still a failure.
  const brokenFiles = result.testResults.filter((file) => file.status === "failed" && file.assertionResults.length === 0)
  failed += brokenFiles.length
} else {
  failed = 1
}
const code = run.status ?? 1
if (code !== 0 && failed === 0) failed = 1
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`)
process.exit(code === 0 && failed === 0 ? 0 : 1)
