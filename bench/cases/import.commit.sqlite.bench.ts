// import.commit.sqlite: a 100,000-row customer CSV (the file of
// import.parse-map-validate, 100,000 rows, cached under bench/.cache/)
// committed with cdp.imports.commit into SQLite (:memory:): read, mapped,
// validated, every row an identify event through the store's ingestion
// (identity, traits with their import source, summaries), in the facade's
// transactions, upserted on the customer code. Rows/s is n / ms.
// Baseline: storage.ingest.sqlite's workload in the same run — 100,000
// testkit events through the storage port on SQLite (:memory:) in batches of
// 1,000 — so its events/s (n / baselineMs) stands beside the rows/s. No
// target: the two workloads differ (a row is a richer identify; the
// testkit's events are mostly tracks of people seen before).
import { createReadStream } from "node:fs"
import type { WorkspaceId } from "@kith/core"
import { createCdp } from "@kith/cdp"
import { openTable, suggestMapping } from "@kith/import"
import { openSqliteStorage } from "@kith/storage-sqlite"
import { defineBench } from "../harness.js"
import { customerCsv } from "./customer-csv.js"
import { ingestInBatches } from "./ingest-in-batches.js"
import { sampleEvents } from "./sample-events.js"

const N = 100_000
const BATCH = 1_000
const importedAt = new Date("2025-03-01T00:00:00Z")

export default defineBench({
  name: "import.commit.sqlite",
  n: N,
  repeat: 1,
  setup: async () => {
    const path = await customerCsv(N)
    const table = await openTable({ name: "customers.csv", content: createReadStream(path) })
    const mapping = suggestMapping(table.headers.map((h) => h.label), "customers")
    return { path, mapping, events: sampleEvents(N, Math.ceil(N / 5)) }
  },
  run: async ({ path, mapping }) => {
    const storage = await openSqliteStorage()
    const cdp = await createCdp({ storage, workspace: "bench-shop" })
    const summary = await cdp.imports.commit(path, mapping, { naturalKey: "customerCode", importedAt })
    await cdp.close()
    await storage.close()
    if (summary.tally.importedRows < N * 0.99 || summary.appendedEvents !== summary.tally.events) {
      throw new Error(`${summary.tally.importedRows} rows imported, ${summary.appendedEvents} of ${summary.tally.events} events appended`)
    }
  },
  baseline: async ({ events }) => {
    const store = await openSqliteStorage()
    await ingestInBatches(store.layer, "bench-shop" as WorkspaceId, events, BATCH)
    await store.close()
  }
})
