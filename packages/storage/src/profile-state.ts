import { emptyRecord, type KithEvent, ownValue, recordOf, setOwnValue, type Traits } from "@kith/core"
import {
  acceptsContactValue,
  isEmptyTraitValue,
  mergeObservedTraitsInto,
  type NormalizedIdentifier,
  personTraitsOfEvent,
  type ResolvedIdentityPolicy,
  type TraitMergeConfig,
  withValidContacts
} from "@kith/identity"
import { emptySummary, lifecycleOf, ordersAt, type ProfileSummary, summaryFromJson, summaryToJson } from "@kith/profile"
import { Result } from "effect"
import type { ProfileRow, StoredTrait } from "./port/profiles.js"
import { foldForSearch } from "./search-text.js"

/**
 * A profile being changed inside a transaction: parsed traits and summary,
 * serialized back with {@link profileRowOf}.
 */
export interface WorkingProfile {
  readonly profileId: string
  createdAt: number
  traits: Record<string, StoredTrait>
  summary: ProfileSummary
  /** Identifiers known to be held (enough to index emails for search). */
  readonly emails: Set<string>
  /** Time of its latest identity record (see {@link ProfileRow}). */
  lastRecordAt: number
  /** Its evidence component is exactly its own records (see {@link ProfileRow}). */
  isolated: boolean
}

/**
 * Parses a profile's stored summary (validated by `summaryFromJson`); a row
 * that fails to decode is a storage bug, so it throws.
 *
 * @example
 * ```ts
 * import { summaryToJson } from "@kith/profile"
 * JSON.stringify(summaryToJson(parseSummary(emptySummaryJson))) === emptySummaryJson // => true
 * ```
 */
export const parseSummary = (json: string): ProfileSummary => {
  const decoded = summaryFromJson(JSON.parse(json))
  if (Result.isFailure(decoded)) throw new Error(`Stored summary does not decode: ${decoded.failure.message}`)
  return decoded.success
}

/**
 * A profile's stored traits (JSON text) as a record without a prototype, so
 * a trait named `constructor` or `__proto__` is an ordinary key.
 *
 * @example
 * ```ts
 * traitsFromJson('{"constructor":{"value":"x","at":1,"source":"web"}}')["constructor"]?.value // => "x"
 * ```
 */
export const traitsFromJson = (json: string): Record<string, StoredTrait> => recordOf(JSON.parse(json) as Record<string, StoredTrait>)

/**
 * The resolved value of each of a profile's traits, in a record without a
 * prototype: what the lifecycle stage and the segment facts are taken from.
 *
 * @example
 * ```ts
 * storedTraitValues(traitsFromJson('{"fullName":{"value":"Lan","at":1,"source":"web"}}'))["fullName"] // => "Lan"
 * ```
 */
export const storedTraitValues = (traits: Readonly<Record<string, StoredTrait>>): Traits => {
  const values = emptyRecord<unknown>()
  // Keys rather than entries: a pair per trait, for every profile a batch writes, was a good part of its garbage.
  for (const name of Object.keys(traits)) setOwnValue(values, name, traits[name]!.value)
  return values as Traits
}

/** The summary of nothing, as stored. */
export const emptySummaryJson = JSON.stringify(summaryToJson(emptySummary))

/** Loads a row into a {@link WorkingProfile}. */
export const workingProfileOf = (row: ProfileRow, emails: Iterable<string> = []): WorkingProfile => ({
  profileId: row.profileId,
  createdAt: row.createdAt,
  traits: traitsFromJson(row.traits),
  summary: parseSummary(row.summary),
  emails: new Set(emails),
  lastRecordAt: row.lastRecordAt,
  isolated: row.isolated
})

/** A new, empty profile first seen at `createdAt`. */
export const newWorkingProfile = (profileId: string, createdAt: number): WorkingProfile => ({
  profileId,
  createdAt,
  traits: emptyRecord(),
  summary: emptySummary,
  emails: new Set(),
  lastRecordAt: createdAt,
  isolated: false
})

/**
 * The trait observations an event asserts about its person (`@kith/identity`'s
 * `personTraitsOfEvent`), without the phone and email values the identity
 * policy rejects (junk, invalid, service numbers: they stay in the ledger's
 * warnings, never in a profile's traits).
 */
export const traitsOfEvent = (event: KithEvent, source: string, policy: ResolvedIdentityPolicy): Record<string, StoredTrait> => {
  const traits = withValidContacts(personTraitsOfEvent(event), acceptsContactValue(policy))
  const at = event.timestamp.getTime()
  const out = emptyRecord<StoredTrait>()
  for (const [name, value] of Object.entries(traits)) {
    if (!isEmptyTraitValue(value)) setOwnValue(out, name, { value: value instanceof Date ? value.toISOString() : value, at, source })
  }
  return out
}

