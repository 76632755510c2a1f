import type { Int64 } from "./int64.js"

/**
 * `outreach_shop_events`: the shop's events automated plans trigger on (a
 * price change, a LIVE scheduled), one row per key; `body` is the event as
 * JSON, `due_until` the last instant an occurrence it causes can be due.
 */
export interface OutreachShopEventsTable {
  workspace_id: string
  key: string
  kind: string
  body: string
  at: Int64
  due_until: Int64
}
