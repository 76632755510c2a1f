#!/usr/bin/env node
// Runs every bench case (or those whose file name contains an argument) and
// writes bench/results/latest.json: one entry per case,
// { name, n, ms, baselineMs, ratio, peakRssMb, cpuMs, baselineCpuMs, cpuRatio }, where ms and baselineMs are
// medians of repeated runs measured in this same invocation and peakRssMb is
// the peak RSS of the process that ran the case (not the baseline).
// `npm run bench -- identity` runs only matching cases and updates their entries.
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"

const root = join(import.meta.dirname, "..")
const casesDir = join(root, "bench/cases")
const filters = process.argv.slice(2)
const files = readdirSync(casesDir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort()

const runSide = (file, side) => {
  const child = spawnSync(
    process.execPath,
    ["--conditions=@kith/source", "--import", "tsx", "--expose-gc", "--max-old-space-size=4096", join(root, "bench/run-case.ts"), join(casesDir, file), side],
    { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }
  )
  const line = (child.stdout ?? "").split("\n").find((l) => l.startsWith("BENCH_RESULT "))
  if (child.status !== 0 || line === undefined) {
    process.stderr.write(child.stdout ?? "")
    process.stderr.write(child.stderr ?? "")
    throw new Error(`bench ${file} (${side}) failed with exit code ${child.status}`)
  }
  return JSON.parse(line.slice("BENCH_RESULT ".length))
}

const round = (x, digits) => Math.round(x * 10 ** digits) / 10 ** digits
const results = []
let missed = 0
for (const file of files) {
  const first = runSide(file, "run")
  const runs = [first]
  const baselines = [runSide(file, "baseline")]
  // Further processes alternate with the baseline so both see the same machine.
  for (let i = 1; i < first.processes; i++) {
    runs.push(runSide(file, "run"))
    baselines.push(runSide(file, "baseline"))
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b)
    return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
  }
  const run = { ...first, ms: median(runs.flatMap((r) => r.times)), cpuMs: median(runs.flatMap((r) => r.cpuTimes)), peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)) }
  const baseline = { ms: median(baselines.flatMap((r) => r.times)), cpuMs: median(baselines.flatMap((r) => r.cpuTimes)) }
  const entry = {
    name: run.name,
    n: run.n,
    ms: round(run.ms, 2),
    baselineMs: round(baseline.ms, 2),
    ratio: round(run.ms / baseline.ms, 3),
    peakRssMb: round(run.peakRssMb, 1),
    // CPU time of the process over the same runs: on a loaded machine the honest reading of what the work costs.
    cpuMs: round(run.cpuMs, 2),
    baselineCpuMs: round(baseline.cpuMs, 2),
    cpuRatio: round(run.cpuMs / baseline.cpuMs, 3)
  }
  results.push(entry)
  const target = run.targetRatio
  const verdict = target === null ? "" : entry.ratio <= target ? `  (target ≤ ${target}: ok)` : `  (target ≤ ${target}: MISSED)`
  if (target !== null && entry.ratio > target) missed++
  console.log(
    `${entry.name.padEnd(28)} n=${String(entry.n).padEnd(9)} ${String(entry.ms).padStart(10)} ms  baseline ${String(entry.baselineMs).padStart(10)} ms  ratio ${entry.ratio}  CPU ratio ${entry.cpuRatio}  peak RSS ${entry.peakRssMb} MB${verdict}`
  )
}

mkdirSync(join(root, "bench/results"), { recursive: true })
const out = join(root, "bench/results/latest.json")
// A filtered run updates its own cases and keeps the others' last results.
const kept = filters.length > 0 && existsSync(out) ? JSON.parse(readFileSync(out, "utf8")).filter((e) => !results.some((r) => r.name === e.name)) : []
writeFileSync(out, JSON.stringify([...kept, ...results].sort((a, b) => a.name.localeCompare(b.name)), null, 2) + "\n")
console.log(`wrote ${out}${missed > 0 ? ` — ${missed} case(s) above target` : ""}`)
