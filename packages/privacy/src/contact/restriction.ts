import { standingAt } from "../history/standing.js"

/**
 * What stops contact besides consent (OUT-5): `do_not_contact` — the
 * person asked not to be contacted at all, on any channel — and
 * `blocked_shop` — they blocked the shop on one channel (a Zalo OA, a chat
 * page) and can unblock it later.
 *
 * @example
 * ```ts
 * import { ContactRestrictionKinds } from "@kith/privacy"
 * ContactRestrictionKinds // => ["do_not_contact", "blocked_shop"]
 * ```
 */
export const ContactRestrictionKinds = ["do_not_contact", "blocked_shop"] as const

/** One of {@link ContactRestrictionKinds}. */
export type ContactRestrictionKind = (typeof ContactRestrictionKinds)[number]

/**
 * Whether a record puts the restriction in place (`active`: "do not contact
 * me", "blocked") or takes it away (`lifted`: "you may contact me again",
 * "unblocked").
 *
 * @example
 * ```ts
 * import { ContactRestrictionStatuses } from "@kith/privacy"
 * ContactRestrictionStatuses // => ["active", "lifted"]
 * ```
 */
export const ContactRestrictionStatuses = ["active", "lifted"] as const

/** One of {@link ContactRestrictionStatuses}. */
export type ContactRestrictionStatus = (typeof ContactRestrictionStatuses)[number]

/**
 * One contact restriction as kept: what the person did (asked not to be
 * contacted, blocked or unblocked the shop on a channel), when, through
 * what, with its evidence. A time-stamped history, read at an instant like
 * consent: `recordedOn` and `covers` say which profiles a record speaks for,
 * so after a merge each side's latest record stands (see `standingAt`), and
 * `anchorRecordId` is the stored event it follows through merges and splits.
 *
 * @example
 * ```ts
 * const blocked: ContactRestrictionRecord = {
 *   id: "r-1", kind: "blocked_shop", channel: "zalo", status: "active", at: new Date("2026-01-05T09:00:00+07:00"),
 *   source: "zalo_oa_webhook", evidence: { eventId: "zw-77" }, recordedOn: "p_m-1", covers: ["p_m-1"], anchorRecordId: "m-1"
 * }
 * ```
 */
export interface ContactRestrictionRecord {
  readonly id: string
  readonly kind: ContactRestrictionKind
  /** The channel blocked (`blocked_shop` only); a do-not-contact covers every channel and has none. */
  readonly channel?: string | undefined
  readonly status: ContactRestrictionStatus
  /** When the person did it. */
  readonly at: Date
  readonly source: string
  /** Free JSON proving it: a webhook event id, a call id, a ticket... */
  readonly evidence: unknown
  readonly recordedOn: string
  readonly covers: ReadonlyArray<string>
  readonly anchorRecordId: string
  /** Who recorded it through the facade. */
  readonly actor?: string | undefined
}

/**
 * What the restrictions say at an instant: whether the person asked not to
 * be contacted, and the channels they have the shop blocked on (sorted).
 *
 * @example
 * ```ts
 * const now: ContactRestrictions = { doNotContact: false, blockedShopOn: ["zalo"] }
 * ```
 */
export interface ContactRestrictions {
  readonly doNotContact: boolean
  readonly blockedShopOn: ReadonlyArray<string>
}

// One question per restriction: do-not-contact, or a block on one channel.
const questionOf = (record: ContactRestrictionRecord): string => (record.kind === "blocked_shop" ? `blocked_shop:${record.channel ?? ""}` : record.kind)

/**
 * The restrictions in force at `asOf` (OUT-5): for do-not-contact and for
 * each channel's block, the records still standing at `asOf` (made by then,
 * not replaced by a later record covering them) decide, and an `active`
 * one among them wins — so a block at t1 and an unblock at t2 mean blocked
 * between t1 and t2 and not after; and when two profiles merge, a
 * restriction either side still has applies to the survivor until the
 * person lifts it for the merged profile. A pure function of the set of
 * records, whatever their order.
 *
 * @param records - the person's records (after a merge: both sides')
 * @param asOf - the instant asked about (the message's)
 * @returns whether do-not-contact holds, and the blocked channels
 *
 * @example
 * ```ts
 * import { contactRestrictionsAt } from "@kith/privacy"
 * const base = { source: "zalo_oa_webhook", evidence: null, recordedOn: "p-1", covers: ["p-1"], anchorRecordId: "m-1" }
 * const records = [
 *   { ...base, id: "r-1", kind: "blocked_shop" as const, channel: "zalo", status: "active" as const, at: new Date("2026-01-05T02:00:00Z") },
 *   { ...base, id: "r-2", kind: "blocked_shop" as const, channel: "zalo", status: "lifted" as const, at: new Date("2026-01-09T02:00:00Z") }
 * ]
 * contactRestrictionsAt(records, new Date("2026-01-04T00:00:00Z")) // => { doNotContact: false, blockedShopOn: [] }
 * contactRestrictionsAt(records, new Date("2026-01-06T00:00:00Z")) // => { doNotContact: false, blockedShopOn: ["zalo"] }
 * contactRestrictionsAt(records, new Date("2026-01-10T00:00:00Z")) // => { doNotContact: false, blockedShopOn: [] }
 * ```
 */
export const contactRestrictionsAt = (records: ReadonlyArray<ContactRestrictionRecord>, asOf: Date): ContactRestrictions => {
  const questions = new Map<string, Array<ContactRestrictionRecord>>()
  for (const record of records) {
    const key = questionOf(record)
    const list = questions.get(key)
    if (list === undefined) questions.set(key, [record])
    else list.push(record)
  }
  let doNotContact = false
  const blockedShopOn: Array<string> = []
  for (const list of questions.values()) {
    if (!standingAt(list, asOf).some((r) => r.status === "active")) continue
    const [first] = list
    if (first?.kind === "do_not_contact") doNotContact = true
    else if (first?.channel !== undefined) blockedShopOn.push(first.channel)
  }
  return { doNotContact, blockedShopOn: blockedShopOn.sort() }
}
