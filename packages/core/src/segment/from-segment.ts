import { Result, Schema } from "effect"
import { type KithEvent, type KithEventEncoded, type StorableEvent, decodeStorableEvent } from "../events/envelope.js"
import type { InputIssue } from "../errors.js"
import type { WorkspaceSettings } from "../workspace-settings.js"
import { typedPropertiesOf } from "./commerce.js"
import { contextOf, contextPageOf } from "./context.js"
import { typedEventNameOf } from "./event-names.js"
import { IssueList, pathOf, shown } from "./issues.js"
import { deriveMessageId } from "./message-id.js"
import { type JsonRecord, idAt, isRecord, textAt } from "./read.js"
import { type TimestampSource, eventInstantOf } from "./timestamp.js"
import { type Origins, type TraitContext, groupTraitsOf, personTraitsOf } from "./traits.js"

/** The call types of the Segment spec. */
export const SegmentCallTypes = ["identify", "track", "page", "screen", "group", "alias"] as const

/** What {@link fromSegment} needs besides the call. */
export interface FromSegmentOptions {
  /** The workspace's currency (for amounts without one) and timezone (for times and birthdays written without a zone). */
  readonly settings: Pick<WorkspaceSettings, "currency" | "timezone">
  /** When the server received the call: the event's time when it carries none, and the reference of the clock-skew correction. */
  readonly receivedAt: Date
  /** The `sentAt` of the batch the call came in (analytics-node sends it once per batch), for a call without its own. */
  readonly sentAt?: unknown
  /** The IP address of the request, for a call whose `context.ip` is absent. */
  readonly ip?: string
}

/** A Segment call mapped to kith: the event, its JSON form, and how its id and time were chosen. */
export interface SegmentMapping {
  /** The decoded kith event. */
  readonly event: KithEvent
  /** The same event in kith's JSON form: what `cdp.batch` and the storage ingest take (`decodeEventResult(canonical)` gives `event`). */
  readonly canonical: KithEventEncoded
  /** The event as `decodeStorableEvent(canonical)` gives it: ready to store, or to keep with its call (`withRawCall`). */
  readonly storable: StorableEvent
  /** `true` when the call had no `messageId` and it was derived from the call's content ({@link deriveMessageId}). */
  readonly messageIdDerived: boolean
  /** Which of the call's fields gave the event's time. */
  readonly timestampFrom: TimestampSource
}

/**
 * A Segment call kith cannot take: every problem found, each with the path of
 * the field in the call as the client sent it (`properties.products[0].price`)
 * and the reason, naming the value found. `messageId` is the call's, or the
 * one derived from its content (so a refused call retried is recognizably
 * the same), `null` only when neither exists; `type` and `event` are what the
 * call claimed, when it said.
 *
 * @example
 * ```ts
 * import { fromSegment } from "@kith/core"
 * import { Result } from "effect"
 *
 * const result = fromSegment(
 *   { type: "track", userId: "u-1", event: "Order Completed", properties: { order_id: "SO-1", total: "19.999", currency: "usd" } },
 *   { settings: { currency: "VND", timezone: "Asia/Ho_Chi_Minh" }, receivedAt: new Date("2025-03-01T02:00:00Z") }
 * )
 * Result.isFailure(result) && result.failure.issues
 * // => [{ path: "properties.total", message: '"19.999" is not a whole number of USD (2 decimal places)' }]
 * ```
 */
export class SegmentRefusal extends Schema.TaggedError<SegmentRefusal>("@kith/core/SegmentRefusal")("SegmentRefusal", {
  messageId: Schema.NullOr(Schema.String),
  type: Schema.NullOr(Schema.String),
  event: Schema.NullOr(Schema.String),
  issues: Schema.Array(Schema.Struct({ path: Schema.String, message: Schema.String }))
}) {
  override get message(): string {
    return "Refused Segment call: " + this.issues.map((i) => (i.path === "" ? i.message : `${i.path}: ${i.message}`)).join("; ")
  }
}

const MAX_MESSAGE_ID = 200

