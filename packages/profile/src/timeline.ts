import { Instant, type KithEvent } from "@kith/core"
import { Result, Schema } from "effect"
import { InvalidCursor } from "./errors.js"

/** The kinds of item on a Profile 360 timeline (PRF-6). */
export const TimelineKind = Schema.Literals(["conversation", "visit", "ticket", "order", "opportunity", "lead_status", "note", "message"])
/** A {@link TimelineKind} after decoding. */
export type TimelineKind = typeof TimelineKind.Type

/** One item of the timeline: what happened, when, and its details as JSON. */
export const TimelineItem = Schema.Struct({
  /** The messageId of the event the item comes from. */
  id: Schema.String,
  at: Instant,
  kind: TimelineKind,
  /** The step within the kind: `placed`, `opened`, `read`, `viewed`, `changed`, ... */
  action: Schema.String,
  channel: Schema.NullOr(Schema.String),
  details: Schema.Record(Schema.String, Schema.Json)
})
/** A {@link TimelineItem} after decoding. */
export type TimelineItem = typeof TimelineItem.Type

/**
 * One page of the timeline, newest first, and the cursor of the next page (`null` on the last).
 *
 * @example
 * ```ts
 * import { KithEvent } from "@kith/core"
 * import { Result, Schema } from "effect"
 *
 * const visit = (messageId: string, timestamp: string) => ({ type: "page", messageId, timestamp, anonymousId: "c-1", properties: { url: "https://shop.vn/" } })
 * const events = Schema.decodeUnknownSync(Schema.Array(KithEvent))([
 *   visit("m-1", "2025-03-01T09:00:00+07:00"), visit("m-2", "2025-03-02T09:00:00+07:00"), visit("m-3", "2025-03-03T09:00:00+07:00")
 * ])
 * const page = timelinePage(events, { limit: 2 })
 * Result.isSuccess(page) && page.success.items.map((item) => item.id) // => ["m-3", "m-2"]
 * Result.isSuccess(page) && typeof page.success.nextCursor // => "string" (null on the last page)
 * ```
 */
export const TimelinePage = Schema.Struct({
  items: Schema.Array(TimelineItem),
  nextCursor: Schema.NullOr(Schema.String)
})
/** A {@link TimelinePage} after decoding. */
export type TimelinePage = typeof TimelinePage.Type

/** Options of {@link timelinePage}. */
export interface TimelineOptions {
  /** Items per page, 1–500. */
  readonly limit: number
  /** The `nextCursor` of the previous page; absent for the first page. */
  readonly cursor?: string
  /** Only these kinds; all when absent. */
  readonly kinds?: ReadonlyArray<TimelineKind>
  /** Leave out events after this instant. */
  readonly asOf?: Date
}

type Json = typeof Schema.Json.Type

// The one table of which events make which kind of item: timelineItemOf
// builds items by it, and timelineEventsOf tells a store which rows to read.
// Maps, so an event named like an Object.prototype member (`constructor`) is no order.
const ORDER_ACTIONS: ReadonlyMap<string, string> = new Map([
  ["Order Placed", "placed"],
  ["Order Completed", "completed"],
  ["Order Cancelled", "cancelled"],
  ["Order Returned", "returned"],
  ["Order Refunded", "refunded"],
  ["Order Delivery Failed", "delivery_failed"]
])

const MESSAGE_ACTIONS: ReadonlyMap<string, string> = new Map([
  ["Message Sent", "sent"],
  ["Message Delivered", "delivered"],
  ["Message Read", "read"],
  ["Message Clicked", "clicked"],
  ["Message Replied", "replied"],
  ["Message Unsubscribed", "unsubscribed"]
])

const TICKET_ACTIONS: ReadonlyMap<string, string> = new Map([
  ["Ticket Opened", "opened"],
  ["Ticket Resolved", "resolved"]
])
const CONVERSATION_ENDED = "Conversation Ended"
const OPPORTUNITY_PREFIX = "Opportunity "
const LEAD_STATUS_CHANGED = "Lead Status Changed"
const NOTE_ADDED = "Note Added"

