// storage.ingest.sqlite.floor-flat: whether the writes alone stay flat as the
// store grows. The floor of sqlite-floor.ts (the rows a kith ingestion
// writes, replayed by raw prepared statements with no logic) writes each
// repetition's new people into a copy of the 1,100,000-event reads store,
// and, as the baseline, the same rows into a new empty file with kith's
// schema: the workload of storage.ingest.sqlite.flat, repetition for
// repetition (its events, its batches of 1,000), without kith. Both are
// files opened with kith's settings (WAL, synchronous NORMAL, a 128 MiB page
// cache). The rows are what kith stores for those events in an empty
// in-memory store (untimed, each repetition), so the big store gets new
// profiles where kith would have merged a few into stored ones: slightly
// fewer writes than kith's own there. No target: its ratio is how much the
// same rows cost more on the big store, which no implementation writing them
// through these indexes escapes; storage.ingest.sqlite.flat holds kith to
// ±15 % on the same workload.
import type { WorkspaceId } from "@kith/core"
import { DEFAULT_CACHE_SIZE_MB } from "@kith/storage-sqlite"
import Database from "better-sqlite3"
import { defineBench, measured } from "../harness.js"
import { FLAT_EVENTS, type FlatStores, flatEventsOf, flatStores, intoEmptyFile, removeFlatStores } from "./flat-stores.js"
import { readsWorkspace } from "./reads-store.js"
import { writeFloorInto } from "./sqlite-floor.js"
import { storedBy } from "./stored-rows.js"

const BATCH = 1_000
const workspaceId = readsWorkspace as WorkspaceId

// Opens a file as kith does, writes the floor of `events` into it (timed) and closes it.
const floorInto = async (filename: string, create: boolean, events: ReadonlyArray<Record<string, unknown>>) => {
  const stored = await storedBy(workspaceId, events, BATCH)
  const db = new Database(filename)
  try {
    db.pragma("journal_mode = WAL")
    db.pragma("synchronous = NORMAL")
    db.pragma(`cache_size = ${-DEFAULT_CACHE_SIZE_MB * 1024}`)
    if (create) for (const statement of stored.schema) db.exec(statement)
    const cpu = process.cpuUsage()
    const started = performance.now()
    writeFloorInto(db, workspaceId, stored, BATCH)
    const ms = performance.now() - started
    const used = process.cpuUsage(cpu)
    const scale = FLAT_EVENTS / events.length
    return measured(ms * scale, ((used.user + used.system) / 1000) * scale)
  } finally {
    db.close()
  }
}

export default defineBench<FlatStores>({
  name: "storage.ingest.sqlite.floor-flat",
  n: FLAT_EVENTS,
  repeat: 3,
  setup: flatStores,
  run: (stores) => floorInto(stores.big, false, flatEventsOf(stores.round++)),
  baseline: (stores) => intoEmptyFile(stores, (filename, events) => floorInto(filename, true, events)),
  teardown: removeFlatStores
})
