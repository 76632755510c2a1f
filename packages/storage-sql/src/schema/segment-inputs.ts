import type { Int64 } from "./int64.js"

/**
 * `segment_facts`: one row per live profile, its segment facts
 * (`@kith/segments`' `ProfileFacts`) in typed columns; the lists and the
 * custom traits live in {@link SegmentFactListsTable} and
 * {@link SegmentTraitsTable}.
 *
 * @example
 * ```ts
 * db.selectFrom("segment_facts").select("profile_id").where("workspace_id", "=", "shop-1").where("stage", "=", "buyer")
 * ```
 */
export interface SegmentFactsTable {
  workspace_id: string
  profile_id: string
  gender: string | null
  /** `yyyy-mm-dd`. */
  birthday: string | null
  country: string | null
  province: string | null
  district: string | null
  region: string | null
  stage: string
  account_status: string
  tier: string | null
  points: number
  first_channel: string | null
  first_source: string | null
  assignee_id: string | null
  collaborator_id: string | null
  lead_status: string | null
  care_status: string | null
}

/**
 * `segment_fact_lists`: the values of a profile's four list facts (`tags`,
 * `customerGroups`, `channels`, `sources`), one row each, in order.
 *
 * @example
 * ```ts
 * db.selectFrom("segment_fact_lists").select("profile_id").where("workspace_id", "=", "shop-1").where("list", "=", "tags").where("value", "=", "vip")
 * ```
 */
export interface SegmentFactListsTable {
  workspace_id: string
  profile_id: string
  list: string
  ord: number
  value: string
}

/**
 * `segment_traits`: a profile's scalar custom traits, one row per trait with
 * exactly one value column filled (`boolean_value` 0 or 1).
 *
 * @example
 * ```ts
 * db.selectFrom("segment_traits").select("profile_id").where("workspace_id", "=", "shop-1").where("name", "=", "income").where("number_value", ">=", 20000000)
 * ```
 */
export interface SegmentTraitsTable {
  workspace_id: string
  profile_id: string
  name: string
  text_value: string | null
  number_value: number | null
  boolean_value: number | null
}

/**
 * `segment_activity`: a profile's activity rows (`@kith/segments`'
 * `ActivityRow`), every column a scalar, `ord` keeping their order.
 *
 * @example
 * ```ts
 * db.selectFrom("segment_activity").select("profile_id").where("workspace_id", "=", "shop-1").where("kind", "=", "order").where("at", ">=", 1740794400000)
 * ```
 */
export interface SegmentActivityTable {
  workspace_id: string
  profile_id: string
  ord: number
  kind: string
  at: Int64
  key: string
  order_id: string | null
  product_id: string | null
  category: string | null
  quantity: Int64 | null
  value: Int64 | null
  currency: string | null
  completed_at: Int64 | null
  failed_at: Int64 | null
  channel: string | null
  device_type: string | null
  os: string | null
  plan_id: string | null
  csat: number | null
  agent: string | null
  rating: number | null
  ticket_kind: string | null
  event_name: string | null
}
