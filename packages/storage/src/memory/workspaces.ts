import type { WorkspaceWrites } from "../port/workspaces.js"
import type { MemoryState } from "./state.js"

/**
 * The memory engine's workspaces repository.
 *
 * @example
 * ```ts
 * const workspaces = memoryWorkspaces(makeMemoryState())
 * ```
 */
export const memoryWorkspaces = ({ workspaces, state, must, setIn, undo }: MemoryState): WorkspaceWrites => ({
  get: async (id) => state(id)?.row,
  summary: async (id) => state(id)?.summary,
  insert: async (row) => {
    setIn(workspaces, row.workspaceId, {
      row,
      events: new Map(),
      profiles: new Map(),
      identifiers: new Map(),
      owners: new Map(),
      records: new Map(),
      recordsByKey: new Map(),
      doNotMerge: [],
      mustLink: [],
      summary: undefined,
      keptApart: new Map(),
      ledger: []
    })
  },
  writeSummary: async (id, summary) => {
    const ws = must(id)
    const previous = ws.summary
    ws.summary = summary
    undo.push(() => (ws.summary = previous))
  }
})
