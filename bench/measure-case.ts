// Runs one side (`run` or `baseline`) of one bench case in this process and
// prints its median time, the median CPU time of this process over the same
// runs (user + system: what the work cost, whatever else the machine was
// running) and peak RSS as one JSON line. Called by run-case.ts (the case
// loaded through tsx) and by the bundle scripts/bench.mjs builds for a case
// that asks for one (see BenchCase.bundle).
import { type BenchCase, measuredOf } from "./harness.js"

export const measureCase = async (benchCase: BenchCase<unknown>, side: string | undefined): Promise<void> => {
  if (side !== "run" && side !== "baseline") throw new Error(`side must be run or baseline, not ${side}`)
  const data = await benchCase.setup()
  const work = side === "run" ? benchCase.run : benchCase.baseline
  const repeat = benchCase.repeat ?? 5
  const collect = (globalThis as { gc?: () => void }).gc

  await work(data) // warm-up: JIT and caches, not counted
  const times: Array<number> = []
  const cpuTimes: Array<number> = []
  for (let i = 0; i < repeat; i++) {
    collect?.()
    const cpu = process.cpuUsage()
    const started = performance.now()
    const result = await work(data)
    const wall = performance.now() - started
    const used = process.cpuUsage(cpu)
    // A case that measured itself (work done in processes it started) reports its own figures.
    const own = measuredOf(result)
    times.push(own?.ms ?? wall)
    cpuTimes.push(own?.cpuMs ?? (used.user + used.system) / 1000)
  }
  await benchCase.teardown?.(data)
  const median = (xs: Array<number>): number => {
    const s = [...xs].sort((a, b) => a - b)
    return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
  }
  console.log(
    "BENCH_RESULT " +
      JSON.stringify({
        name: benchCase.name,
        n: benchCase.n,
        ms: median(times),
        times: [...times].sort((a, b) => a - b),
        cpuMs: median(cpuTimes),
        cpuTimes,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
        targetRatio: benchCase.targetRatio ?? null,
        processes: benchCase.processes ?? 1
      })
  )
}
