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
import { copyFileSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { defineBench } from "../harness.js"
import { freshEvents } from "./fresh-events.js"
import { timedIngestion } from "./ingest-in-batches.js"
import { readsWorkspace, sqliteReadsStore } from "./reads-store.js"

const PEOPLE = 2_000
// Events of the first repetition's people (seed 99); the others' are within 5 % of it.
const N = 10_875
const BATCH = 1_000

interface Data {
  readonly dir: string
  readonly big: string
  round: number
}

// The events of one repetition: new people (a seed of its own), ids no stored event has.
const eventsOf = (round: number) => freshEvents(99 + round, PEOPLE, `flat${round}`) as unknown as ReadonlyArray<Record<string, unknown>>

const ingestInto = (
  filename: string,
  create: boolean,
  events: ReadonlyArray<Record<string, unknown>>
) => timedIngestion(() => openSqliteStorage({ filename }), readsWorkspace as WorkspaceId, events, BATCH, create, N)

export default defineBench<Data>({
  name: "storage.ingest.sqlite.flat",
  n: N,
  repeat: 3,
  targetRatio: 1.15,
  setup: async () => {
    const cached = await sqliteReadsStore()
    const dir = mkdtempSync(join(tmpdir(), "kith-ingest-flat-"))
    const big = join(dir, "big.sqlite")
    copyFileSync(cached, big)
    return { dir, big, round: 0 }
  },
  run: (data) => ingestInto(data.big, false, eventsOf(data.round++)),
  baseline: async (data) => {
    const filename = join(data.dir, `empty-${data.round}.sqlite`)
    try {
      return await ingestInto(filename, true, eventsOf(data.round++))
    } finally {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(filename + suffix, { force: true })
    }
  },
  teardown: (data) => rmSync(data.dir, { recursive: true, force: true })
})
