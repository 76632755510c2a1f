import {
  decodeWorkspaceSettingsResult,
  type Identifier,
  type InvalidInput,
  type ProfileId,
  WorkspaceId,
  type WorkspaceSettings
} from "@kith/core"
import { type InvalidCursor, type LifecycleStage, type Profile360, profile360, TimelineKind, type TimelinePage, timelinePage } from "@kith/profile"
import type { KithEvent } from "@kith/core"
import {
  EventStore,
  type EventTooLarge,
  type IdentifierNotFound,
  IdentityGraph,
  type InvalidEventBatch,
  type InvalidIdentityChange,
  type MergePlan,
  type Page,
  type PageRequest,
  type ProfileNotFound,
  ProfileStore,
  type StorageFailure,
  type StorageServices,
  type StoredEvent,
  type StoredLedgerEntry,
  type StoredProfile,
  type StoredWorkspace,
  type UnknownWorkspace,
  Workspaces
} from "@kith/storage"
import type { Explanation, ManualAction, TraitChoice } from "@kith/identity"
import { Context, Effect, Layer, Option, Result, Schema } from "effect"
import type { AliasCall, BatchOptions, BatchOutcome, IdentifyCall, IngestOutcome, PageCall, TrackCall } from "./calls.js"
import { InvalidArgument, NoProfileForIdentifier } from "./errors.js"
import { decodeProfileEdit, type ProfileEdit } from "./profile-edit.js"
import { listItemOf, type ProfileListItem, type ProfileReference, traitObservationsOf } from "./profile-views.js"
import { validateEvents } from "./validate-events.js"

/**
 * The workspace a facade serves: its id, and optionally a display name.
 *
 * @example
 * ```ts
 * const ws: CdpWorkspace = { id: "shop-1", name: "Cửa hàng Hoa Mai" }
 * const same: CdpWorkspace = "shop-1"
 * ```
 */
export type CdpWorkspace = string | { readonly id: string; readonly name?: string }

/**
 * Options of {@link Cdp.layer} (and, with `storage`, of `createCdp`).
 *
 * @example
 * ```ts
 * const options: CdpServiceOptions = { workspace: "shop-1", settings: { timezone: "Asia/Ho_Chi_Minh", currency: "VND" } }
 * ```
 */
export interface CdpServiceOptions {
  /** The workspace; created on first use, reused afterwards. */
  readonly workspace: CdpWorkspace
  /**
   * Workspace settings (`@kith/core` `WorkspaceSettings`: timezone, currency,
   * country, locale), defaults for Vietnam. The timezone of an existing
   * workspace cannot change (its summaries are bucketed in it).
   */
  readonly settings?: typeof WorkspaceSettings.Encoded
  /** Events per transaction in a batch, 1–10,000; default 1,000. */
  readonly chunkSize?: number
  /**
   * Largest accepted event in bytes of JSON; default and upper bound: the
   * store's own limit, so a batch validated whole can never fail on size
   * halfway through its chunks.
   */
  readonly maxEventBytes?: number
}

/**
 * Options of {@link CdpService.profile}.
 *
 * @example
 * ```ts
 * const options: ProfileOptions = { asOf: new Date("2025-12-31T16:59:59Z") }
 * ```
 */
export interface ProfileOptions {
  /** The instant the Profile 360 is computed at; nothing after it counts. */
  readonly asOf: Date
  /** The year of the spend chart and engagement report; default the local year of `asOf`. */
  readonly year?: number
}

/**
 * Options of {@link CdpService.timeline}.
 *
 * @example
 * ```ts
 * const options: TimelineRequest = { limit: 5, kinds: ["order", "conversation"], asOf: new Date("2025-12-31T16:59:59Z") }
 * ```
 */
export interface TimelineRequest {
  /** Items per page, 1–500; default 20. */
  readonly limit?: number
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string
  /** Only these kinds. */
  readonly kinds?: ReadonlyArray<TimelineKind>
  /** Leave out events after this instant. */
  readonly asOf?: Date
}

/**
 * A page request of a list or search: up to `limit` rows (1–1,000, default
 * 50) after `cursor`.
 *
 * @example
 * ```ts
 * const next: ListRequest = { limit: 50, cursor: page.nextCursor }
 * ```
 */
