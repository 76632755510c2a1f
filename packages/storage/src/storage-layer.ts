import { decodeEventResult, type KithEvent, type ProfileId, type WorkspaceId } from "@kith/core"
import {
  type Explanation,
  identifierKey,
  type LedgerEntry,
  normalizeValue,
  resolveIdentityPolicy,
  type ResolvedIdentityPolicy,
  type TraitMergeConfig
} from "@kith/identity"
import { makeSummarizer, type Summarizer, type WorkspaceSummary } from "@kith/profile"
import { Effect, Layer, Option, Result } from "effect"
import type { BackendReader, EventRow, ProfileRow, StorageBackend, WorkspaceRow } from "./backend.js"
import {
  EventTooLarge,
  IdentifierNotFound,
  InvalidEventBatch,
  InvalidIdentityChange,
  ProfileNotFound,
  StorageFailure,
  UnknownWorkspace
} from "./errors.js"
import { type DecodedEvent, ingestDecoded } from "./ingest.js"
import { emailsOf, parseSummary, profileRowOf, workingProfileOf } from "./profile-state.js"
import { mergeTraitsInto } from "./trait-merge.js"
import type { MergePlan, Page, StoredEvent, StoredProfile, StoredTrait, StoredWorkspace } from "./records.js"
import { liveProfileRow, requireWorkspace } from "./lookups.js"
import { explainIdentifiers, type ManualIdentityContext, mergeByHand, planMerge, splitProfile } from "./manual-identity.js"
import { workspaceSummaryFromText } from "./workspace-summary-json.js"
import { foldForSearch } from "./search-text.js"
import { EventStore, IdentityGraph, ProfileStore, type StorageServices, Workspaces } from "./services.js"

/**
 * Options of {@link storageLayer}.
 *
 * @example
 * ```ts
 * const options: StorageOptions = { maxEventBytes: 32_768 }
 * ```
 */
export interface StorageOptions {
  /** Largest accepted event, in bytes of its JSON (default 65,536). */
  readonly maxEventBytes?: number
  /** Identity policy used to normalize identifiers (defaults of `@kith/identity`). */
  readonly policy?: ResolvedIdentityPolicy
  /** Per-trait merge strategies and source trust (IDN-10; defaults of `@kith/identity`: newest, union for other phones/emails, tags, groups). */
  readonly traits?: TraitMergeConfig
}

/**
 * The default largest event, in bytes of JSON.
 *
 * @example
 * ```ts
 * DEFAULT_MAX_EVENT_BYTES // => 65536
 * ```
 */
export const DEFAULT_MAX_EVENT_BYTES = 65_536

// A port operation's typed errors are thrown by the backend work as instances of these classes; the operation lists
// the ones it may report, so anything else (a driver error, a bug) is the database failing, never a mislabelled type.
type ErrorClass = abstract new (...args: never) => Error

const isOneOf = <const Classes extends ReadonlyArray<ErrorClass>>(e: unknown, classes: Classes): e is InstanceType<Classes[number]> =>
  classes.some((c) => e instanceof c)

const attempt = <A, const Classes extends ReadonlyArray<ErrorClass>>(
  operation: string,
  expected: Classes,
  work: () => Promise<A>
): Effect.Effect<A, InstanceType<Classes[number]> | StorageFailure> =>
  Effect.tryPromise({
    try: work,
    catch: (e) => (isOneOf(e, expected) ? e : new StorageFailure({ operation, cause: e }))
  })

const workspaceOf = (row: WorkspaceRow): StoredWorkspace => ({
  workspaceId: row.workspaceId as WorkspaceId,
  name: row.name,
  timeZone: row.timeZone
})

const decodeStoredEvent = (row: EventRow): KithEvent => {
  const decoded = decodeEventResult(JSON.parse(row.payload))
  if (Result.isFailure(decoded)) throw new Error(`Stored event ${row.messageId} does not decode: ${decoded.failure.message}`)
  return decoded.success
}

const storedProfileOf = async (reader: BackendReader, workspaceId: string, row: ProfileRow): Promise<StoredProfile> => {
  const [identifiers, mergedIds] = await Promise.all([reader.identifiersOf(workspaceId, row.profileId), reader.mergedInto(workspaceId, row.profileId)])
  return {
    profileId: row.profileId as ProfileId,
    createdAt: row.createdAt,
    identifiers: identifiers.map((i) => ({ type: i.type, value: i.value })).sort((a, b) => (identifierKey(a) < identifierKey(b) ? -1 : 1)),
    traits: JSON.parse(row.traits) as Record<string, StoredTrait>,
    summary: parseSummary(row.summary),
    mergedIds: [...mergedIds].sort() as Array<ProfileId>
  }
}

