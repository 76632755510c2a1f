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

// A case that sets `bundle: true` (see BenchCase.bundle) runs from one ES module that esbuild builds from the
// same sources (the `@kith/source` condition, as under tsx), with plain node: tsx's loader, which transforms
// each file as it is imported, then stays out of the process and of its peak RSS. Both sides run from it.
const bundled = new Map()
const bundleOf = async (file) => {
  const source = readFileSync(join(casesDir, file), "utf8")
  if (!/^\s*bundle:\s*true\b/m.test(source)) return undefined
  if (bundled.has(file)) return bundled.get(file)
  const { build } = await import("esbuild")
  // Under bench/.cache (gitignored): a case's `import.meta.dirname` + "../.cache" names the same directory from there.
  const outfile = join(root, "bench/.cache", file.replace(/\.ts$/, ".mjs"))
  await build({
    stdin: {
      contents: `import benchCase from ${JSON.stringify(join(casesDir, file))}\nimport { measureCase } from ${JSON.stringify(join(root, "bench/measure-case.ts"))}\nawait measureCase(benchCase, process.argv[2])\n`,
      resolveDir: root,
      sourcefile: `${file}.entry.ts`,
      loader: "ts"
    },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["@kith/source"],
    // CommonJS dependencies bundled into an ES module still call require() for node's built-ins.
    banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
    outfile,
    logLevel: "warning"
  })
  bundled.set(file, outfile)
  return outfile
}

const runSide = async (file, side) => {
  const bundle = await bundleOf(file)
  const args = bundle === undefined
    ? ["--conditions=@kith/source", "--import", "tsx", "--expose-gc", "--max-old-space-size=4096", join(root, "bench/run-case.ts"), join(casesDir, file), side]
    : ["--expose-gc", "--max-old-space-size=4096", bundle, side]
  const child = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
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
  const first = await runSide(file, "run")
  const runs = [first]
  const baselines = [await runSide(file, "baseline")]
  // Further processes alternate with the baseline so both see the same machine.
  for (let i = 1; i < first.processes; i++) {
    runs.push(await runSide(file, "run"))
    baselines.push(await runSide(file, "baseline"))
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