export interface ListRequest {
  readonly limit?: number
  readonly cursor?: string | undefined
}

/**
 * A list request (PRF-12): a page, optionally narrowed by `text` (as
 * {@link CdpService.search}: name, email, address, or a phone in any form).
 *
 * @example
 * ```ts
 * const request: ProfileListRequest = { limit: 50, text: "ha noi" }
 * ```
 */
export interface ProfileListRequest extends ListRequest {
  readonly text?: string
}

/**
 * Options of {@link CdpService.merge}: a dry run (`dryRun: true`, nothing
 * changes), or the merge itself with when and who (`at`, `actor`, `reason`)
 * and, per trait in conflict, which side to keep (`"a"`, `"b"` or
 * `{ value }`).
 *
 * @example
 * ```ts
 * const preview: MergeOptions = { dryRun: true }
 * const merge: MergeOptions = { at: new Date("2025-12-01T03:00:00Z"), actor: "staff-7", choices: { fullName: "b" } }
 * ```
 */
export type MergeOptions =
  | { readonly dryRun: true }
  | (ManualAction & { readonly dryRun?: false; readonly choices?: Readonly<Record<string, TraitChoice>> })

/**
 * What {@link CdpService.merge} did: the plan of a dry run (who would
 * survive, the identifiers and events it would hold, the conflicts to choose
 * on), or the merge (`into` survives, `from` now resolves to it).
 *
 * @example
 * ```ts
 * const preview: MergeOutcome = { dryRun: true, plan: { into: "p_m-1", from: "p_m-9", traitConflicts: [...], ... } }
 * const merged: MergeOutcome = { dryRun: false, into: "p_m-1" as ProfileId, from: "p_m-9" as ProfileId }
 * ```
 */
export type MergeOutcome =
  | { readonly dryRun: true; readonly plan: MergePlan }
  | { readonly dryRun: false; readonly into: ProfileId; readonly from: ProfileId }

/**
 * What an identity change records: when (a parameter, never the clock), who
 * and why (IDN-7 ledger).
 *
 * @example
 * ```ts
 * const action: IdentityAction = { at: new Date("2025-12-01T03:00:00Z"), actor: "staff-7", reason: "two sisters share a phone" }
 * ```
 */
export type IdentityAction = ManualAction

/**
 * Errors of the ingestion calls: a bad event (nothing written), a bad
 * argument, or the store failing.
 *
 * @example
 * ```ts
 * const describe = (e: IngestError) => e._tag // => "InvalidEventBatch" | "EventTooLarge" | ...
 * ```
 */
export type IngestError = InvalidEventBatch | EventTooLarge | InvalidArgument | UnknownWorkspace | StorageFailure

/**
 * Errors of the calls that name a profile.
 *
 * @example
 * ```ts
 * const describe = (e: ProfileLookupError) => e._tag // => "ProfileNotFound" | "NoProfileForIdentifier" | ...
 * ```
 */
export type ProfileLookupError = ProfileNotFound | NoProfileForIdentifier | InvalidArgument | UnknownWorkspace | StorageFailure

/**
 * The facade's operations as Effects, for Effect users (DX-1): ingestion,
 * Profile 360, timeline, lists and search, editing and identity, all on one
 * workspace. `createCdp` gives the same as Promises.
 *
 * @example
 * ```ts
 * const program = Effect.gen(function*() {
 *   const cdp = yield* Cdp
 *   yield* cdp.identify({ messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "c-1", traits: { phone: "0912 345 678" } })
 *   return yield* cdp.profile({ type: "phone", value: "+84912345678" }, { asOf: new Date("2025-03-31T00:00:00Z") })
 * })
 * ```
 */