const reviveLedger = (json: string): LedgerEntry =>
  JSON.parse(json, (key, value: unknown) => (key === "at" && typeof value === "string" ? new Date(value) : value)) as LedgerEntry

const looksLikePhone = (text: string): boolean => /^[+\d\s().-]+$/.test(text) && text.replace(/\D/g, "").length >= 8

const eventCursor = (row: EventRow): string => `${row.timestamp}:${row.messageId}`
const parseEventCursor = (cursor: string | undefined): { timestamp: number; messageId: string } | undefined => {
  if (cursor === undefined) return undefined
  const colon = cursor.indexOf(":")
  return { timestamp: Number(cursor.slice(0, colon)), messageId: cursor.slice(colon + 1) }
}

const pageOf = <R, A>(rows: ReadonlyArray<R>, limit: number, cursorOf: (row: R) => string, items: ReadonlyArray<A>): Page<A> => ({
  items,
  nextCursor: rows.length === limit && rows.length > 0 ? cursorOf(rows[rows.length - 1]!) : undefined
})

/**
 * Builds every service of the storage port ({@link Workspaces},
 * {@link EventStore}, {@link ProfileStore}, {@link IdentityGraph}) on one
 * backend. The same code runs on the memory, SQLite and Postgres backends,
 * so identity and summaries mean the same on all of them.
 *
 * @param backend - the engine (`makeMemoryBackend()`, or a SQL backend)
 * @param options - limits and identity policy
 * @returns a layer providing the four services
 *
 * @example
 * ```ts
 * const layer = storageLayer(makeMemoryBackend())
 * await Effect.runPromise(program.pipe(Effect.provide(layer)))
 * ```
 */
