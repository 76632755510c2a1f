// The demo's shop in a SQLite file: the quickstart's synthetic Vietnamese shop (@kith/testkit), ingested through
// @kith/cdp, its leads and opportunities opened by the pipeline's event rules, two template segments refreshed.
// "Now" is the shop's latest event.
import { mkdirSync, rmSync } from "node:fs"
import { dirname } from "node:path"
import { createCdp } from "@kith/cdp"
import { openSqliteStorage } from "@kith/storage-sqlite"
import { generateShop } from "@kith/testkit"
import { defineDemoSegments } from "./web/demo-segments.js"

/** The demo database built: where, which workspace, and the instant the page reads it at. */
export interface DemoShop {
  readonly database: string
  readonly workspace: string
  readonly asOf: Date
  readonly events: number
}

/** Deletes and recreates `database` with the demo shop of `people` people (the quickstart's 4,000 by default). */
export const buildDemoShop = async (options: { readonly database: string; readonly people?: number; readonly seed?: number; readonly onProgress?: (done: number, total: number) => void }): Promise<DemoShop> => {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(options.database + suffix, { force: true })
  mkdirSync(dirname(options.database), { recursive: true })
  const shop = generateShop({ seed: options.seed ?? 42, people: options.people ?? 4000 })
  const events: Array<unknown> = []
  let latest = 0
  for (const { record, event } of shop.events()) {
    events.push(event)
    latest = Math.max(latest, record.observedAt.getTime())
  }
  const store = await openSqliteStorage({ filename: options.database })
  const workspace = shop.options.workspaceId
  const cdp = await createCdp({ storage: store, workspace: { id: workspace, name: "Demo shop" } })
  try {
    await cdp.batch(events, { onProgress: (p) => options.onProgress?.(p.processed, p.total) })
    await cdp.pipeline.follow()
    await defineDemoSegments(cdp, new Date(latest))
  } finally {
    await cdp.close()
    await store.close()
  }
  return { database: options.database, workspace, asOf: new Date(latest), events: events.length }
}
