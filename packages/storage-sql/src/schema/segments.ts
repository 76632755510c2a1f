import type { Int64 } from "./int64.js"

/**
 * `segments`: segment definitions (SEG-6), keyed (workspace_id, segment_id);
 * `rule` is the decoded rule as JSON, `version` counts its updates,
 * `scheduled_from` is the instant its re-evaluation schedule holds from.
 *
 * @example
 * ```ts
 * db.selectFrom("segments").select(["segment_id", "version"]).where("workspace_id", "=", "shop-1")
 * ```
 */
export interface SegmentsTable {
  workspace_id: string
  segment_id: string
  name: string
  rule: string
  version: number
  created_by: string
  created_at: Int64
  updated_by: string
  updated_at: Int64
  /** The instant the segment's schedule holds from; `NULL`: none known (schema version 15). */
  scheduled_from: Int64 | null
}

/**
 * `segment_members`: the current members of each segment, keyed
 * (workspace_id, segment_id, profile_id), with the instant each entered and
 * the segment's version then.
 *
 * @example
 * ```ts
 * db.selectFrom("segment_members").select("profile_id").where("workspace_id", "=", "shop-1").where("segment_id", "=", "seg-vip").orderBy("profile_id")
 * ```
 */
export interface SegmentMembersTable {
  workspace_id: string
  segment_id: string
  profile_id: string
  entered_at: Int64
  version: number
}

/**
 * `segment_history`: every entry and exit, numbered per workspace (`seq`),
 * read per profile.
 *
 * @example
 * ```ts
 * db.selectFrom("segment_history").selectAll().where("workspace_id", "=", "shop-1").where("profile_id", "=", "p_m-1").orderBy("seq")
 * ```
 */
export interface SegmentHistoryTable {
  workspace_id: string
  seq: Int64
  segment_id: string
  profile_id: string
  change: string
  at: Int64
  version: number
}

/**
 * `segment_due`: when each profile's verdict in a segment next changes by
 * time alone (SEG-8), keyed (workspace_id, segment_id, profile_id), read by
 * `due_at`.
 *
 * @example
 * ```ts
 * db.selectFrom("segment_due").selectAll().where("workspace_id", "=", "shop-1").where("due_at", "<=", Date.now())
 * ```
 */
export interface SegmentDueTable {
  workspace_id: string
  segment_id: string
  profile_id: string
  due_at: Int64
}
