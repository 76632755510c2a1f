// A real server for the tests: the handler served by srvx on 127.0.0.1 (a
// free port), over a SQLite store, one workspace per write key.
import { type CdpClient, createCdp } from "@kith/cdp"
import { openSqliteStorage } from "@kith/storage-sqlite"
import { serve } from "srvx"
import { type CollectHandlerOptions, createCollectHandler } from "../src/index.js"

export interface TestServer {
  /** The server's origin, e.g. `http://127.0.0.1:41234`. */
  readonly url: string
  /** The facade of each workspace, by write key. */
  readonly cdp: Readonly<Record<string, CdpClient>>
  /** The `Content-Encoding` of each request received, in order (`identity` when none). */
  readonly encodings: ReadonlyArray<string>
  readonly close: () => Promise<void>
}

/**
 * Serves the collection API for the given write keys (each its own
 * workspace, currency and timezone `settings`) on a SQLite store in memory.
 */
export const startServer = async (
  workspaces: Readonly<Record<string, { readonly workspace: string; readonly settings?: { readonly currency?: string; readonly timezone?: string } }>>,
  options: Omit<CollectHandlerOptions, "writeKeys"> = {}
): Promise<TestServer> => {
  const store = await openSqliteStorage()
  const cdp: Record<string, CdpClient> = {}
  for (const [key, { workspace, settings }] of Object.entries(workspaces)) cdp[key] = await createCdp({ storage: store, workspace, ...(settings === undefined ? {} : { settings }) })
  const handle = createCollectHandler({ writeKeys: cdp, ...options })
  const encodings: Array<string> = []
  const fetch = (request: Request) => {
    encodings.push(request.headers.get("content-encoding") ?? "identity")
    return handle(request)
  }
  const server = serve({ fetch, port: 0, hostname: "127.0.0.1", silent: true, gracefulShutdown: false })
  await server.ready()
  const url = server.url!.replace(/\/$/, "")
  return {
    url,
    cdp,
    encodings,
    close: async () => {
      await server.close(true)
      for (const client of Object.values(cdp)) await client.close()
      await store.close()
    }
  }
}
