import type { StorageReads } from "./backend.js"
import { type ProfileRow, ProfileNotFound } from "./port/profiles.js"
import { UnknownWorkspace, type WorkspaceRow } from "./port/workspaces.js"

/**
 * The workspace row, or {@link UnknownWorkspace} (thrown: backend work
 * throws typed errors, which the services turn into their failures).
 *
 * @example
 * ```ts
 * const backend = makeMemoryBackend()
 * await backend.transaction("shop-1", (tx) => tx.workspaces.insert({ workspaceId: "shop-1", name: "Shop 1", timeZone: "Asia/Ho_Chi_Minh" }))
 * await requireWorkspace(backend.read, "shop-1") // => { workspaceId: "shop-1", name: "Shop 1", timeZone: "Asia/Ho_Chi_Minh" }
 * await requireWorkspace(backend.read, "shop-9") // throws UnknownWorkspace
 * ```
 */
export const requireWorkspace = async (reads: StorageReads, workspaceId: string): Promise<WorkspaceRow> => {
  const row = await reads.workspaces.get(workspaceId)
  if (row === undefined) throw new UnknownWorkspace({ workspaceId })
  return row
}

/**
 * The live profile an id stands for: itself, or the survivor it was merged
 * into; {@link ProfileNotFound} when the id never existed.
 *
 * @example
 * ```ts
 * // When p_m-7 was merged into p_m-1, this gives p_m-1's row:
 * const row = await liveProfileRow(backend.read, "shop-1", "p_m-7")
 * ```
 */
export const liveProfileRow = async (reads: StorageReads, workspaceId: string, profileId: string): Promise<ProfileRow> => {
  const [row] = await reads.profiles.get(workspaceId, [profileId])
  if (row === undefined) throw new ProfileNotFound({ workspaceId, profileId })
  if (row.mergedInto === null) return row
  const [survivor] = await reads.profiles.get(workspaceId, [row.mergedInto])
  if (survivor === undefined) throw new Error(`Profile ${profileId} redirects to missing ${row.mergedInto}`)
  return survivor
}
