import type { ProfileId } from "@kith/core"
import { type IngestResult, StorageFailure } from "@kith/storage"
import { Effect } from "effect"
import type { WorkspaceContext } from "../workspace-context.js"

/**
 * The workspace's stores with segment membership kept current (SEG-8): after
 * every write that changes a profile's segment inputs commits — ingestion
 * (`ingest`, `ingestChecked`, `ingestReported` unless a dry run), a merge, a
 * split, a profile edit — the profiles it touched are re-evaluated in memory
 * against every segment of the workspace and their membership and
 * next-change instants are written, before the call returns.
 *
 * This is a queue drained right after the commit, not the same transaction:
 * the segment inputs are read through the store's `SegmentInputsStore`,
 * which answers from committed data, and the ingestion transaction stays as
 * short as it was (a workspace's writers wait on it). A profile merged away
 * by the write exits with its survivor's re-evaluation (the store exits every
 * profile merged into the scope). Should the re-evaluation fail, the call
 * fails with a `StorageFailure` while the events stay stored; `refresh`
 * repairs the membership.
 *
 * @param context - the workspace and its stores
 * @param upkeep - re-evaluates these profiles in every segment
 * @returns the same context, its writes followed by the upkeep
 */
export const keepSegmentsCurrent = <E>(context: WorkspaceContext, upkeep: (profileIds: ReadonlyArray<ProfileId>) => Effect.Effect<void, E>): WorkspaceContext => {
  const { events, graph, profiles } = context
  // The write's own failures stay what they were; the upkeep's are the store failing after the commit.
  const then = <A, Err>(write: Effect.Effect<A, Err>, touched: (a: A) => ReadonlyArray<ProfileId>): Effect.Effect<A, Err | StorageFailure> =>
    Effect.tap(write, (a) => upkeep(touched(a)).pipe(Effect.mapError((cause) => new StorageFailure({ operation: "Cdp.segments.upkeep", cause }))))
  const ingested = (result: IngestResult): ReadonlyArray<ProfileId> => [...result.profileOf.values()]
  return {
    ...context,
    events: {
      ...events,
      ingest: (...args) => then(events.ingest(...args), ingested),
      ingestChecked: (...args) => then(events.ingestChecked(...args), ingested),
      ingestReported: (workspaceId, batch, options) =>
        options?.dryRun === true ? events.ingestReported(workspaceId, batch, options) : then(events.ingestReported(workspaceId, batch, options), ingested)
    },
    graph: {
      ...graph,
      // Every argument passed through as given (a note, an option added to a write later reaches the store unchanged).
      merge: (...args) => then(graph.merge(...args), (change) => [change.from, change.into]),
      split: (...args) => then(graph.split(...args), (change) => [change.from, change.into, change.detached, ...change.profiles])
    },
    profiles: {
      ...profiles,
      setTraits: (...args) => then(profiles.setTraits(...args), (stored) => [stored.profileId])
    }
  }
}
