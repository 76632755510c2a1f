import { type Identifier, InvalidInput, type KithEvent } from "@kith/core"
import { phoneNumbersIn } from "./phone.js"

/**
 * One piece of evidence for identity resolution: an event, an import row, an
 * order. Identifiers are raw (as written); the resolver normalizes them.
 * `traits`, when present, feed trait provenance (IDN-10).
 *
 * @example
 * ```ts
 * const record: IdentityRecord = {
 *   recordId: "evt-1",
 *   observedAt: new Date("2025-03-01T02:00:00Z"),
 *   source: "zalo_oa",
 *   identifiers: [{ type: "zalo_id", value: "4455667788" }, { type: "phone", value: "0912 345 678" }]
 * }
 * ```
 */
export interface IdentityRecord {
  /** Unique per record; the same id twice is the same record (idempotence). */
  readonly recordId: string
  /** When the evidence was observed; with `recordId` it fixes the canonical order of decisions. */
  readonly observedAt: Date
  /** The channel or source it came from (`web`, `shopee`, `file_import`, ...). */
  readonly source: string
  readonly identifiers: ReadonlyArray<Identifier>
  /** Profile traits this record asserts, for {@link mergeTraits}. */
  readonly traits?: Readonly<Record<string, unknown>>
}

/**
 * Checks a record before it enters a resolver: a record id that is a
 * non-empty string, an `observedAt` that is a valid `Date` (a NaN time would
 * break the canonical order every decision follows), a source, and
 * identifiers with string types and values. Returns the typed error naming
 * each bad field, the value found and the reason, or `undefined`.
 *
 * @param record - the record as given
 * @returns `InvalidInput` (subject `identity record`), or `undefined` when the record is well-formed
 *
 * @example
 * ```ts
 * invalidRecord({ recordId: "r-1", observedAt: new Date("nope"), source: "web", identifiers: [] })?.issues
 * // => [{ path: "observedAt", message: "Expected a valid date, got Invalid Date (record r-1)" }]
 * ```
 */
export const invalidRecord = (record: IdentityRecord): InvalidInput | undefined => {
  if (isWellFormed(record)) return undefined
  const issues: Array<{ path: string; message: string }> = []
  const id = typeof record.recordId === "string" ? record.recordId : String(record.recordId)
  if (typeof record.recordId !== "string" || record.recordId.length === 0) issues.push({ path: "recordId", message: `Expected a non-empty string, got ${JSON.stringify(record.recordId)}` })
  if (!(record.observedAt instanceof Date) || Number.isNaN(record.observedAt.getTime())) {
    issues.push({ path: "observedAt", message: `Expected a valid date, got ${String(record.observedAt)} (record ${id})` })
  }
  if (typeof record.source !== "string") issues.push({ path: "source", message: `Expected a string, got ${JSON.stringify(record.source)} (record ${id})` })
  if (!Array.isArray(record.identifiers)) issues.push({ path: "identifiers", message: `Expected an array (record ${id})` })
  else {
    record.identifiers.forEach((identifier, i) => {
      if (typeof identifier?.type !== "string" || typeof identifier.value !== "string") {
        issues.push({ path: `identifiers[${i}]`, message: `Expected { type: string, value: string }, got ${JSON.stringify(identifier)} (record ${id})` })
      }
    })
  }
  return issues.length === 0 ? undefined : new InvalidInput({ subject: "identity record", issues })
}

// The check of every record on the hot path: no allocation unless something is wrong.
const isWellFormed = (record: IdentityRecord): boolean => {
  if (typeof record.recordId !== "string" || record.recordId.length === 0 || typeof record.source !== "string") return false
  if (!(record.observedAt instanceof Date) || Number.isNaN(record.observedAt.getTime())) return false
  const identifiers = record.identifiers
  if (!Array.isArray(identifiers)) return false
  for (let i = 0; i < identifiers.length; i++) {
    const identifier = identifiers[i]
    if (typeof identifier?.type !== "string" || typeof identifier.value !== "string") return false
  }
  return true
}

const pushString = (out: Array<Identifier>, type: string, value: unknown): void => {
  if (typeof value === "string" && value.length > 0) out.push({ type, value })
}

const pushStrings = (out: Array<Identifier>, type: string, values: unknown): void => {
  if (Array.isArray(values)) for (const value of values) pushString(out, type, value)
}

type TraitBag = Readonly<Record<string, unknown>>

// The person's traits a call asserts about them: the `context.traits` a client
// sends with any event, under an identify's own traits (which win, as Segment
// reads them).
const assertedTraitsOf = (event: KithEvent): TraitBag | undefined => {
  const fromContext = event.context?.traits
  const own = event.type === "identify" ? event.traits : undefined
  if (own === undefined) return fromContext
  return fromContext === undefined ? own : { ...fromContext, ...own }
}

/**
 * The profile traits an event asserts about its person: an `identify`'s
 * `traits` over the `context.traits` a client may send with any call
 * (Segment's "traits as the client knew them"), over the person's `locale`
 * and `timezone` from `context.locale` / `context.timezone` (outreach picks
 * the language and quiet hours by them), and for a `group` call the
 * company it names — `companyName` and `taxCode` from the group's `name` and
 * `taxCode`, and `groupId`, the group the person belongs to (the latest
 * group call wins, as any trait). The group's other traits stay the group's.
 * Empty when the event asserts nothing.
 *
 * @param event - a decoded event
 * @returns its traits by name (values as decoded)
 *
 * @example
 * ```ts
 * personTraitsOfEvent({
 *   type: "group", messageId: "m-8" as EventId, timestamp: new Date("2025-03-01T02:00:00Z"), userId: "u-1",
 *   groupId: "cty-an-phat", traits: { name: "Công ty TNHH An Phát", taxCode: "0312345678", employees: 40 },
 *   context: { traits: { email: "lan@anphat.vn" }, locale: "vi-VN" }
 * })
 * // => { locale: "vi-VN", email: "lan@anphat.vn", companyName: "Công ty TNHH An Phát", taxCode: "0312345678", groupId: "cty-an-phat" }
 * ```
 */
