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
 * lease ends. No index covers what delivery writes (state, lease,
 * `available_at`, attempts): the due rows and leases beside it are found
 * through `outreach_outbox_due` and `outreach_outbox_leases`.
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
 * `outreach_outbox_due`: one row per pending or held outbox row, keyed by
 * the row's `state` and `available_at` (always equal to the outbox row's),
 * so claims take the oldest due rows and plan execution finds the held rows
 * whose hold ended. A claim deletes the rows it takes.
 */
export interface OutreachOutboxDueTable {
  workspace_id: string
  state: string
  available_at: Int64
  outbox_id: string
  channel: string
}

/**
 * `outreach_outbox_leases`: one row per claimed batch, its outbox ids as a
 * JSON array and when its lease ends; looked at again once that instant has
 * passed, when a claim takes over the rows still claimed and expired, and
 * drops the lease once none of its rows is claimed.
 */
export interface OutreachOutboxLeasesTable {
  workspace_id: string
  expires_at: Int64
  lease_id: string
  outbox_ids: string
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
