import type { ConsentPurpose } from "@kith/core"

/**
 * A purpose of processing a workspace lists, and whether it needs the
 * person's consent. Silence is never consent, so every purpose needs it
 * unless the workspace marks it as not needing it (messages a person needs
 * to receive an order they placed: `transactional`).
 *
 * @example
 * ```ts
 * const receipts: PurposeSetting = { purpose: "transactional", requiresConsent: false }
 * ```
 */
export interface PurposeSetting {
  readonly purpose: ConsentPurpose
  readonly requiresConsent: boolean
}

/**
 * The purposes a workspace starts with: marketing, analytics and profiling
 * need consent; transactional messages do not.
 *
 * @example
 * ```ts
 * import { DEFAULT_PURPOSES } from "@kith/privacy"
 * DEFAULT_PURPOSES.map((p) => p.purpose) // => ["marketing", "transactional", "analytics", "profiling"]
 * ```
 */
export const DEFAULT_PURPOSES: ReadonlyArray<PurposeSetting> = [
  { purpose: "marketing", requiresConsent: true },
  { purpose: "transactional", requiresConsent: false },
  { purpose: "analytics", requiresConsent: true },
  { purpose: "profiling", requiresConsent: true }
]

/**
 * Whether a purpose needs consent under these settings: a purpose the
 * workspace did not list needs it (the safe default).
 *
 * @param purpose - the purpose asked about
 * @param purposes - the workspace's purposes (default {@link DEFAULT_PURPOSES})
 * @returns `false` only for a listed purpose marked as not needing consent
 *
 * @example
 * ```ts
 * import { requiresConsent } from "@kith/privacy"
 * requiresConsent("transactional") // => false
 * requiresConsent("marketing") // => true
 * requiresConsent("lucky_draw") // => true
 * ```
 */
export const requiresConsent = (purpose: string, purposes: ReadonlyArray<PurposeSetting> = DEFAULT_PURPOSES): boolean =>
  purposes.find((p) => p.purpose === purpose)?.requiresConsent ?? true
