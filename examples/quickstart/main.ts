// `npm run demo`: the kith quickstart on SQLite. Options: --people N (default 4000), --seed N (default 42),
// --db FILE (default examples/quickstart/.data/kith-demo.sqlite, recreated on every run).
import { join } from "node:path"
import { parseArgs } from "node:util"
import { runQuickstart } from "./quickstart.js"

const { values } = parseArgs({
  options: {
    people: { type: "string", default: "4000" },
    seed: { type: "string", default: "42" },
    db: { type: "string", default: join(import.meta.dirname, ".data", "kith-demo.sqlite") }
  }
})

const started = performance.now()
const result = await runQuickstart({
  people: Number(values.people),
  seed: Number(values.seed),
  database: values.db,
  print: (line) => console.log(line),
  liveProgress: process.stdout.isTTY === true,
  redraw: (line) => process.stdout.write(line === "\n" ? line : `\r${line}`)
})
const ok = result.customerFound && result.nameSearchFound && result.oldPhoneSearchFound
console.log("")
console.log(`${ok ? "Done" : "Done, with a check that failed (✗ above)"} in ${((performance.now() - started) / 1000).toFixed(1)} s.`)
process.exit(ok ? 0 : 1)
