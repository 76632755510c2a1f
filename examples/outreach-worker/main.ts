// An outreach worker process: ticks every minute (starting due plans, re-deciding held messages, completing drained
// plans) and delivers the outbox through a console sender until Ctrl-C. Run several of these on one Postgres
// database to share the work; on SQLite one process is the writer.
//   npx tsx --conditions=@kith/source examples/outreach-worker/main.ts --db examples/quickstart/.data/kith-demo.sqlite
import { parseArgs } from "node:util"
import { createCdp } from "@kith/cdp"
import { openSqliteStorage } from "@kith/storage-sqlite"
import { consoleSender } from "./console-sender.js"

const { values } = parseArgs({ options: { db: { type: "string", default: "./kith.db" }, workspace: { type: "string", default: "shop-1" }, concurrency: { type: "string", default: "8" } } })

const store = await openSqliteStorage({ filename: values.db })
const cdp = await createCdp({ storage: store, workspace: values.workspace })
const stop = new AbortController()
process.once("SIGINT", () => stop.abort())

const tick = async () => {
  const outcome = await cdp.outreach.tick({ now: new Date() })
  if (outcome.started.length + outcome.completed.length + outcome.redecided > 0) console.log(`tick: started ${outcome.started.join(", ") || "none"}, queued ${outcome.queued}, re-decided ${outcome.redecided}, completed ${outcome.completed.join(", ") || "none"}`)
}
await tick()
const timer = setInterval(() => void tick().catch((e: unknown) => console.error("tick failed:", e)), 60_000)
const summary = await cdp.outreach.runWorker({ sender: consoleSender(), concurrency: Number(values.concurrency), signal: stop.signal })
clearInterval(timer)
console.log(`worker stopped: ${JSON.stringify(summary)}`)
await cdp.close()
await store.close()