export interface CdpService {
  readonly workspace: StoredWorkspace
  readonly settings: WorkspaceSettings
  /** Ingests one `identify` call (ING-1): identity, raw event and summaries in one transaction. */
  readonly identify: (call: IdentifyCall) => Effect.Effect<IngestOutcome, IngestError>
  /** Ingests one `track` call. */
  readonly track: (call: TrackCall) => Effect.Effect<IngestOutcome, IngestError>
  /** Ingests one `page` call. */
  readonly page: (call: PageCall) => Effect.Effect<IngestOutcome, IngestError>
  /** Ingests one `alias` call. */
  readonly alias: (call: AliasCall) => Effect.Effect<IngestOutcome, IngestError>
  /**
   * Ingests many raw events (any of the four calls, with `type`): all are
   * validated first — one bad event fails the call and nothing is written —
   * then written in chunks of `chunkSize`, each chunk one transaction
   * (ING-4), with progress after each (DX-5).
   */
  readonly batch: (events: ReadonlyArray<unknown>, options?: BatchOptions) => Effect.Effect<BatchOutcome, IngestError>
  /** The Profile 360 read model of a profile at `asOf`. */
  readonly profile: (ref: ProfileReference, options: ProfileOptions) => Effect.Effect<Profile360, ProfileLookupError>
  /** The stored profile: identifiers, traits with provenance, summary, merged-away ids. */
  readonly lookup: (ref: ProfileReference) => Effect.Effect<StoredProfile, ProfileLookupError>
  /** The profile's raw events as stored (and of every profile merged into it), oldest first. */
  readonly events: (ref: ProfileReference, options?: ListRequest) => Effect.Effect<Page<StoredEvent>, ProfileLookupError>
  /** One raw event by its messageId, with the profile it belongs to now; `undefined` when none is stored. */
  readonly event: (messageId: string) => Effect.Effect<StoredEvent | undefined, InvalidArgument | UnknownWorkspace | StorageFailure>
  /** One page of the profile's timeline (PRF-6), newest first. */
  readonly timeline: (ref: ProfileReference, options?: TimelineRequest) => Effect.Effect<TimelinePage, ProfileLookupError | InvalidCursor>
  /** Profiles matching `text` (name, email, address accent-insensitively; a phone in any written form), by profile id (PRF-12). */
  readonly search: (text: string, options?: ListRequest) => Effect.Effect<Page<ProfileListItem>, InvalidArgument | UnknownWorkspace | StorageFailure>
  /** Visitors (PRF-2: no contact details, no purchase), by profile id, with a stable cursor (PRF-12). */
  readonly visitors: (options?: ProfileListRequest) => Effect.Effect<Page<ProfileListItem>, InvalidArgument | UnknownWorkspace | StorageFailure>
  /** Leads (left contact details, not bought yet). */
  readonly leads: (options?: ProfileListRequest) => Effect.Effect<Page<ProfileListItem>, InvalidArgument | UnknownWorkspace | StorageFailure>
  /** Buyers (at least one successful order). */
  readonly buyers: (options?: ProfileListRequest) => Effect.Effect<Page<ProfileListItem>, InvalidArgument | UnknownWorkspace | StorageFailure>
  /** Edits profile fields (PRF-10), validated, stored as traits with source `manual` observed at `at`. */
  readonly updateProfile: (
    ref: ProfileReference,
    fields: ProfileEdit,
    options: { readonly at: Date }
  ) => Effect.Effect<StoredProfile, ProfileLookupError | InvalidInput>
  /** Splits identifiers, and the events that carried them, off a profile (IDN-8). */
  readonly split: (
    ref: ProfileReference,
    identifiers: ReadonlyArray<Identifier>,
    action: IdentityAction
  ) => Effect.Effect<{ readonly from: ProfileId; readonly into: ProfileId }, ProfileLookupError | InvalidIdentityChange>
  /**
   * Why two identifiers are, or are not, in one profile (IDN-7): the chain of
   * shared identifiers that joined their records, or what kept them apart.
   */
  readonly explain: (a: Identifier, b: Identifier) => Effect.Effect<Explanation, IdentifierNotFound | InvalidArgument | UnknownWorkspace | StorageFailure>
  /** Merges two profiles by hand, or previews it with `dryRun: true` (IDN-9). */
  readonly merge: (a: ProfileReference, b: ProfileReference, options: MergeOptions) => Effect.Effect<MergeOutcome, ProfileLookupError | InvalidIdentityChange>
  /** The merge ledger (IDN-7), oldest first. */
  readonly ledger: (options?: ListRequest) => Effect.Effect<Page<StoredLedgerEntry>, InvalidArgument | UnknownWorkspace | StorageFailure>
  /** How many raw events the workspace holds. */
  readonly countEvents: () => Effect.Effect<number, UnknownWorkspace | StorageFailure>
}