/**
 * The events a timeline of some kinds is made of: event types, `track`
 * event names, and prefixes of `track` event names. Structurally the
 * `EventKinds` a store filters a profile's events by.
 *
 * @example
 * ```ts
 * const visits: TimelineEvents = { types: ["page", "screen"], trackNames: [], trackNamePrefixes: [] }
 * ```
 */
export interface TimelineEvents {
  readonly types: ReadonlyArray<string>
  readonly trackNames: ReadonlyArray<string>
  readonly trackNamePrefixes: ReadonlyArray<string>
}

const EVENTS_OF_KIND: Readonly<Record<TimelineKind, TimelineEvents>> = {
  visit: { types: ["page", "screen"], trackNames: [], trackNamePrefixes: [] },
  order: { types: [], trackNames: [...ORDER_ACTIONS.keys()], trackNamePrefixes: [] },
  message: { types: [], trackNames: [...MESSAGE_ACTIONS.keys()], trackNamePrefixes: [] },
  conversation: { types: [], trackNames: [CONVERSATION_ENDED], trackNamePrefixes: [] },
  ticket: { types: [], trackNames: [...TICKET_ACTIONS.keys()], trackNamePrefixes: [] },
  opportunity: { types: [], trackNames: [], trackNamePrefixes: [OPPORTUNITY_PREFIX] },
  lead_status: { types: [], trackNames: [LEAD_STATUS_CHANGED], trackNamePrefixes: [] },
  note: { types: [], trackNames: [NOTE_ADDED], trackNamePrefixes: [] }
}

/**
 * The events a timeline of these kinds (all when absent) is made of: every
 * event {@link timelineItemOf} makes an item of such a kind from, and no
 * other, so a store can read only the events that may be shown.
 *
 * @param kinds - timeline kinds; all when absent
 * @returns the event types, track names and track name prefixes
 *
 * @example
 * ```ts
 * timelineEventsOf(["visit"]) // => { types: ["page", "screen"], trackNames: [], trackNamePrefixes: [] }
 * timelineEventsOf(["opportunity", "note"]) // => { types: [], trackNames: ["Note Added"], trackNamePrefixes: ["Opportunity "] }
 * ```
 */
export const timelineEventsOf = (kinds?: ReadonlyArray<TimelineKind>): TimelineEvents => {
  const chosen = kinds === undefined ? (Object.keys(EVENTS_OF_KIND) as Array<TimelineKind>) : [...new Set(kinds)]
  return {
    types: chosen.flatMap((k) => EVENTS_OF_KIND[k].types),
    trackNames: chosen.flatMap((k) => EVENTS_OF_KIND[k].trackNames),
    trackNamePrefixes: chosen.flatMap((k) => EVENTS_OF_KIND[k].trackNamePrefixes)
  }
}

// What an item is built from: the fields of an event it reads, each as decoded (a KithEvent) or as stored (the
// event's JSON). The two agree on every field read here (none is an instant or a transformed value), so one
// builder serves both; fields are checked as they are read, so a stored value of another shape is left out
// rather than shown.
interface ItemSource {
  readonly type?: unknown
  readonly messageId?: unknown
  readonly name?: unknown
  readonly category?: unknown
  readonly event?: unknown
  readonly context?: unknown
  readonly properties?: unknown
}

const isJsonObject = (value: unknown): value is Record<string, Json> => typeof value === "object" && value !== null && !Array.isArray(value)
const NO_FIELDS: Readonly<Record<string, Json>> = Object.freeze({})
const objectOr = (value: unknown): Readonly<Record<string, Json>> => (isJsonObject(value) ? value : NO_FIELDS)
const stringOr = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined)
const countOf = (value: unknown): number | undefined => (Array.isArray(value) ? value.length : undefined)
const copyOf = (value: unknown): Array<Json> | undefined => (Array.isArray(value) ? [...(value as Array<Json>)] : undefined)

// Sets a detail when it has a value (details are JSON: no undefined).
const put = (details: Record<string, Json>, key: string, value: unknown): void => {
  if (value !== undefined) details[key] = value as Json
}

