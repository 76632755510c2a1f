import type { Identifier, ProfileId, WorkspaceSettings } from "@kith/core"
import type { Explanation } from "@kith/identity"
import type { Profile360, TimelinePage } from "@kith/profile"
import type { Page, StorageServices, StoredEvent, StoredLedgerEntry, StoredProfile, StoredWorkspace } from "@kith/storage"
import { Effect, Layer, ManagedRuntime } from "effect"
import type { AliasCall, BatchOptions, BatchOutcome, IdentifyCall, IngestOutcome, PageCall, TrackCall } from "./calls.js"
import type { ProfileEdit } from "./profile-edit.js"
import type { ProfileListItem, ProfileReference } from "./profile-views.js"
import {
  Cdp,
  type CdpServiceOptions,
  type IdentityAction,
  type ListRequest,
  type MergeOptions,
  type MergeOutcome,
  type ProfileListRequest,
  type ProfileOptions,
  type TimelineRequest
} from "./service.js"

/**
 * The storage a facade runs on: anything with the storage port's `layer` —
 * `await openSqliteStorage({ filename })` (`@kith/storage-sqlite`),
 * `await openPostgresStorage({ connectionString })` (`@kith/storage-postgres`)
 * — or the layer itself, e.g. `storageLayer(makeMemoryBackend())`
 * (`@kith/storage`). Whoever opened the storage closes it.
 *
 * @example
 * ```ts
 * const sqlite: CdpStorage = await openSqliteStorage({ filename: "./kith.db" })
 * const memory: CdpStorage = storageLayer(makeMemoryBackend())
 * ```
 */
export type CdpStorage = Layer.Layer<StorageServices> | { readonly layer: Layer.Layer<StorageServices> }

/**
 * Options of {@link createCdp}: the storage, the workspace and its settings.
 *
 * @example
 * ```ts
 * const options: CdpOptions = { storage: await openSqliteStorage({ filename: "./kith.db" }), workspace: "shop-1", settings: { currency: "VND" } }
 * ```
 */
export interface CdpOptions extends CdpServiceOptions {
  readonly storage: CdpStorage
}

/**
 * The facade as Promises (DX-1): every call of the Effect service
 * {@link Cdp}, resolving with its value or rejecting with its typed error
 * (an `Error` with a `_tag`: `InvalidEventBatch`, `ProfileNotFound`,
 * `InvalidArgument`, ...).
 *
 * @example
 * ```ts
 * const cdp = await createCdp({ storage: await openSqliteStorage({ filename: "./kith.db" }), workspace: "shop-1" })
 * await cdp.identify({ messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "c-1", traits: { fullName: "Nguyễn Thị Lan", phone: "0912 345 678" } })
 * const view = await cdp.profile({ type: "phone", value: "+84912345678" }, { asOf: new Date("2025-03-31T17:00:00Z") })
 * view.lifecycle.stage // => "lead"
 * ```
 */
export interface CdpClient {
  readonly workspace: StoredWorkspace
  readonly settings: WorkspaceSettings
  /**
   * Ingests one `identify` call (ING-1): identity is resolved, the raw event
   * appended and the profile's summary updated in one transaction; a repeated
   * messageId changes nothing (ING-3); a bad call writes nothing (ING-5).
   */
  identify(call: IdentifyCall): Promise<IngestOutcome>
  /** Ingests one `track` call; see {@link CdpClient.identify}. */
  track(call: TrackCall): Promise<IngestOutcome>
  /** Ingests one `page` call; see {@link CdpClient.identify}. */
  page(call: PageCall): Promise<IngestOutcome>
  /** Ingests one `alias` call; see {@link CdpClient.identify}. */
  alias(call: AliasCall): Promise<IngestOutcome>
  /**
   * Ingests many raw events (each with its `type`). All are validated first:
   * one bad event rejects the call and nothing is written. Then they are
   * written in chunks (`chunkSize`, default 1,000), each one transaction
   * (ING-4), with `onProgress` after each (DX-5). If the store fails midway,
   * the chunks before stay written; calling again with the same events
   * finishes the job (repeats are duplicates).
   */
  batch(events: ReadonlyArray<unknown>, options?: BatchOptions): Promise<BatchOutcome>
  /** The Profile 360 (PRF-1 … PRF-9) of a profile at `asOf`. */
  profile(ref: ProfileReference, options: ProfileOptions): Promise<Profile360>
  /** The stored profile: normalized identifiers, traits with provenance, summary, merged-away ids. */
  lookup(ref: ProfileReference): Promise<StoredProfile>
  /** The profile's raw events as stored (and of every profile merged into it), oldest first, paged. */
  events(ref: ProfileReference, options?: ListRequest): Promise<Page<StoredEvent>>
  /** One raw event by its messageId, with the profile it belongs to now; `undefined` when none is stored. */
  event(messageId: string): Promise<StoredEvent | undefined>
  /** One page of the profile's timeline (PRF-6), newest first. */
  timeline(ref: ProfileReference, options?: TimelineRequest): Promise<TimelinePage>
  /** Search by name, email, address (accent-insensitive) or phone in any written form (PRF-12). */
  search(text: string, options?: ListRequest): Promise<Page<ProfileListItem>>
  /** Visitors (PRF-2: no contact details, no purchase), optionally narrowed by `text`, with a stable cursor (PRF-12). */
  visitors(options?: ProfileListRequest): Promise<Page<ProfileListItem>>
  /** Leads (left contact details, not bought yet). */
  leads(options?: ProfileListRequest): Promise<Page<ProfileListItem>>
  /** Buyers (at least one successful order). */
  buyers(options?: ProfileListRequest): Promise<Page<ProfileListItem>>
  /** Edits fields (PRF-10) as traits with source `manual`, observed at `at`. */
  updateProfile(ref: ProfileReference, fields: ProfileEdit, options: { readonly at: Date }): Promise<StoredProfile>
  /** Splits identifiers and the events that carried them off a profile (IDN-8). */
  split(ref: ProfileReference, identifiers: ReadonlyArray<Identifier>, action: IdentityAction): Promise<{ readonly from: ProfileId; readonly into: ProfileId }>
  /** Why two identifiers are, or are not, in one profile (IDN-7): the chain of shared identifiers, or what kept them apart. */
  explain(a: Identifier, b: Identifier): Promise<Explanation>
  /** Merges two profiles by hand (IDN-9), or only previews it with `{ dryRun: true }`. */
  merge(a: ProfileReference, b: ProfileReference, options: MergeOptions): Promise<MergeOutcome>
  /** The merge ledger (IDN-7), oldest first. */
  ledger(options?: ListRequest): Promise<Page<StoredLedgerEntry>>
  /** How many raw events the workspace holds. */
  countEvents(): Promise<number>
  /** Releases the facade's runtime. The storage stays open: close it where you opened it. */
  close(): Promise<void>
}

