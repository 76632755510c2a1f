import { Schema } from "effect"

/**
 * The statuses of a lead (PIPE-2): `new → received → processed → closed`,
 * plus `draft` (being entered by staff) and `spam`. One list for the
 * pipeline's machine and for segment conditions on a profile's lead status.
 *
 * @example
 * ```ts
 * import { LeadStatuses } from "@kith/core"
 * LeadStatuses.includes("spam") // => true
 * ```
 */
export const LeadStatuses = ["draft", "new", "received", "processed", "closed", "spam"] as const
/** One of {@link LeadStatuses}. */
export const LeadStatus = Schema.Literals(LeadStatuses)
/** A {@link LeadStatus} after decoding. */
export type LeadStatus = typeof LeadStatus.Type

/**
 * A customer's care status (PIPE-6): how far staff got in looking after
 * them. One list for the pipeline and for segment conditions.
 *
 * @example
 * ```ts
 * import { CareStatuses } from "@kith/core"
 * CareStatuses[0] // => "unreachable"
 * ```
 */
export const CareStatuses = ["unreachable", "contacted", "not_potential", "potential", "closing", "closed"] as const
/** One of {@link CareStatuses}. */
export const CareStatus = Schema.Literals(CareStatuses)
/** A {@link CareStatus} after decoding. */
export type CareStatus = typeof CareStatus.Type
