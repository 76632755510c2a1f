import { Effect, Result, Schema } from "effect"
import { EventContext } from "../context.js"
import { InvalidInput, decoderFor } from "../errors.js"
import { Invalid, storableDecoderFor } from "../fast-decode.js"
import { EventId } from "../ids.js"
import { Address, type JsonValue, Traits } from "../profile-fields.js"
import { DefaultStorableLimits, storableJsonOf } from "../storable-json.js"
import { quickCopy } from "../storable-walk.js"
import { Instant } from "../time.js"
import { type KnownEventName, type PropertiesOf, TrackEventCatalog, isKnownEventName } from "./catalog.js"
import { Ref, Text } from "./fields.js"

/** The call types of the Segment spec that kith accepts (ING-1, ING-6). */
export const EventTypes = ["identify", "track", "page", "screen", "group", "alias"] as const
/** One of {@link EventTypes}. */
export type EventType = (typeof EventTypes)[number]

/**
 * The call as its client sent it, kept beside kith's reading of it: a Segment
 * call mapped by `fromSegment` (through `cdp.collect` or the HTTP collection
 * API) keeps here every field kith does not model (`context.app`,
 * `context.library`, `integrations`, a page's `keywords`, ...), so the read
 * API returns them. kith never reads it.
 */
export const RawCall = Schema.Record(Schema.String, Schema.Json)

// Fields every identify / track / page call carries.
const commonFields = {
  /** Idempotency key: the same messageId twice is one event (ING-3). */
  messageId: EventId,
  /** When it happened, by the client's clock; late and out-of-order events are fine. */
  timestamp: Instant,
  userId: Schema.optionalKey(Ref),
  anonymousId: Schema.optionalKey(Ref),
  context: Schema.optionalKey(EventContext),
  raw: Schema.optionalKey(RawCall)
}

const ACTOR_REQUIRED = "either userId or anonymousId is required"

// Segment's rule: a call says who it is about, by account or by cookie.
const requireUserOrAnonymousId = Schema.makeFilter(
  (event: { readonly userId?: string; readonly anonymousId?: string }) =>
    event.userId === undefined && event.anonymousId === undefined
      ? { path: ["userId"], issue: ACTOR_REQUIRED }
      : undefined
)

/**
 * An `identify` call: who someone is and what is known about them.
 *
 * @example
 * ```ts
 * import { decodeEvent } from "@kith/core"
 * decodeEvent({
 *   type: "identify", messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00",
 *   anonymousId: "cookie-9f2", traits: { fullName: "Lê Thu Hà", phone: "0912 345 678" }
 * })
 * ```
 */
export const IdentifyEvent = Schema.Struct({
  type: Schema.Literal("identify"),
  ...commonFields,
  traits: Schema.optionalKey(Traits)
}).check(requireUserOrAnonymousId)
/** An {@link IdentifyEvent} after decoding. */
export type IdentifyEvent = typeof IdentifyEvent.Type

/** The properties of a `page` call (ING-2 page viewed). */
export const PageProperties = Schema.Struct({
  url: Schema.optionalKey(Text(2000)),
  path: Schema.optionalKey(Text(2000)),
  title: Schema.optionalKey(Text(1000)),
  referrer: Schema.optionalKey(Text(2000)),
  search: Schema.optionalKey(Text(2000)),
  /** Where the visit came from: `direct`, `organic`, `social`, `paid`, `email`, `referral`, ... */
  trafficSource: Schema.optionalKey(Text(100))
})
/** {@link PageProperties} after decoding. */
export type PageProperties = typeof PageProperties.Type

/**
 * A `page` call: a page or screen viewed. Device and OS are in `context`.
 *
 * @example
 * ```ts
 * import { decodeEvent } from "@kith/core"
 * decodeEvent({
 *   type: "page", messageId: "m-2", timestamp: "2025-03-01T09:01:00+07:00", anonymousId: "cookie-9f2",
 *   name: "Áo thun", properties: { url: "https://shop.vn/ao-thun", trafficSource: "social" },
 *   context: { channel: "web", device: { type: "mobile" }, os: { name: "iOS" } }
 * })
 * ```
 */
export const PageEvent = Schema.Struct({
  type: Schema.Literal("page"),
  ...commonFields,
  name: Schema.optionalKey(Text(500)),
  category: Schema.optionalKey(Text(200)),
  properties: Schema.optionalKey(PageProperties)
}).check(requireUserOrAnonymousId)
/** A {@link PageEvent} after decoding. */
export type PageEvent = typeof PageEvent.Type