const layerOf = (storage: CdpStorage): Layer.Layer<StorageServices> =>
  Layer.isLayer(storage) ? (storage as Layer.Layer<StorageServices>) : (storage as { readonly layer: Layer.Layer<StorageServices> }).layer

/**
 * Creates the facade on a storage and a workspace (DX-1): the workspace is
 * created if needed, and every call returns a Promise.
 *
 * @param options - storage, workspace, settings, chunk size
 * @returns the client, once the workspace is ready; rejects with
 *   `InvalidArgument` / `InvalidInput` for bad options or `StorageFailure`
 *
 * @example
 * ```ts
 * import { createCdp } from "@kith/cdp"
 * import { openSqliteStorage } from "@kith/storage-sqlite"
 *
 * const store = await openSqliteStorage({ filename: "./kith.db" })
 * const cdp = await createCdp({ storage: store, workspace: "shop-1" })
 * await cdp.batch(events, { onProgress: (p) => console.log(`${p.processed}/${p.total}`) })
 * const hits = await cdp.search("nguyen thi lan")
 * hits.items[0]?.fullName // => "Nguyễn Thị Lan"
 * await cdp.close()
 * await store.close()
 * ```
 */
export const createCdp = async (options: CdpOptions): Promise<CdpClient> => {
  const { storage, ...serviceOptions } = options
  const runtime = ManagedRuntime.make(Cdp.layer(serviceOptions).pipe(Layer.provide(layerOf(storage))))
  const service = await runtime.runPromise(Effect.map(Cdp, (service) => service)).catch(async (error: unknown) => {
    await runtime.dispose()
    throw error
  })
  const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => runtime.runPromise(effect)
  return {
    workspace: service.workspace,
    settings: service.settings,
    identify: (call) => run(service.identify(call)),
    track: (call) => run(service.track(call)),
    page: (call) => run(service.page(call)),
    alias: (call) => run(service.alias(call)),
    batch: (events, batchOptions) => run(service.batch(events, batchOptions)),
    profile: (ref, profileOptions) => run(service.profile(ref, profileOptions)),
    lookup: (ref) => run(service.lookup(ref)),
    events: (ref, request) => run(service.events(ref, request)),
    event: (messageId) => run(service.event(messageId)),
    timeline: (ref, request) => run(service.timeline(ref, request)),
    search: (text, request) => run(service.search(text, request)),
    visitors: (request) => run(service.visitors(request)),
    leads: (request) => run(service.leads(request)),
    buyers: (request) => run(service.buyers(request)),
    updateProfile: (ref, fields, updateOptions) => run(service.updateProfile(ref, fields, updateOptions)),
    split: (ref, identifiers, action) => run(service.split(ref, identifiers, action)),
    explain: (a, b) => run(service.explain(a, b)),
    merge: (a, b, mergeOptions) => run(service.merge(a, b, mergeOptions)),
    ledger: (request) => run(service.ledger(request)),
    countEvents: () => run(service.countEvents()),
    close: () => runtime.dispose()
  }
}
