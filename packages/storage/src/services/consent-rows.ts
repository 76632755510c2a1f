import type { ConsentRecord } from "@kith/privacy"
import type { ConsentRow } from "../port/privacy.js"

/**
 * A stored consent row as the privacy feature's record.
 *
 * @example
 * ```ts
 * consentOf(row).at // => new Date(row.at)
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
