import { createResolver, resolveBatch, type IdentityRecord } from "@kith/identity"
import { defineBench } from "../harness.js"
import { testkitRecords } from "./testkit-records.js"

// 100,000 testkit records fed one by one to the incremental resolver (each
// re-resolves only the component it touches, and records its decision in the
// ledger). Baseline: one batch over the same records.

const N = 100_000

const setup = (): ReadonlyArray<IdentityRecord> => testkitRecords(N, 20_000)

export default defineBench({
  name: "identity.incremental",
  n: N,
  setup,
  run: (records) => {
    const resolver = createResolver()
    for (const record of records) resolver.ingest(record)
    return resolver.size
  },
  baseline: (records) => resolveBatch(records).size,
  // Short runs on a shared machine: more repetitions keep the median steady.
  repeat: 9,
  targetRatio: 3
})
