import type { Int64 } from "./int64.js"

/**
 * `contact_restrictions`: do-not-contact requests and blocks of the shop on
 * a channel, with their lifts (OUT-5), anchored to the stored event they
 * follow through merges and splits, like `consent_records`.
 */
export interface ContactRestrictionsTable {
  workspace_id: string
  id: string
  anchor_record_id: string
  /** `do_not_contact` or `blocked_shop`. */
  kind: string
  /** The channel blocked; `NULL` for a do-not-contact (every channel). */
  channel: string | null
  /** `active` or `lifted`. */
  status: string
  at: Int64
  source: string
  /** JSON evidence. */
  evidence: string
  recorded_on: string
  /** JSON list of the profile ids the record speaks for. */
  covers: string
  actor: string | null
}