/**
 * A `screen` call: a screen of a mobile app viewed, the app's counterpart of a
 * `page` (a visit on the timeline). Its properties are free JSON, as apps name
 * their own.
 *
 * @example
 * ```ts
 * import { decodeEvent } from "@kith/core"
 * decodeEvent({
 *   type: "screen", messageId: "m-7", timestamp: "2025-03-01T09:02:00+07:00", anonymousId: "device-1",
 *   name: "Giỏ hàng", properties: { items: 2 }, context: { channel: "app", device: { type: "mobile" } }
 * })
 * ```
 */
export const ScreenEvent = Schema.Struct({
  type: Schema.Literal("screen"),
  ...commonFields,
  name: Schema.optionalKey(Text(500)),
  category: Schema.optionalKey(Text(200)),
  properties: Schema.optionalKey(Schema.Record(Schema.String, Schema.Json))
}).check(requireUserOrAnonymousId)
/** A {@link ScreenEvent} after decoding. */
export type ScreenEvent = typeof ScreenEvent.Type

/**
 * What a `group` call says about the group (a company, an account): its name
 * and tax code (mã số thuế), industry, website and address, plus any custom
 * trait as JSON. These are the group's traits, not the person's: its email or
 * phone never identify the person.
 */
export const GroupTraits = Schema.StructWithRest(
  Schema.Struct({
    name: Schema.optionalKey(Text(300)),
    taxCode: Schema.optionalKey(Text(50)),
    industry: Schema.optionalKey(Text(200)),
    website: Schema.optionalKey(Text(2000)),
    address: Schema.optionalKey(Address)
  }),
  [Schema.Record(Schema.String, Schema.Json)]
)
/** {@link GroupTraits} after decoding. */
export type GroupTraits = typeof GroupTraits.Type

/**
 * A `group` call: the person belongs to the group `groupId` (a company or
 * account), described by `traits`. The profile gets a membership of the group,
 * its company name and tax code.
 *
 * @example
 * ```ts
 * import { decodeEvent } from "@kith/core"
 * decodeEvent({
 *   type: "group", messageId: "m-8", timestamp: "2025-03-01T09:03:00+07:00", userId: "u-1",
 *   groupId: "cty-an-phat", traits: { name: "Công ty TNHH An Phát", taxCode: "0312345678", employees: 40 }
 * })
 * ```
 */
export const GroupEvent = Schema.Struct({
  type: Schema.Literal("group"),
  ...commonFields,
  groupId: Ref,
  traits: Schema.optionalKey(GroupTraits)
}).check(requireUserOrAnonymousId)
/** A {@link GroupEvent} after decoding. */
export type GroupEvent = typeof GroupEvent.Type

/**
 * An `alias` call: `previousId` (an anonymous or old id) and `userId` are the
 * same person.
 */
export const AliasEvent = Schema.Struct({
  type: Schema.Literal("alias"),
  messageId: EventId,
  timestamp: Instant,
  userId: Ref,
  previousId: Ref,
  context: Schema.optionalKey(EventContext),
  raw: Schema.optionalKey(RawCall)
})
/** An {@link AliasEvent} after decoding. */
export type AliasEvent = typeof AliasEvent.Type

/**
 * Builds the schema of the typed `track` event `name`: the envelope with the
 * properties of the catalog. {@link TrackEventSchemas} holds one per name.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * const ReviewSubmitted = trackEventSchemaOf("Review Submitted")
 * Schema.decodeUnknownSync(ReviewSubmitted)({ type: "track", event: "Review Submitted", messageId: "m-9", timestamp: "2025-03-01T00:00:00Z", userId: "u-1", properties: { rating: 5 } })
 * ```
 */
export const trackEventSchemaOf = <K extends KnownEventName>(name: K) =>
  Schema.Struct({
    type: Schema.Literal("track"),
    ...commonFields,
    event: Schema.Literal(name),
    properties: TrackEventCatalog[name] as (typeof TrackEventCatalog)[K]
  }).check(requireUserOrAnonymousId)

/** The schema of the typed `track` event `K`. */
export type TrackEventSchema<K extends KnownEventName> = ReturnType<typeof trackEventSchemaOf<K>>

