// storage.ingest.sqlite.floor: how fast the writes a kith ingestion must make
// on SQLite can go at all, with no logic (see sqlite-floor.ts), next to the
// same baseline as storage.ingest.sqlite. No target: it shows what the rows
// alone cost.
//
// Setup ingests the events once through kith (untimed) and keeps the rows it
// stored, in the floor's process only (its untimed warm-up; see
// eventsAndCapture).
import type { WorkspaceId } from "@kith/core"
import { defineBench } from "../harness.js"
import { rawSqliteInserts } from "./raw-sqlite-inserts.js"
import { sampleEvents } from "./sample-events.js"
import { sqliteFloor } from "./sqlite-floor.js"
import { eventsAndCapture } from "./stored-rows.js"

const N = 100_000
const BATCH = 1_000
const workspaceId = "bench-shop" as WorkspaceId

export default defineBench({
  name: "storage.ingest.sqlite.floor",
  n: N,
  repeat: 3,
  setup: () => eventsAndCapture(workspaceId, sampleEvents(N, Math.ceil(N / 5)) as unknown as ReadonlyArray<Record<string, unknown>>, BATCH),
  run: async (data) => sqliteFloor(workspaceId, await data.stored(), BATCH),
  baseline: (data) => rawSqliteInserts(workspaceId, data.events, BATCH)
})
