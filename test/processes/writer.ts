// A writer process for the multi-process and crash tests: opens kith storage on SQLite (a file) or Postgres
// (a schema), creates the workspace, and ingests its share of a deterministic shop's events in batches,
// printing one line per committed batch so the parent can follow it (and kill it mid-batch).
//
//   tsx --conditions=@kith/source test/processes/writer.ts --engine sqlite --target /tmp/kith.db \
//     --workspace shop-1 --people 100 --per-person 10 --seed 7 --batch 50 --part 0 --parts 2
//
// Output: `opened`, then `committed <batch>` per batch, then `done <appended> <duplicates>`; a refused or
// failed call prints `failed <batch> <tag>: <message>` and exits 1.
import type { WorkspaceId } from "@kith/core"
import { EventStore, type StorageServices, Workspaces } from "@kith/storage"
import { openPostgresStorage } from "@kith/storage-postgres"
import { openSqliteStorage } from "@kith/storage-sqlite"
import { Effect, Exit, type Layer } from "effect"
import { parseArgs } from "node:util"
import { sampleShopEvents } from "../../packages/storage/src/testing/sample-events.js"
import { batchesOf, type WriterOptions } from "./shop.js"

const { values } = parseArgs({
  options: {
    engine: { type: "string" },
    target: { type: "string" },
    workspace: { type: "string" },
    people: { type: "string" },
    "per-person": { type: "string" },
    seed: { type: "string" },
    batch: { type: "string" },
    part: { type: "string", default: "0" },
    parts: { type: "string", default: "1" },
    rotate: { type: "string", default: "0" },
    overlap: { type: "string", default: "0" }
  }
})

const options: WriterOptions = {
  people: Number(values.people),
  perPerson: Number(values["per-person"]),
  seed: Number(values.seed),
  batch: Number(values.batch),
  part: Number(values.part),
  parts: Number(values.parts),
  rotate: Number(values.rotate),
  overlap: Number(values.overlap)
}
const workspaceId = values.workspace as WorkspaceId

const open = async (): Promise<{ readonly layer: Layer.Layer<StorageServices>; readonly close: () => Promise<void> }> => {
  if (values.engine === "sqlite") return openSqliteStorage({ filename: values.target! })
  if (values.engine === "postgres") return openPostgresStorage({ schema: values.target!, maxConnections: 2 })
  throw new Error(`unknown engine ${String(values.engine)}`)
}

const store = await open()
const run = <A, E>(program: Effect.Effect<A, E, StorageServices>) => Effect.runPromiseExit(program.pipe(Effect.provide(store.layer)))
const created = await run(Effect.flatMap(Workspaces, (w) => w.create({ workspaceId })))
if (Exit.isFailure(created)) {
  console.log(`failed create ${String(created.cause)}`)
  process.exit(1)
}
console.log("opened")
let appended = 0
let duplicates = 0
for (const { index, events } of batchesOf(sampleShopEvents({ people: options.people, eventsPerPerson: options.perPerson, seed: options.seed }), options)) {
  const result = await run(Effect.flatMap(EventStore, (s) => s.ingest(workspaceId, events)))
  if (Exit.isFailure(result)) {
    console.log(`failed ${index} ${String(result.cause).split("\n")[0]}`)
    process.exit(1)
  }
  appended += result.value.appended
  duplicates += result.value.duplicates
  console.log(`committed ${index}`)
}
await store.close()
console.log(`done ${appended} ${duplicates}`)
