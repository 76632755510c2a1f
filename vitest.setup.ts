import fc from "fast-check"

// One seed per run for every property test. `npm test` passes KITH_FC_SEED:
// fixed in CI so a red run replays exactly, fresh locally to explore more
// inputs, and printed at the start of the run. fast-check also prints the seed
// and shrunk path of any counterexample.
const seed = Number(process.env["KITH_FC_SEED"] ?? 20261123)

fc.configureGlobal({ seed, numRuns: Number(process.env["KITH_FC_RUNS"] ?? 100) })