/** The schema of each typed `track` event, by event name. */
export const TrackEventSchemas: { readonly [K in KnownEventName]: TrackEventSchema<K> } = Object.fromEntries(
  (Object.keys(TrackEventCatalog) as Array<KnownEventName>).map((name) => [name, trackEventSchemaOf(name)])
) as { readonly [K in KnownEventName]: TrackEventSchema<K> }

/**
 * A typed `track` event: one of the ING-2 events, its `properties` checked
 * against the catalog.
 */
export type KnownTrackEvent = {
  [K in KnownEventName]: Omit<IdentifyEvent, "type" | "traits"> & {
    readonly type: "track"
    readonly event: K
    readonly properties: PropertiesOf<K>
  }
}[KnownEventName]

/**
 * Narrows an event to the typed `track` event `name`, with its properties.
 * (Comparing `event.event` alone cannot narrow, since a custom event's name is
 * any string.)
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 *
 * const decoded = decodeEventResult({
 *   type: "track", messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "cookie-1",
 *   event: "Order Completed", properties: { orderId: "SO-1", currency: "VND", total: 450000, products: [{ productId: "p-ao", quantity: 1, price: 450000 }] }
 * })
 * if (Result.isSuccess(decoded) && isTrackEventOf(decoded.success, "Order Completed")) {
 *   decoded.success.properties.total // => 450000 (typed as a number from the catalog)
 * }
 * ```
 */
export const isTrackEventOf = <K extends KnownEventName>(
  event: KithEvent,
  name: K
): event is Extract<KnownTrackEvent, { readonly event: K }> => event.type === "track" && event.event === name

/**
 * A `track` event whose name is not in the catalog. It is kept as it came,
 * with JSON properties, so hosts can segment on their own events later.
 *
 * @example
 * ```ts
 * import { decodeEvent } from "@kith/core"
 * decodeEvent({ type: "track", messageId: "m-3", timestamp: "2025-03-01T10:00:00Z", userId: "u-1", event: "Lucky Wheel Spun", properties: { prize: "voucher-50k" } })
 * ```
 */
export const CustomTrackEvent = Schema.Struct({
  type: Schema.Literal("track"),
  ...commonFields,
  event: Schema.String.check(
    Schema.isNonEmpty(),
    Schema.isMaxLength(200),
    Schema.makeFilter((name: string) => (isKnownEventName(name) ? `"${name}" is a typed event` : undefined))
  ),
  properties: Schema.optionalKey(Schema.Record(Schema.String, Schema.Json))
}).check(requireUserOrAnonymousId)
/** A {@link CustomTrackEvent} after decoding. */
export type CustomTrackEvent = typeof CustomTrackEvent.Type

/** Any `track` event: typed or custom. */
export type TrackEvent = KnownTrackEvent | CustomTrackEvent

/** Any event kith accepts: identify, track (typed or custom), page, screen, group or alias. */
export type KithEvent = IdentifyEvent | TrackEvent | PageEvent | ScreenEvent | GroupEvent | AliasEvent

/** The JSON shape of a {@link KithEvent}, as it arrives and as it is stored. */
export type KithEventEncoded = { readonly type: EventType; readonly messageId: string; readonly [key: string]: unknown }

const EventHeader = Schema.Struct({ type: Schema.Literals(EventTypes) })
const decodeHeader = decoderFor("event", EventHeader)

// Picks the one schema an input claims to follow, so an error names the fields
// of that schema instead of listing every member of a union.
const schemaFor = (type: EventType, eventName: unknown): Schema.Codec<KithEvent, unknown, never, never> => {
  switch (type) {
    case "identify":
      return IdentifyEvent as unknown as Schema.Codec<KithEvent, unknown, never, never>
    case "page":
      return PageEvent as unknown as Schema.Codec<KithEvent, unknown, never, never>
    case "screen":
      return ScreenEvent as unknown as Schema.Codec<KithEvent, unknown, never, never>
    case "group":
      return GroupEvent as unknown as Schema.Codec<KithEvent, unknown, never, never>
    case "alias":
      return AliasEvent as unknown as Schema.Codec<KithEvent, unknown, never, never>
    case "track":
      return (typeof eventName === "string" && isKnownEventName(eventName)
        ? TrackEventSchemas[eventName]
        : CustomTrackEvent) as unknown as Schema.Codec<KithEvent, unknown, never, never>
  }
}