// The fields of these keys that have a value, as details.
const pick = (source: Readonly<Record<string, Json>>, keys: ReadonlyArray<string>): Record<string, Json> => {
  const details: Record<string, Json> = {}
  for (const key of keys) put(details, key, source[key])
  return details
}

// What a visit item tells of the context: where the visit came from (source,
// UTM campaign, referrer) and on what (device type, OS).
const putVisitContext = (details: Record<string, Json>, context: Readonly<Record<string, Json>>): void => {
  put(details, "source", context["source"])
  const campaign = context["campaign"]
  if (campaign !== undefined) details["campaign"] = pick(objectOr(campaign), ["name", "source", "medium", "term", "content"])
  const referrer = context["referrer"]
  if (referrer !== undefined) details["referredBy"] = pick(objectOr(referrer), ["type", "name", "id", "url", "link"])
  put(details, "deviceType", objectOr(context["device"])["type"])
  put(details, "os", objectOr(context["os"])["name"])
}

const item = (id: string, at: Date, channel: string | null, kind: TimelineKind, action: string, details: Record<string, Json>): TimelineItem => ({
  id,
  at,
  channel,
  kind,
  action,
  details
})

const itemOf = (event: ItemSource, at: Date): TimelineItem | undefined => {
  const type = event.type
  if (type !== "page" && type !== "screen" && type !== "track") return undefined
  const id = stringOr(event.messageId)
  if (id === undefined) return undefined
  const context = objectOr(event.context)
  const channel = stringOr(context["channel"]) ?? null
  if (type === "page") {
    const details: Record<string, Json> = {}
    put(details, "name", event.name)
    const p = objectOr(event.properties)
    put(details, "url", p["url"])
    put(details, "path", p["path"])
    put(details, "title", p["title"])
    put(details, "referrer", p["referrer"])
    put(details, "trafficSource", p["trafficSource"])
    putVisitContext(details, context)
    return item(id, at, channel, "visit", "viewed", details)
  }
  if (type === "screen") {
    const details: Record<string, Json> = { screen: (event.name as Json | undefined) ?? null }
    put(details, "category", event.category)
    putVisitContext(details, context)
    return item(id, at, channel, "visit", "viewed", details)
  }
  const name = stringOr(event.event)
  if (name === undefined) return undefined
  const p = objectOr(event.properties)
  const orderAction = ORDER_ACTIONS.get(name)
  if (orderAction !== undefined) {
    const details = pick(p, ["orderId", "total", "amount", "currency"])
    put(details, "items", countOf(p["products"]))
    put(details, "reason", p["reason"])
    return item(id, at, channel, "order", orderAction, details)
  }
  const messageAction = MESSAGE_ACTIONS.get(name)
  // A message's channel is its own (required of every Message event), not its context's.
  if (messageAction !== undefined) return item(id, at, stringOr(p["channel"]) ?? null, "message", messageAction, pick(p, ["deliveryId", "planId", "url", "reply", "topic"]))
  if (name === CONVERSATION_ENDED) {
    const details = pick(p, ["conversationId", "agent", "staffId", "summary"])
    put(details, "labels", copyOf(p["labels"]))
    put(details, "csat", p["csat"])
    put(details, "messageCount", p["messageCount"])
    return item(id, at, stringOr(p["channel"]) ?? channel, "conversation", "ended", details)
  }
  const ticketAction = TICKET_ACTIONS.get(name)
  if (ticketAction !== undefined) {
    const details = pick(p, ["ticketId"])
    put(details, "ticketKind", p["kind"])
    put(details, "subject", p["subject"])
    put(details, "orderId", p["orderId"])
    put(details, "resolution", p["resolution"])
    return item(id, at, channel, "ticket", ticketAction, details)
  }
  // Pipeline facts are custom events: their properties are the details, whole.
  const properties = isJsonObject(event.properties) ? event.properties : {}
  if (name.startsWith(OPPORTUNITY_PREFIX)) {
    return item(id, at, channel, "opportunity", name.slice(OPPORTUNITY_PREFIX.length).trim().toLowerCase().replace(/\s+/g, "_"), properties)
  }
  if (name === LEAD_STATUS_CHANGED) return item(id, at, channel, "lead_status", "changed", properties)
  if (name === NOTE_ADDED) return item(id, at, channel, "note", "added", properties)
  return undefined
}

