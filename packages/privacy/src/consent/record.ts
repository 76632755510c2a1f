import type { ConsentPurpose, ConsentStatus } from "@kith/core"

/**
 * One consent decision as kept (PRIV-1): what the person said about one
 * purpose on one channel, when, through what, with its evidence.
 *
 * `recordedOn` is the profile the decision was made for, and `covers` every
 * profile it speaks for (that profile and those merged into it by then): a
 * later decision replaces only the earlier ones it covers, so when two
 * profiles merge, each side's last word stands and the most restrictive wins
 * until the person decides again. `anchorRecordId` is the stored event the
 * decision follows through merges and splits.
 *
 * @example
 * ```ts
 * const record: ConsentRecord = {
 *   id: "c-1", purpose: "marketing", channel: "zalo", status: "granted", at: new Date("2026-01-05T09:00:00+07:00"),
 *   source: "website_form", evidence: { formId: "dang-ky" }, recordedOn: "p_m-1", covers: ["p_m-1"], anchorRecordId: "m-1"
 * }
 * ```
 */
export interface ConsentRecord {
  readonly id: string
  readonly purpose: ConsentPurpose
  readonly channel: string
  readonly status: ConsentStatus
  /** When the person decided. */
  readonly at: Date
  readonly source: string
  /** Free JSON proving it: a form id, a message id, an IP address... */
  readonly evidence: unknown
  /** A grant stops counting from this instant on. */
  readonly expiresAt?: Date | undefined
  readonly recordedOn: string
  readonly covers: ReadonlyArray<string>
  readonly anchorRecordId: string
  /** Who recorded it through the facade (absent for an event). */
  readonly actor?: string | undefined
}