const decoders = new Map<Schema.Codec<KithEvent, unknown, never, never>, (input: unknown) => Result.Result<KithEvent, InvalidInput>>()
const decoderOf = (schema: Schema.Codec<KithEvent, unknown, never, never>) => {
  let decode = decoders.get(schema)
  if (decode === undefined) {
    decode = decoderFor("event", schema)
    decoders.set(schema, decode)
  }
  return decode
}

/**
 * Decodes one event from unknown input (a parsed JSON body, a queue message).
 * Returns the typed event, or an {@link InvalidInput} listing every problem
 * with the path to its field. Custom event names are accepted with JSON
 * properties; typed event names must carry the properties of the catalog.
 * Only what kith can store and read back unchanged is accepted (see
 * {@link decodeStorableEvent}: JSON values, well-formed Unicode without NUL,
 * instants within years 0001–9999, bounded nesting); that is checked first,
 * and its problems are reported alone. Never throws.
 *
 * @example
 * ```ts
 * import { decodeEventResult } from "@kith/core"
 * import { Result } from "effect"
 *
 * const ok = decodeEventResult({
 *   type: "track", messageId: "m-4", timestamp: "2025-03-01T00:30:00+07:00", userId: "u-1",
 *   event: "Order Completed",
 *   properties: { orderId: "SO-1", currency: "VND", total: 250000, products: [{ productId: "p-1", quantity: 1, price: 250000 }] }
 * })
 * Result.isSuccess(ok) // => true
 *
 * const bad = decodeEventResult({ type: "track", messageId: "m-5", timestamp: "2025-03-01T00:30:00+07:00", userId: "u-1", event: "Order Completed", properties: { orderId: "SO-2", currency: "VND", total: -1, products: [] } })
 * Result.isFailure(bad) && bad.failure.issues // => [{ path: "properties.total", message: "an amount is a non-negative integer ..." }]
 * ```
 */
export const decodeEventResult = (input: unknown): Result.Result<KithEvent, InvalidInput> => {
  const fused = decodeFused(input)
  if (fused !== Invalid) return Result.succeed(fused)
  const json = storableJsonOf(input, "event")
  return Result.isFailure(json) ? Result.fail(json.failure) : decodeJsonEvent(json.success)
}

/**
 * An event as kith stores it: the decoded event, and the JSON value it was
 * decoded from (a plain copy of the input: what is written, so the stored
 * payload is exactly the value that was validated).
 *
 * @example
 * ```ts
 * const stored: StorableEvent = { event, json: { type: "alias", messageId: "m-6", timestamp: "2025-03-01T00:00:00.000Z", userId: "u-1", previousId: "c-1" } }
 * ```
 */
export interface StorableEvent {
  readonly event: KithEvent
  readonly json: JsonValue
}

// The storable events this module made: a store may write them without decoding them again. Each carries how many
// values its json holds when known (what withRawCall needs to check only the raw call it adds) in a private field,
// which also marks it: a copy ({ ...decoded }) has none. A class rather than a WeakMap of the events made: a store
// decodes thousands a batch, and entering each in a weak map cost several times making the event.
class MadeHere implements StorableEvent {
  readonly #valueCount: number | undefined
  constructor(
    readonly event: KithEvent,
    readonly json: JsonValue,
    valueCount: number | undefined
  ) {
    this.#valueCount = valueCount
  }

  // Callers without types may pass anything: what is not an object was not made here (and `in` would throw on it).
  static is(storable: StorableEvent): storable is MadeHere {
    return typeof storable === "object" && storable !== null && #valueCount in storable
  }

  static valueCountOf(storable: MadeHere): number | undefined {
    return storable.#valueCount
  }
}

/**
 * Decodes one event and returns it with the JSON value to store for it
 * (see `storableJsonOf`): first the input must be storable — JSON values
 * only, well-formed Unicode without NUL, Dates within years 0001–9999,
 * bounded nesting and keys — then that copy must be a valid event. Either
 * way a refusal is an {@link InvalidInput} naming each field; it never
 * throws. `decodeEventResult(JSON.parse(JSON.stringify(json)))` gives the
 * same event back.
 *
 * @example
 * ```ts
 * import { decodeStorableEvent } from "@kith/core"
 * import { Result } from "effect"
 *
 * const ok = decodeStorableEvent({ type: "alias", messageId: "m-6", timestamp: new Date("2025-03-01T00:00:00Z"), userId: "u-1", previousId: "c-1" })
 * Result.isSuccess(ok) && ok.success.json
 * // => { type: "alias", messageId: "m-6", timestamp: "2025-03-01T00:00:00.000Z", userId: "u-1", previousId: "c-1" }
 * const bad = decodeStorableEvent({ type: "alias", messageId: "m-\u0000", timestamp: new Date(8.64e15), userId: "u-1", previousId: "c-1" })
 * Result.isFailure(bad) && bad.failure.issues.map((i) => i.path) // => ["messageId", "timestamp"]
 * ```
 */