/**
 * The timeline item an event makes, or `undefined` for events that are not
 * on the timeline. Typed events map as follows: `Conversation Ended` →
 * conversation; `page` and `screen` (an app screen) → visit, with the
 * source, UTM campaign, referrer, device type and OS of its context;
 * `Ticket Opened/Resolved` → ticket; `Order *` → order; `Message *` →
 * message. `identify`, `group` and `alias` are not on the timeline. Pipeline
 * facts arrive as custom `track`
 * events: `Opportunity <Action>` (e.g. `Opportunity Won`) → opportunity,
 * `Lead Status Changed` (properties `from`, `to`, `leadId`) → lead_status,
 * `Note Added` (properties `text`, `authorId`) → note.
 *
 * @example
 * ```ts
 * import { KithEvent } from "@kith/core"
 * import { Schema } from "effect"
 *
 * const pageEvent = Schema.decodeUnknownSync(KithEvent)({
 *   type: "page", messageId: "m-2", timestamp: "2025-03-02T10:00:00+07:00", anonymousId: "c-1",
 *   properties: { url: "https://shop.vn/ao-thun", title: "Áo thun" }, context: { channel: "web" }
 * })
 * timelineItemOf(pageEvent)
 * // => { id: "m-2", at: 2025-03-02T03:00:00Z, kind: "visit", action: "viewed", channel: "web", details: { url: "https://shop.vn/ao-thun", ... } }
 * ```
 */
export const timelineItemOf = (event: KithEvent): TimelineItem | undefined => itemOf(event, event.timestamp)

/**
 * The timeline item of a stored event, read from the JSON it is stored as
 * without decoding the whole event: only the fields the item shows are
 * read, each checked as it is read. For every event kith stored it is the
 * item {@link timelineItemOf} makes of the decoded event; `undefined` for
 * events that are not on the timeline, and for a payload that is not JSON
 * or names another event than the row.
 *
 * @param row - the stored row: its messageId, its instant (epoch ms) and its payload (JSON text)
 * @returns the item, or `undefined`
 *
 * @example
 * ```ts
 * const payload = JSON.stringify({ type: "track", messageId: "m-3", timestamp: "2025-03-02T10:00:00+07:00", userId: "u-1", event: "Note Added", properties: { text: "Khách quen" } })
 * timelineItemOfStored({ messageId: "m-3", timestamp: 1740884400000, payload })
 * // => { id: "m-3", at: 2025-03-02T03:00:00Z, channel: null, kind: "note", action: "added", details: { text: "Khách quen" } }
 * ```
 */
export const timelineItemOfStored = (row: { readonly messageId: string; readonly timestamp: number; readonly payload: string }): TimelineItem | undefined => {
  let json: unknown
  try {
    json = JSON.parse(row.payload)
  } catch {
    return undefined
  }
  if (!isJsonObject(json) || json["messageId"] !== row.messageId) return undefined
  return itemOf(json, new Date(row.timestamp))
}

// Newest first; equal instants by id, descending, so the order is total.
const newestFirst = (a: TimelineItem, b: TimelineItem): number =>
  b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)

// base64url over UTF-8 with btoa/atob, so the cursor code runs in a browser too.
const toBase64Url = (text: string): string => {
  let binary = ""
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
}

const fromBase64Url = (encoded: string): string => {
  const binary = atob(encoded.replace(/-/g, "+").replace(/_/g, "/"))
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))
}

const encodeCursor = (item: TimelineItem): string => toBase64Url(JSON.stringify([item.at.getTime(), item.id]))

