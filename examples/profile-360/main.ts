// npm run profile-360 [-- --port 8360 --people 4000 --db examples/profile-360/.data/shop.sqlite]
// Builds the demo shop's SQLite database (recreated on every run), builds the page, and serves both until Ctrl-C.
import { join } from "node:path"
import { parseArgs } from "node:util"
import { buildPage, distDir } from "./build.js"
import { startPageServer } from "./server.js"
import { buildDemoShop } from "./shop.js"

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env["PORT"] ?? "8360" },
    host: { type: "string", default: "127.0.0.1" },
    people: { type: "string", default: "4000" },
    db: { type: "string", default: join(import.meta.dirname, ".data", "shop.sqlite") }
  }
})

console.log("Building the page (esbuild)…")
for (const { file, bytes } of await buildPage()) if (!file.endsWith(".map")) console.log(`  ${file}  ${(bytes / 1024).toFixed(1)} KB`)
console.log(`Building the demo shop in ${values.db}…`)
let shown = -1
const shop = await buildDemoShop({
  database: values.db,
  people: Number(values.people),
  onProgress: (done, total) => {
    const pct = Math.floor((done / total) * 100)
    if (pct % 25 === 0 && pct !== shown) console.log(`  ${pct}% of ${total} events`)
    shown = pct
  }
})
const server = await startPageServer(shop, { staticDir: distDir, hostname: values.host, port: Number(values.port) })
console.log(`Profile 360 on ${server.url}  (no-server mode: ${server.url}/?mode=browser)`)
console.log(`  ${shop.events} events; "now" is the shop's latest event, ${shop.asOf.toISOString()}`)

const stop = async () => {
  await server.close()
  process.exit(0)
}
process.on("SIGINT", () => void stop())
process.on("SIGTERM", () => void stop())
