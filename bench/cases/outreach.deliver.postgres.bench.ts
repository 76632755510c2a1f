// outreach.deliver.postgres: kith's outbox workers delivering 100,000 messages
// on Postgres, against the floor of such a delivery in the same run.
//
// Both sides: the same kith outbox table (made by kith's migrations in a
// fresh schema), refilled before every round with 100,000 pending rows by one
// `insert … select … from generate_series` and analyzed (about a second,
// untimed); 4 worker processes (started once, before anything is timed); a
// no-op sender; batches of BATCH rows. A round is timed from the start signal
// to every row sent in the table.
// - run: kith's `runOutboxWorker` (worker-kith.ts): claim with lease, reclaim
//   of expired leases and rate limits in one statement, the sender called per
//   message with its idempotency key, completion marked in batches.
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
import { createOutboxSchema, dropSchema } from "./outreach-deliver/outbox-table.js"

const NAME = "outreach.deliver.postgres"

interface Data extends Arena {
  readonly schema: string
}

export default defineBench<Data>({
  name: NAME,
  n: N,
  repeat: 3,
  targetRatio: 2,
  setup: async () => {
    const schema = `deliverbench_outbox_${process.pid}`
    await createOutboxSchema(url, schema)
    const client = new pg.Client({ connectionString: url, application_name: "deliverbench-setup" })
    await client.connect()
    return { url, schema, client, side: "", details: NAME, fleets: new Map(), rounds: [] }
  },
  run: async (data) => {
    data.side = "run"
    const round = await deliver(data, outboxContestant("kith", "worker-kith.ts", data.schema), N)
    return measured(round.ms, cpuOf(round))
  },
  baseline: async (data) => {
    data.side = "baseline"
    const round = await deliver(data, outboxContestant("floor", "worker-floor.ts", data.schema), N)
    return measured(round.ms, cpuOf(round))
  },
  teardown: async (data) => {
    await closeArena(data)
    await dropSchema(data.client, data.schema)
    await data.client.end()
  }
})
