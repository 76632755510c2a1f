import type { ProfileId, WorkspaceId } from "@kith/core"
import { type TimelineItem, type TimelineKind, timelineEventsOf, timelineItemOfStored, timelinePageOfItems } from "@kith/profile"
import { type EventPosition, type EventStore, isSentMessageRow } from "@kith/storage"
import { timelineItemOfSent } from "../outreach/timeline-items.js"
import { Effect } from "effect"

// Events read by the first query of a page: the page and one more item, most often enough; each further query
// reads four times as many (a page of orders in a history of page views).
const MAX_CHUNK = 1_000

/**
 * Where a timeline cursor (issued by `@kith/profile`'s `timelinePage`: the
 * instant and id of the last item shown) lets reading resume, newest first;
 * `undefined` for text that is no such cursor (then `timelinePage` refuses it).
 *
 * @example
 * ```ts
 * timelinePositionOf(btoa(JSON.stringify([1740794400000, "m-1"]))) // => { timestamp: 1740794400000, messageId: "m-1" }
 * ```
 */
export const timelinePositionOf = (cursor: string): EventPosition | undefined => {
  try {
    const binary = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"))
    const value: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))))
    if (Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && typeof value[1] === "string") return { timestamp: value[0] as number, messageId: value[1] }
  } catch {
    // Not a cursor: timelinePage names it.
  }
  return undefined
}

/** What {@link readTimelinePage} reads. */
export interface TimelineRead {
  readonly limit: number
  readonly cursor?: string | undefined
  readonly kinds?: ReadonlyArray<TimelineKind> | undefined
  readonly asOf?: Date | undefined
  /** Whether the outreach messages the person was sent are on the page too (read with the events, by the same statement). */
  readonly sent?: boolean | undefined
}

/**
 * One timeline page (PRF-6) of a live profile, read newest first from the
 * store in as few queries as the page needs (most often one), never the
 * whole history: the events of the kinds asked for and, with `sent`, the
 * outreach messages the person was sent, before the cursor (and not after
 * `asOf`), are read together in chunks until one more item than the page
 * holds is found. Each stored event read is made into its item once, from
 * the fields of its payload the item shows (`timelineItemOfStored`: no event
 * is decoded whole), and `timelinePageOfItems` pages those items — the page
 * `timelinePage` would build from every event.
 *
 * @param events - the event store
 * @param workspaceId - the workspace
 * @param profileId - a live profile
 * @param request - page size, cursor, kinds, asOf
 * @returns the page, or `InvalidCursor` for a cursor `timelinePage` did not issue
 *
 * @example
 * ```ts
 * const page = yield* readTimelinePage(events, workspaceId, "p_m-1", { limit: 20 })
 * ```
 */
export const readTimelinePage = Effect.fnUntraced(function* (events: EventStore["Service"], workspaceId: WorkspaceId, profileId: ProfileId, request: TimelineRead) {
  const options = {
    limit: request.limit,
    ...(request.cursor === undefined ? {} : { cursor: request.cursor }),
    ...(request.kinds === undefined ? {} : { kinds: request.kinds }),
    ...(request.asOf === undefined ? {} : { asOf: request.asOf })
  }
  let before: EventPosition | undefined
  if (request.cursor !== undefined) {
    before = timelinePositionOf(request.cursor)
    if (before === undefined) return yield* Effect.fromResult(timelinePageOfItems([], options))
  }
  // Nothing after asOf: start just after its last millisecond (message ids are never empty).
  const asOf = request.asOf?.getTime()
  if (asOf !== undefined && (before === undefined || before.timestamp > asOf)) before = { timestamp: asOf + 1, messageId: "" }
  const kinds = request.kinds === undefined ? undefined : new Set<string>(request.kinds)
  const only = timelineEventsOf(request.kinds)
  const sent = request.sent === true
  const items: Array<TimelineItem> = []
  let found = 0
  let cursor: string | undefined
  let chunk = request.limit + 1
  do {
    const page = yield* events.listTimelineRowsNewestFirst(workspaceId, profileId, { limit: chunk, before, cursor, only, sent })
    for (const row of page.items) {
      const item = isSentMessageRow(row) ? timelineItemOfSent(row) : timelineItemOfStored(row)
      if (item === undefined) continue
      items.push(item)
      if (kinds === undefined || kinds.has(item.kind)) found++
    }
    cursor = page.nextCursor
    chunk = Math.min(MAX_CHUNK, chunk * 4)
  } while (found <= request.limit && cursor !== undefined)
  return yield* Effect.fromResult(timelinePageOfItems(items, options))
})
