import type { Int64 } from "./int64.js"

/**
 * `outreach_plans`: one row per plan; definition, resolution and history as
 * JSON text, `version` for optimistic saves.
 */
export interface OutreachPlansTable {
  workspace_id: string
  plan_id: string
  status: string
  kind: string
  definition: string
  start_at: Int64 | null
  resolution: string | null
  history: string
  version: number
  updated_at: Int64
}

/**
 * `outreach_outbox`: one row per (plan, profile, occurrence) with the
 * policy's decision and its delivery state; `outbox_id` is the idempotency
 * key. `holdout` is 0 or 1. For a claimed row `available_at` is when its
 * lease ends, so one index orders due and expired rows alike.
 * `decided_at` is when the row's send was decided (written, or a held row
 * decided again): the caps count an unsent send at that instant.
 */
export interface OutreachOutboxTable {
  workspace_id: string
  outbox_id: string
  plan_id: string
  profile_id: string
  occurrence: string
  channel: string
  purpose: string
  decision: string
  reason: string
  holdout: number
  message: string
  state: string
  attempts: number
  available_at: Int64
  lease_owner: string | null
  lease_expires_at: Int64 | null
  last_error: string | null
  created_at: Int64
  sent_at: Int64 | null
  decided_at: Int64 | null
}

/**
 * `outreach_rate_limits`: per channel, the current fixed window and how
 * many claims it used, shared by every worker (updated in the claim's
 * transaction).
 */
export interface OutreachRateLimitsTable {
  workspace_id: string
  channel: string
  window_start: Int64
  used: number
}
