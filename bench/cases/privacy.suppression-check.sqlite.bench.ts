// privacy.suppression-check.sqlite (PRIV-2, OUT-5): 20,000 testkit events ingested through the storage port on SQLite (:memory:),
// in batches of 1,000, into a workspace whose suppression list holds 1,000 erased persons' phones, so every
// identifier of every event is hashed (HMAC-SHA-256) and looked up before identity resolution. Baseline: the same
// ingestion into a workspace that never erased anyone (one secret lookup per batch, nothing hashed). The ratio is
// what the suppression check adds to ingestion.
import type { WorkspaceId } from "@kith/core"
import { Privacy, Workspaces } from "@kith/storage"
import { openSqliteStorage } from "@kith/storage-sqlite"
import { Effect } from "effect"
import { defineBench } from "../harness.js"
import { ingestInBatches } from "./ingest-in-batches.js"
import { sampleEvents } from "./sample-events.js"

const N = 20_000
const BATCH = 1_000
const workspaceId = "bench-shop" as WorkspaceId
const erased = Array.from({ length: 1_000 }, (_, i) => ({ type: "phone", value: `0399${String(100_000 + i)}` }))

const ingest = async (events: ReadonlyArray<unknown>, suppress: boolean): Promise<void> => {
  const store = await openSqliteStorage()
  if (suppress) {
    await Effect.runPromise(
      Effect.gen(function* () {
        yield* (yield* Workspaces).create({ workspaceId })
        yield* (yield* Privacy).suppress(workspaceId, erased, { actor: "bench", at: new Date("2025-01-01T00:00:00Z") })
      }).pipe(Effect.provide(store.layer))
    )
  }
  await ingestInBatches(store.layer, workspaceId, events, BATCH)
  await store.close()
}

export default defineBench({
  name: "privacy.suppression-check.sqlite",
  n: N,
  repeat: 3,
  targetRatio: 1.15,
  setup: () => sampleEvents(N),
  run: (events) => ingest(events, true),
  baseline: (events) => ingest(events, false)
})
