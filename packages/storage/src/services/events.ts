import type { ProfileId } from "@kith/core"
import { Effect, Option } from "effect"
import { decodeBatch } from "../ingest/decode-batch.js"
import { ingestDecoded } from "../ingest/ingest.js"
import { liveProfileRow, requireWorkspace } from "../lookups.js"
import { type EventPosition, type EventRow, EventStore, type StoredEvent } from "../port/events.js"
import { ProfileNotFound } from "../port/profiles.js"
import { UnknownWorkspace } from "../port/workspaces.js"
import { decodeStoredEvent } from "../stored-event.js"
import { attempt } from "./attempt.js"
import { pageOf } from "./paging.js"
import type { ServiceContext } from "./service-context.js"

const eventCursor = (row: EventRow): string => `${row.timestamp}:${row.messageId}`

const parseEventCursor = (cursor: string | undefined): EventPosition | undefined => {
  if (cursor === undefined) return undefined
  const colon = cursor.indexOf(":")
  return { timestamp: Number(cursor.slice(0, colon)), messageId: cursor.slice(colon + 1) }
}

const storedEventOf = (row: EventRow): StoredEvent => ({ event: decodeStoredEvent(row), profileId: row.profileId as ProfileId })

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
  const reads = backend.read
  return EventStore.of({
    maxEventBytes,
    ingest: Effect.fn("EventStore.ingest")(function* (workspaceId, raw) {
      const decoded = yield* decodeBatch(raw, maxEventBytes)
      return yield* attempt("EventStore.ingest", [UnknownWorkspace], () =>
        backend.transaction(workspaceId, async (tx) => {
          const ws = await requireWorkspace(tx, workspaceId)
          return ingestDecoded(tx, workspaceId, decoded, { summarizer: summarizerFor(ws.timeZone), policy, traits })
        })
      )
    }),
    get: Effect.fn("EventStore.get")(function* (workspaceId, messageId) {
      return yield* attempt("EventStore.get", [UnknownWorkspace], async () => {
        await requireWorkspace(reads, workspaceId)
        const row = await reads.events.get(workspaceId, messageId)
        return row === undefined ? Option.none() : Option.some(storedEventOf(row))
      })
    }),
    listByProfile: Effect.fn("EventStore.listByProfile")(function* (workspaceId, profileId, page) {
      return yield* attempt("EventStore.listByProfile", [UnknownWorkspace, ProfileNotFound], async () => {
        await requireWorkspace(reads, workspaceId)
        const live = await liveProfileRow(reads, workspaceId, profileId)
        const rows = await reads.events.ofProfile(workspaceId, live.profileId, parseEventCursor(page.cursor), page.limit)
        return pageOf(rows, page.limit, eventCursor, rows.map(storedEventOf))
      })
    }),
    count: Effect.fn("EventStore.count")(function* (workspaceId) {
      return yield* attempt("EventStore.count", [UnknownWorkspace], async () => {
        await requireWorkspace(reads, workspaceId)
        return reads.events.count(workspaceId)
      })
    })
  })
}
