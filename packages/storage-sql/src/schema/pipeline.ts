import type { Int64 } from "./int64.js"

/**
 * `pipeline_items`: leads and opportunities (PIPE-1 … PIPE-8), keyed
 * (workspace_id, kind, id). The columns lists filter and order on are typed;
 * `body` is the whole item (history, notes, cart, interests) as
 * `@kith/pipeline`'s schema encodes it. `version` is compared on every
 * update (optimistic concurrency).
 *
 * @example
 * ```ts
 * db.selectFrom("pipeline_items").select("body").where("workspace_id", "=", "shop-1").where("kind", "=", "lead").where("status", "=", "new")
 * ```
 */
export interface PipelineItemsTable {
  workspace_id: string
  kind: string
  id: string
  profile_id: string
  origin_record_id: string
  status: string
  source: string | null
  assignee: string | null
  created_at: Int64
  status_since: Int64
  version: number
  search_text: string
  body: string
}

/**
 * `pipeline_care`: one care record per profile (PIPE-6), keyed
 * (workspace_id, profile_id), its history in `body`.
 *
 * @example
 * ```ts
 * db.selectFrom("pipeline_care").select(["status", "version"]).where("workspace_id", "=", "shop-1").where("profile_id", "=", "p_m-1")
 * ```
 */
export interface PipelineCareTable {
  workspace_id: string
  profile_id: string
  status: string | null
  version: number
  body: string
}

/**
 * `pipeline_applied_events`: the events the pipeline's rules were applied
 * to, so following the events again applies none twice.
 *
 * @example
 * ```ts
 * db.selectFrom("pipeline_applied_events").select("message_id").where("workspace_id", "=", "shop-1")
 * ```
 */
export interface PipelineAppliedEventsTable {
  workspace_id: string
  message_id: string
}
