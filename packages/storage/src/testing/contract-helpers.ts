import type { ProfileId, WorkspaceId } from "@kith/core"
import { summaryToJson } from "@kith/profile"
import { Effect, Exit, type Layer, Option } from "effect"
import type { StorageBackend } from "../backend.js"
import { EventStore, type IngestResult } from "../port/events.js"
import { IdentityGraph, type StoredLedgerEntry } from "../port/identity-graph.js"
import type { Page } from "../port/page.js"
import { ProfileStore, type StoredProfile } from "../port/profiles.js"
import { Workspaces } from "../port/workspaces.js"
import type { StorageServices } from "../storage-layer.js"

/**
 * One engine under test: the port's layer, the backend under it (some tests
 * write rows as an older version or a hand would), and how to release it.
 *
 * @example
 * ```ts
 * const backend = makeMemoryBackend()
 * const store: StoreUnderTest = { layer: storageLayer(backend), backend, close: async () => {} }
 * ```
 */
export interface StoreUnderTest {
  readonly layer: Layer.Layer<StorageServices>
  readonly backend: StorageBackend
  readonly close: () => Promise<void>
}

/**
 * What the contract suite hands each feature's group of tests: running
 * programs on the engine under test, and its small helpers.
 *
 * @example
 * ```ts
 * registerWorkspaceContract(helpers)
 * ```
 */
export interface ContractHelpers {
  /** Runs of each property test (every run writes to the engine). */
  readonly numRuns: number
  /** The engine's backend, to write rows the port would not (an older version's, a hand's). */
  readonly backend: () => StorageBackend
  readonly run: <A, E>(program: Effect.Effect<A, E, StorageServices>) => Promise<A>
  /** The typed failure of a program that must fail. */
  readonly failureTag: <A, E>(program: Effect.Effect<A, E, StorageServices>) => Promise<E>
  /** A workspace no other test uses, created. */
  readonly newWorkspace: (label: string) => Promise<WorkspaceId>
  /** A workspace id no test created. */
  readonly freshWorkspace: (label: string) => WorkspaceId
  readonly ingest: (workspaceId: WorkspaceId, events: ReadonlyArray<unknown>) => Promise<IngestResult>
  readonly count: (workspaceId: WorkspaceId) => Promise<number>
  readonly ledgerOf: (workspaceId: WorkspaceId) => Promise<ReadonlyArray<StoredLedgerEntry>>
  readonly profile: (workspaceId: WorkspaceId, profileId: string) => Promise<StoredProfile>
  readonly byIdentifier: (workspaceId: WorkspaceId, type: string, value: string) => Promise<Option.Option<StoredProfile>>
  readonly search: (workspaceId: WorkspaceId, text: string | undefined, limit?: number, cursor?: string) => Promise<Page<StoredProfile>>
  /** The events' partition into profiles as the store says now, each group and the list sorted. */
  readonly partitionOf: (workspaceId: WorkspaceId, messageIds: ReadonlyArray<string>) => Promise<Array<Array<string>>>
  /** What a workspace holds, to compare before and after a refused write. */
  readonly snapshot: (workspaceId: WorkspaceId) => Promise<unknown>
}

let counter = 0

/**
 * The helpers of {@link ContractHelpers} on the engine `store()` returns
 * (opened by the suite's `beforeAll`).
 *
 * @example
 * ```ts
 * const helpers = contractHelpers(() => store!, 12)
 * ```
 */
export const contractHelpers = (store: () => StoreUnderTest, numRuns: number): ContractHelpers => {
  const freshWorkspace = (label: string): WorkspaceId => `ws-${label}-${Date.now().toString(36)}-${(counter++).toString(36)}` as WorkspaceId
  const run = <A, E>(program: Effect.Effect<A, E, StorageServices>): Promise<A> => Effect.runPromise(program.pipe(Effect.provide(store().layer)))
  const failureTag = async <A, E>(program: Effect.Effect<A, E, StorageServices>): Promise<E> => {
    const result = await Effect.runPromiseExit(program.pipe(Effect.provide(store().layer)))
    if (Exit.isSuccess(result)) throw new Error("expected a failure")
    const error = result.cause.reasons.find((r) => r._tag === "Fail")
    if (error === undefined || error._tag !== "Fail") throw new Error(`expected a typed failure, got ${String(result.cause)}`)
    return error.error
  }
  const newWorkspace = async (label: string): Promise<WorkspaceId> => {
    const workspaceId = freshWorkspace(label)
    await run(Effect.flatMap(Workspaces, (w) => w.create({ workspaceId, name: label })))
    return workspaceId
  }
  const count = (workspaceId: WorkspaceId) => run(Effect.flatMap(EventStore, (s) => s.count(workspaceId)))
  const ledgerOf = (workspaceId: WorkspaceId) => run(Effect.flatMap(IdentityGraph, (g) => g.ledger(workspaceId, { limit: 100_000 }))).then((p) => p.items)
  const search = (workspaceId: WorkspaceId, text: string | undefined, limit = 100, cursor?: string) =>
    run(Effect.flatMap(ProfileStore, (p) => p.search(workspaceId, { text, limit, cursor })))
  return {
    numRuns,
    backend: () => store().backend,
    run,
    failureTag,
    newWorkspace,
    freshWorkspace,
    ingest: (workspaceId, events) => run(Effect.flatMap(EventStore, (s) => s.ingest(workspaceId, events))),
    count,
    ledgerOf,
    profile: (workspaceId, profileId) => run(Effect.flatMap(ProfileStore, (p) => p.get(workspaceId, profileId as ProfileId))),
    byIdentifier: (workspaceId, type, value) => run(Effect.flatMap(ProfileStore, (p) => p.findByIdentifier(workspaceId, { type, value }))),
    search,
    partitionOf: async (workspaceId, messageIds) => {
      const groups = new Map<string, Array<string>>()
      for (const messageId of messageIds) {
        const stored = await run(Effect.flatMap(EventStore, (s) => s.get(workspaceId, messageId)))
        const owner = Option.getOrThrow(stored).profileId
        groups.set(owner, [...(groups.get(owner) ?? []), messageId])
      }
      return [...groups.values()].map((g) => g.sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1))
    },
    snapshot: async (workspaceId) => ({
      events: await count(workspaceId),
      ledger: (await ledgerOf(workspaceId)).length,
      profiles: (await search(workspaceId, undefined, 10_000)).items.map((p) => [p.profileId, JSON.stringify(summaryToJson(p.summary)), JSON.stringify(p.traits)])
    })
  }
}