// Translates a path of kith's event into the path of the call it came from,
// by the longest prefix whose origin was recorded while mapping.
const originalPath = (path: string, origins: Origins): string => {
  let prefix = path
  while (prefix !== "") {
    const origin = origins.get(prefix)
    if (origin !== undefined) return origin + path.slice(prefix.length)
    const cut = /(\.[^.[]+|\[\d+\])$/.exec(prefix)
    if (cut === null) break
    prefix = prefix.slice(0, cut.index)
  }
  return path
}

const pageBody = (call: JsonRecord, issues: IssueList, origins: Origins): JsonRecord => {
  const out: Record<string, unknown> = {}
  const name = textAt(call["name"], "name", issues)
  if (name !== undefined && name !== "") out["name"] = name
  const category = textAt(call["category"], "category", issues)
  if (category !== undefined && category !== "") out["category"] = category
  const properties = call["properties"]
  if (properties !== undefined && properties !== null && !isRecord(properties)) issues.add("properties", `expected an object of properties, got ${shown(properties)}`)
  const given: JsonRecord = isRecord(properties) ? properties : {}
  const page = contextPageOf(call["context"]) ?? {}
  const mapped: Record<string, unknown> = {}
  for (const [key, from] of [["url", ["url"]], ["path", ["path"]], ["title", ["title"]], ["referrer", ["referrer"]], ["search", ["search"]], ["trafficSource", ["trafficSource", "traffic_source"]]] as const) {
    const own = from.find((k) => given[k] !== undefined && given[k] !== null)
    const value = own !== undefined ? textAt(given[own], pathOf("properties", own), issues) : key === "trafficSource" ? undefined : textAt(page[key], pathOf("context.page", key), issues)
    if (value === undefined || value === "") continue
    mapped[key] = value
    origins.set(pathOf("properties", key), own !== undefined ? pathOf("properties", own) : pathOf("context.page", key))
  }
  if (Object.keys(mapped).length > 0) out["properties"] = mapped
  return out
}

const screenBody = (call: JsonRecord, issues: IssueList): JsonRecord => {
  const out: Record<string, unknown> = {}
  const properties = call["properties"]
  if (properties !== undefined && properties !== null && !isRecord(properties)) issues.add("properties", `expected an object of properties, got ${shown(properties)}`)
  const given: JsonRecord = isRecord(properties) ? properties : {}
  const name = textAt(call["name"] ?? given["name"], call["name"] !== undefined && call["name"] !== null ? "name" : "properties.name", issues)
  if (name !== undefined && name !== "") out["name"] = name
  const category = textAt(call["category"], "category", issues)
  if (category !== undefined && category !== "") out["category"] = category
  if (Object.keys(given).length > 0) out["properties"] = given
  return out
}

const trackBody = (call: JsonRecord, currency: string, issues: IssueList, origins: Origins): JsonRecord => {
  const written = textAt(call["event"], "event", issues)
  if (written === undefined || written.trim() === "") {
    if (call["event"] === undefined || call["event"] === null || written !== undefined) issues.add("event", "a track call needs its event name")
    return {}
  }
  const typed = typedEventNameOf(written)
  if (typed !== undefined) return { event: typed, properties: typedPropertiesOf(typed, call["properties"], { currency, issues, origins }) }
  const properties = call["properties"]
  if (properties === undefined || properties === null) return { event: written.trim() }
  if (!isRecord(properties)) {
    issues.add("properties", `expected an object of properties, got ${shown(properties)}`)
    return { event: written.trim() }
  }
  return { event: written.trim(), properties }
}

/**
 * Maps one Segment call (identify, track, page, screen, group or alias), as
 * the Segment spec documents it and as real SDKs (`@segment/analytics-node`,
 * `@rudderstack/rudder-sdk-node`, analytics.js, the mobile SDKs) send it, to
 * kith's canonical event — or refuses it with every problem and its path.
 * Pure and total: it never throws, whatever JSON it is given.
 *
 * - **Ids**: `messageId` when given, else derived from the call's content
 *   ({@link deriveMessageId}); `userId` / `anonymousId` (strings, or integers
 *   written as text).
 * - **Time**: `timestamp`, else `originalTimestamp` corrected for clock skew
 *   with `sentAt` (the call's, else the batch's) and `receivedAt`, else
 *   `receivedAt`; a time without a zone is read in the workspace timezone.
 * - **Track**: the spec's event names and their aliases
 *   ({@link SegmentEventAliases}) become kith's typed events; E-commerce v2
 *   properties in snake_case or camelCase; decimal amounts in major units
 *   become integers in the currency's smallest unit ({@link
 *   decimalToMinorUnits}), in the call's currency (any case) or the
 *   workspace's. Other events are custom events, properties kept as sent.
 * - **Identify**: standard traits (`name`, `address`, birthday, gender,
 *   snake_case names) read into kith's traits, with `context.traits` under
 *   them. **Group**: `groupId` and the group's traits (name, tax code).
 *   **Page** / **screen**: name, category, properties (a page's from
 *   `context.page` when absent). **Alias**: `previousId`, else the
 *   `anonymousId`.
 * - **Context**: channel, device (ios / android → mobile), OS, ip (else
 *   `options.ip`), user agent, locale, timezone, UTM campaign, referrer,
 *   `context.traits` and external ids.
 *
 * Fields kith does not model are not in the event; the caller keeps the call
 * itself as the raw event.
 *
 * @param call - one Segment call, as parsed JSON (a `Date` is accepted for its times)
 * @param options - the workspace settings, when the call was received, the batch's `sentAt`, the request's IP
 * @returns the mapping, or a {@link SegmentRefusal}
 *
 * @example
 * ```ts
 * import { fromSegment } from "@kith/core"
 * import { Result } from "effect"
 *
 * const result = fromSegment(
 *   {
 *     type: "track", userId: "u-42", event: "Order Completed",
 *     originalTimestamp: "2025-03-01T09:00:00+07:00", sentAt: "2025-03-01T09:00:05+07:00",
 *     properties: { order_id: "SO-1", revenue: "22.50", shipping: 3, tax: 2, currency: "usd", products: [{ product_id: "p-1", price: 19, quantity: 1 }, { sku: "p-2", price: 3.5 }] },
 *     context: { device: { type: "ios" }, traits: { email: "lan@example.com" } }
 *   },
 *   { settings: { currency: "VND", timezone: "Asia/Ho_Chi_Minh" }, receivedAt: new Date("2025-03-01T02:00:07Z") }
 * )
 * if (Result.isSuccess(result)) {
 *   // Sent 5 s after it happened by the device's clock, received at 02:00:07 by the server's.
 *   result.success.event.timestamp.toISOString() // => "2025-03-01T02:00:02.000Z"
 *   result.success.canonical["properties"]
 *   // => { orderId: "SO-1", currency: "USD", products: [{ productId: "p-1", quantity: 1, price: 1900 }, { productId: "p-2", sku: "p-2", quantity: 1, price: 350 }], shipping: 300, tax: 200, subtotal: 2250, total: 2750 }
 *   result.success.canonical["context"] // => { device: { type: "mobile" }, channel: "app", traits: { email: "lan@example.com" } }
 * }
 * ```
 */
export const fromSegment = (call: unknown, options: FromSegmentOptions): Result.Result<SegmentMapping, SegmentRefusal> => {
  const issues = new IssueList()
  const origins: Origins = new Map()
  const refuse = (messageId: string | null, type: string | null, event: string | null, list: ReadonlyArray<InputIssue>) =>
    Result.fail(new SegmentRefusal({ messageId, type, event, issues: list }))

  if (!isRecord(call)) {
    const derived = deriveMessageId(call)
    return refuse(Result.getOrNull(derived), null, null, [{ path: "", message: `expected a Segment call (an object with a type), got ${shown(call)}` }])
  }

  // The id comes first, so even a refusal names the call.
  let messageId: string | undefined
  let messageIdDerived = false
  const givenId = call["messageId"]
  if (givenId === undefined || givenId === null || (typeof givenId === "string" && givenId.trim() === "")) {
    const derived = deriveMessageId(call)
    if (Result.isSuccess(derived)) {
      messageId = derived.success
      messageIdDerived = true
    } else issues.add("messageId", derived.failure)
  } else {
    const id = idAt(givenId, "messageId", issues)
    if (id !== undefined && id.length > MAX_MESSAGE_ID) issues.add("messageId", `a messageId has at most ${MAX_MESSAGE_ID} characters, got ${id.length}`)
    else messageId = id
  }

  const writtenType = typeof call["type"] === "string" ? call["type"].trim().toLowerCase() : undefined
  const type = (SegmentCallTypes as ReadonlyArray<string>).includes(writtenType ?? "") ? (writtenType as (typeof SegmentCallTypes)[number]) : undefined
  if (type === undefined) {
    issues.add("type", call["type"] === undefined || call["type"] === null ? `a call needs its type: one of ${SegmentCallTypes.join(", ")}` : `${shown(call["type"])} is not a Segment call type (${SegmentCallTypes.join(", ")})`)
  }
  const eventName = typeof call["event"] === "string" ? call["event"] : null
  const timeZone = options.settings.timezone
  const traitContext: TraitContext = { timeZone, issues, origins }

  const when = eventInstantOf(
    { timestamp: call["timestamp"], originalTimestamp: call["originalTimestamp"], sentAt: call["sentAt"] ?? options.sentAt, receivedAt: options.receivedAt, timeZone },
    issues
  )
  const userId = idAt(call["userId"], "userId", issues)
  const anonymousId = type === "alias" ? undefined : idAt(call["anonymousId"], "anonymousId", issues)
  const context = contextOf(call["context"], "context", { payload: call, ip: options.ip, traits: traitContext, withoutTraits: type === "identify" })

  let body: JsonRecord = {}
  switch (type) {
    case "identify": {
      const fromContext = isRecord(call["context"]) ? personTraitsOf(call["context"]["traits"], "context.traits", "traits", traitContext) : undefined
      const own = personTraitsOf(call["traits"], "traits", "traits", traitContext)
      const traits = { ...fromContext, ...own }
      body = Object.keys(traits).length > 0 ? { traits } : {}
      break
    }
    case "track":
      body = trackBody(call, options.settings.currency, issues, origins)
      break
    case "page":
      body = pageBody(call, issues, origins)
      break
    case "screen":
      body = screenBody(call, issues)
      break
    case "group": {
      const groupId = idAt(call["groupId"], "groupId", issues)
      if (call["groupId"] === undefined || call["groupId"] === null) issues.add("groupId", "a group call needs its groupId")
      const traits = groupTraitsOf(call["traits"], "traits", "traits", traitContext)
      body = { ...(groupId === undefined ? {} : { groupId }), ...(traits !== undefined && Object.keys(traits).length > 0 ? { traits } : {}) }
      break
    }
    case "alias": {
      const previous = call["previousId"] ?? call["anonymousId"]
      const previousPath = call["previousId"] !== undefined && call["previousId"] !== null ? "previousId" : "anonymousId"
      const previousId = idAt(previous, previousPath, issues)
      if (previous === undefined || previous === null) issues.add("previousId", "an alias needs its previousId (or the anonymousId it replaces)")
      if (call["userId"] === undefined || call["userId"] === null) issues.add("userId", "an alias needs the userId the previous id becomes")
      if (previousId !== undefined) {
        body = { previousId }
        origins.set("previousId", previousPath)
      }
      break
    }
    case undefined:
      break
  }

  const messageIdOrNull = messageId ?? null
  if (!issues.isEmpty || type === undefined || when === undefined || messageId === undefined) {
    return refuse(messageIdOrNull, type ?? null, eventName, issues.items)
  }

  const canonical: Record<string, unknown> = { type, messageId, timestamp: when.at.toISOString() }
  if (userId !== undefined) canonical["userId"] = userId
  if (anonymousId !== undefined) canonical["anonymousId"] = anonymousId
  if (context !== undefined) canonical["context"] = context
  Object.assign(canonical, body)

  const decoded = decodeStorableEvent(canonical)
  if (Result.isFailure(decoded)) {
    const translated = decoded.failure.issues.map((issue) => ({ path: originalPath(issue.path, origins), message: issue.message }))
    return refuse(messageIdOrNull, type, eventName, translated)
  }
  return Result.succeed({ event: decoded.success.event, canonical: canonical as KithEventEncoded, storable: decoded.success, messageIdDerived, timestampFrom: when.from })
}
