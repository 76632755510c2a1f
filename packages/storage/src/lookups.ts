import { storableTextProblem } from "@kith/core"
import type { StorageBackend, StorageReads, StorageWrites } from "./backend.js"
import { type ProfileRow, ProfileNotFound } from "./port/profiles.js"
import { UnknownWorkspace, type WorkspaceRow } from "./port/workspaces.js"

/**
 * Whether a key (a workspace id, a message id, a profile id, an identifier
 * value) could be stored at all: text with a NUL or a lone surrogate never
 * is (validation refuses it), so looking it up answers "not there" at once,
 * the same on every engine, instead of sending Postgres text it rejects.
 *
 * @example
 * ```ts
 * isStorableKey("m-1") // => true
 * isStorableKey("m-\u0000") // => false
 * ```
 */
export const isStorableKey = (key: string): boolean => typeof key === "string" && storableTextProblem(key) === undefined

/**
 * A write transaction on a workspace; a workspace id that cannot be stored
 * is {@link UnknownWorkspace} before the engine is asked (its lock would
 * take the id to the database).
 *
 * @example
 * ```ts
 * const count = await inWorkspace(backend, "shop-1", (tx) => tx.events.count("shop-1"))
 * ```
 */
export const inWorkspace = <A>(backend: StorageBackend, workspaceId: string, work: (tx: StorageWrites) => Promise<A>): Promise<A> =>
  isStorableKey(workspaceId) ? backend.transaction(workspaceId, work) : Promise.reject(new UnknownWorkspace({ workspaceId }))

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
  if (!isStorableKey(workspaceId)) throw new UnknownWorkspace({ workspaceId })
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
  if (!isStorableKey(profileId)) throw new ProfileNotFound({ workspaceId, profileId })
  const [row] = await reads.profiles.get(workspaceId, [profileId])
  if (row === undefined) throw new ProfileNotFound({ workspaceId, profileId })
  if (row.mergedInto === null) return row
  const [survivor] = await reads.profiles.get(workspaceId, [row.mergedInto])
  if (survivor === undefined) throw new Error(`Profile ${profileId} redirects to missing ${row.mergedInto}`)
  return survivor
}