/**
 * What merging observed traits into a profile's changed: nothing, only when
 * and where a trait was seen (a value observed again), or a value.
 */
export type TraitsChange = "none" | "observation" | "values"

/**
 * Merges observed traits into a profile's, as `@kith/identity`'s
 * `mergeObservedTraitsInto` does, and says what changed. Only a changed
 * value changes what is derived from the traits (the search text, the stage,
 * the segment facts); a new observation of the same value changes only the
 * traits text. Values are compared as their JSON, so an object with the same
 * members in another order counts as changed.
 *
 * @example
 * ```ts
 * const traits: Record<string, StoredTrait> = { fullName: { value: "Lan", at: 1, source: "web" } }
 * mergeTraitsInto(traits, { fullName: { value: "Lan", at: 2, source: "zalo" } }) // => "observation"
 * mergeTraitsInto(traits, { fullName: { value: "Nguyễn Thị Lan", at: 3, source: "zalo" } }) // => "values"
 * mergeTraitsInto(traits, {}) // => "none"
 * ```
 */
export const mergeTraitsInto = (traits: Record<string, StoredTrait>, incoming: Readonly<Record<string, StoredTrait>>, config?: TraitMergeConfig): TraitsChange => {
  const names = Object.keys(incoming)
  const before: Array<unknown> = new Array(names.length)
  for (let i = 0; i < names.length; i++) before[i] = ownValue(traits, names[i]!)?.value
  if (!mergeObservedTraitsInto(traits, incoming, config)) return "none"
  for (let i = 0; i < names.length; i++) if (!sameJsonValue(before[i], ownValue(traits, names[i]!)?.value)) return "values"
  return "observation"
}

const sameJsonValue = (a: unknown, b: unknown): boolean =>
  a === b || (typeof a === "object" && a !== null && typeof b === "object" && b !== null && JSON.stringify(a) === JSON.stringify(b))

const textTraits = ["fullName", "firstName", "lastName", "email", "companyName"] as const

/**
 * The folded text a profile is searched by (PRF-12): names, emails, company
 * and address. Phones are searched through the identifier index instead, so
 * any written form of a number finds it.
 */
export const searchTextOf = (profile: WorkingProfile): string => {
  const parts: Array<string> = []
  for (const name of textTraits) {
    const value = profile.traits[name]?.value
    if (typeof value === "string") parts.push(value)
  }
  const others = profile.traits["otherEmails"]?.value
  if (Array.isArray(others)) for (const e of others) if (typeof e === "string") parts.push(e)
  const address = profile.traits["address"]?.value
  if (address !== null && typeof address === "object") {
    for (const part of Object.values(address as Record<string, unknown>)) if (typeof part === "string") parts.push(part)
  }
  for (const email of profile.emails) parts.push(email)
  return foldForSearch(parts.join(" | "))
}

/**
 * The lifecycle stage (PRF-2) a profile is listed under: `lifecycleOf` as of
 * its latest event, so a later cancellation or return moves it back.
 */
export const stageOf = (profile: WorkingProfile): string => {
  const asOf = new Date(profile.summary.lastSeenAt ?? profile.createdAt)
  // Stored trait values are the JSON of decoded traits (dates as ISO text); lifecycleOf reads only contact and verification fields.
  return lifecycleOf(profile.summary, ordersAt(profile.summary, asOf), storedTraitValues(profile.traits), asOf).stage
}

/**
 * Serializes a working profile back to its row. `kept` holds texts of the
 * row it was read from that still hold, kept instead of made again: its
 * traits text when its traits did not change since, its search text when
 * neither its trait values nor its emails did (most profiles a batch writes
 * gained events but no trait).
 */
export const profileRowOf = (profile: WorkingProfile, kept?: { readonly traits?: string; readonly searchText?: string }): ProfileRow => ({
  profileId: profile.profileId,
  mergedInto: null,
  createdAt: profile.createdAt,
  traits: kept?.traits ?? JSON.stringify(profile.traits),
  summary: JSON.stringify(summaryToJson(profile.summary)),
  searchText: kept?.searchText ?? searchTextOf(profile),
  stage: stageOf(profile),
  lastRecordAt: profile.lastRecordAt,
  isolated: profile.isolated
})

/** The emails among some identifiers, for the search text. */
export const emailsOf = (identifiers: Iterable<NormalizedIdentifier>): Array<string> => {
  const out: Array<string> = []
  for (const id of identifiers) if (id.type === "email") out.push(id.value)
  return out
}
