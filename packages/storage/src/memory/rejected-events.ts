import type { RejectedEventWrites, RejectionRow } from "../port/rejected-events.js"
import type { MemoryState } from "./state.js"

/**
 * The memory engine's kept refusals: a list per workspace, owned by this
 * feature, written through the engine's undo log.
 *
 * @example
 * ```ts
 * const rejected = memoryRejectedEvents(makeMemoryState())
 * ```
 */
export const memoryRejectedEvents = ({ setIn }: MemoryState): RejectedEventWrites => {
  const rows = new Map<string, ReadonlyArray<RejectionRow>>()
  const of = (workspaceId: string): ReadonlyArray<RejectionRow> => rows.get(workspaceId) ?? []
  const matches = (row: RejectionRow, status: "pending" | "replayed" | undefined): boolean =>
    status === undefined || (status === "pending") === (row.replayedAt === null)
  return {
    list: async (workspaceId, { afterSeq, limit, status }) => of(workspaceId).filter((r) => r.seq > afterSeq && matches(r, status)).slice(0, limit),
    count: async (workspaceId, status) => of(workspaceId).filter((r) => matches(r, status)).length,
    byMessageIds: async (workspaceId, messageIds) => {
      const wanted = new Set(messageIds)
      return of(workspaceId).filter((r) => r.messageId !== null && wanted.has(r.messageId))
    },
    append: async (workspaceId, fresh) => {
      if (fresh.length === 0) return
      const held = of(workspaceId)
      let seq = held.at(-1)?.seq ?? 0
      setIn(rows, workspaceId, [...held, ...fresh.map((r) => ({ ...r, seq: ++seq }))])
    },
    repeat: async (workspaceId, row) => {
      setIn(rows, workspaceId, of(workspaceId).map((r) => (r.seq === row.seq ? row : r)))
    },
    markReplayed: async (workspaceId, seqs, at) => {
      const replayed = new Set(seqs)
      setIn(rows, workspaceId, of(workspaceId).map((r) => (replayed.has(r.seq) ? { ...r, replayedAt: at } : r)))
    },
    erase: async (workspaceId, seqs) => {
      const erased = new Set(seqs)
      setIn(rows, workspaceId, of(workspaceId).filter((r) => !erased.has(r.seq)))
    }
  }
}
