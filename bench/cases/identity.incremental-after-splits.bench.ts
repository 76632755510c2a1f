import { createResolver, type IdentityRecord, type IdentityResolver } from "@kith/identity"
import { defineBench } from "../harness.js"
import { testkitRecords } from "./testkit-records.js"

// A live feed after splits: 10,000 testkit records loaded, twenty profiles
// split, then the next 90,000 records fed one by one. A split constrains only
// its own component, so the other records keep ingestion's fast paths.
// Baseline: the same feed with no split.

const N = 100_000
const LOADED = 10_000
const SPLITS = 20

const setup = (): ReadonlyArray<IdentityRecord> => testkitRecords(N, 20_000)

const feed = (records: ReadonlyArray<IdentityRecord>, split: (resolver: IdentityResolver) => void): number => {
  const resolver = createResolver()
  resolver.ingestBatch(records.slice(0, LOADED))
  split(resolver)
  for (let i = LOADED; i < records.length; i++) resolver.ingest(records[i]!)
  return resolver.size
}

const splitSome = (resolver: IdentityResolver): void => {
  const at = new Date("2030-01-01T00:00:00Z")
  let done = 0
  for (const group of resolver.partition()) {
    if (group.length < 2) continue
    resolver.split(group[0]!, group[1]!, { at })
    if (++done === SPLITS) return
  }
}

export default defineBench({
  name: "identity.incremental.after-splits",
  n: N - LOADED,
  setup,
  run: (records) => feed(records, splitSome),
  baseline: (records) => feed(records, () => {}),
  repeat: 9,
  targetRatio: 1.5
})
