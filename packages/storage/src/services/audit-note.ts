import type { AuditAction } from "@kith/privacy"
import type { StorageWrites } from "../backend.js"
import type { AuditNote } from "../port/privacy.js"

/**
 * Appends the audit entry of a change inside the change's transaction
 * (PRIV-5): called after the change is written and before the transaction
 * commits, so the change and its entry are kept together or not at all.
 * Nothing is written without a note (a change not made through the facade).
 *
 * @example
 * ```ts
 * await appendNote(tx, "shop-1", "identity.merge", change.into, new Date("2026-01-05T02:00:00Z"), request.audit, change)
 * ```
 */
export const appendNote = async <R>(
  tx: StorageWrites,
  workspaceId: string,
  action: AuditAction,
  target: string,
  at: Date,
  note: AuditNote<R> | undefined,
  result: R
): Promise<void> => {
  if (note === undefined) return
  await tx.privacy.appendAudit(workspaceId, [{ at: at.getTime(), actor: note.actor, action, target, details: JSON.stringify(note.details(result)) }])
}
