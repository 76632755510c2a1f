import type { ProfileId } from "@kith/core"
import { Effect, Option, Result } from "effect"
import { decodeBatch, recheckBatch } from "../ingest/decode-batch.js"
import { ingestDecoded } from "../ingest/ingest.js"
import { ingestReported } from "../ingest/report.js"
import { inWorkspace, isStorableKey, liveProfileRow, requireWorkspace } from "../lookups.js"
import { repairEvent } from "../manual/repair.js"
import { type EventKinds, type EventPosition, EventStore, type IngestReport, InvalidRepair, timelineRowPosition, UndecodableEvent } from "../port/events.js"
import { InvalidCursor, type PageRequest } from "../port/page.js"
import { ProfileNotFound } from "../port/profiles.js"
import { UnknownWorkspace } from "../port/workspaces.js"
import { decodeStoredEvent, decodeStoredEvents } from "../stored-event.js"
import type { StorageWrites } from "../backend.js"
import { attempt } from "./attempt.js"
import { eventCursor, parseEventCursor, parseMessageCursor } from "./cursors.js"
import { pageOf } from "./paging.js"
import type { ServiceContext } from "./service-context.js"

// Carries a dry run's result out of the transaction it rolls back.
class RolledBack<A> {
  value: A | undefined
}

// Rows read per scan query, and at most per call, while listing rows that no longer decode.
const SCAN_CHUNK = 500
const SCAN_BUDGET = 5_000

/**
 * The {@link EventStore} service on an engine: batches are decoded and
 * checked whole before the transaction that ingests them opens.
 *
 * @example
 * ```ts
 * const events = makeEventStore(context)
 * ```
 */
