import { createResolver, type IdentityRecord } from "@kith/identity"
import { defineBench } from "../harness.js"
import { testkitRecords } from "./testkit-records.js"

// A live feed after splits: 10,000 testkit records loaded, twenty profiles
// split, then the next 90,000 records fed one by one. A split constrains only
// its own component, so the other records keep ingestion's fast paths.
// Baseline: the same feed with no split.

const N = 100_000
const LOADED = 10_000
const SPLITS = 20

interface Feed {
  readonly records: ReadonlyArray<IdentityRecord>
  /** The record pairs to split: two records of each of the first twenty profiles of the loaded records that have two. */
  readonly pairs: ReadonlyArray<readonly [string, string]>
}

const setup = (): Feed => {
  const records = testkitRecords(N, 20_000)
  const loaded = createResolver()
  loaded.ingestBatch(records.slice(0, LOADED))
  const pairs = loaded
    .partition()
    .filter((group) => group.length > 1)
    .slice(0, SPLITS)
    .map((group) => [group[0]!, group[1]!] as const)
  return { records, pairs }
}

const at = new Date("2030-01-01T00:00:00Z")

const feed = ({ records }: Feed, pairs: Feed["pairs"]): number => {
  const resolver = createResolver()
  resolver.ingestBatch(records.slice(0, LOADED))
  for (const [a, b] of pairs) resolver.split(a, b, { at })
  for (let i = LOADED; i < records.length; i++) resolver.ingest(records[i]!)
  return resolver.size
}

export default defineBench({
  name: "identity.incremental.after-splits",
  n: N - LOADED,
  setup,
  run: (input) => feed(input, input.pairs),
  baseline: (input) => feed(input, []),
  repeat: 9,
  targetRatio: 1.5
})
