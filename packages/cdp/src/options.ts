import type { WorkspaceSettings } from "@kith/core"
import type { CdpPipelineOptions } from "./pipeline/options.js"
import type { CdpPrivacyOptions } from "./privacy/options.js"
import type { CdpSegmentsOptions } from "./segments/options.js"
import type { CdpOutreachOptions } from "./outreach/api.js"

/**
 * The workspace a facade serves: its id, and optionally a display name.
 *
 * @example
 * ```ts
 * const ws: CdpWorkspace = { id: "shop-1", name: "Cửa hàng Hoa Mai" }
 * const same: CdpWorkspace = "shop-1"
 * ```
 */
export type CdpWorkspace = string | { readonly id: string; readonly name?: string }

/**
 * Options of {@link Cdp.layer} (and, with `storage`, of `createCdp`).
 *
 * @example
 * ```ts
 * const options: CdpServiceOptions = { workspace: "shop-1", settings: { timezone: "Asia/Ho_Chi_Minh", currency: "VND" } }
 * ```
 */
export interface CdpServiceOptions {
  /** The workspace; created on first use, reused afterwards. */
  readonly workspace: CdpWorkspace
  /**
   * Workspace settings (`@kith/core` `WorkspaceSettings`: timezone, currency,
   * country, locale), defaults for Vietnam. The timezone of an existing
   * workspace cannot change (its summaries are bucketed in it).
   */
  readonly settings?: typeof WorkspaceSettings.Encoded
  /** Events per transaction in a batch, 1–10,000; default 1,000. */
  readonly chunkSize?: number
  /**
   * Largest accepted event in bytes of JSON; default and upper bound: the
   * store's own limit, so a batch validated whole can never fail on size
   * halfway through its chunks.
   */
  readonly maxEventBytes?: number
  /** Leads, opportunities and care: the event rules' settings and the SLA policy. */
  readonly pipeline?: CdpPipelineOptions
  /** Purposes of processing (which need consent) and the holidays request deadlines skip. */
  readonly privacy?: CdpPrivacyOptions
  /** The clock real-time segment re-evaluation records its instants with. */
  readonly segments?: CdpSegmentsOptions
  /** Options of `cdp.outreach`: the contact policy, the shop's name. */
  readonly outreach?: CdpOutreachOptions
}
