import type { Identifier } from "@kith/core"
import { byCanonicalOrder, type Explanation, normalizeValue } from "@kith/identity"
import { Result } from "effect"
import type { StorageWrites } from "../backend.js"
import { isStorableKey, requireWorkspace } from "../lookups.js"
import { IdentifierNotFound, type IdentityRecordRow } from "../port/identity-graph.js"
import { type ManualIdentityContext, resolverAround } from "./context.js"

/**
 * Explains two identifiers (IDN-7) from the earliest stored record carrying
 * each: the chain that joined them, or what kept them apart.
 *
 * @example
 * ```ts
 * await explainIdentifiers(tx, context, "shop-1", { type: "phone", value: "0912345678" }, { type: "email", value: "lan@example.com" })
 * // resolves to { joined: true, profileId: "p_m-1", chain: [{ from: "m-1", to: "m-4", identifier: { type: "phone", ... }, rule: "shared_identifier" }] }
 * ```
 */
export const explainIdentifiers = async (
  tx: StorageWrites,
  context: ManualIdentityContext,
  workspaceId: string,
  a: Identifier,
  b: Identifier
): Promise<Explanation> => {
  await requireWorkspace(tx, workspaceId)
  const earliestCarrying = async (raw: Identifier): Promise<IdentityRecordRow> => {
    const value = normalizeValue(raw.type, raw.value, context.policy)
    // An identifier no engine could store is carried by no stored record.
    const storable = typeof value === "string" && isStorableKey(raw.type) && isStorableKey(value)
    const found = storable ? [...(await tx.identity.recordsHolding(workspaceId, [{ type: raw.type, value }]))].sort(byCanonicalOrder)[0] : undefined
    if (found === undefined) throw new IdentifierNotFound({ workspaceId, type: raw.type, value: raw.value })
    return found
  }
  const [ra, rb] = [await earliestCarrying(a), await earliestCarrying(b)]
  const { resolver } = await resolverAround(tx, workspaceId, [ra, rb], context.policy)
  const explained = resolver.explain(ra.messageId, rb.messageId)
  if (Result.isFailure(explained)) throw new Error(`resolver lost record ${explained.failure.id}`)
  return explained.success
}

