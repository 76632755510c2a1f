import type { PurposeSetting } from "@kith/privacy"
import type { ErasureMode } from "@kith/storage"

/**
 * Privacy settings of a workspace: its purposes of processing (which need
 * consent), the public holidays its request deadlines skip, and whether an
 * erasure deletes a person or anonymizes them.
 *
 * @example
 * ```ts
 * const options: CdpPrivacyOptions = {
 *   purposes: [{ purpose: "marketing", requiresConsent: true }, { purpose: "transactional", requiresConsent: false }, { purpose: "birthday_wishes", requiresConsent: true }],
 *   holidays: ["2026-04-30", "2026-05-01", "2026-09-02"],
 *   erasure: "anonymize"
 * }
 * ```
 */
export interface CdpPrivacyOptions {
  /** Default `@kith/privacy`'s `DEFAULT_PURPOSES`: marketing, analytics, profiling need consent; transactional does not. */
  readonly purposes?: ReadonlyArray<PurposeSetting>
  /** Local dates (`yyyy-MM-dd`) that are not working days, besides weekends. */
  readonly holidays?: ReadonlyArray<string>
  /**
   * What `cdp.privacy.erase` does by default (each call may say otherwise):
   * `"delete"` (the default) removes the person and everything about them;
   * `"anonymize"` keeps their aggregate numbers (orders, spend, activity
   * counts) under an opaque profile id with no personal value. Suppression
   * applies either way.
   */
  readonly erasure?: ErasureMode
}
