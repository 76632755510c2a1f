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
import { copyFileSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { defineBench, measured } from "../harness.js"
import { freshEvents } from "./fresh-events.js"
import { readsWorkspace, sqliteReadsStore } from "./reads-store.js"
import { writeFloorInto } from "./sqlite-floor.js"
import { storedBy } from "./stored-rows.js"

const PEOPLE = 2_000
// Events of the first repetition's people (seed 99), as in storage.ingest.sqlite.flat.
const N = 10_875
const BATCH = 1_000
const workspaceId = readsWorkspace as WorkspaceId

interface Data {
  readonly dir: string
  readonly big: string
  round: number
}

// The events of one repetition: those of storage.ingest.sqlite.flat's repetition of the same number.
const eventsOf = (round: number) => freshEvents(99 + round, PEOPLE, `flat${round}`) as unknown as ReadonlyArray<Record<string, unknown>>

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
    const scale = N / events.length
    return measured(ms * scale, ((used.user + used.system) / 1000) * scale)
  } finally {
    db.close()
  }
}

export default defineBench<Data>({
  name: "storage.ingest.sqlite.floor-flat",
  n: N,
  repeat: 3,
  setup: async () => {
    const cached = await sqliteReadsStore()
    const dir = mkdtempSync(join(tmpdir(), "kith-floor-flat-"))
    const big = join(dir, "big.sqlite")
    copyFileSync(cached, big)
    return { dir, big, round: 0 }
  },
  run: (data) => floorInto(data.big, false, eventsOf(data.round++)),
  baseline: async (data) => {
    const filename = join(data.dir, `empty-${data.round}.sqlite`)
    try {
      return await floorInto(filename, true, eventsOf(data.round++))
    } finally {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(filename + suffix, { force: true })
    }
  },
  teardown: (data) => rmSync(data.dir, { recursive: true, force: true })
})
