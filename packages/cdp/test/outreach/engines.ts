// The three engines the outreach facade tests run on, each opened once per describe block, and the
// shop's clock helpers: local times in the workspace's zone (Asia/Ho_Chi_Minh), never the wall clock.
import { type CdpClient, createCdp } from "@kith/cdp"
import { makeMemoryBackend, type StorageBackend, type StorageServices, storageLayer } from "@kith/storage"
import { openPostgresStorage } from "@kith/storage-postgres"
import { openSqliteStorage } from "@kith/storage-sqlite"
import type { Layer } from "effect"
import { dropSchema, freshSchemaName, pgUrl, probePostgres } from "../../../storage-postgres/test/pg-test-schema.js"

export const local = (date: string, time = "09:00") => `${date}T${time}:00+07:00`
export const at = (date: string, time = "09:00") => new Date(local(date, time))
export const owner = (date: string, time = "09:00") => ({ actor: { kind: "staff", id: "s-lan", role: "owner" } as const, at: at(date, time) })

export const identify = (messageId: string, date: string, userId: string, traits: Record<string, unknown>) => ({ type: "identify", messageId, timestamp: local(date), userId, traits })
export const track = (messageId: string, date: string, time: string, userId: string, event: string, properties: Record<string, unknown>) => ({
  type: "track", event, messageId, timestamp: local(date, time), userId, properties
})

export interface Opened {
  readonly backend: StorageBackend
  readonly layer: Layer.Layer<StorageServices>
  readonly cdp: (workspace: string) => Promise<CdpClient>
  readonly close: () => Promise<void>
}

const pgSkip = await probePostgres()

export const engines: ReadonlyArray<{ readonly name: string; readonly skip?: string | undefined; readonly open: () => Promise<Opened> }> = [
  {
    name: "memory",
    open: async () => {
      const backend = makeMemoryBackend()
      const layer = storageLayer(backend)
      return { backend, layer, cdp: (workspace) => createCdp({ storage: layer, workspace }), close: async () => undefined }
    }
  },
  {
    name: "SQLite",
    open: async () => {
      const store = await openSqliteStorage()
      return { backend: store.backend, layer: store.layer, cdp: (workspace) => createCdp({ storage: store, workspace }), close: () => store.close() }
    }
  },
  {
    name: "Postgres",
    skip: pgSkip,
    open: async () => {
      const schema = `outreach2_${freshSchemaName()}`
      const store = await openPostgresStorage({ connectionString: pgUrl, schema, maxConnections: 4 })
      return {
        backend: store.backend,
        layer: store.layer,
        cdp: (workspace) => createCdp({ storage: store, workspace }),
        close: async () => {
          await store.close()
          await dropSchema(schema)
        }
      }
    }
  }
]

/**
 * One engine's workspaces for a describe block: each `open()` is a fresh workspace on the engine opened once;
 * `closeAll` closes the clients and the engine (call it in afterAll).
 */
export const workspacesOn = (engine: (typeof engines)[number]) => {
  let opened: Opened | undefined
  const clients: Array<CdpClient> = []
  let n = 0
  return {
    open: async () => {
      opened ??= await engine.open()
      const workspace = `outreach-${++n}`
      const cdp = await opened.cdp(workspace)
      clients.push(cdp)
      return { cdp, workspace, backend: opened.backend, layer: opened.layer }
    },
    closeAll: async () => {
      for (const c of clients) await c.close()
      await opened?.close()
    }
  }
}
