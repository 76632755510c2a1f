// Child process of scripts/bench.mjs: runs one side (`run` or `baseline`) of one
// bench case and prints its median time and peak RSS as one JSON line.
import { pathToFileURL } from "node:url"
import type { BenchCase } from "./harness.js"

const [file, side] = process.argv.slice(2)
if (file === undefined || (side !== "run" && side !== "baseline")) {
  throw new Error("usage: run-case.ts <case-file> <run|baseline>")
}
const benchCase = (await import(pathToFileURL(file).href)).default as BenchCase<unknown>
const data = await benchCase.setup()
const work = side === "run" ? benchCase.run : benchCase.baseline
const repeat = benchCase.repeat ?? 5
const collect = (globalThis as { gc?: () => void }).gc

await work(data) // warm-up: JIT and caches, not counted
const times: Array<number> = []
for (let i = 0; i < repeat; i++) {
  collect?.()
  const started = performance.now()
  await work(data)
  times.push(performance.now() - started)
}
await benchCase.teardown?.(data)
times.sort((a, b) => a - b)
const median = times.length % 2 === 1 ? times[(times.length - 1) / 2]! : (times[times.length / 2 - 1]! + times[times.length / 2]!) / 2
console.log(
  "BENCH_RESULT " +
    JSON.stringify({
      name: benchCase.name,
      n: benchCase.n,
      ms: median,
      times,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      targetRatio: benchCase.targetRatio ?? null,
      processes: benchCase.processes ?? 1
    })
)