const MAX_CHUNK = 10_000

const limitOf = (field: string, value: number | undefined, fallback: number, max: number): Result.Result<number, InvalidArgument> => {
  const limit = value ?? fallback
  return Number.isInteger(limit) && limit >= 1 && limit <= max
    ? Result.succeed(limit)
    : Result.fail(new InvalidArgument({ field, reason: `must be an integer from 1 to ${max}, got ${String(value)}` }))
}

const instantOf = (field: string, value: unknown): Result.Result<Date, InvalidArgument> =>
  value instanceof Date && !Number.isNaN(value.getTime())
    ? Result.succeed(value)
    : Result.fail(new InvalidArgument({ field, reason: `must be a valid Date, got ${String(value)}` }))

const decodeWorkspaceId = Schema.decodeUnknownResult(WorkspaceId)

const workspaceOf = (workspace: CdpWorkspace): Result.Result<{ readonly id: WorkspaceId; readonly name?: string }, InvalidArgument> => {
  const raw = typeof workspace === "string" ? { id: workspace } : workspace
  const id = decodeWorkspaceId(raw.id)
  if (Result.isFailure(id)) {
    return Result.fail(new InvalidArgument({ field: "workspace", reason: `a workspace id is a non-empty, trimmed string of at most 200 characters, got ${JSON.stringify(raw.id)}` }))
  }
  return Result.succeed(raw.name === undefined ? { id: id.success } : { id: id.success, name: raw.name })
}

