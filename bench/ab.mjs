#!/usr/bin/env node
// Same-run A/B of one bench case between another checkout (say a worktree at an older commit) and this one:
// `node bench/ab.mjs <other-tree> <case-file-name> [processes]`, e.g.
// `node bench/ab.mjs /work/wt/old core.decode-event.bench.ts 5`. Each side's `run` is measured by this
// checkout's harness (bench/run-case.ts) in its own process, the two sides alternating so both see the same
// machine; the case file, and so the code it imports, comes from each tree. Prints the median CPU time of all
// repetitions of each side and their ratio: CPU, not wall time, since the machine may be shared. Writes nothing.
import { spawnSync } from "node:child_process"
import { loadavg } from "node:os"
import { join } from "node:path"

const root = join(import.meta.dirname, "..")
const [other, caseFile, processesArg] = process.argv.slice(2)
if (other === undefined || caseFile === undefined) throw new Error("usage: bench/ab.mjs <other-tree> <case-file-name> [processes]")
const processes = Number(processesArg ?? 3)

const measure = (tree) => {
  const args = ["--conditions=@kith/source", "--import", "tsx", "--expose-gc", "--max-old-space-size=4096", join(root, "bench/run-case.ts"), join(tree, "bench/cases", caseFile), "run"]
  const child = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  const line = (child.stdout ?? "").split("\n").find((l) => l.startsWith("BENCH_RESULT "))
  if (child.status !== 0 || line === undefined) throw new Error(`${tree}: exit ${child.status}\n${child.stderr}`)
  return JSON.parse(line.slice("BENCH_RESULT ".length)).cpuTimes
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

const cpu = { other: [], this: [] }
for (let i = 0; i < processes; i++) {
  cpu.other.push(...measure(other))
  cpu.this.push(...measure(root))
}
const a = median(cpu.other)
const b = median(cpu.this)
console.log(`${caseFile}: other ${a.toFixed(1)} ms CPU, this ${b.toFixed(1)} ms CPU (medians of ${cpu.this.length} repetitions each), this/other ${(b / a).toFixed(3)}; load ${loadavg().map((x) => x.toFixed(1)).join(" ")}`)
