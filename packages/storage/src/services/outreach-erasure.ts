import type { StorageWrites } from "../backend.js"
import type { OutboxRow } from "../port/outreach.js"
import type { ErasureMode } from "../port/privacy.js"

// The states a worker may still deliver from: an erased person's row in one of them never goes out.
const UNSENT = new Set<string>(["pending", "held", "claimed"])

/**
 * An outbox row of an anonymized person, as kept (PRIV-2): what the plan's
 * performance counts — its ids, plan, occurrence, channel, purpose, the
 * decision with its reason, the holdout flag, the state and its instants —
 * and nothing that names or reaches the person: the rendered text (it may
 * carry their name) and the address are emptied, the last sender error
 * (it may quote the address) dropped. The plan's own content stays
 * (products, voucher, call-to-action, the language variant). A row not
 * delivered yet is skipped with the reason `erased`, its lease released, so
 * no worker sends it and a worker holding it can no longer complete it.
 *
 * @param row - the stored row
 * @returns the row to keep
 *
 * @example
 * ```ts
 * const row = { outboxId: "ob_1", planId: "plan-1", profileId: "p_m-1", occurrence: "", channel: "zalo", purpose: "promotion", decision: "send", reason: "consented",
 *   holdout: false, message: JSON.stringify({ text: "Chào Lan", locale: "vi", to: "+84912345678", products: ["sku-1"], voucher: { kind: "none" } }), state: "pending",
 *   attempts: 0, availableAt: 0, leaseOwner: null, leaseExpiresAt: null, lastError: null, createdAt: 0, sentAt: null } as const
 * const kept = anonymizedOutboxRow(row)
 * kept.state // => "skipped"
 * kept.reason // => "erased"
 * JSON.parse(kept.message) // => { text: "", locale: "vi", to: "", products: ["sku-1"], voucher: { kind: "none" } }
 * ```
 */
export const anonymizedOutboxRow = (row: OutboxRow): OutboxRow => {
  const message = JSON.parse(row.message) as Record<string, unknown>
  const kept = { ...row, message: JSON.stringify({ ...message, text: "", to: "" }), lastError: null }
  return UNSENT.has(row.state) ? { ...kept, state: "skipped", decision: "skip", reason: "erased", leaseOwner: null, leaseExpiresAt: null } : kept
}

/**
 * Erases the outbox rows of these profiles (an erased person and the
 * profiles merged into them) inside the erasure's transaction (PRIV-2).
 * Deleted (`mode: "delete"`), the rows go: the person's events — message
 * outcomes, orders — go in the same erasure, so the plan's figures lose the
 * person whole, as if they had never been in its audience, and stay
 * consistent (recipients, sent, delivered and orders drop together).
 * Anonymized, each row stays as {@link anonymizedOutboxRow} keeps it,
 * under the same profile id: the kept orders stay attributed to the plan,
 * like the aggregates the anonymized profile keeps. Returns how many rows
 * were deleted or kept blanked.
 *
 * @example
 * ```ts
 * const messages = await eraseOutboxOf(tx, "shop-1", ["p_m-1", "p_m-7"], "delete")
 * ```
 */
export const eraseOutboxOf = async (tx: StorageWrites, workspaceId: string, profileIds: ReadonlyArray<string>, mode: ErasureMode): Promise<number> => {
  const rows = await tx.outreach.outboxOfProfiles(workspaceId, profileIds)
  if (rows.length === 0) return 0
  await tx.outreach.eraseOutbox(workspaceId, mode === "delete" ? { deleted: rows.map((r) => r.outboxId), kept: [] } : { deleted: [], kept: rows.map(anonymizedOutboxRow) })
  return rows.length
}
