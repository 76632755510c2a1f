import { sha256 } from "@noble/hashes/sha2.js"
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js"

/**
 * The id of the outbox row of a (workspace, plan, profile, occurrence) —
 * `occurrence` is `""` for a one-time plan. It is the idempotency key the
 * sender receives, so it depends on nothing else: the same on every retry,
 * after a crashed worker's lease is taken over, and whoever computes it.
 * `ob_` and the first 128 bits of the SHA-256 of the four parts in hex.
 *
 * @example
 * ```ts
 * import { outboxIdOf } from "@kith/outreach"
 * outboxIdOf("shop-1", "plan-1", "p_m-1", "") === outboxIdOf("shop-1", "plan-1", "p_m-1", "") // => true
 * outboxIdOf("shop-1", "plan-1", "p_m-1", "").length // => 35
 * ```
 */
export const outboxIdOf = (workspaceId: string, planId: string, profileId: string, occurrence: string): string =>
  // NUL never appears in a stored id, so the parts cannot run into each other.
  `ob_${bytesToHex(sha256(utf8ToBytes(`${workspaceId}\u0000${planId}\u0000${profileId}\u0000${occurrence}`))).slice(0, 32)}`
