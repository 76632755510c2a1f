// outreach.deliver.postgres: kith's outbox workers delivering 100,000 messages
// on Postgres, against the floor of such a delivery in the same run.
//
// Both sides: kith's outbox table (made by kith's migrations, each side in a
// fresh schema of its own; the floor's with the index its claim needs, see
// createFloorSchema), refilled before every round with 100,000 pending rows by one
// `insert … select … from generate_series` and analyzed (about a second,
// untimed); 4 worker processes (started once, before anything is timed); a
// no-op sender; batches of BATCH rows. A round is timed from the start signal
// to every row sent in the table.
// - run: kith's `runOutboxWorker` (worker-kith.ts): a look for ended leases
//   (taken over first), then one statement that takes due rows from the due
//   table, leases their outbox rows and writes the batch's lease; the sender
//   called per message with its idempotency key, completion marked in batches.
// - baseline: the simplest honest loop (worker-floor.ts): one claim statement
//   with FOR UPDATE SKIP LOCKED, one mark statement, per batch.
// ms is the median round; cpuMs the CPU time of the 4 worker processes plus
// their Postgres backends over the round (read from /proc). Every round's
// figures (deliveries/s, worker and database CPU, statement counts and time
// per step) go to bench/results/outreach.deliver.postgres.details.json.
import pg from "pg"
import { defineBench, measured } from "../harness.js"
import { type Arena, closeArena, cpuOf, deliver } from "./outreach-deliver/contest.js"
import { N, outboxContestant, url } from "./outreach-deliver/contestants.js"
import { createFloorSchema, createOutboxSchema, dropSchema } from "./outreach-deliver/outbox-table.js"

const NAME = "outreach.deliver.postgres"

interface Data extends Arena {
  readonly schemas: { readonly kith: string; readonly floor: string }
}

export default defineBench<Data>({
  name: NAME,
  n: N,
  repeat: 3,
  targetRatio: 2,
  setup: async () => {
    const schemas = { kith: `deliverbench_outbox_${process.pid}`, floor: `deliverbench_floor_${process.pid}` }
    await createOutboxSchema(url, schemas.kith)
    await createFloorSchema(url, schemas.floor)
    const client = new pg.Client({ connectionString: url, application_name: "deliverbench-setup" })
    await client.connect()
    return { url, schemas, client, side: "", details: NAME, fleets: new Map(), rounds: [] }
  },
  run: async (data) => {
    data.side = "run"
    const round = await deliver(data, outboxContestant("kith", "worker-kith.ts", data.schemas.kith), N)
    return measured(round.ms, cpuOf(round))
  },
  baseline: async (data) => {
    data.side = "baseline"
    const round = await deliver(data, outboxContestant("floor", "worker-floor.ts", data.schemas.floor), N)
    return measured(round.ms, cpuOf(round))
  },
  teardown: async (data) => {
    await closeArena(data)
    for (const schema of Object.values(data.schemas)) await dropSchema(data.client, schema)
    await data.client.end()
  }
})
