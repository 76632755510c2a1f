/**
 * What an audited change did (PRIV-5).
 *
 * @example
 * ```ts
 * const action: AuditAction = "privacy.erase"
 * ```
 */
export type AuditAction =
  | "profile.update"
  | "identity.merge"
  | "identity.split"
  | "consent.record"
  | "contact.restrict"
  | "privacy.erase"
  | "privacy.export"
  | "privacy.purge"
  | "privacy.request"
  | "privacy.request.close"

/**
 * One entry of the audit trail: who did what to which target, when, with the
 * details that matter (never a personal value of an erased person). Entries
 * are only ever appended.
 *
 * @example
 * ```ts
 * const entry: AuditEntry = { seq: 1, at: new Date("2026-01-05T02:00:00Z"), actor: "staff-lan", action: "consent.record", target: "p_m-1", details: { purpose: "marketing", channel: "zalo", status: "granted" } }
 * ```
 */
export interface AuditEntry {
  /** Position in the workspace's trail, from 1. */
  readonly seq: number
  readonly at: Date
  readonly actor: string
  readonly action: AuditAction
  /** The profile changed (its id at the time), or `"workspace"` for a workspace-wide run. */
  readonly target: string
  readonly details: Readonly<Record<string, unknown>>
}