const make = Effect.fn("Cdp.make")(function* (
  options: CdpServiceOptions
): Effect.fn.Return<CdpService, InvalidArgument | InvalidInput | StorageFailure, StorageServices> {
  const ws = yield* Effect.fromResult(workspaceOf(options.workspace))
  const settings = yield* Effect.fromResult(decodeWorkspaceSettingsResult(options.settings ?? {}))
  const defaultChunk = yield* Effect.fromResult(limitOf("chunkSize", options.chunkSize, 1000, MAX_CHUNK))
  const workspaces = yield* Workspaces
  const events = yield* EventStore
  const maxEventBytes = options.maxEventBytes ?? events.maxEventBytes
  if (!Number.isInteger(maxEventBytes) || maxEventBytes < 1 || maxEventBytes > events.maxEventBytes) {
    return yield* new InvalidArgument({
      field: "maxEventBytes",
      reason: `must be a positive integer no larger than the store's limit ${events.maxEventBytes}, got ${String(options.maxEventBytes)}`
    })
  }
  const profiles = yield* ProfileStore
  const graph = yield* IdentityGraph
  const workspaceId = ws.id
  const workspace = yield* workspaces.create({ workspaceId, timeZone: settings.timezone, ...(ws.name === undefined ? {} : { name: ws.name }) })
  if (options.settings?.timezone !== undefined && workspace.timeZone !== settings.timezone) {
    return yield* new InvalidArgument({
      field: "settings.timezone",
      reason: `workspace ${workspaceId} was created with timezone ${workspace.timeZone}; its summaries are bucketed in it, so it cannot become ${settings.timezone}`
    })
  }
  // The stored workspace's timezone is the one every summary was built in.
  const effective: WorkspaceSettings = { ...settings, timezone: workspace.timeZone }

  const resolveRef = Effect.fnUntraced(function* (ref: ProfileReference): Effect.fn.Return<StoredProfile, ProfileLookupError> {
    if (typeof ref === "string") {
      if (ref.length === 0) return yield* new InvalidArgument({ field: "profile", reason: "a profile id is a non-empty string" })
      return yield* profiles.get(workspaceId, ref as ProfileId)
    }
    if (typeof ref !== "object" || ref === null || typeof ref.type !== "string" || typeof ref.value !== "string") {
      return yield* new InvalidArgument({ field: "profile", reason: "a profile is named by its id or by an identifier { type, value }" })
    }
    const found = yield* profiles.findByIdentifier(workspaceId, ref)
    if (Option.isNone(found)) return yield* new NoProfileForIdentifier({ workspaceId, type: ref.type, value: ref.value })
    return found.value
  })

  const ingestOne = (type: "identify" | "track" | "page" | "alias") =>
    Effect.fnUntraced(function* (call: object): Effect.fn.Return<IngestOutcome, IngestError> {
      if (typeof call !== "object" || call === null || Array.isArray(call)) {
        return yield* new InvalidArgument({ field: "call", reason: `${type}() takes one ${type} call object, got ${call === null ? "null" : Array.isArray(call) ? "an array" : typeof call}` })
      }
      const claimed = (call as { readonly type?: unknown }).type
      if (claimed !== undefined && claimed !== type) {
        return yield* new InvalidArgument({ field: "type", reason: `${type}() takes ${type} calls, got type ${JSON.stringify(claimed)}` })
      }
      const event = { ...call, type }
      yield* Effect.fromResult(validateEvents([event], maxEventBytes))
      const result = yield* events.ingest(workspaceId, [event])
      const messageId = (call as { readonly messageId: string }).messageId
      const fresh = result.profileOf.get(messageId)
      if (fresh !== undefined) return { messageId, profileId: fresh, duplicate: false }
      // Already stored (ING-3): answer the profile it belongs to now.
      const stored = yield* events.get(workspaceId, messageId)
      if (Option.isNone(stored)) return yield* new InvalidArgument({ field: "messageId", reason: `event ${messageId} was neither stored nor found` })
      const profileId = yield* graph.resolve(workspaceId, stored.value.profileId).pipe(
        Effect.catchTag("ProfileNotFound", () => Effect.succeed(stored.value.profileId))
      )
      return { messageId, profileId, duplicate: true }
    })

  const batch = Effect.fn("Cdp.batch")(function* (raw: ReadonlyArray<unknown>, batchOptions: BatchOptions = {}) {
    const chunkSize = yield* Effect.fromResult(limitOf("options.chunkSize", batchOptions.chunkSize, defaultChunk, MAX_CHUNK))
    if (!Array.isArray(raw)) return yield* new InvalidArgument({ field: "events", reason: `batch() takes an array of events, got ${raw === null ? "null" : typeof raw}` })
    yield* Effect.fromResult(validateEvents(raw, maxEventBytes))
    const total = raw.length
    const chunks = Math.ceil(total / chunkSize)
    let appended = 0
    let duplicates = 0
    for (let chunk = 0; chunk < chunks; chunk++) {
      const result = yield* events.ingest(workspaceId, raw.slice(chunk * chunkSize, (chunk + 1) * chunkSize))
      appended += result.appended
      duplicates += result.duplicates
      const progress = { processed: Math.min(total, (chunk + 1) * chunkSize), total, appended, duplicates, chunk: chunk + 1, chunks }
      batchOptions.onProgress?.(progress)
    }
    return { received: total, appended, duplicates, chunks }
  })

  const allEventsOf = Effect.fnUntraced(function* (profileId: ProfileId) {
    const out: Array<KithEvent> = []
    let cursor: string | undefined
    do {
      const page = yield* events.listByProfile(workspaceId, profileId, { limit: 1000, cursor })
      for (const e of page.items) out.push(e.event)
      cursor = page.nextCursor
    } while (cursor !== undefined)
    return out
  })

  const pageRequest = (options: ListRequest | undefined): Result.Result<PageRequest, InvalidArgument> => {
    const limit = limitOf("limit", options?.limit, 50, 1000)
    return Result.map(limit, (l) => ({ limit: l, cursor: options?.cursor }))
  }

  const listOf = (stage: LifecycleStage, name: string) =>
    Effect.fn(name)(function* (options?: ProfileListRequest) {
      if (options?.text !== undefined && typeof options.text !== "string") return yield* new InvalidArgument({ field: "text", reason: "must be a string" })
      const request = yield* Effect.fromResult(pageRequest(options))
      const page = yield* profiles.search(workspaceId, { ...request, stage, ...(options?.text === undefined ? {} : { text: options.text }) })
      return { items: page.items.map(listItemOf), nextCursor: page.nextCursor }
    })

  return {
    workspace,
    settings: effective,
    identify: ingestOne("identify"),
    track: ingestOne("track"),
    page: ingestOne("page"),
    alias: ingestOne("alias"),
    batch,
    profile: Effect.fn("Cdp.profile")(function* (ref, profileOptions) {
      const asOf = yield* Effect.fromResult(instantOf("asOf", profileOptions?.asOf))
      if (profileOptions.year !== undefined && !Number.isInteger(profileOptions.year)) {
        return yield* new InvalidArgument({ field: "year", reason: `must be an integer, got ${String(profileOptions.year)}` })
      }
      const stored = yield* resolveRef(ref)
      // The workspace totals the engagement shares are taken against, kept by every ingestion.
      const workspaceTotals = yield* workspaces.summary(workspaceId)
      return profile360({
        profileId: stored.profileId,
        summary: stored.summary,
        workspace: workspaceTotals,
        asOf,
        timeZone: effective.timezone,
        currency: effective.currency,
        traits: traitObservationsOf(stored),
        ...(profileOptions.year === undefined ? {} : { year: profileOptions.year })
      })
    }),
    lookup: Effect.fn("Cdp.lookup")(resolveRef),
    events: Effect.fn("Cdp.events")(function* (ref, options) {
      const request = yield* Effect.fromResult(pageRequest(options))
      const stored = yield* resolveRef(ref)
      return yield* events.listByProfile(workspaceId, stored.profileId, request)
    }),
    event: Effect.fn("Cdp.event")(function* (messageId) {
      if (typeof messageId !== "string" || messageId.length === 0) return yield* new InvalidArgument({ field: "messageId", reason: "must be a non-empty string" })
      const stored = yield* events.get(workspaceId, messageId)
      if (Option.isNone(stored)) return undefined
      const profileId = yield* graph.resolve(workspaceId, stored.value.profileId).pipe(Effect.catchTag("ProfileNotFound", () => Effect.succeed(stored.value.profileId)))
      return { event: stored.value.event, profileId }
    }),
    timeline: Effect.fn("Cdp.timeline")(function* (ref, request = {}) {
      const limit = yield* Effect.fromResult(limitOf("limit", request.limit, 20, 500))
      const asOf = request.asOf === undefined ? undefined : yield* Effect.fromResult(instantOf("asOf", request.asOf))
      if (request.kinds !== undefined) {
        const known: ReadonlyArray<string> = TimelineKind.literals
        const unknown = Array.isArray(request.kinds) ? request.kinds.find((k) => !known.includes(k)) : "not an array"
        if (unknown !== undefined) return yield* new InvalidArgument({ field: "kinds", reason: `must list timeline kinds (${known.join(", ")}), got ${JSON.stringify(unknown)}` })
      }
      const stored = yield* resolveRef(ref)
      const all = yield* allEventsOf(stored.profileId)
      return yield* Effect.fromResult(
        timelinePage(all, {
          limit,
          ...(request.cursor === undefined ? {} : { cursor: request.cursor }),
          ...(request.kinds === undefined ? {} : { kinds: request.kinds }),
          ...(asOf === undefined ? {} : { asOf })
        })
      )
    }),
    search: Effect.fn("Cdp.search")(function* (text, options) {
      if (typeof text !== "string") return yield* new InvalidArgument({ field: "text", reason: "must be a string" })
      const request = yield* Effect.fromResult(pageRequest(options))
      const page = yield* profiles.search(workspaceId, { ...request, text })
      return { items: page.items.map(listItemOf), nextCursor: page.nextCursor }
    }),
    visitors: listOf("visitor", "Cdp.visitors"),
    leads: listOf("lead", "Cdp.leads"),
    buyers: listOf("buyer", "Cdp.buyers"),
    updateProfile: Effect.fn("Cdp.updateProfile")(function* (ref, fields, updateOptions) {
      const at = yield* Effect.fromResult(instantOf("at", updateOptions?.at))
      const edit = yield* Effect.fromResult(decodeProfileEdit(fields))
      const stored = yield* resolveRef(ref)
      return yield* profiles.setTraits(workspaceId, stored.profileId, edit, { at, source: "manual" })
    }),
    split: Effect.fn("Cdp.split")(function* (ref, identifiers, action) {
      yield* Effect.fromResult(instantOf("at", action?.at))
      if (!Array.isArray(identifiers) || identifiers.length === 0) {
        return yield* new InvalidArgument({ field: "identifiers", reason: "must be a non-empty array of { type, value }" })
      }
      for (const [index, id] of identifiers.entries()) {
        if (typeof id !== "object" || id === null || typeof id.type !== "string" || typeof id.value !== "string") {
          return yield* new InvalidArgument({ field: `identifiers[${index}]`, reason: "must be { type: string, value: string }" })
        }
      }
      const stored = yield* resolveRef(ref)
      return yield* graph.split(workspaceId, stored.profileId, identifiers, action)
    }),
    explain: Effect.fn("Cdp.explain")(function* (a, b) {
      for (const [field, id] of [["a", a], ["b", b]] as const) {
        if (typeof id !== "object" || id === null || typeof id.type !== "string" || typeof id.value !== "string") {
          return yield* new InvalidArgument({ field, reason: "an identifier is { type, value }" })
        }
      }
      return yield* graph.explain(workspaceId, a, b)
    }),
    merge: Effect.fn("Cdp.merge")(function* (a, b, mergeOptions) {
      const first = yield* resolveRef(a)
      const second = yield* resolveRef(b)
      if (mergeOptions?.dryRun === true) return { dryRun: true as const, plan: yield* graph.previewMerge(workspaceId, first.profileId, second.profileId) }
      yield* Effect.fromResult(instantOf("at", mergeOptions?.at))
      const { dryRun: _, ...request } = mergeOptions
      const merged = yield* graph.merge(workspaceId, first.profileId, second.profileId, request)
      return { dryRun: false as const, ...merged }
    }),
    ledger: Effect.fn("Cdp.ledger")(function* (options) {
      const request = yield* Effect.fromResult(pageRequest(options))
      return yield* graph.ledger(workspaceId, request)
    }),
    countEvents: () => events.count(workspaceId)
  } satisfies CdpService
})

