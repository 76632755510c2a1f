import type { Int64 } from "./int64.js"

/**
 * `rejected_events`: events a lenient way in refused (ING-7), kept with
 * their raw payload and problems (JSON), keyed (workspace_id, seq); a
 * messageId is kept once per workspace (repeats count `attempts`).
 *
 * @example
 * ```ts
 * db.selectFrom("rejected_events").selectAll().where("workspace_id", "=", "shop-1").where("replayed_at", "is", null).orderBy("seq")
 * ```
 */
export interface RejectedEventsTable {
  workspace_id: string
  seq: Int64
  message_id: string | null
  type: string | null
  event: string | null
  payload: string
  issues: string
  source: string | null
  ip: string | null
  first_received_at: Int64
  last_received_at: Int64
  attempts: number
  replayed_at: Int64 | null
}
