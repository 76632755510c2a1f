/**
 * `workspaces`: one row per tenant.
 *
 * @example
 * ```ts
 * db.selectFrom("workspaces").selectAll().where("workspace_id", "=", "shop-1")
 * ```
 */
export interface WorkspacesTable {
  workspace_id: string
  name: string
  time_zone: string
}

/**
 * `workspace_summaries`: the workspace's combined activity summary (JSON), updated by every ingestion.
 *
 * @example
 * ```ts
 * db.selectFrom("workspace_summaries").select("summary").where("workspace_id", "=", "shop-1")
 * ```
 */
export interface WorkspaceSummariesTable {
  workspace_id: string
  summary: string
}
