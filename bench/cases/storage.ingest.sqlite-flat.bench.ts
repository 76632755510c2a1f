// storage.ingest.sqlite.flat: events per second of kith's SQLite ingestion
// into a store of about 1,100,000 events against an empty one. The big store
// is a copy (made once per process, not timed) of the 200,000-person reads
// store of reads-store.ts, built once and cached in bench/.cache; each
// repetition feeds it 2,000 new people's events (about 11,000, a testkit seed
// of their own per repetition, messageIds tagged so none repeats a stored
// one; see fresh-events.ts) in batches of 1,000 through the storage port, and
// the baseline feeds the same events, repetition for repetition, into a new
// empty file. Both are file stores opened with kith's defaults. The copy
// grows by about 1 % a repetition, far inside the ±15 % this case checks.
// Wall time of the ingestion alone, per 10,875 events. Target: ratio ≤ 1.15.
import type { WorkspaceId } from "@kith/core"
import { openSqliteStorage } from "@kith/storage-sqlite"
import { defineBench } from "../harness.js"
import { FLAT_EVENTS, type FlatStores, flatEventsOf, flatStores, intoEmptyFile, removeFlatStores } from "./flat-stores.js"
import { timedIngestion } from "./ingest-in-batches.js"
import { readsWorkspace } from "./reads-store.js"

const BATCH = 1_000

const ingestInto = (filename: string, create: boolean, events: ReadonlyArray<Record<string, unknown>>) =>
  timedIngestion(() => openSqliteStorage({ filename }), readsWorkspace as WorkspaceId, events, BATCH, create, FLAT_EVENTS)

export default defineBench<FlatStores>({
  name: "storage.ingest.sqlite.flat",
  n: FLAT_EVENTS,
  repeat: 3,
  targetRatio: 1.15,
  setup: flatStores,
  run: (stores) => ingestInto(stores.big, false, flatEventsOf(stores.round++)),
  baseline: (stores) => intoEmptyFile(stores, (filename, events) => ingestInto(filename, true, events)),
  teardown: removeFlatStores
})
