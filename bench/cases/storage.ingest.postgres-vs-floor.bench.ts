// storage.ingest.postgres.vs-floor: kith's Postgres ingestion (exactly the
// storage.ingest.postgres workload) against its floor, the same rows written
// by raw statements with no logic (postgres-floor.ts), in the same run. The
// ratio is what kith's logic and its own way of writing cost on top of the
// writes themselves. Each side's process holds only what that side needs: the
// floor's captured rows are made in its own warm-up (see eventsAndCapture).
// Three processes a side, alternating: the ratio sits near its target (1.89
// and 2.02 in two single-process runs minutes apart).
import type { WorkspaceId } from "@kith/core"
import { DEFAULT_PG_URL } from "@kith/storage-postgres"
import { defineBench } from "../harness.js"
import { ingestOnPostgres } from "./ingest-on-postgres.js"
import { postgresFloor } from "./postgres-floor.js"
import { sampleEvents } from "./sample-events.js"
import { eventsAndCapture } from "./stored-rows.js"

const N = 100_000
const BATCH = 1_000
const workspaceId = "bench-shop" as WorkspaceId
const url = process.env["KITH_PG_URL"] ?? DEFAULT_PG_URL

export default defineBench({
  name: "storage.ingest.postgres.vs-floor",
  n: N,
  repeat: 3,
  processes: 3,
  targetRatio: 2,
  setup: () => eventsAndCapture(workspaceId, sampleEvents(N, Math.ceil(N / 5)) as unknown as ReadonlyArray<Record<string, unknown>>, BATCH),
  run: (data) => ingestOnPostgres(url, workspaceId, data.events, BATCH),
  baseline: async (data) => postgresFloor(url, workspaceId, await data.stored(), BATCH)
})
