import type { Int64 } from "./int64.js"

/**
 * `profiles`: live and merged-away profiles, keyed (workspace_id, profile_id).
 *
 * @example
 * ```ts
 * db.selectFrom("profiles").select("summary").where("workspace_id", "=", "shop-1").where("merged_into", "is", null)
 * ```
 */
export interface ProfilesTable {
  workspace_id: string
  profile_id: string
  merged_into: string | null
  created_at: Int64
  traits: string
  summary: string
  search_text: string
  stage: string
  last_record_at: Int64
  isolated: number
}