export const storageLayer = (backend: StorageBackend, options: StorageOptions = {}): Layer.Layer<StorageServices> => {
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES
  const policy = options.policy ?? resolveIdentityPolicy({})
  const traitConfig = options.traits ?? {}
  const summarizers = new Map<string, Summarizer>()
  const summarizerFor = (timeZone: string): Summarizer => {
    let s = summarizers.get(timeZone)
    if (s === undefined) summarizers.set(timeZone, (s = makeSummarizer({ timeZone })))
    return s
  }
  const read = backend.read
  const encoder = new TextEncoder()

  const workspaces = Workspaces.of({
    create: Effect.fn("Workspaces.create")(function* (input) {
      const row: WorkspaceRow = { workspaceId: input.workspaceId, name: input.name ?? input.workspaceId, timeZone: input.timeZone ?? "Asia/Ho_Chi_Minh" }
      return yield* attempt("Workspaces.create", [], () =>
        backend.transaction(input.workspaceId, async (tx) => {
          const existing = await tx.workspace(input.workspaceId)
          if (existing !== undefined) return workspaceOf(existing)
          await tx.insertWorkspace(row)
          return workspaceOf(row)
        })
      )
    }),
    get: Effect.fn("Workspaces.get")(function* (workspaceId) {
      return yield* attempt("Workspaces.get", [UnknownWorkspace], async () => workspaceOf(await requireWorkspace(read, workspaceId)))
    }),
    summary: Effect.fn("Workspaces.summary")(function* (workspaceId) {
      return yield* attempt("Workspaces.summary", [UnknownWorkspace], async () => {
        await requireWorkspace(read, workspaceId)
        return workspaceSummaryFromText(await read.workspaceSummary(workspaceId))
      })
    })
  })

  // The JSON text measured for the size limit is also what is stored: the raw event as it arrived.
  const decodeBatch = (raw: ReadonlyArray<unknown>): Effect.Effect<Array<DecodedEvent>, InvalidEventBatch | EventTooLarge> =>
    Effect.suspend((): Effect.Effect<Array<DecodedEvent>, InvalidEventBatch | EventTooLarge> => {
      const out: Array<DecodedEvent> = []
      for (let index = 0; index < raw.length; index++) {
        const input = raw[index]
        const messageId =
          typeof input === "object" && input !== null && typeof (input as { messageId?: unknown }).messageId === "string"
            ? { messageId: (input as { messageId: string }).messageId }
            : {}
        const json = JSON.stringify(input) ?? ""
        // UTF-8 takes at most 3 bytes per UTF-16 unit, so short events skip the encode.
        if (json.length * 3 > maxEventBytes) {
          const bytes = encoder.encode(json).length
          if (bytes > maxEventBytes) return Effect.fail(new EventTooLarge({ index, ...messageId, bytes, limit: maxEventBytes }))
        }
        const decoded = decodeEventResult(input)
        if (Result.isFailure(decoded)) return Effect.fail(new InvalidEventBatch({ index, ...messageId, issues: decoded.failure.issues }))
        out.push({ event: decoded.success, payload: json })
      }
      return Effect.succeed(out)
    })

  const events = EventStore.of({
    maxEventBytes,
    ingest: Effect.fn("EventStore.ingest")(function* (workspaceId, raw) {
      const decoded = yield* decodeBatch(raw)
      return yield* attempt("EventStore.ingest", [UnknownWorkspace], () =>
        backend.transaction(workspaceId, async (tx) => {
          const ws = await requireWorkspace(tx, workspaceId)
          return ingestDecoded(tx, workspaceId, decoded, { summarizer: summarizerFor(ws.timeZone), policy, traits: traitConfig })
        })
      )
    }),
    get: Effect.fn("EventStore.get")(function* (workspaceId, messageId) {
      return yield* attempt("EventStore.get", [UnknownWorkspace], async () => {
        await requireWorkspace(read, workspaceId)
        const row = await read.event(workspaceId, messageId)
        return row === undefined ? Option.none() : Option.some({ event: decodeStoredEvent(row), profileId: row.profileId as ProfileId })
      })
    }),
    listByProfile: Effect.fn("EventStore.listByProfile")(function* (workspaceId, profileId, page) {
      return yield* attempt("EventStore.listByProfile", [UnknownWorkspace, ProfileNotFound], async () => {
        await requireWorkspace(read, workspaceId)
        const live = await liveProfileRow(read, workspaceId, profileId)
        const rows = await read.eventsOf(workspaceId, live.profileId, parseEventCursor(page.cursor), page.limit)
        return pageOf(rows, page.limit, eventCursor, rows.map((row) => ({ event: decodeStoredEvent(row), profileId: row.profileId as ProfileId })))
      })
    }),
    count: Effect.fn("EventStore.count")(function* (workspaceId) {
      return yield* attempt("EventStore.count", [UnknownWorkspace], async () => {
        await requireWorkspace(read, workspaceId)
        return read.countEvents(workspaceId)
      })
    })
  })

  const profiles = ProfileStore.of({
    get: Effect.fn("ProfileStore.get")(function* (workspaceId, profileId) {
      return yield* attempt("ProfileStore.get", [UnknownWorkspace, ProfileNotFound], async () => {
        await requireWorkspace(read, workspaceId)
        return storedProfileOf(read, workspaceId, await liveProfileRow(read, workspaceId, profileId))
      })
    }),
    findByIdentifier: Effect.fn("ProfileStore.findByIdentifier")(function* (workspaceId, identifier) {
      return yield* attempt("ProfileStore.findByIdentifier", [UnknownWorkspace], async () => {
        await requireWorkspace(read, workspaceId)
        const value = normalizeValue(identifier.type, identifier.value, policy)
        if (typeof value !== "string") return Option.none()
        // Several profiles hold an identifier a guard kept them apart on: answer the first by id, deterministically.
        const [owner] = [...(await read.identifierOwners(workspaceId, [{ type: identifier.type, value }]))].sort((a, b) => (a.profileId < b.profileId ? -1 : 1))
        if (owner === undefined) return Option.none()
        return Option.some(await storedProfileOf(read, workspaceId, await liveProfileRow(read, workspaceId, owner.profileId)))
      })
    }),
    setTraits: Effect.fn("ProfileStore.setTraits")(function* (workspaceId, profileId, traits, observed) {
      return yield* attempt("ProfileStore.setTraits", [UnknownWorkspace, ProfileNotFound], () =>
        backend.transaction(workspaceId, async (tx) => {
          await requireWorkspace(tx, workspaceId)
          const row = await liveProfileRow(tx, workspaceId, profileId)
          const identifiers = await tx.identifiersOf(workspaceId, row.profileId)
          const working = workingProfileOf(row, emailsOf(identifiers))
          const at = observed.at.getTime()
          const incoming: Record<string, StoredTrait> = {}
          for (const [name, value] of Object.entries(traits)) incoming[name] = { value, at, source: observed.source }
          mergeTraitsInto(working.traits, incoming, traitConfig)
          const updated = profileRowOf(working)
          await tx.updateProfiles(workspaceId, [updated])
          return storedProfileOf(tx, workspaceId, updated)
        })
      )
    }),
    search: Effect.fn("ProfileStore.search")(function* (workspaceId, query) {
      return yield* attempt("ProfileStore.search", [UnknownWorkspace], async () => {
        await requireWorkspace(read, workspaceId)
        const text = query.text?.trim() ?? ""
        let filter: { contains?: string; ids?: ReadonlyArray<string>; stage?: string } = {}
        if (text !== "" && looksLikePhone(text)) {
          const value = normalizeValue("phone", text, policy)
          const owners = typeof value === "string" ? await read.identifierOwners(workspaceId, [{ type: "phone", value }]) : []
          filter = { ids: owners.map((o) => o.profileId) }
        } else if (text !== "") filter = { contains: foldForSearch(text) }
        if (filter.ids !== undefined && filter.ids.length === 0) return { items: [], nextCursor: undefined }
        const rows = await read.listProfiles(workspaceId, { ...filter, stage: query.stage, afterId: query.cursor, limit: query.limit })
        const items = await Promise.all(rows.map((row) => storedProfileOf(read, workspaceId, row)))
        return pageOf(rows, query.limit, (row) => row.profileId, items)
      })
    })
  })

  const manual: ManualIdentityContext = { policy, summarizerFor, traits: traitConfig }

  const graph = IdentityGraph.of({
    resolve: Effect.fn("IdentityGraph.resolve")(function* (workspaceId, profileId) {
      return yield* attempt("IdentityGraph.resolve", [UnknownWorkspace, ProfileNotFound], async () => {
        await requireWorkspace(read, workspaceId)
        return (await liveProfileRow(read, workspaceId, profileId)).profileId as ProfileId
      })
    }),
    ledger: Effect.fn("IdentityGraph.ledger")(function* (workspaceId, page) {
      return yield* attempt("IdentityGraph.ledger", [UnknownWorkspace], async () => {
        await requireWorkspace(read, workspaceId)
        const rows = await read.ledger(workspaceId, page.cursor === undefined ? 0 : Number(page.cursor), page.limit)
        return pageOf(rows, page.limit, (r) => String(r.seq), rows.map((r) => ({ ...reviveLedger(r.entry), seq: r.seq }) as LedgerEntry))
      })
    }),
    split: Effect.fn("IdentityGraph.split")(function* (workspaceId, profileId, identifiers, action) {
      return yield* attempt("IdentityGraph.split", [UnknownWorkspace, ProfileNotFound, InvalidIdentityChange], () =>
        backend.transaction(workspaceId, (tx) => splitProfile(tx, manual, workspaceId, profileId, identifiers, action))
      )
    }),
    // Explaining and planning only read, but inside a transaction: one consistent view while other writers run.
    explain: Effect.fn("IdentityGraph.explain")(function* (workspaceId, a, b) {
      return yield* attempt("IdentityGraph.explain", [UnknownWorkspace, IdentifierNotFound], () =>
        backend.transaction(workspaceId, (tx) => explainIdentifiers(tx, manual, workspaceId, a, b))
      )
    }),
    previewMerge: Effect.fn("IdentityGraph.previewMerge")(function* (workspaceId, a, b) {
      return yield* attempt("IdentityGraph.previewMerge", [UnknownWorkspace, ProfileNotFound, InvalidIdentityChange], () =>
        backend.transaction(workspaceId, (tx) => planMerge(tx, manual, workspaceId, a, b))
      )
    }),
    merge: Effect.fn("IdentityGraph.merge")(function* (workspaceId, a, b, request) {
      return yield* attempt("IdentityGraph.merge", [UnknownWorkspace, ProfileNotFound, InvalidIdentityChange], () =>
        backend.transaction(workspaceId, (tx) => mergeByHand(tx, manual, workspaceId, a, b, request))
      )
    })
  })

  return Layer.mergeAll(
    Layer.succeed(Workspaces, workspaces),
    Layer.succeed(EventStore, events),
    Layer.succeed(ProfileStore, profiles),
    Layer.succeed(IdentityGraph, graph)
  )
}
