// The HTTP API as a program: a SQLite store, one workspace per write key,
// @kith/http's collection handler (and, given read keys, its read handler)
// served by srvx (Node's HTTP server behind a Web Request / Response adapter),
// and optionally the static files of a built page.
import { readFile } from "node:fs/promises"
import { extname, join, normalize } from "node:path"
import { type CdpClient, createCdp } from "@kith/cdp"
import { createCollectHandler, createReadHandler } from "@kith/http"
import { openSqliteStorage } from "@kith/storage-sqlite"
import { serve } from "srvx"

/** What the server needs: where the database is, where to listen, and the workspaces by write key. */
export interface ServerConfig {
  readonly db: string
  readonly hostname: string
  readonly port: number
  /** Write key → workspace id. */
  readonly writeKeys: Readonly<Record<string, string>>
  /** Read key → workspace id: serves the read API under `/read/v1`. */
  readonly readKeys?: Readonly<Record<string, string>>
  /** The instant the read API computes a Profile 360 at when a request names none; default the wall clock. */
  readonly now?: () => Date
  /** A directory of built files (an `index.html` and its assets) served at `/`. */
  readonly staticDir?: string
  /** More JSON answers at fixed paths (e.g. a page's `/config.json`). */
  readonly json?: Readonly<Record<string, unknown>>
}

/** A running server: its address, the facade of each workspace, and how to stop it. */
export interface RunningServer {
  readonly url: string
  readonly workspaces: Readonly<Record<string, CdpClient>>
  readonly close: () => Promise<void>
}

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml"
}

// A built file under `dir`, or undefined; paths that climb out of `dir` are not files.
const fileResponse = async (dir: string, pathname: string): Promise<Response | undefined> => {
  const relative = normalize(decodeURIComponent(pathname === "/" ? "/index.html" : pathname))
  if (relative.includes("..")) return undefined
  try {
    const body = await readFile(join(dir, relative))
    return new Response(body, { headers: { "content-type": TYPES[extname(relative)] ?? "application/octet-stream" } })
  } catch {
    return undefined
  }
}

/** Opens the store, binds each key to its workspace and starts listening. */
export const startServer = async (config: ServerConfig): Promise<RunningServer> => {
  const store = await openSqliteStorage({ filename: config.db })
  const byWorkspace = new Map<string, CdpClient>()
  const facadeOf = async (workspace: string) => {
    let cdp = byWorkspace.get(workspace)
    if (cdp === undefined) byWorkspace.set(workspace, (cdp = await createCdp({ storage: store, workspace })))
    return cdp
  }
  const workspaces: Record<string, CdpClient> = {}
  for (const [writeKey, workspace] of Object.entries(config.writeKeys)) workspaces[writeKey] = await facadeOf(workspace)
  const readers: Record<string, CdpClient> = {}
  for (const [readKey, workspace] of Object.entries(config.readKeys ?? {})) readers[readKey] = await facadeOf(workspace)
  const collect = createCollectHandler({ writeKeys: workspaces })
  const read = createReadHandler({ readKeys: readers, ...(config.now === undefined ? {} : { now: config.now }) })
  const fetch = async (request: Request): Promise<Response> => {
    const { pathname } = new URL(request.url)
    if (pathname.startsWith("/v1/")) return collect(request)
    if (pathname.startsWith("/read/")) return read(request)
    const json = config.json?.[pathname]
    if (json !== undefined) return Response.json(json)
    const file = config.staticDir === undefined || request.method !== "GET" ? undefined : await fileResponse(config.staticDir, pathname)
    return file ?? collect(request)
  }
  const server = serve({ fetch, hostname: config.hostname, port: config.port, silent: true, gracefulShutdown: false })
  await server.ready()
  return {
    url: server.url!.replace(/\/$/, ""),
    workspaces,
    close: async () => {
      await server.close(true)
      for (const cdp of byWorkspace.values()) await cdp.close()
      await store.close()
    }
  }
}
