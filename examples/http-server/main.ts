// npm run http-server [-- --port 8080 --db ./kith-http.sqlite --write-key wk_demo=shop-1]
// Serves Segment's HTTP Tracking API on 127.0.0.1 until Ctrl-C.
import { parseArgs } from "node:util"
import { startServer } from "./server.js"

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env["PORT"] ?? "8080" },
    host: { type: "string", default: "127.0.0.1" },
    db: { type: "string", default: "./kith-http.sqlite" },
    "write-key": { type: "string", multiple: true, default: ["wk_demo=shop-1"] }
  }
})

const writeKeys: Record<string, string> = {}
for (const pair of values["write-key"]) {
  const [key, workspace] = pair.split("=")
  if (key === undefined || key === "" || workspace === undefined || workspace === "") {
    console.error(`--write-key takes <key>=<workspace>, got ${JSON.stringify(pair)}`)
    process.exit(2)
  }
  writeKeys[key] = workspace
}

const server = await startServer({ db: values.db, hostname: values.host, port: Number(values.port), writeKeys })
console.log(`kith collection API on ${server.url} (SQLite ${values.db})`)
for (const [key, workspace] of Object.entries(writeKeys)) console.log(`  write key ${key} → workspace ${workspace}`)
console.log(`Try: curl -u ${Object.keys(writeKeys)[0]}: ${server.url}/v1/track -H 'content-type: application/json' -d '{"userId":"u-1","event":"Order Completed","properties":{"order_id":"SO-1","total":250000}}'`)

const stop = async () => {
  await server.close()
  process.exit(0)
}
process.on("SIGINT", () => void stop())
process.on("SIGTERM", () => void stop())
