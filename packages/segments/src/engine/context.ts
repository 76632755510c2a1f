import { defaultWorkspaceSettings } from "@kith/core"
import type { SegmentRule } from "../rule/rule.js"
import type { RfmCutoffs } from "./rfm-cutoffs.js"

/**
 * The workspace-relative values an evaluation needs besides the profile's
 * inputs: the timezone of day boundaries, the currency money is counted in,
 * the RFM cut-offs, and the rules of the segments a rule may refer to.
 *
 * @example
 * ```ts
 * const context: SegmentContext = {
 *   timeZone: "Asia/Ho_Chi_Minh",
 *   currency: "VND",
 *   segments: new Map([["seg-vip", { version: 1, rule: { kind: "field", field: "tags", hasAny: ["vip"] } }]])
 * }
 * ```
 */
export interface SegmentContext {
  /** IANA timezone of the workspace; default `Asia/Ho_Chi_Minh`. */
  readonly timeZone?: string
  /** ISO 4217 currency of the workspace; default `VND`. Orders in another currency count as orders, never as spend. */
  readonly currency?: string
  /** Needed by `rfm` conditions. */
  readonly rfm?: RfmCutoffs
  /** The rules of the segments `segment` conditions name, by id. */
  readonly segments?: ReadonlyMap<string, SegmentRule>
}

/** The context with every default: the workspace defaults of `@kith/core`. */
export const defaultSegmentContext: SegmentContext = Object.freeze({
  timeZone: defaultWorkspaceSettings.timezone,
  currency: defaultWorkspaceSettings.currency
})
