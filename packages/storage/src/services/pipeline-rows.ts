import { CareRecord, Lead, Opportunity } from "@kith/pipeline"
import { Schema } from "effect"
import type { CareRow, PipelineItemRow } from "../port/pipeline.js"
import { foldForSearch, looksLikePhone } from "../search-text.js"

// What was submitted, folded; a phone also as its bare digits, so a search by phone finds it however it was typed.
const searchTextOf = (values: ReadonlyArray<string>): string =>
  foldForSearch([...values, ...values.filter(looksLikePhone).map((v) => v.replace(/\D/g, ""))].join(" "))

const encodeLead = Schema.encodeSync(Lead)
const encodeOpportunity = Schema.encodeSync(Opportunity)
const encodeCare = Schema.encodeSync(CareRecord)
const decodeLead = Schema.decodeUnknownSync(Lead)
const decodeOpportunity = Schema.decodeUnknownSync(Opportunity)
const decodeCare = Schema.decodeUnknownSync(CareRecord)

/**
 * The row an engine stores for a lead or an opportunity: the columns lists
 * filter on, the item as `@kith/pipeline`'s schema encodes it, and the
 * folded text of what the customer submitted.
 *
 * @example
 * ```ts
 * import { createLead } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const lead = Result.getOrThrow(createLead({ id: "l-1", profileId: "p_m-1", originRecordId: "m-1", source: "website_form", at: "2025-03-07T09:00:00+07:00",
 *   actor: { kind: "rule", id: "form_opens_lead" }, details: { ho_ten: "Lê Thu Hà", so_dien_thoai: "0912.345.678" } }))
 * itemRowOf(lead).searchText // => "le thu ha 0912.345.678 0912345678"
 * ```
 */
export const itemRowOf = (item: Lead | Opportunity): PipelineItemRow => ({
  kind: item.kind,
  id: item.id,
  profileId: item.profileId,
  originRecordId: item.originRecordId,
  status: item.status,
  source: item.kind === "lead" ? item.source : null,
  assignee: item.assignee,
  createdAt: item.createdAt.getTime(),
  statusSince: item.statusSince.getTime(),
  version: item.version,
  searchText: item.kind === "lead" ? searchTextOf(Object.values(item.details)) : "",
  body: JSON.stringify(item.kind === "lead" ? encodeLead(item) : encodeOpportunity(item))
})

/**
 * The lead a row holds; a row that no longer decodes throws (a storage failure).
 *
 * @example
 * ```ts
 * import { createLead } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const lead = Result.getOrThrow(createLead({ id: "l-1", profileId: "p_m-1", originRecordId: "m-1", source: "website_form", at: "2025-03-07T09:00:00+07:00",
 *   actor: { kind: "rule", id: "form_opens_lead" }, details: { ho_ten: "Lê Thu Hà", so_dien_thoai: "0912.345.678" } }))
 * leadOf(itemRowOf(lead)).details // => { ho_ten: "Lê Thu Hà", so_dien_thoai: "0912.345.678" }
 * ```
 */
export const leadOf = (row: PipelineItemRow): Lead => decodeLead(JSON.parse(row.body))

/**
 * The opportunity a row holds; a row that no longer decodes throws (a storage failure).
 *
 * @example
 * ```ts
 * import { createOpportunity } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const opportunity = Result.getOrThrow(createOpportunity({ id: "o-1", profileId: "p_m-1", originRecordId: "m-1", at: "2025-03-07T09:00:00+07:00", actor: { kind: "staff", id: "s-lan" }, cartValue: 450000 }))
 * opportunityOf(itemRowOf(opportunity)).cartValue // => 450000
 * ```
 */
export const opportunityOf = (row: PipelineItemRow): Opportunity => decodeOpportunity(JSON.parse(row.body))

/**
 * The row an engine stores for a care record.
 *
 * @example
 * ```ts
 * import { emptyCare } from "@kith/pipeline"
 * careRowOf(emptyCare("p_m-1")).status // => null
 * ```
 */
export const careRowOf = (care: CareRecord): CareRow => ({
  profileId: care.profileId,
  status: care.status,
  version: care.version,
  body: JSON.stringify(encodeCare(care))
})

/**
 * The care record a row holds.
 *
 * @example
 * ```ts
 * import { emptyCare } from "@kith/pipeline"
 * careOf(careRowOf(emptyCare("p_m-1"))).version // => 0
 * ```
 */
export const careOf = (row: CareRow): CareRecord => decodeCare(JSON.parse(row.body))