/**
 * Builds the facade's service on the storage services: decodes the settings,
 * creates the workspace (or finds it) and returns every operation bound to it.
 *
 * @param options - workspace, settings, chunk size, event size limit
 * @returns the service, needing the storage port's services
 *
 * @example
 * ```ts
 * const cdp = await Effect.runPromise(makeCdp({ workspace: "shop-1" }).pipe(Effect.provide(storageLayer(makeMemoryBackend()))))
 * cdp.workspace.timeZone // => "Asia/Ho_Chi_Minh"
 * ```
 */
export const makeCdp = (options: CdpServiceOptions): Effect.Effect<CdpService, InvalidArgument | InvalidInput | StorageFailure, StorageServices> =>
  make(options)

/**
 * The facade as an Effect service (DX-1). Build it with {@link Cdp.layer} on
 * any storage layer (`storageLayer(makeMemoryBackend())`, `openSqliteStorage(...).layer`,
 * `openPostgresStorage(...).layer`).
 *
 * @example
 * ```ts
 * import { Cdp } from "@kith/cdp"
 * import { openSqliteStorage } from "@kith/storage-sqlite"
 * import { Effect, Layer } from "effect"
 *
 * const store = await openSqliteStorage({ filename: "./kith.db" })
 * const CdpLive = Cdp.layer({ workspace: "shop-1" }).pipe(Layer.provide(store.layer))
 * const view = await Effect.runPromise(
 *   Effect.gen(function*() {
 *     const cdp = yield* Cdp
 *     return yield* cdp.profile({ type: "phone", value: "0912 345 678" }, { asOf: new Date("2025-12-31T16:59:59Z") })
 *   }).pipe(Effect.provide(CdpLive))
 * )
 * ```
 */
export class Cdp extends Context.Service<Cdp, CdpService>()("@kith/cdp/Cdp") {
  /**
   * The service on one workspace, needing the storage port's services.
   *
   * @param options - workspace, settings, chunk size, event size limit
   * @returns a layer providing {@link Cdp}
   */
  static layer(options: CdpServiceOptions): Layer.Layer<Cdp, InvalidArgument | InvalidInput | StorageFailure, StorageServices> {
    return Layer.effect(Cdp, makeCdp(options))
  }
}