export const decodeStorableEvent = (input: unknown): Result.Result<StorableEvent, InvalidInput> => {
  const copy = quickCopy(input, DefaultStorableLimits)
  const json = copy === undefined ? storableJsonOf(input, "event") : Result.succeed(copy.json)
  if (Result.isFailure(json)) return Result.fail(json.failure)
  const event = decodeJsonEvent(json.success)
  return Result.isFailure(event) ? Result.fail(event.failure) : Result.succeed(new MadeHere(event.success, json.success, copy?.values))
}

/**
 * Whether `storable` was made by {@link decodeStorableEvent} or
 * {@link withRawCall} (and is that very object): then its `event` is the
 * decoding of its `json`, and a store may write it without decoding again.
 * Any other value is to be decoded from its `json`.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * const decoded = Result.getOrThrow(decodeStorableEvent({ type: "alias", messageId: "m-6", timestamp: "2025-03-01T00:00:00Z", userId: "u-1", previousId: "c-1" }))
 * isDecodedStorableEvent(decoded) // => true
 * isDecodedStorableEvent({ ...decoded }) // => false
 * ```
 */
export const isDecodedStorableEvent = (storable: StorableEvent): boolean => MadeHere.is(storable)

/**
 * A decoded event with the call it came from kept as its `raw`
 * ({@link RawCall}): `raw` must be a JSON object, and the event with it must
 * still be storable (the same {@link storableJsonOf} rules, over the whole
 * event). The event itself is not decoded again — `decoded` already is —
 * so keeping the raw call costs one storable check of it. Problems are
 * reported at `raw.<path>`.
 *
 * @param decoded - an event from {@link decodeStorableEvent}
 * @param raw - the call as its client sent it
 * @returns the event and its JSON, both with `raw`
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * const decoded = Result.getOrThrow(decodeStorableEvent({ type: "alias", messageId: "m-6", timestamp: "2025-03-01T00:00:00Z", userId: "u-1", previousId: "c-1" }))
 * const kept = withRawCall(decoded, { type: "alias", userId: "u-1", previousId: "c-1", context: { library: { name: "analytics.js" } } })
 * Result.isSuccess(kept) && kept.success.event.raw
 * // => { type: "alias", userId: "u-1", previousId: "c-1", context: { library: { name: "analytics.js" } } }
 * const bad = withRawCall(decoded, { note: "a\u0000b" })
 * Result.isFailure(bad) && bad.failure.issues.map((i) => i.path) // => ["raw.note"]
 * ```
 */
export const withRawCall = (decoded: StorableEvent, raw: unknown): Result.Result<StorableEvent, InvalidInput> => {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return Result.fail(new InvalidInput({ subject: "event", issues: [{ path: "raw", message: "the raw call is a JSON object" }] }))
  }
  const given = decoded.json as Readonly<Record<string, JsonValue>>
  const values = MadeHere.is(decoded) ? MadeHere.valueCountOf(decoded) : undefined
  // The event's json is storable already (this module made it, and counted its values): only the raw call is walked,
  // one level down and within what the event left of the limits. What that refuses is walked whole, to name why.
  if (values !== undefined && !Object.hasOwn(given, "raw") && Object.keys(given).length < DefaultStorableLimits.maxKeys) {
    const limits = DefaultStorableLimits
    const copy = quickCopy(raw, { maxDepth: limits.maxDepth - 1, maxKeys: limits.maxKeys, maxValues: limits.maxValues - values })
    if (copy !== undefined) {
      const rawJson = copy.json as { readonly [key: string]: JsonValue }
      return Result.succeed(new MadeHere({ ...decoded.event, raw: rawJson } as KithEvent, { ...given, raw: rawJson }, values + copy.values))
    }
  }
  const json = storableJsonOf({ ...given, raw }, "event")
  if (Result.isFailure(json)) return Result.fail(json.failure)
  const rawJson = (json.success as { readonly raw: { readonly [key: string]: JsonValue } }).raw
  return Result.succeed(new MadeHere({ ...decoded.event, raw: rawJson } as KithEvent, json.success, undefined))
}

