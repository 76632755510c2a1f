import { Gender } from "@kith/core"
import { AccountStatus, LifecycleStage, RfmLabel } from "@kith/profile"
import { type ActivityKind, EventActivityKinds, type EventActivityKind } from "../inputs/activity-row.js"
import { CareStatuses, LeadStatuses } from "@kith/core"
import { Region } from "../inputs/regions.js"

/**
 * How a fact field is compared:
 *
 * - `enum` — one of a fixed set of values: `in`, `isSet`;
 * - `text` — free text, compared exactly: `in`, `isSet`;
 * - `number` — `min` / `max` (inclusive);
 * - `list` — a list of texts: `hasAny`, `hasAll`, `isSet` (non-empty).
 */
export type FactFieldType = "enum" | "text" | "number" | "list"

/** One fact field of the catalog: its type and, for an enum, its values. */
export interface FactFieldSpec {
  readonly type: FactFieldType
  readonly values?: ReadonlyArray<string>
  /** What it holds, for documentation and explanations. */
  readonly label: string
}

/**
 * Every fact field a `field` condition may name (SEG-9: fields only from
 * the catalog), with how it is compared. Custom traits are compared by the
 * `trait` condition instead.
 *
 * @example
 * ```ts
 * FactFields.gender.values // => ["male", "female", "other", "unknown"]
 * FactFields.tags.type // => "list"
 * ```
 */
export const FactFields = {
  gender: { type: "enum", values: Gender.literals, label: "gender" },
  country: { type: "text", label: "country" },
  province: { type: "text", label: "province" },
  district: { type: "text", label: "district" },
  region: { type: "enum", values: Region.literals, label: "region" },
  stage: { type: "enum", values: LifecycleStage.literals, label: "lifecycle stage" },
  accountStatus: { type: "enum", values: AccountStatus.literals, label: "account status" },
  tier: { type: "text", label: "tier" },
  points: { type: "number", label: "points balance" },
  tags: { type: "list", label: "tags" },
  customerGroups: { type: "list", label: "customer groups" },
  channels: { type: "list", label: "channels" },
  sources: { type: "list", label: "sources" },
  firstChannel: { type: "text", label: "first channel" },
  firstSource: { type: "text", label: "first source" },
  assigneeId: { type: "text", label: "assignee" },
  collaboratorId: { type: "text", label: "collaborator" },
  leadStatus: { type: "enum", values: LeadStatuses, label: "lead status" },
  careStatus: { type: "enum", values: CareStatuses, label: "care status" }
} as const satisfies Record<string, FactFieldSpec>

/** The name of a fact field of the catalog. */
export type FactFieldName = keyof typeof FactFields

/** Every fact field name, in catalog order. */
export const FactFieldNames = Object.keys(FactFields) as ReadonlyArray<FactFieldName>

/**
 * The attribute filters of an `activity` condition. Each one matches one
 * column of the activity rows; several filters must all match the same row.
 */
export const ActivityFilterNames = [
  "productIds",
  "categories",
  "channels",
  "deviceTypes",
  "os",
  "planIds",
  "ticketKinds",
  "agents",
  "eventNames",
  "csat",
  "rating",
  "value"
] as const

/** One of {@link ActivityFilterNames}. */
export type ActivityFilterName = (typeof ActivityFilterNames)[number]

// Every event row carries where it happened and on what.
const CONTEXT: ReadonlyArray<ActivityFilterName> = ["channels", "deviceTypes", "os"]
const PRODUCT: ReadonlyArray<ActivityFilterName> = [...CONTEXT, "productIds", "categories", "value"]
const PRODUCT_ONLY: ReadonlyArray<ActivityFilterName> = [...CONTEXT, "productIds"]
const MESSAGE: ReadonlyArray<ActivityFilterName> = [...CONTEXT, "planIds"]

/**
 * Which filters apply to each event activity kind (SEG-9: a filter on a
 * column the kind never fills is refused, naming the kind).
 *
 * @example
 * ```ts
 * ActivityFilters.conversation // => ["channels", "deviceTypes", "os", "agents", "csat"]
 * ActivityFilters.message_read.includes("planIds") // => true
 * ```
 */
export const ActivityFilters: { readonly [K in EventActivityKind]: ReadonlyArray<ActivityFilterName> } = {
  product_viewed: PRODUCT,
  product_favorited: PRODUCT,
  product_added: PRODUCT,
  product_removed: PRODUCT,
  checkout_started: [...CONTEXT, "value"],
  payment_failed: [...CONTEXT, "value"],
  review_submitted: [...CONTEXT, "productIds", "rating"],
  page_viewed: CONTEXT,
  conversation: [...CONTEXT, "agents", "csat"],
  ticket_opened: [...CONTEXT, "ticketKinds"],
  ticket_resolved: [...CONTEXT, "ticketKinds"],
  followed: CONTEXT,
  unfollowed: CONTEXT,
  live_viewed: PRODUCT_ONLY,
  live_product_clicked: PRODUCT_ONLY,
  video_product_viewed: PRODUCT_ONLY,
  video_product_liked: PRODUCT_ONLY,
  video_product_clicked: PRODUCT_ONLY,
  message_sent: MESSAGE,
  message_delivered: MESSAGE,
  message_read: MESSAGE,
  message_clicked: MESSAGE,
  message_replied: MESSAGE,
  message_unsubscribed: MESSAGE,
  campaign_joined: CONTEXT,
  survey_submitted: CONTEXT,
  minigame_played: CONTEXT,
  form_submitted: CONTEXT,
  custom_event: [...CONTEXT, "eventNames"]
}

/**
 * Is `kind` an event activity kind (one an `activity` condition may count)?
 *
 * @example
 * ```ts
 * isEventActivityKind("product_added") // => true
 * isEventActivityKind("order") // => false
 * ```
 */
export const isEventActivityKind = (kind: ActivityKind | string): kind is EventActivityKind =>
  (EventActivityKinds as ReadonlyArray<string>).includes(kind)

/** The generation bands of SEG-2, by age in whole years at `asOf`. */
export const GenerationBands = {
  gen_z: { min: 18, max: 25 },
  millennial: { min: 26, max: 40 },
  gen_x: { min: 41, max: 55 },
  // The spec's "Boomers 55+" overlaps Gen X at 55; 55 stays Gen X.
  boomer: { min: 56, max: Infinity }
} as const

/** The name of a generation band. */
export type GenerationBand = keyof typeof GenerationBands

/** The RFM labels of `@kith/profile`, in their order of value. */
export const RfmLabels: ReadonlyArray<RfmLabel> = RfmLabel.literals
