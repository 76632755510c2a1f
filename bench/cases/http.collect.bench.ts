// http.collect: 100,000 testkit events sent as Segment calls (snake_case
// keys, SDK context, no kith-specific shape) in POST /v1/batch requests of
// 100 — what @segment/analytics-node sends — to @kith/http served by srvx on
// 127.0.0.1, over SQLite (a file, as a server keeps it), each call mapped by
// fromSegment and stored with its raw form. The requests come from 8 clients
// at once (a server's traffic: several app instances, each SDK sending a
// batch as it fills), each client posting its share one request after the
// other; concurrent requests share transactions (cdp.collect's write queue).
// The clients run in the same process as the server, so their cost counts.
// Baseline: the same events in kith's canonical form through cdp.batch
// in-process, on the same kind of store (chunks of 1,000, the facade's
// default).
import { rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { createCdp } from "@kith/cdp"
import { createCollectHandler } from "@kith/http"
import { openSqliteStorage } from "@kith/storage-sqlite"
import { serve } from "srvx"
import { defineBench } from "../harness.js"
import { sampleEvents } from "./sample-events.js"
import { segmentCallOf } from "./segment-calls.js"

const N = 100_000
const PER_REQUEST = 100
const CLIENTS = 8
const WRITE_KEY = "wk_bench"
const authorization = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString("base64")}`

let runs = 0
const freshStore = async () => {
  const filename = join(tmpdir(), `kith-bench-http-${process.pid}-${runs++}.db`)
  const store = await openSqliteStorage({ filename })
  return {
    store,
    close: async () => {
      await store.close()
      for (const suffix of ["", "-wal", "-shm"]) rmSync(filename + suffix, { force: true })
    }
  }
}

export default defineBench({
  name: "http.collect",
  n: N,
  repeat: 2,
  targetRatio: 1.5,
  setup: () => {
    const events = sampleEvents(N, Math.ceil(N / 5))
    const bodies: Array<string> = []
    for (let i = 0; i < N; i += PER_REQUEST) {
      bodies.push(JSON.stringify({ batch: events.slice(i, i + PER_REQUEST).map(segmentCallOf), sentAt: new Date().toISOString() }))
    }
    return { events, bodies }
  },
  run: async ({ bodies }) => {
    const { store, close } = await freshStore()
    const cdp = await createCdp({ storage: store, workspace: "bench-shop" })
    const server = serve({ fetch: createCollectHandler({ writeKeys: { [WRITE_KEY]: cdp } }), port: 0, hostname: "127.0.0.1", silent: true, gracefulShutdown: false })
    await server.ready()
    const url = `${server.url!.replace(/\/$/, "")}/v1/batch`
    // Client c sends requests c, c + CLIENTS, c + 2 × CLIENTS, ...: the events reach the server roughly in order.
    const client = async (c: number) => {
      for (let i = c; i < bodies.length; i += CLIENTS) {
        const response = await fetch(url, { method: "POST", headers: { authorization, "content-type": "application/json" }, body: bodies[i]! })
        const answer = (await response.json()) as { accepted?: number; rejected?: ReadonlyArray<unknown> }
        if (response.status !== 200 || answer.rejected?.length !== 0) throw new Error(`request refused: ${response.status} ${JSON.stringify(answer).slice(0, 500)}`)
      }
    }
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)))
    await server.close(true)
    await cdp.close()
    await close()
  },
  baseline: async ({ events }) => {
    const { store, close } = await freshStore()
    const cdp = await createCdp({ storage: store, workspace: "bench-shop" })
    await cdp.batch(events)
    await cdp.close()
    await close()
  }
})
