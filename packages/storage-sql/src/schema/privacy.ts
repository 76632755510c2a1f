import type { Int64 } from "./int64.js"

/** `consent_records`: consent decisions, anchored to the stored event they follow through merges and splits (PRIV-1). */
export interface ConsentRecordsTable {
  workspace_id: string
  id: string
  anchor_record_id: string
  purpose: string
  channel: string
  status: string
  at: Int64
  source: string
  /** JSON evidence. */
  evidence: string
  expires_at: Int64 | null
  recorded_on: string
  /** JSON list of the profile ids the decision speaks for. */
  covers: string
  actor: string | null
}

/** `audit_entries`: the append-only audit trail (PRIV-5), numbered per workspace. */
export interface AuditEntriesTable {
  workspace_id: string
  seq: Int64
  at: Int64
  actor: string
  action: string
  target: string
  /** JSON details, never a personal value of an erased person. */
  details: string
}

/** `suppressions`: keyed hashes of erased persons' identifiers and what they stopped (PRIV-2, OUT-5). */
export interface SuppressionsTable {
  workspace_id: string
  key: string
  type: string
  created_at: Int64
  hits: Int64
  last_hit_at: Int64 | null
}

/** `privacy_requests`: data-subject requests with their deadlines (PRIV-7). */
export interface PrivacyRequestsTable {
  workspace_id: string
  id: string
  kind: string
  /** JSON subject: `{ type, value }` or `{ profileId }`. */
  subject: string
  received_at: Int64
  answer_by: Int64
  stop_by: Int64 | null
  status: string
  closed_at: Int64 | null
  note: string | null
  actor: string
}

/** `privacy_secrets`: each workspace's suppression secret, made on first erasure. */
export interface PrivacySecretsTable {
  workspace_id: string
  secret: string
  /** Events the suppression list stopped, in all. */
  stopped_events: Int64
}
