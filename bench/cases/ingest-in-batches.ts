import type { WorkspaceId } from "@kith/core"
import { EventStore, type StorageServices, Workspaces } from "@kith/storage"
import { Effect, type Layer } from "effect"

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
