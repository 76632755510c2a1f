// storage.ingest.postgres.floor: how fast the writes a kith ingestion must
// make on Postgres can go at all, with no logic (see postgres-floor.ts), next
// to the same baseline as storage.ingest.postgres. No target: it shows what
// the rows alone cost.
//
// Setup ingests the events once through kith (untimed, on SQLite: the rows
// are the same on both engines) and keeps the rows it stored, in the floor's
// process only (its untimed warm-up; see eventsAndCapture).
import type { WorkspaceId } from "@kith/core"
import { DEFAULT_PG_URL } from "@kith/storage-postgres"
import { defineBench } from "../harness.js"
import { postgresFloor } from "./postgres-floor.js"
import { rawPostgresInserts } from "./raw-postgres-inserts.js"
import { sampleEvents } from "./sample-events.js"
import { eventsAndCapture } from "./stored-rows.js"

const N = 100_000
const BATCH = 1_000
const workspaceId = "bench-shop" as WorkspaceId
const url = process.env["KITH_PG_URL"] ?? DEFAULT_PG_URL

export default defineBench({
  name: "storage.ingest.postgres.floor",
  n: N,
  repeat: 3,
  setup: () => eventsAndCapture(workspaceId, sampleEvents(N, Math.ceil(N / 5)) as unknown as ReadonlyArray<Record<string, unknown>>, BATCH),
  run: async (data) => postgresFloor(url, workspaceId, await data.stored(), BATCH),
  baseline: (data) => rawPostgresInserts(url, workspaceId, data.events, BATCH)
})