const decodeCursor = (cursor: string): Result.Result<{ readonly at: number; readonly id: string }, InvalidCursor> => {
  try {
    const value: unknown = JSON.parse(fromBase64Url(cursor))
    if (Array.isArray(value) && value.length === 2 && Number.isFinite(value[0]) && typeof value[1] === "string") {
      return Result.succeed({ at: value[0] as number, id: value[1] })
    }
  } catch {
    // Falls through to the typed error below.
  }
  return Result.fail(new InvalidCursor({ cursor, reason: "not a cursor issued by timelinePage" }))
}

/**
 * One page of a profile's timeline (PRF-6), built from its raw events: one
 * chronological feed, newest first, of conversations, visits, tickets,
 * orders, opportunities, lead status changes, notes and outreach messages.
 * Events with the same messageId appear once. The cursor names the last item
 * shown (instant and id), so pages stay stable when older or newer events
 * arrive in between.
 *
 * @param events - the profile's raw events, in any order
 * @param options - page size, cursor, kinds, asOf
 * @returns the page, or {@link InvalidCursor} for a cursor this function did not issue
 *
 * @example
 * ```ts
 * const first = timelinePage(events, { limit: 20 })
 * if (Result.isSuccess(first) && first.success.nextCursor !== null) {
 *   const second = timelinePage(events, { limit: 20, cursor: first.success.nextCursor })
 * }
 * ```
 */
export const timelinePage = (events: Iterable<KithEvent>, options: TimelineOptions): Result.Result<TimelinePage, InvalidCursor> => {
  const asOf = options.asOf?.getTime()
  const items: Array<TimelineItem> = []
  for (const event of events) {
    // An event after asOf is never shown: no item is built for it.
    if (asOf !== undefined && event.timestamp.getTime() > asOf) continue
    const item = timelineItemOf(event)
    if (item !== undefined) items.push(item)
  }
  return timelinePageOfItems(items, options)
}

/**
 * {@link timelinePage} from items already built by {@link timelineItemOf}
 * (in any order): what a reader that builds each item once, from the events
 * it read, pages with. The same options, the same page, the same cursor.
 *
 * @param items - timeline items, in any order
 * @param options - page size, cursor, kinds, asOf
 * @returns the page, or {@link InvalidCursor} for a cursor {@link timelinePage} did not issue
 *
 * @example
 * ```ts
 * import { KithEvent } from "@kith/core"
 * import { Result, Schema } from "effect"
 *
 * const visit = (messageId: string, timestamp: string) => Schema.decodeUnknownSync(KithEvent)({ type: "page", messageId, timestamp, anonymousId: "c-1" })
 * const items = [visit("m-1", "2025-03-01T09:00:00+07:00"), visit("m-2", "2025-03-02T09:00:00+07:00")].map((e) => timelineItemOf(e)!)
 * const page = timelinePageOfItems(items, { limit: 1 })
 * Result.isSuccess(page) && page.success.items.map((item) => item.id) // => ["m-2"]
 * ```
 */
export const timelinePageOfItems = (items: Iterable<TimelineItem>, options: TimelineOptions): Result.Result<TimelinePage, InvalidCursor> => {
  let after: { readonly at: number; readonly id: string } | undefined
  if (options.cursor !== undefined) {
    const decoded = decodeCursor(options.cursor)
    if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
    after = decoded.success
  }
  const limit = Math.max(1, Math.min(500, Math.floor(options.limit)))
  const kinds = options.kinds === undefined ? undefined : new Set(options.kinds)
  const asOf = options.asOf?.getTime()
  const seen = new Set<string>()
  const kept: Array<TimelineItem> = []
  for (const item of items) {
    const t = item.at.getTime()
    if (asOf !== undefined && t > asOf) continue
    if (seen.has(item.id) || (kinds !== undefined && !kinds.has(item.kind))) continue
    seen.add(item.id)
    if (after !== undefined && (t > after.at || (t === after.at && item.id >= after.id))) continue
    kept.push(item)
  }
  kept.sort(newestFirst)
  const page = kept.slice(0, limit)
  const last = page[page.length - 1]
  return Result.succeed({ items: page, nextCursor: kept.length > limit && last !== undefined ? encodeCursor(last) : null })
}
