// storage.ingest.sqlite.vs-floor: kith's SQLite ingestion (exactly the
// storage.ingest.sqlite workload) against its floor, the same rows written by
// raw statements with no logic (sqlite-floor.ts), in the same run. The ratio
// is what kith's logic and its own way of writing cost on top of the writes
// themselves. Each side's process holds only what that side needs: the floor's
// captured rows are made in its own warm-up (see eventsAndCapture).
// Three processes a side, alternating: single-process runs of the same code
// gave 3.21 and 2.08 fifteen minutes apart, too far apart to judge a target by.
import type { WorkspaceId } from "@kith/core"
import { openSqliteStorage } from "@kith/storage-sqlite"
import { defineBench } from "../harness.js"
import { ingestInBatches } from "./ingest-in-batches.js"
import { sampleEvents } from "./sample-events.js"
import { sqliteFloor } from "./sqlite-floor.js"
import { eventsAndCapture } from "./stored-rows.js"

const N = 100_000
const BATCH = 1_000
const workspaceId = "bench-shop" as WorkspaceId

export default defineBench({
  name: "storage.ingest.sqlite.vs-floor",
  n: N,
  repeat: 3,
  processes: 3,
  targetRatio: 2,
  setup: () => eventsAndCapture(workspaceId, sampleEvents(N, Math.ceil(N / 5)) as unknown as ReadonlyArray<Record<string, unknown>>, BATCH),
  run: async (data) => {
    const store = await openSqliteStorage()
    await ingestInBatches(store.layer, workspaceId, data.events, BATCH)
    await store.close()
  },
  baseline: async (data) => sqliteFloor(workspaceId, await data.stored(), BATCH)
})
