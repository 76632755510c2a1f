// The HTTP collection API as a program: a SQLite store, one workspace per
// write key, @kith/http's handler served by srvx (Node's HTTP server behind
// a Web Request / Response adapter).
import { type CdpClient, createCdp } from "@kith/cdp"
import { createCollectHandler } from "@kith/http"
import { openSqliteStorage } from "@kith/storage-sqlite"
import { serve } from "srvx"

/** What the server needs: where the database is, where to listen, and the workspaces by write key. */
export interface ServerConfig {
  readonly db: string
  readonly hostname: string
  readonly port: number
  /** Write key → workspace id. */
  readonly writeKeys: Readonly<Record<string, string>>
}

/** A running server: its address, the facade of each workspace, and how to stop it. */
export interface RunningServer {
  readonly url: string
  readonly workspaces: Readonly<Record<string, CdpClient>>
  readonly close: () => Promise<void>
}

/** Opens the store, binds each write key to its workspace and starts listening. */
export const startServer = async (config: ServerConfig): Promise<RunningServer> => {
  const store = await openSqliteStorage({ filename: config.db })
  const workspaces: Record<string, CdpClient> = {}
  for (const [writeKey, workspace] of Object.entries(config.writeKeys)) workspaces[writeKey] = await createCdp({ storage: store, workspace })
  const server = serve({
    fetch: createCollectHandler({ writeKeys: workspaces }),
    hostname: config.hostname,
    port: config.port,
    silent: true,
    gracefulShutdown: false
  })
  await server.ready()
  return {
    url: server.url!.replace(/\/$/, ""),
    workspaces,
    close: async () => {
      await server.close(true)
      for (const cdp of Object.values(workspaces)) await cdp.close()
      await store.close()
    }
  }
}
