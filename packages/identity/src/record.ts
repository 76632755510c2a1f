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

/**
 * Extracts the raw identifiers of an event, the way kith places them:
 * `userId` → `user_id`, `anonymousId` → `anonymous_id`, an alias'
 * `previousId` → `anonymous_id`, `traits.phone` / `traits.otherPhones` →
 * `phone`, `traits.email` / `traits.otherEmails` → `email`, `traits.zaloId` →
 * `zalo_id`, `traits.nationalId` → `national_id`, `traits.taxCode` →
 * `tax_code`, `context.device.id` → `device_id`, `context.externalIds` as typed.
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
 * ```
 */
export const identifiersOfEvent = (event: KithEvent): Array<Identifier> => {
  const out: Array<Identifier> = []
  pushString(out, "user_id", event.userId)
  if (event.type === "alias") pushString(out, "anonymous_id", event.previousId)
  else pushString(out, "anonymous_id", event.anonymousId)
  if (event.type === "identify" && event.traits !== undefined) {
    const traits = event.traits
    // Several numbers in one field are several identifiers.
    for (const field of [traits.phone, ...(traits.otherPhones ?? [])]) if (typeof field === "string") for (const phone of phoneNumbersIn(field)) pushString(out, "phone", phone)
    pushString(out, "email", traits.email)
    for (const email of traits.otherEmails ?? []) pushString(out, "email", email)
    pushString(out, "zalo_id", traits.zaloId)
    pushString(out, "national_id", traits.nationalId)
    pushString(out, "tax_code", traits.taxCode)
  }
  pushString(out, "device_id", event.context?.device?.id)
  for (const external of event.context?.externalIds ?? []) out.push(external)
  return out
}

/**
 * Builds the {@link IdentityRecord} of an event: its `messageId`, timestamp,
 * `context.source` (else `context.channel`, else `"unknown"`), identifiers
 * and, for `identify`, its traits.
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
  return event.type === "identify" && event.traits !== undefined ? { ...base, traits: event.traits } : base
}
