// Where the SQL time of a SQLite ingestion goes, kith beside its floor: the storage.ingest.sqlite.vs-floor workload
// (sample events, batches of 1,000), run once through kith and once as the floor's raw statements
// (cases/sqlite-floor.ts), each on a fresh in-memory database whose statement calls are timed one by one. Prints,
// per side, the run's wall time, the time inside statements, and the statement shapes by time spent, with their
// calls and the values they bound (an insert's rows are its values over its columns).
//
//   node --conditions=@kith/source --import tsx bench/statement-times.ts [events] [shapes]
//
// A diagnostic, not a benchmark: the timing wrapper costs about a microsecond a call, and the floor makes one call
// per row where kith makes one per statement of many rows, so compare shapes, not totals. kith's BEGIN and COMMIT
// are statements it prepares, so they are timed; the floor's transaction wrapper runs them inside better-sqlite3,
// untimed. Unlike the bench case, both sides share one process, the floor running after kith's run and after the
// second kith ingestion that captures the rows it replays.
import type { WorkspaceId } from "@kith/core"
import { openSqliteStorage } from "@kith/storage-sqlite"
import Database from "better-sqlite3"
import { ingestInBatches } from "./cases/ingest-in-batches.js"
import { sampleEvents } from "./cases/sample-events.js"
import { writeFloorInto } from "./cases/sqlite-floor.js"
import { storedBy } from "./cases/stored-rows.js"

const BATCH = 1_000
const workspaceId = "bench-shop" as WorkspaceId

interface ShapeTime {
  calls: number
  ms: number
  values: number
}

// A statement's shape: its text with runs of parameters and the row tuples of an insert folded, so an insert of any
// number of rows is one shape.
const shapeOf = (text: string): string =>
  text
    .replace(/\s+/g, " ")
    .replace(/\?(, \?)+/g, "?…")
    .replace(/values \((\?…|\?)\)(, \((\?…|\?)\))*/g, "values (…)")

// Both sides run and read statements whole (`iterate`, which would time only the iterator's creation, is unused).
type Method = "run" | "all" | "get"
const METHODS: ReadonlyArray<Method> = ["run", "all", "get"]

// The values one call binds: an array of them, or one argument each.
const valuesOf = (args: ReadonlyArray<unknown>): number => (args.length === 1 && Array.isArray(args[0]) ? args[0].length : args.length)

// Times every call of every statement `database` prepares from now on, by shape, into `times`.
const timeStatements = (database: Database.Database, times: Map<string, ShapeTime>): void => {
  const prepare = database.prepare.bind(database)
  database.prepare = ((text: string) => {
    const statement = prepare(text)
    const shape = shapeOf(text)
    let held = times.get(shape)
    if (held === undefined) times.set(shape, (held = { calls: 0, ms: 0, values: 0 }))
    const time = held
    for (const method of METHODS) {
      const call = (statement[method] as (...args: Array<unknown>) => unknown).bind(statement)
      Object.defineProperty(statement, method, {
        value: (...args: Array<unknown>) => {
          const started = performance.now()
          try {
            return call(...args)
          } finally {
            time.ms += performance.now() - started
            time.calls++
            time.values += valuesOf(args)
          }
        }
      })
    }
    return statement
  }) as typeof database.prepare
}

// Zeroes what was timed so far (the statement wrappers hold these very objects, so they are reset, not replaced).
const resetTimes = (times: ReadonlyMap<string, ShapeTime>): void => {
  for (const t of times.values()) {
    t.calls = 0
    t.ms = 0
    t.values = 0
  }
}

const report = (side: string, runMs: number, times: ReadonlyMap<string, ShapeTime>, shapes: number): void => {
  let ms = 0
  let calls = 0
  for (const t of times.values()) {
    ms += t.ms
    calls += t.calls
  }
  console.log(`\n${side}: run ${(runMs / 1000).toFixed(2)} s, statements ${(ms / 1000).toFixed(2)} s in ${calls} calls`)
  console.log(`${"seconds".padStart(10)} ${"calls".padStart(8)} ${"values".padStart(9)}  shape`)
  for (const [shape, t] of [...times].filter(([, t]) => t.calls > 0).sort((a, b) => b[1].ms - a[1].ms).slice(0, shapes)) {
    console.log(`${(t.ms / 1000).toFixed(3).padStart(8)} s ${String(t.calls).padStart(8)} ${String(t.values).padStart(9)}  ${shape.slice(0, 120)}`)
  }
}

const n = Number(process.argv[2] ?? 100_000)
const shapes = Number(process.argv[3] ?? 25)
const events = sampleEvents(n, Math.ceil(n / 5)) as unknown as ReadonlyArray<Record<string, unknown>>

const kithTimes = new Map<string, ShapeTime>()
const kithDatabase = new Database(":memory:")
// Wrapped before opening, so the statements opening prepares (and kith's statement cache keeps) are timed when the
// ingestion runs them again; what opening itself ran is zeroed.
timeStatements(kithDatabase, kithTimes)
const store = await openSqliteStorage({ database: kithDatabase })
resetTimes(kithTimes)
const kithStarted = performance.now()
await ingestInBatches(store.layer, workspaceId, events, BATCH)
const kithMs = performance.now() - kithStarted
await store.close()
report("kith", kithMs, kithTimes, shapes)

const stored = await storedBy(workspaceId, events, BATCH)
const floorTimes = new Map<string, ShapeTime>()
const floorDatabase = new Database(":memory:")
for (const statement of stored.schema) floorDatabase.exec(statement)
timeStatements(floorDatabase, floorTimes)
const floorStarted = performance.now()
writeFloorInto(floorDatabase, workspaceId, stored, BATCH)
const floorMs = performance.now() - floorStarted
floorDatabase.close()
report("floor", floorMs, floorTimes, shapes)
