import type { WorkspaceId } from "@kith/core"
import { EventStore, type StorageServices, Workspaces } from "@kith/storage"
import { Effect, type Layer } from "effect"
import { measured } from "../harness.js"

/**
 * What both storage benchmarks time: create the workspace, then ingest the
 * events through the storage port in batches of `batch` (one transaction each).
 * With `create` false the workspace is taken to exist already (a cached store).
 */
export const ingestInBatches = (layer: Layer.Layer<StorageServices>, workspaceId: WorkspaceId, events: ReadonlyArray<unknown>, batch: number, create = true): Promise<void> =>
  Effect.runPromise(
    Effect.gen(function* () {
      if (create) yield* (yield* Workspaces).create({ workspaceId })
      const ingest = (yield* EventStore).ingest
      for (let i = 0; i < events.length; i += batch) yield* ingest(workspaceId, events.slice(i, i + batch))
    }).pipe(Effect.provide(layer))
  )

/**
 * What the flatness cases time: `ingestInBatches` into an existing workspace
 * of the store `open` gives (closed afterwards; opening and closing untimed),
 * its wall and CPU time scaled to `n` events, so repetitions of slightly
 * different sizes compare as events per second do.
 */
export const timedIngestion = async (
  open: () => Promise<{ readonly layer: Layer.Layer<StorageServices>; readonly close: () => Promise<void> }>,
  workspaceId: WorkspaceId,
  events: ReadonlyArray<unknown>,
  batch: number,
  create: boolean,
  n: number
) => {
  const store = await open()
  try {
    const cpu = process.cpuUsage()
    const started = performance.now()
    await ingestInBatches(store.layer, workspaceId, events, batch, create)
    const ms = performance.now() - started
    const used = process.cpuUsage(cpu)
    const scale = n / events.length
    return measured(ms * scale, ((used.user + used.system) / 1000) * scale)
  } finally {
    await store.close()
  }
}