export const makeEventStore = (context: ServiceContext): EventStore["Service"] => {
  const { backend, maxEventBytes, policy, traits, summarizerFor } = context
  const manual = { policy, summarizerFor, traits }
  const reads = backend.read
  // A page of a profile's stored events, newest first (see listByProfileNewestFirst).
  // With `sent`, the outreach messages the person was sent are read with the events, in the same statement.
  const newestRowsOf = async <Row>(
    workspaceId: string,
    profileId: string,
    page: PageRequest & { readonly before?: EventPosition | undefined; readonly only?: EventKinds | undefined },
    read: (before: EventPosition | undefined) => Promise<ReadonlyArray<Row>>
  ) => {
    const before = parseEventCursor(page.cursor) ?? page.before
    // One statement in the common case: the engine resolves a merged-away id, and rows found prove the profile
    // and the workspace exist. Only an empty page asks which of them is missing (the workspace is reported first).
    const rows = isStorableKey(profileId) ? await read(before) : []
    if (rows.length === 0) {
      await liveProfileRow(reads, workspaceId, profileId).catch(async (e: unknown) => {
        await requireWorkspace(reads, workspaceId)
        throw e
      })
    }
    return rows
  }
  return EventStore.of({
    maxEventBytes,
    ingest: Effect.fn("EventStore.ingest")(function* (workspaceId, raw) {
      const decoded = yield* decodeBatch(raw, maxEventBytes)
      return yield* attempt("EventStore.ingest", [UnknownWorkspace], () =>
        inWorkspace(backend, workspaceId, async (tx) => {
          const ws = await requireWorkspace(tx, workspaceId)
          return ingestDecoded(tx, workspaceId, decoded, { summarizer: summarizerFor(ws.timeZone), policy, traits })
        })
      )
    }),
    ingestReported: Effect.fn("EventStore.ingestReported")(function* (workspaceId, raw, options = {}) {
      const decoded = yield* decodeBatch(raw, maxEventBytes)
      return yield* attempt("EventStore.ingestReported", [UnknownWorkspace], async () => {
        const work = async (tx: StorageWrites) => {
          const ws = await requireWorkspace(tx, workspaceId)
          return ingestReported(tx, workspaceId, decoded, { summarizer: summarizerFor(ws.timeZone), policy, traits })
        }
        if (options.dryRun !== true) return inWorkspace(backend, workspaceId, work)
        // A dry run throws its report out of the transaction, so the engine rolls back everything it decided.
        const rollback = new RolledBack<IngestReport>()
        try {
          await inWorkspace(backend, workspaceId, async (tx) => {
            rollback.value = await work(tx)
            throw rollback
          })
        } catch (e) {
          if (e !== rollback) throw e
        }
        return rollback.value!
      })
    }),
    ingestChecked: Effect.fn("EventStore.ingestChecked")(function* (workspaceId, checked) {
      const decoded = yield* Effect.suspend(() => Effect.fromResult(recheckBatch(checked, maxEventBytes)))
      return yield* attempt("EventStore.ingestChecked", [UnknownWorkspace], () =>
        inWorkspace(backend, workspaceId, async (tx) => {
          const ws = await requireWorkspace(tx, workspaceId)
          return ingestDecoded(tx, workspaceId, decoded, { summarizer: summarizerFor(ws.timeZone), policy, traits })
        })
      )
    }),
    get: Effect.fn("EventStore.get")(function* (workspaceId, messageId) {
      return yield* attempt("EventStore.get", [UnknownWorkspace, UndecodableEvent], async () => {
        await requireWorkspace(reads, workspaceId)
        // No stored event has a messageId that cannot be stored.
        if (!isStorableKey(messageId)) return Option.none()
        const row = await reads.events.get(workspaceId, messageId)
        if (row === undefined) return Option.none()
        const decoded = decodeStoredEvent(workspaceId, row)
        if (Result.isFailure(decoded)) throw decoded.failure
        return Option.some({ event: decoded.success, profileId: row.profileId as ProfileId })
      })
    }),
    listByProfile: Effect.fn("EventStore.listByProfile")(function* (workspaceId, profileId, page) {
      return yield* attempt("EventStore.listByProfile", [UnknownWorkspace, ProfileNotFound, InvalidCursor], async () => {
        const after = parseEventCursor(page.cursor)
        await requireWorkspace(reads, workspaceId)
        const live = await liveProfileRow(reads, workspaceId, profileId)
        const rows = await reads.events.ofProfile(workspaceId, live.profileId, after, page.limit)
        // A row that no longer decodes is skipped and reported; the cursor still moves past it.
        const { events, undecodable } = decodeStoredEvents(workspaceId, rows)
        const items = events.map(({ row, event }) => ({ event, profileId: row.profileId as ProfileId }))
        return { ...pageOf(rows, page.limit, eventCursor, items), undecodable }
      })
    }),
    listByProfileNewestFirst: Effect.fn("EventStore.listByProfileNewestFirst")(function* (workspaceId, profileId, page) {
      return yield* attempt("EventStore.listByProfileNewestFirst", [UnknownWorkspace, ProfileNotFound, InvalidCursor], async () => {
        const rows = await newestRowsOf(workspaceId, profileId, page, (before) => reads.events.ofProfileNewestFirst(workspaceId, profileId, before, page.limit, page.only))
        const { events, undecodable } = decodeStoredEvents(workspaceId, rows)
        const items = events.map(({ row, event }) => ({ event, profileId: row.profileId as ProfileId }))
        return { ...pageOf(rows, page.limit, eventCursor, items), undecodable }
      })
    }),
    listRowsByProfileNewestFirst: Effect.fn("EventStore.listRowsByProfileNewestFirst")(function* (workspaceId, profileId, page) {
      return yield* attempt("EventStore.listRowsByProfileNewestFirst", [UnknownWorkspace, ProfileNotFound, InvalidCursor], async () => {
        const rows = await newestRowsOf(workspaceId, profileId, page, (before) => reads.events.ofProfileNewestFirst(workspaceId, profileId, before, page.limit, page.only))
        return pageOf(rows, page.limit, eventCursor, rows)
      })
    }),
    listTimelineRowsNewestFirst: Effect.fn("EventStore.listTimelineRowsNewestFirst")(function* (workspaceId, profileId, page) {
      return yield* attempt("EventStore.listTimelineRowsNewestFirst", [UnknownWorkspace, ProfileNotFound, InvalidCursor], async () => {
        const rows = await newestRowsOf(workspaceId, profileId, page, (before) =>
          page.sent
            ? reads.outreachPerformance.timelineNewestFirst(workspaceId, profileId, before, page.limit, page.only)
            : reads.events.ofProfileNewestFirst(workspaceId, profileId, before, page.limit, page.only)
        )
        return pageOf(rows, page.limit, (row) => eventCursor(timelineRowPosition(row)), rows)
      })
    }),
    count: Effect.fn("EventStore.count")(function* (workspaceId) {
      return yield* attempt("EventStore.count", [UnknownWorkspace], async () => {
        await requireWorkspace(reads, workspaceId)
        return reads.events.count(workspaceId)
      })
    }),
    undecodable: Effect.fn("EventStore.undecodable")(function* (workspaceId, page) {
      return yield* attempt("EventStore.undecodable", [UnknownWorkspace, InvalidCursor], async () => {
        let after = parseMessageCursor(page.cursor)
        await requireWorkspace(reads, workspaceId)
        const found: Array<UndecodableEvent> = []
        // A bounded stretch per call: the page may hold fewer rows than asked while the scan goes on.
        for (let scanned = 0; scanned < SCAN_BUDGET && found.length < page.limit; ) {
          const rows = await reads.events.scan(workspaceId, after, Math.min(SCAN_CHUNK, SCAN_BUDGET - scanned))
          for (const row of rows) {
            after = row.messageId
            const decoded = decodeStoredEvent(workspaceId, row)
            if (Result.isFailure(decoded)) found.push(decoded.failure)
            if (found.length === page.limit) break
          }
          scanned += rows.length
          if (rows.length < SCAN_CHUNK && found.length < page.limit) return { items: found, nextCursor: undefined }
        }
        return { items: found, nextCursor: after }
      })
    }),
    repair: Effect.fn("EventStore.repair")(function* (workspaceId, messageId, replacement) {
      const [checked] = yield* decodeBatch([replacement], maxEventBytes)
      return yield* attempt("EventStore.repair", [UnknownWorkspace, InvalidRepair], () =>
        inWorkspace(backend, workspaceId, (tx) => repairEvent(tx, manual, workspaceId, messageId, checked!))
      )
    })
  })
}
