import type { ConsentRecord } from "@kith/privacy"
import type { ConsentRow } from "../port/privacy.js"

/**
 * A stored consent row as the privacy feature's record.
 *
 * @example
 * ```ts
 * const row: ConsentRow = { id: "c-1", anchorRecordId: "m-1", purpose: "marketing", channel: "zalo", status: "granted", at: 1767578400000,
 *   source: "website_form", evidence: "{}", expiresAt: null, recordedOn: "p_m-1", covers: "[\"p_m-1\"]", actor: null }
 * consentOf(row).at // => new Date("2026-01-05T02:00:00.000Z")
 * ```
 */
export const consentOf = (row: ConsentRow): ConsentRecord => ({
  id: row.id,
  purpose: row.purpose,
  channel: row.channel,
  status: row.status as ConsentRecord["status"],
  at: new Date(row.at),
  source: row.source,
  evidence: JSON.parse(row.evidence) as unknown,
  ...(row.expiresAt === null ? {} : { expiresAt: new Date(row.expiresAt) }),
  recordedOn: row.recordedOn,
  covers: JSON.parse(row.covers) as Array<string>,
  anchorRecordId: row.anchorRecordId,
  ...(row.actor === null ? {} : { actor: row.actor })
})

/**
 * Consent rows oldest first (ties by id), the order a person's history is read in.
 *
 * @example
 * ```ts
 * [...rows].sort(byTime)
 * ```
 */
export const byTime = (a: ConsentRow, b: ConsentRow): number => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
