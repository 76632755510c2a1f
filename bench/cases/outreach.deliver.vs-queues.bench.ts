// outreach.deliver.vs-queues: the 100,000 no-op deliveries of
// outreach.deliver.postgres through kith's outbox workers, against the queues
// a user would pick instead, on the same Postgres in the same run, each in
// its own schema, each with 4 worker processes and its own recommended
// throughput settings (said in its worker script):
// - graphile-worker 0.17 (worker-graphile.ts): its performance page's
//   settings, concurrentJobs 24, pool 25, localQueue 500, batched completion;
// - pg-boss 10 (worker-pgboss.ts): `work()` with batchSize 1,000, polling
//   every 0.5 s (its minimum), one loop per process (contestants.ts says why).
// Every contestant's table is filled by one `insert … select … from
// generate_series` and analyzed before each round (untimed); a round is timed
// from the start signal to every job done in its table.
// run: kith. baseline: the faster of the two queues in each repetition (ms),
// and the cheaper in CPU (cpuMs: worker processes plus their Postgres backends),
// the two run in alternating order. Every round of every contestant goes to
// bench/results/outreach.deliver.vs-queues.details.json.
import pg from "pg"
import { defineBench, measured } from "../harness.js"
import { type Arena, closeArena, cpuOf, deliver } from "./outreach-deliver/contest.js"
import { N, graphileContestant, outboxContestant, pgBossContestant, url } from "./outreach-deliver/contestants.js"
import { createOutboxSchema, dropSchema } from "./outreach-deliver/outbox-table.js"
import { createGraphileSchema, createPgBossSchema } from "./outreach-deliver/queue-tables.js"

const NAME = "outreach.deliver.vs-queues"

interface Data extends Arena {
  readonly schemas: { readonly outbox: string; readonly graphile: string; readonly pgBoss: string }
  calls: number
}

export default defineBench<Data>({
  name: NAME,
  n: N,
  // Two timed rounds per side (after the warm-up): three contestants at 100,000 deliveries each keep the case near three minutes on a quiet machine.
  repeat: 2,
  targetRatio: 1,
  setup: async () => {
    const schemas = { outbox: `deliverbench_outbox_${process.pid}`, graphile: `deliverbench_graphile_${process.pid}`, pgBoss: `deliverbench_pgboss_${process.pid}` }
    const client = new pg.Client({ connectionString: url, application_name: "deliverbench-setup" })
    await client.connect()
    return { url, schemas, client, side: "", details: NAME, fleets: new Map(), rounds: [], calls: 0 }
  },
  run: async (data) => {
    if (data.side === "") await createOutboxSchema(url, data.schemas.outbox)
    data.side = "run"
    const round = await deliver(data, outboxContestant("kith", "worker-kith.ts", data.schemas.outbox), N)
    return measured(round.ms, cpuOf(round))
  },
  baseline: async (data) => {
    if (data.side === "") {
      await createGraphileSchema(url, data.schemas.graphile)
      await createPgBossSchema(url, data.schemas.pgBoss)
    }
    data.side = "baseline"
    const queues = [graphileContestant(data.schemas.graphile), pgBossContestant(data.schemas.pgBoss)]
    if (data.calls++ % 2 === 1) queues.reverse()
    const rounds = []
    for (const queue of queues) rounds.push(await deliver(data, queue, N))
    return measured(Math.min(...rounds.map((r) => r.ms)), Math.min(...rounds.map(cpuOf)))
  },
  teardown: async (data) => {
    await closeArena(data)
    for (const schema of Object.values(data.schemas)) await dropSchema(data.client, schema)
    await data.client.end()
  }
})
