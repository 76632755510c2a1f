// The page's server: the example HTTP server (examples/http-server) on the demo shop's SQLite file, with a read
// key for the page, the built page at /, and /config.json telling the page its key and instant.
import { startServer, type RunningServer } from "../http-server/server.js"
import type { DemoShop } from "./shop.js"

/** The read key the page uses (a demo on 127.0.0.1; a real host would use its own auth hook). */
export const DEMO_READ_KEY = "rk_demo"

/** Serves the built page in `staticDir` and the read API over `shop`'s database, every Profile 360 at the shop's "now". */
export const startPageServer = (shop: DemoShop, options: { readonly staticDir: string; readonly hostname: string; readonly port: number }): Promise<RunningServer> =>
  startServer({
    db: shop.database,
    hostname: options.hostname,
    port: options.port,
    writeKeys: { wk_demo: shop.workspace },
    readKeys: { [DEMO_READ_KEY]: shop.workspace },
    now: () => shop.asOf,
    staticDir: options.staticDir,
    json: { "/config.json": { readKey: DEMO_READ_KEY, asOf: shop.asOf.toISOString(), timeZone: "Asia/Ho_Chi_Minh" } }
  })
