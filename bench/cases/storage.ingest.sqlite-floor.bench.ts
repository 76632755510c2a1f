// storage.ingest.sqlite.floor: how fast the writes a kith ingestion must make
// on SQLite can go at all, with no logic (see sqlite-floor.ts), next to the
// same baseline as storage.ingest.sqlite. No target: it shows what the rows
// alone cost.
//
// Setup ingests the events once through kith (untimed) and keeps the rows it
// stored.
import type { WorkspaceId } from "@kith/core"
import { defineBench } from "../harness.js"
import { rawSqliteInserts } from "./raw-sqlite-inserts.js"
import { sampleEvents } from "./sample-events.js"
import { sqliteFloor } from "./sqlite-floor.js"
import { storedBy } from "./stored-rows.js"

const N = 100_000
const BATCH = 1_000
const workspaceId = "bench-shop" as WorkspaceId

export default defineBench({
  name: "storage.ingest.sqlite.floor",
  n: N,
  repeat: 3,
  setup: () => storedBy(workspaceId, sampleEvents(N, Math.ceil(N / 5)) as unknown as ReadonlyArray<Record<string, unknown>>, BATCH),
  run: (stored) => sqliteFloor(workspaceId, stored, BATCH),
  baseline: (stored) => rawSqliteInserts(workspaceId, stored.events, BATCH)
})
