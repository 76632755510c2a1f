import type { PurposeSetting } from "@kith/privacy"

/**
 * Privacy settings of a workspace: its purposes of processing (which need
 * consent) and the public holidays its request deadlines skip.
 *
 * @example
 * ```ts
 * const options: CdpPrivacyOptions = {
 *   purposes: [{ purpose: "marketing", requiresConsent: true }, { purpose: "transactional", requiresConsent: false }, { purpose: "birthday_wishes", requiresConsent: true }],
 *   holidays: ["2026-04-30", "2026-05-01", "2026-09-02"]
 * }
 * ```
 */
export interface CdpPrivacyOptions {
  /** Default `@kith/privacy`'s `DEFAULT_PURPOSES`: marketing, analytics, profiling need consent; transactional does not. */
  readonly purposes?: ReadonlyArray<PurposeSetting>
  /** Local dates (`yyyy-MM-dd`) that are not working days, besides weekends. */
  readonly holidays?: ReadonlyArray<string>
}
