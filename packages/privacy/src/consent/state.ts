import { standingAt } from "../history/standing.js"
import type { ConsentRecord } from "./record.js"
import { DEFAULT_PURPOSES, type PurposeSetting, requiresConsent } from "./purposes.js"

/**
 * Where one purpose × channel stands at an instant:
 * - `granted`: the person said yes and it has not expired;
 * - `not_required`: nobody decided, and the workspace marks the purpose as not needing consent;
 * - `none`: nobody decided (silence is not consent);
 * - `expired`: the last yes has expired;
 * - `denied` / `withdrawn`: the person said no / took a yes back.
 *
 * @example
 * ```ts
 * const status: ConsentStateStatus = "none"
 * ```
 */
export type ConsentStateStatus = "granted" | "not_required" | "none" | "expired" | "denied" | "withdrawn"

/**
 * The state of one purpose × channel, and the records deciding it.
 *
 * @example
 * ```ts
 * const entry: ConsentEntry = { purpose: "marketing", channel: "zalo", status: "granted", allowed: true, since: new Date("2026-01-05T02:00:00Z"), decidedBy: ["c-1"] }
 * ```
 */
export interface ConsentEntry {
  readonly purpose: string
  readonly channel: string
  readonly status: ConsentStateStatus
  /** May the person be contacted (or their data processed) for this purpose on this channel. */
  readonly allowed: boolean
  /** When the deciding record was made (absent when nothing was decided). */
  readonly since?: Date | undefined
  /** Ids of the records that stand (the latest of each merged side). */
  readonly decidedBy: ReadonlyArray<string>
}

/**
 * Options of {@link consentState}.
 *
 * @example
 * ```ts
 * const options: ConsentStateOptions = { asOf: new Date("2026-02-01T00:00:00Z"), purposes: [{ purpose: "transactional", requiresConsent: false }] }
 * ```
 */
export interface ConsentStateOptions {
  readonly asOf: Date
  /** The workspace's purposes (default `DEFAULT_PURPOSES`). */
  readonly purposes?: ReadonlyArray<PurposeSetting> | undefined
}

// Higher is more restrictive; a merge keeps the highest.
const RESTRICTIVENESS: Readonly<Record<ConsentStateStatus, number>> = { granted: 0, not_required: 1, none: 2, expired: 3, denied: 4, withdrawn: 5 }

/**
 * The more restrictive of two states (a withdrawal beats a denial beats an
 * expired or missing grant beats a grant).
 *
 * @example
 * ```ts
 * import { moreRestrictive } from "@kith/privacy"
 * moreRestrictive("granted", "withdrawn") // => "withdrawn"
 * moreRestrictive("none", "granted") // => "none"
 * ```
 */
export const moreRestrictive = (a: ConsentStateStatus, b: ConsentStateStatus): ConsentStateStatus => (RESTRICTIVENESS[b] > RESTRICTIVENESS[a] ? b : a)

const statusAt = (record: ConsentRecord, asOf: Date): ConsentStateStatus =>
  record.status === "granted" && record.expiresAt !== undefined && record.expiresAt.getTime() <= asOf.getTime() ? "expired" : record.status

const keyOf = (purpose: string, channel: string): string => `${purpose}\u0000${channel}`

/**
 * The state of one purpose × channel from the records at `asOf` (records
 * made after `asOf` do not count). Each record still standing — not replaced
 * by a later one covering it — has its say, and the most restrictive wins:
 * one profile's latest decision decides, and after a merge each side's latest
 * decision stands until the person decides again for the merged profile. With
 * no record, the purpose's default: `none` (not allowed), or `not_required`
 * (allowed) when the workspace marks it so. The result depends only on the
 * set of records, never on their order.
 *
 * @param records - any records; those of other purposes or channels are ignored
 * @param purpose - the purpose asked about
 * @param channel - the channel asked about
 * @param options - `asOf`, the workspace's purposes
 * @returns the entry, with `allowed`
 *
 * @example
 * ```ts
 * import { consentFor } from "@kith/privacy"
 * const base = { purpose: "marketing", channel: "sms", source: "form", evidence: null, recordedOn: "p-1", covers: ["p-1"], anchorRecordId: "m-1" }
 * const records = [
 *   { ...base, id: "c-1", status: "granted" as const, at: new Date("2026-01-01T00:00:00Z") },
 *   { ...base, id: "c-2", status: "withdrawn" as const, at: new Date("2026-01-10T00:00:00Z") }
 * ]
 * consentFor(records, "marketing", "sms", { asOf: new Date("2026-01-05T00:00:00Z") }).status // => "granted"
 * consentFor(records, "marketing", "sms", { asOf: new Date("2026-02-01T00:00:00Z") }).allowed // => false
 * consentFor([], "transactional", "sms", { asOf: new Date("2026-02-01T00:00:00Z") }).allowed // => true
 * ```
 */
export const consentFor = (records: ReadonlyArray<ConsentRecord>, purpose: string, channel: string, options: ConsentStateOptions): ConsentEntry => {
  const standing = standingAt(records.filter((r) => r.purpose === purpose && r.channel === channel), options.asOf)
  if (standing.length === 0) {
    const status: ConsentStateStatus = requiresConsent(purpose, options.purposes ?? DEFAULT_PURPOSES) ? "none" : "not_required"
    return { purpose, channel, status, allowed: status === "not_required", decidedBy: [] }
  }
  let status: ConsentStateStatus = "granted"
  for (const r of standing) status = moreRestrictive(status, statusAt(r, options.asOf))
  const deciding = standing.filter((r) => statusAt(r, options.asOf) === status)
  const since = new Date(Math.max(...deciding.map((r) => r.at.getTime())))
  return { purpose, channel, status, allowed: status === "granted", since, decidedBy: deciding.map((r) => r.id).sort() }
}

/**
 * The consent state of one person at `asOf` (PRIV-1): an entry for every
 * purpose × channel any record names, sorted by purpose then channel —
 * a pure function of the records (see {@link consentFor} for each entry).
 * Ask {@link consentFor} about a pair no record names to get its default.
 *
 * @param records - the person's records (after a merge: both sides')
 * @param options - `asOf`, the workspace's purposes
 * @returns one entry per purpose × channel named by a record
 *
 * @example
 * ```ts
 * import { consentState } from "@kith/privacy"
 * const side = (id: string, profile: string, status: "granted" | "withdrawn", day: number) => ({
 *   id, purpose: "marketing", channel: "zalo", status, at: new Date(Date.UTC(2026, 0, day)), source: "form", evidence: null,
 *   recordedOn: profile, covers: [profile], anchorRecordId: id
 * })
 * // Two profiles merged: one side withdrew, the other granted later — the withdrawal stands.
 * consentState([side("c-1", "p-1", "withdrawn", 1), side("c-2", "p-2", "granted", 9)], { asOf: new Date("2026-02-01T00:00:00Z") })[0]?.status // => "withdrawn"
 * ```
 */
export const consentState = (records: ReadonlyArray<ConsentRecord>, options: ConsentStateOptions): ReadonlyArray<ConsentEntry> => {
  const pairs = new Map<string, readonly [string, string]>()
  for (const r of records) pairs.set(keyOf(r.purpose, r.channel), [r.purpose, r.channel])
  return [...pairs.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, [purpose, channel]]) => consentFor(records, purpose, channel, options))
}
