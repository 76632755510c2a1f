import type { EventRow } from "../port/events.js"
import type { IdentifierRow, IdentityRecordRow } from "../port/identity-graph.js"
import type { ProfileRow } from "../port/profiles.js"
import type { WorkspaceRow } from "../port/workspaces.js"

/**
 * Everything the memory engine holds for one workspace, shared by its
 * feature repositories.
 */
export interface WorkspaceState {
  readonly row: WorkspaceRow
  readonly events: Map<string, EventRow>
  readonly profiles: Map<string, ProfileRow>
  /** Keyed `type:value\u0000profileId`: an identifier may be held by several profiles. */
  readonly identifiers: Map<string, IdentifierRow>
  /** Owners of each identifier key. */
  readonly owners: Map<string, ReadonlyArray<string>>
  readonly records: Map<string, Omit<IdentityRecordRow, "profileId">>
  /** Message ids of the records carrying each identifier key. */
  readonly recordsByKey: Map<string, ReadonlyArray<string>>
  readonly doNotMerge: Array<readonly [string, string]>
  readonly mustLink: Array<readonly [string, string]>
  summary: string | undefined
  readonly keptApart: Map<string, readonly [string, string]>
  readonly ledger: Array<{ readonly seq: number; readonly entry: string }>
}

/**
 * The memory engine's state and its undo log: every write records how to
 * take it back, so a transaction that throws leaves nothing behind.
 */
export interface MemoryState {
  readonly workspaces: Map<string, WorkspaceState>
  readonly undo: Array<() => void>
  /** The workspace's state, if it exists. */
  readonly state: (workspaceId: string) => WorkspaceState | undefined
  /** The workspace's state inside a write (the transaction checked it exists). */
  readonly must: (workspaceId: string) => WorkspaceState
  /** Sets a map entry, undoably. */
  readonly setIn: <K, V>(map: Map<K, V>, key: K, value: V) => void
  /** Removes a pair stored in either order, undoably. */
  readonly deletePair: (list: Array<readonly [string, string]>, a: string, b: string) => void
}

/**
 * A new, empty memory state.
 *
 * @example
 * ```ts
 * const state = makeMemoryState()
 * state.workspaces.size // => 0
 * ```
 */
export const makeMemoryState = (): MemoryState => {
  const workspaces = new Map<string, WorkspaceState>()
  const undo: Array<() => void> = []
  return {
    workspaces,
    undo,
    state: (workspaceId) => workspaces.get(workspaceId),
    must: (workspaceId) => {
      const ws = workspaces.get(workspaceId)
      if (ws === undefined) throw new Error(`workspace ${workspaceId} vanished inside a transaction`)
      return ws
    },
    setIn: (map, key, value) => {
      const had = map.has(key)
      const previous = map.get(key)
      map.set(key, value)
      undo.push(() => (had ? map.set(key, previous!) : map.delete(key)))
    },
    deletePair: (list, a, b) => {
      for (let at = list.length - 1; at >= 0; at--) {
        const [x, y] = list[at]!
        if (!((x === a && y === b) || (x === b && y === a))) continue
        const [removed] = list.splice(at, 1)
        undo.push(() => void list.splice(at, 0, removed!))
      }
    }
  }
}