export const personTraitsOfEvent = (event: KithEvent): Readonly<Record<string, unknown>> => {
  const asserted = assertedTraitsOf(event)
  const locale = event.context?.locale
  const timezone = event.context?.timezone
  if (event.type !== "group" && locale === undefined && timezone === undefined) return asserted ?? {}
  const out: Record<string, unknown> = {}
  if (locale !== undefined) out["locale"] = locale
  if (timezone !== undefined) out["timezone"] = timezone
  Object.assign(out, asserted)
  if (event.type !== "group") return out
  const group: TraitBag = event.traits ?? {}
  if (typeof group["name"] === "string") out["companyName"] = group["name"]
  if (typeof group["taxCode"] === "string") out["taxCode"] = group["taxCode"]
  out["groupId"] = event.groupId
  return out
}

/**
 * Extracts the raw identifiers of an event, the way kith places them:
 * `userId` → `user_id`, `anonymousId` → `anonymous_id`, an alias'
 * `previousId` → `anonymous_id`, then from the person's traits — an
 * identify's `traits` and the `context.traits` of any call —
 * `phone` / `otherPhones` → `phone`, `email` / `otherEmails` → `email`,
 * `zaloId` → `zalo_id`, `nationalId` → `national_id`, `taxCode` →
 * `tax_code`, then `context.device.id` → `device_id`, `context.externalIds`
 * as typed. A group's traits are the group's: they never identify the person.
 *
 * An alias' `previousId` is always read as an anonymous id: Segment sends the
 * cookie there, and reading an old account id as `user_id` would put two
 * values of a unique type in one record, which the identified-pair guard must
 * refuse. Merging two accounts is a manual merge (IDN-9).
 *
 * @param event - a decoded event
 * @returns its raw identifiers, in the order above
 *
 * @example
 * ```ts
 * identifiersOfEvent({
 *   type: "identify", messageId: "m-1" as EventId, timestamp: new Date("2025-03-01T02:00:00Z"),
 *   anonymousId: "cookie-1", traits: { phone: "0912 345 678", email: "Lan@Gmail.com" }
 * })
 * // => [{ type: "anonymous_id", value: "cookie-1" }, { type: "phone", value: "0912 345 678" }, { type: "email", value: "Lan@Gmail.com" }]
 * identifiersOfEvent({
 *   type: "track", messageId: "m-2" as EventId, timestamp: new Date("2025-03-01T02:05:00Z"), anonymousId: "cookie-1",
 *   event: "Newsletter Opened", context: { traits: { email: "lan@gmail.com" } }
 * })
 * // => [{ type: "anonymous_id", value: "cookie-1" }, { type: "email", value: "lan@gmail.com" }]
 * ```
 */
export const identifiersOfEvent = (event: KithEvent): Array<Identifier> => {
  const out: Array<Identifier> = []
  pushString(out, "user_id", event.userId)
  if (event.type === "alias") pushString(out, "anonymous_id", event.previousId)
  else pushString(out, "anonymous_id", event.anonymousId)
  const traits = assertedTraitsOf(event)
  if (traits !== undefined) {
    // Several numbers in one field are several identifiers.
    const otherPhones = Array.isArray(traits["otherPhones"]) ? (traits["otherPhones"] as ReadonlyArray<unknown>) : []
    for (const field of [traits["phone"], ...otherPhones]) if (typeof field === "string") for (const phone of phoneNumbersIn(field)) pushString(out, "phone", phone)
    pushString(out, "email", traits["email"])
    pushStrings(out, "email", traits["otherEmails"])
    pushString(out, "zalo_id", traits["zaloId"])
    pushString(out, "national_id", traits["nationalId"])
    pushString(out, "tax_code", traits["taxCode"])
  }
  pushString(out, "device_id", event.context?.device?.id)
  for (const external of event.context?.externalIds ?? []) out.push(external)
  return out
}

/**
 * Builds the {@link IdentityRecord} of an event: its `messageId`, timestamp,
 * `context.source` (else `context.channel`, else `"unknown"`), identifiers
 * and the person's traits it asserts ({@link personTraitsOfEvent}), when any.
 *
 * @param event - a decoded event
 * @returns the identity record
 *
 * @example
 * ```ts
 * recordOfEvent({ type: "alias", messageId: "m-6" as EventId, timestamp: new Date("2025-03-01T00:00:00Z"), userId: "u-1", previousId: "cookie-1" })
 * // => { recordId: "m-6", observedAt: 2025-03-01T00:00:00Z, source: "unknown", identifiers: [{ type: "user_id", value: "u-1" }, { type: "anonymous_id", value: "cookie-1" }] }
 * ```
 */
export const recordOfEvent = (event: KithEvent): IdentityRecord => {
  const source = event.context?.source ?? event.context?.channel ?? "unknown"
  const base = { recordId: event.messageId as string, observedAt: event.timestamp, source, identifiers: identifiersOfEvent(event) }
  const traits = personTraitsOfEvent(event)
  return Object.keys(traits).length > 0 ? { ...base, traits } : base
}
