// Child process of scripts/bench.mjs: runs one side (`run` or `baseline`) of one
// bench case, loaded through tsx, and prints its result line (see measure-case.ts).
import { pathToFileURL } from "node:url"
import type { BenchCase } from "./harness.js"
import { measureCase } from "./measure-case.js"

const [file, side] = process.argv.slice(2)
if (file === undefined || (side !== "run" && side !== "baseline")) {
  throw new Error("usage: run-case.ts <case-file> <run|baseline>")
}
await measureCase((await import(pathToFileURL(file).href)).default as BenchCase<unknown>, side)
