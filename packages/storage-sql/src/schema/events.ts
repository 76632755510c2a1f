import type { Int64 } from "./int64.js"

/**
 * `events`: raw events, append-only, keyed (workspace_id, message_id).
 *
 * @example
 * ```ts
 * db.selectFrom("events").select("payload").where("workspace_id", "=", "shop-1").where("message_id", "=", "m-1")
 * ```
 */
export interface EventsTable {
  workspace_id: string
  message_id: string
  profile_id: string
  type: string
  name: string | null
  ts: Int64
  payload: string
  /** JSON list of `[type, value]`: the valid normalized identifiers the event carried, in order (null: none). */
  identity: string | null
  identity_source: string | null
}
