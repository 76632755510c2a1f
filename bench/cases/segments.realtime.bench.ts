// segments.realtime: 100,000 testkit events ingested through the facade (`cdp.batch`, chunks of 1,000) on SQLite
// (:memory:) with 20 segments defined — the seller and customer-type templates and six hand-made rules — so every
// chunk's profiles are re-evaluated against all 20 right after the chunk commits, their membership and next-change
// instants written. Baseline: the same ingestion with no segment defined. Target ratio ≤ 1.5.
// KITH_BENCH_EVENTS runs it smaller (a smoke run).
import { createCdp } from "@kith/cdp"
import { customerTypeTemplates, type SegmentRule, sellerTemplates } from "@kith/segments"
import { openSqliteStorage } from "@kith/storage-sqlite"
import { defineBench } from "../harness.js"
import { sampleEvents } from "./sample-events.js"

const N = Number(process.env["KITH_BENCH_EVENTS"] ?? 100_000)
const CHUNK = 1_000
// Re-evaluation instants are those of the sample shop's last days.
const NOW = new Date("2025-12-31T20:00:00+07:00")
const by = { actor: "bench", at: NOW }

const handMade: ReadonlyArray<readonly [string, SegmentRule]> = [
  ["vip-tag", { version: 1, rule: { kind: "field", field: "tags", hasAny: ["vip"] } }],
  ["two-orders-90d", { version: 1, rule: { kind: "orders", during: { withinLastDays: 90 }, count: { min: 2 } } }],
  ["cart-7d", { version: 1, rule: { kind: "activity", of: ["product_added"], during: { withinLastDays: 7 } } }],
  ["viewers-30d", { version: 1, rule: { kind: "activity", of: ["product_viewed"], during: { withinLastDays: 30 } } }],
  ["adults", { version: 1, rule: { kind: "age", min: 18 } }],
  ["buyers-not-vip", { version: 1, rule: { all: [{ kind: "orders", during: { withinLastDays: 365 }, count: { min: 1 } }, { not: { kind: "segment", segmentId: "vip-tag" } }] } }]
]

const ingest = async (events: ReadonlyArray<unknown>, withSegments: boolean): Promise<void> => {
  const store = await openSqliteStorage()
  const cdp = await createCdp({ storage: store, workspace: "bench-shop", chunkSize: CHUNK, segments: { now: () => NOW } })
  if (withSegments) {
    for (const template of [...sellerTemplates, ...customerTypeTemplates]) await cdp.segments.create({ id: template.id, name: template.name.en, template: template.id, ...by })
    for (const [id, rule] of handMade) await cdp.segments.create({ id, name: id, rule, ...by })
    const defined = (await cdp.segments.list()).length
    if (defined !== 20) throw new Error(`expected 20 segments, defined ${defined}`)
  }
  await cdp.batch(events)
  await cdp.close()
  await store.close()
}

export default defineBench({
  name: "segments.realtime",
  n: N,
  repeat: 3,
  targetRatio: 1.5,
  setup: () => sampleEvents(N, Math.max(100, Math.ceil(N / 5))),
  run: (events) => ingest(events, true),
  baseline: (events) => ingest(events, false)
})