const fusedDecoders = new Map<Schema.Codec<KithEvent, unknown, never, never>, ((input: unknown) => unknown) | undefined>()

// Valid input, nearly all of it, is decoded in one walk that also applies the
// storable rules (storableDecoderFor): the same event as decoding its storable
// copy, without making the copy. Invalid when it declines, and the input is
// then copied and decoded as usual, which names every problem.
const decodeFused = (input: unknown): KithEvent | typeof Invalid => {
  if (typeof input !== "object" || input === null) return Invalid
  try {
    const { type, event } = input as { readonly type?: unknown; readonly event?: unknown }
    if (typeof type !== "string" || !(EventTypes as ReadonlyArray<string>).includes(type)) return Invalid
    const schema = schemaFor(type as EventType, event)
    let decode = fusedDecoders.get(schema)
    if (decode === undefined && !fusedDecoders.has(schema)) {
      decode = storableDecoderFor(schema)
      fusedDecoders.set(schema, decode)
    }
    return decode === undefined ? Invalid : (decode(input) as KithEvent | typeof Invalid)
  } catch {
    // A getter or proxy trap that throws: the usual path reports it.
    return Invalid
  }
}

// Decodes a plain JSON value (see storableJsonOf) as an event.
const decodeJsonEvent = (input: JsonValue): Result.Result<KithEvent, InvalidInput> => {
  const header = decodeHeader(input)
  if (Result.isFailure(header)) return Result.fail(header.failure)
  const type = header.success.type
  const schema = schemaFor(type, (input as { readonly event?: unknown }).event)
  const result = decoderOf(schema)(input)
  if (Result.isSuccess(result) || type === "alias") return result
  // A struct-level check only runs once every field is valid; report a missing
  // actor together with the field errors so one round trip shows everything.
  const body = input as { readonly userId?: unknown; readonly anonymousId?: unknown }
  const issues = result.failure.issues
  if (body.userId === undefined && body.anonymousId === undefined && !issues.some((i) => i.path === "userId")) {
    return Result.fail(new InvalidInput({ subject: "event", issues: [...issues, { path: "userId", message: ACTOR_REQUIRED }] }))
  }
  return result
}

/**
 * {@link decodeEventResult} as an `Effect`, for Effect users.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * const program = decodeEvent({ type: "alias", messageId: "m-6", timestamp: "2025-03-01T00:00:00Z", userId: "u-1", previousId: "cookie-1" })
 * Effect.runSync(program).type // => "alias"
 * ```
 */
export const decodeEvent = (input: unknown): Effect.Effect<KithEvent, InvalidInput> => Effect.fromResult(decodeEventResult(input))

/**
 * The schema that matches an already decoded event, for encoding it or for
 * building on it.
 */
export const schemaOfEvent = (event: KithEvent): Schema.Codec<KithEvent, unknown, never, never> =>
  schemaFor(event.type, event.type === "track" ? event.event : undefined)

/**
 * Encodes a decoded event back to its JSON shape (instants as UTC ISO
 * strings). `decodeEventResult(encodeEvent(e))` gives `e` back.
 *
 * @example
 * ```ts
 * encodeEvent({ type: "alias", messageId: "m-6" as EventId, timestamp: new Date("2025-03-01T00:00:00Z"), userId: "u-1", previousId: "cookie-1" })
 * // => { type: "alias", messageId: "m-6", timestamp: "2025-03-01T00:00:00.000Z", userId: "u-1", previousId: "cookie-1" }
 * ```
 */
export const encodeEvent = (event: KithEvent): KithEventEncoded =>
  Schema.encodeSync(schemaOfEvent(event))(event) as KithEventEncoded

/**
 * A schema for any kith event, as one union. Prefer {@link decodeEventResult}
 * for untrusted input: it reports errors against the one event shape the input
 * claims, where a union lists every member.
 */
export const KithEvent = Schema.Union([
  IdentifyEvent,
  PageEvent,
  ScreenEvent,
  GroupEvent,
  AliasEvent,
  ...Object.values(TrackEventSchemas),
  CustomTrackEvent
]) as unknown as Schema.Codec<KithEvent, KithEventEncoded, never, never>
