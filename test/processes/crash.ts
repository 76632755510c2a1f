// What the crash and multi-process tests compare: a workspace's events and profiles as the store holds them,
// and a writer process killed at a chosen point.
import type { ProfileId, WorkspaceId } from "@kith/core"
import { makeSummarizer, summaryToJson } from "@kith/profile"
import { EventStore, ProfileStore, type StorageServices, Workspaces } from "@kith/storage"
import { Effect, type Layer } from "effect"
import { startWriter } from "./spawn.js"

/** A store as the tests hold one: its layer. */
export interface OpenStore {
  readonly layer: Layer.Layer<StorageServices>
}

const runOn = <A, E>(store: OpenStore, program: Effect.Effect<A, E, StorageServices>) => Effect.runPromise(program.pipe(Effect.provide(store.layer)))

/**
 * A workspace's state: how many events, their messageIds, each live profile (id, its events, summary and
 * traits), and whether every profile's summary is the summary of its events (no half-applied batch).
 */
export interface ShopState {
  readonly events: number
  readonly messageIds: ReadonlyArray<string>
  readonly profiles: ReadonlyArray<{ readonly profileId: string; readonly events: ReadonlyArray<string>; readonly summary: string; readonly traits: string }>
  readonly consistent: boolean
}

/** Reads {@link ShopState} through the port. */
export const shopState = async (store: OpenStore, workspaceId: WorkspaceId): Promise<ShopState> => {
  const summarizer = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" })
  const profiles: Array<ShopState["profiles"][number]> = []
  const messageIds: Array<string> = []
  let consistent = true
  let cursor: string | undefined
  do {
    const page = await runOn(store, Effect.flatMap(ProfileStore, (p) => p.search(workspaceId, { limit: 500, cursor })))
    for (const p of page.items) {
      const events = await runOn(store, Effect.flatMap(EventStore, (s) => s.listByProfile(workspaceId, p.profileId as ProfileId, { limit: 10_000 })))
      const ids = events.items.map((e) => e.event.messageId)
      messageIds.push(...ids)
      const summary = JSON.stringify(summaryToJson(p.summary))
      if (summary !== JSON.stringify(summaryToJson(summarizer.summarize(events.items.map((e) => e.event))))) consistent = false
      profiles.push({ profileId: p.profileId, events: ids, summary, traits: JSON.stringify(Object.entries(p.traits).sort(([a], [b]) => (a < b ? -1 : 1))) })
    }
    cursor = page.nextCursor
  } while (cursor !== undefined)
  const events = await runOn(store, Effect.flatMap(EventStore, (s) => s.count(workspaceId)))
  return { events, messageIds: messageIds.sort(), profiles, consistent: consistent && messageIds.length === events }
}

/** Ingests a shop's events in batches of `batch`, in order, creating the workspace first. */
export const ingestShop = async (store: OpenStore, workspaceId: WorkspaceId, events: ReadonlyArray<unknown>, batch: number): Promise<void> => {
  await runOn(store, Effect.flatMap(Workspaces, (w) => w.create({ workspaceId })))
  for (let i = 0; i < events.length; i += batch) await runOn(store, Effect.flatMap(EventStore, (s) => s.ingest(workspaceId, events.slice(i, i + batch))))
}

/**
 * Starts a writer and kills it with SIGKILL `delayMs` after it reported batch `after` committed (so, usually,
 * in the middle of the next one). Resolves with the last batch it reported committed.
 */
export const killMidBatch = async (
  shop: { readonly engine: string; readonly target: string; readonly workspace: string; readonly people: number; readonly perPerson: number; readonly seed: number; readonly batch: number },
  point: { readonly after: number; readonly delayMs: number }
): Promise<{ readonly committed: number }> => {
  const writer = startWriter({ engine: shop.engine, target: shop.target, workspace: shop.workspace, people: shop.people, "per-person": shop.perPerson, seed: shop.seed, batch: shop.batch })
  await writer.waitFor((line) => line === `committed ${point.after}`)
  await new Promise((resolve) => setTimeout(resolve, point.delayMs))
  writer.child.kill("SIGKILL")
  const code = await writer.exited
  const committed = writer.lines.filter((l) => l.startsWith("committed ")).map((l) => Number(l.split(" ")[1]))
  if (code === 0) throw new Error(`the writer finished before it was killed (after batch ${point.after}, ${point.delayMs} ms)`)
  return { committed: Math.max(...committed) }
}
