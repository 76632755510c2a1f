import type { KithEvent, ProfileId, WorkspaceId } from "@kith/core"
import { type TimelineKind, timelineItemOf, timelinePage } from "@kith/profile"
import type { EventKinds, EventPosition, EventStore } from "@kith/storage"
import { Effect } from "effect"

// The events each timeline kind is made of (`@kith/profile`'s timelineItemOf): the store then reads only events
// that may be shown. The facade tests compare every page with timelinePage over all of a profile's events.
const EVENTS_OF_KIND: Readonly<Record<TimelineKind, EventKinds>> = {
  visit: { types: ["page", "screen"], trackNames: [], trackNamePrefixes: [] },
  order: {
    types: [],
    trackNames: ["Order Placed", "Order Completed", "Order Cancelled", "Order Returned", "Order Refunded", "Order Delivery Failed"],
    trackNamePrefixes: []
  },
  message: {
    types: [],
    trackNames: ["Message Sent", "Message Delivered", "Message Read", "Message Clicked", "Message Replied", "Message Unsubscribed"],
    trackNamePrefixes: []
  },
  conversation: { types: [], trackNames: ["Conversation Ended"], trackNamePrefixes: [] },
  ticket: { types: [], trackNames: ["Ticket Opened", "Ticket Resolved"], trackNamePrefixes: [] },
  opportunity: { types: [], trackNames: [], trackNamePrefixes: ["Opportunity "] },
  lead_status: { types: [], trackNames: ["Lead Status Changed"], trackNamePrefixes: [] },
  note: { types: [], trackNames: ["Note Added"], trackNamePrefixes: [] }
}

/**
 * The events a timeline of these kinds (all when absent) is made of.
 *
 * @example
 * ```ts
 * eventsOfKinds(["visit"]) // => { types: ["page", "screen"], trackNames: [], trackNamePrefixes: [] }
 * ```
 */
export const eventsOfKinds = (kinds: ReadonlyArray<TimelineKind> | undefined): EventKinds => {
  const chosen = kinds === undefined ? (Object.keys(EVENTS_OF_KIND) as Array<TimelineKind>) : [...new Set(kinds)]
  return {
    types: chosen.flatMap((k) => EVENTS_OF_KIND[k].types),
    trackNames: chosen.flatMap((k) => EVENTS_OF_KIND[k].trackNames),
    trackNamePrefixes: chosen.flatMap((k) => EVENTS_OF_KIND[k].trackNamePrefixes)
  }
}

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
}

/**
 * One timeline page (PRF-6) of a live profile, read newest first from the
 * store in as few queries as the page needs (most often one), never the
 * whole history: the events of the kinds asked for, before the cursor (and
 * not after `asOf`), are read in chunks until one more item than the page
 * holds is found, then
 * `timelinePage` builds the page from them — the page it would build from
 * every event.
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
    if (before === undefined) return yield* Effect.fromResult(timelinePage([], options))
  }
  // Nothing after asOf: start just after its last millisecond (message ids are never empty).
  const asOf = request.asOf?.getTime()
  if (asOf !== undefined && (before === undefined || before.timestamp > asOf)) before = { timestamp: asOf + 1, messageId: "" }
  const kinds = request.kinds === undefined ? undefined : new Set<string>(request.kinds)
  const only = eventsOfKinds(request.kinds)
  const read: Array<KithEvent> = []
  let found = 0
  let cursor: string | undefined
  let chunk = request.limit + 1
  do {
    const page = yield* events.listByProfileNewestFirst(workspaceId, profileId, { limit: chunk, before, cursor, only })
    for (const { event } of page.items) {
      read.push(event)
      const item = timelineItemOf(event)
      if (item !== undefined && (kinds === undefined || kinds.has(item.kind))) found++
    }
    cursor = page.nextCursor
    chunk = Math.min(MAX_CHUNK, chunk * 4)
  } while (found <= request.limit && cursor !== undefined)
  return yield* Effect.fromResult(timelinePage(read, options))
})
