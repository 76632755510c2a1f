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
 * itemRowOf(lead).searchText // => "le thu ha tu van giup minh"
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
 * leadOf(itemRowOf(lead)).id // => lead.id
 * ```
 */
export const leadOf = (row: PipelineItemRow): Lead => decodeLead(JSON.parse(row.body))

/**
 * The opportunity a row holds; a row that no longer decodes throws (a storage failure).
 *
 * @example
 * ```ts
 * opportunityOf(itemRowOf(opportunity)).id // => opportunity.id
 * ```
 */
export const opportunityOf = (row: PipelineItemRow): Opportunity => decodeOpportunity(JSON.parse(row.body))

/**
 * The row an engine stores for a care record.
 *
 * @example
 * ```ts
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
 * careOf(careRowOf(care)).status // => care.status
 * ```
 */
export const careOf = (row: CareRow): CareRecord => decodeCare(JSON.parse(row.body))
