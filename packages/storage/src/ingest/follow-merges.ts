import type { StorageWrites } from "../backend.js"

/**
 * Everything that belongs to a merged-away profile follows it to its
 * survivor (`merges`: from → into): its identifiers and kept-apart pairs,
 * its events, and the profile row itself, which redirects (with every row
 * that redirected to it). A feature that keeps rows per profile adds its
 * repository's `followMerges` here, so a merge can never leave them behind.
 *
 * @example
 * ```ts
 * await followMerges(tx, "shop-1", new Map([["p_m-9", "p_m-1"]]))
 * ```
 */
export const followMerges = async (tx: StorageWrites, workspaceId: string, merges: ReadonlyMap<string, string>): Promise<void> => {
  await tx.identity.followMerges(workspaceId, merges)
  await tx.events.followMerges(workspaceId, merges)
  await tx.profiles.followMerges(workspaceId, merges)
}
