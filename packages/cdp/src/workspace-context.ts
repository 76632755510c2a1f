// One workspace bound to the storage services: what every namespace of the
// facade is built from. Internal: the public shape is CdpApi.
import { decodeWorkspaceSettingsResult, type InvalidInput, type ProfileId, WorkspaceId, type WorkspaceSettings } from "@kith/core"
import {
  EventStore,
  IdentityGraph,
  OutreachPerformance,
  ProfileStore,
  RejectedEvents,
  SegmentInputsStore,
  type StorageFailure,
  type StorageServices,
  type StoredProfile,
  type StoredWorkspace,
  Workspaces
} from "@kith/storage"
import { Effect, Result, Schema } from "effect"
import { isIdentifier, limitOf } from "./arguments.js"
import { AmbiguousIdentifier, InvalidArgument, NoProfileForIdentifier } from "./errors.js"
import type { CdpServiceOptions, CdpWorkspace } from "./options.js"
import type { ProfileLookupError, ProfileReference } from "./profile-reference.js"

/** The largest chunk a batch may write in one transaction. */
export const MAX_CHUNK = 10_000

/** A workspace as the namespaces see it: its id, stored record and settings, the batch limits, and the stores. */
export interface WorkspaceContext {
  readonly workspaceId: WorkspaceId
  readonly workspace: StoredWorkspace
  /** The settings in force: the timezone is always the stored workspace's. */
  readonly settings: WorkspaceSettings
  readonly chunkSize: number
  readonly maxEventBytes: number
  readonly workspaces: typeof Workspaces.Service
  readonly events: typeof EventStore.Service
  readonly profiles: typeof ProfileStore.Service
  readonly graph: typeof IdentityGraph.Service
  /** Refusals of the lenient way in (`collect`), kept with their payloads (ING-7). */
  readonly rejected: typeof RejectedEvents.Service
  /** Each profile's segment inputs, and the engine over them (SEG-4); RFM scores of the Profile 360. */
  readonly segmentInputs: typeof SegmentInputsStore.Service
  /** Outreach performance, and the outreach messages a person was sent (the Profile 360 timeline). */
  readonly outreachPerformance: typeof OutreachPerformance.Service
  /** The stored profile a reference names (a merged-away id gives the survivor). */
  readonly resolveProfile: (ref: ProfileReference) => Effect.Effect<StoredProfile, ProfileLookupError>
}

const decodeWorkspaceId = Schema.decodeUnknownResult(WorkspaceId)

const workspaceOf = (workspace: CdpWorkspace): Result.Result<{ readonly id: WorkspaceId; readonly name?: string }, InvalidArgument> => {
  const raw = typeof workspace === "string" ? { id: workspace } : workspace
  const id = decodeWorkspaceId(raw.id)
  if (Result.isFailure(id)) {
    return Result.fail(new InvalidArgument({ field: "workspace", reason: `a workspace id is a non-empty, trimmed string of at most 200 characters, got ${JSON.stringify(raw.id)}` }))
  }
  return Result.succeed(raw.name === undefined ? { id: id.success } : { id: id.success, name: raw.name })
}

/**
 * Checks the options, then creates the workspace (or finds it) and binds the
 * stores to it. Bad options fail before the store is touched.
 */
export const bindWorkspace = Effect.fnUntraced(function* (
  options: CdpServiceOptions
): Effect.fn.Return<WorkspaceContext, InvalidArgument | InvalidInput | StorageFailure, StorageServices> {
  const ws = yield* Effect.fromResult(workspaceOf(options.workspace))
  const settings = yield* Effect.fromResult(decodeWorkspaceSettingsResult(options.settings ?? {}))
  const chunkSize = yield* Effect.fromResult(limitOf("chunkSize", options.chunkSize, 1000, MAX_CHUNK))
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
  const rejected = yield* RejectedEvents
  const segmentInputs = yield* SegmentInputsStore
  const outreachPerformance = yield* OutreachPerformance
  const workspaceId = ws.id
  const workspace = yield* workspaces.create({ workspaceId, timeZone: settings.timezone, ...(ws.name === undefined ? {} : { name: ws.name }) })
  if (options.settings?.timezone !== undefined && workspace.timeZone !== settings.timezone) {
    return yield* new InvalidArgument({
      field: "settings.timezone",
      reason: `workspace ${workspaceId} was created with timezone ${workspace.timeZone}; its summaries are bucketed in it, so it cannot become ${settings.timezone}`
    })
  }

  const resolveProfile = Effect.fnUntraced(function* (ref: ProfileReference): Effect.fn.Return<StoredProfile, ProfileLookupError> {
    if (typeof ref === "string") {
      if (ref.length === 0) return yield* new InvalidArgument({ field: "profile", reason: "a profile id is a non-empty string" })
      return yield* profiles.get(workspaceId, ref as ProfileId)
    }
    if (!isIdentifier(ref)) {
      return yield* new InvalidArgument({ field: "profile", reason: "a profile is named by its id or by an identifier { type, value }" })
    }
    const found = yield* profiles.findAllByIdentifier(workspaceId, ref)
    if (found.length === 0) return yield* new NoProfileForIdentifier({ workspaceId, type: ref.type, value: ref.value })
    if (found.length > 1) {
      return yield* new AmbiguousIdentifier({ workspaceId, type: ref.type, value: ref.value, candidates: found.map((p) => p.profileId) })
    }
    return found[0]!
  })

  return {
    workspaceId,
    workspace,
    // The stored workspace's timezone is the one every summary was built in.
    settings: { ...settings, timezone: workspace.timeZone },
    chunkSize,
    maxEventBytes,
    workspaces,
    events,
    profiles,
    graph,
    rejected,
    segmentInputs,
    outreachPerformance,
    resolveProfile
  }
})
