import type { SegmentDueRow, SegmentHistoryRow, SegmentMemberRow, SegmentRow, SegmentWrites } from "../port/segments.js"
import type { MemoryState } from "./state.js"

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

// Keys joining a segment and a profile; NUL never appears in a stored id.
const pairKey = (segmentId: string, profileId: string): string => `${segmentId}\u0000${profileId}`

interface WorkspaceSegments {
  readonly definitions: Map<string, SegmentRow>
  readonly members: Map<string, SegmentMemberRow>
  readonly history: Array<SegmentHistoryRow>
  readonly due: Map<string, SegmentDueRow>
  /** The instant each segment's schedule holds from; absent: none known. */
  readonly scheduledFrom: Map<string, number>
}

/**
 * The memory engine's segments: definitions, members, history and the
 * re-evaluation schedule per workspace, written through the engine's undo log.
 *
 * @example
 * ```ts
 * const segments = memorySegments(makeMemoryState())
 * ```
 */
export const memorySegments = (memory: MemoryState): SegmentWrites => {
  const { setIn, undo } = memory
  const workspaces = new Map<string, WorkspaceSegments>()
  const of = (workspaceId: string): WorkspaceSegments => {
    let held = workspaces.get(workspaceId)
    if (held === undefined) workspaces.set(workspaceId, (held = { definitions: new Map(), members: new Map(), history: [], due: new Map(), scheduledFrom: new Map() }))
    return held
  }
  const remove = <V>(map: Map<string, V>, key: string): void => {
    if (!map.has(key)) return
    const previous = map.get(key)!
    map.delete(key)
    undo.push(() => map.set(key, previous))
  }
  const membersOf = (workspaceId: string, segmentId: string): Array<SegmentMemberRow> =>
    [...(workspaces.get(workspaceId)?.members.values() ?? [])].filter((m) => m.segmentId === segmentId).sort((a, b) => byText(a.profileId, b.profileId))
  return {
    segment: async (workspaceId, segmentId) => workspaces.get(workspaceId)?.definitions.get(segmentId),
    segments: async (workspaceId) => [...(workspaces.get(workspaceId)?.definitions.values() ?? [])].sort((a, b) => byText(a.segmentId, b.segmentId)),
    members: async (workspaceId, segmentId, page) =>
      membersOf(workspaceId, segmentId)
        .filter((m) => page.after === undefined || m.profileId > page.after)
        .slice(0, page.limit),
    memberIdsAmong: async (workspaceId, segmentId, profileIds) => {
      if (profileIds === undefined) return membersOf(workspaceId, segmentId).map((m) => m.profileId)
      const held = workspaces.get(workspaceId)?.members
      return held === undefined ? [] : [...new Set(profileIds)].filter((p) => held.has(pairKey(segmentId, p)))
    },
    count: async (workspaceId, segmentId) => membersOf(workspaceId, segmentId).length,
    ofProfile: async (workspaceId, profileId) =>
      [...(workspaces.get(workspaceId)?.members.values() ?? [])].filter((m) => m.profileId === profileId).sort((a, b) => byText(a.segmentId, b.segmentId)),
    history: async (workspaceId, profileId) => (workspaces.get(workspaceId)?.history ?? []).filter((h) => h.profileId === profileId),
    due: async (workspaceId, now, limit) =>
      [...(workspaces.get(workspaceId)?.due.values() ?? [])]
        .filter((d) => d.dueAt <= now)
        .sort((a, b) => a.dueAt - b.dueAt || byText(a.segmentId, b.segmentId) || byText(a.profileId, b.profileId))
        .slice(0, limit),
    lastSeq: async (workspaceId) => workspaces.get(workspaceId)?.history.at(-1)?.seq ?? 0,
    scheduledFrom: async (workspaceId, segmentId) => workspaces.get(workspaceId)?.scheduledFrom.get(segmentId) ?? null,
    dueIn: async (workspaceId, segmentId, now) =>
      [...(workspaces.get(workspaceId)?.due.values() ?? [])]
        .filter((d) => d.segmentId === segmentId && d.dueAt <= now)
        .map((d) => d.profileId)
        .sort(byText),
    setScheduledFrom: async (workspaceId, segmentId, at) => {
      const held = of(workspaceId).scheduledFrom
      if (at === null) remove(held, segmentId)
      else setIn(held, segmentId, at)
    },
    putSegment: async (workspaceId, row) => setIn(of(workspaceId).definitions, row.segmentId, row),
    deleteSegment: async (workspaceId, segmentId) => {
      const held = of(workspaceId)
      remove(held.definitions, segmentId)
      remove(held.scheduledFrom, segmentId)
      for (const [key, m] of [...held.members]) if (m.segmentId === segmentId) remove(held.members, key)
      for (const [key, d] of [...held.due]) if (d.segmentId === segmentId) remove(held.due, key)
    },
    insertMembers: async (workspaceId, rows) => {
      const held = of(workspaceId).members
      for (const row of rows) {
        const key = pairKey(row.segmentId, row.profileId)
        if (held.has(key)) throw new Error(`${row.profileId} is already a member of ${row.segmentId}`)
        setIn(held, key, row)
      }
    },
    deleteMembers: async (workspaceId, segmentId, profileIds) => {
      const held = of(workspaceId).members
      for (const p of profileIds) remove(held, pairKey(segmentId, p))
    },
    appendHistory: async (workspaceId, rows) => {
      const held = of(workspaceId).history
      const length = held.length
      held.push(...rows)
      undo.push(() => void held.splice(length))
    },
    replaceDue: async (workspaceId, segmentId, profileIds, rows) => {
      const held = of(workspaceId).due
      if (profileIds === "all") {
        for (const [key, d] of [...held]) if (d.segmentId === segmentId) remove(held, key)
      } else {
        for (const p of profileIds) remove(held, pairKey(segmentId, p))
      }
      for (const row of rows) setIn(held, pairKey(row.segmentId, row.profileId), row)
    },
    replaceDueBetween: async (workspaceId, segmentId, range, rows) => {
      const held = of(workspaceId).due
      const inside = (p: string) => (range.after === undefined || p > range.after) && (range.through === undefined || p <= range.through)
      const wanted = new Map(rows.map((r) => [r.profileId, r]))
      for (const [key, d] of [...held]) if (d.segmentId === segmentId && inside(d.profileId) && wanted.get(d.profileId)?.dueAt !== d.dueAt) remove(held, key)
      for (const row of rows) if (!held.has(pairKey(segmentId, row.profileId))) setIn(held, pairKey(segmentId, row.profileId), row)
    },
    eraseProfiles: async (workspaceId, profileIds) => {
      const held = workspaces.get(workspaceId)
      if (held === undefined) return
      const erased = new Set(profileIds)
      for (const [key, m] of [...held.members]) if (erased.has(m.profileId)) remove(held.members, key)
      for (const [key, d] of [...held.due]) if (erased.has(d.profileId)) remove(held.due, key)
      const before = [...held.history]
      const kept = before.filter((h) => !erased.has(h.profileId))
      if (kept.length === before.length) return
      held.history.splice(0, held.history.length, ...kept)
      undo.push(() => void held.history.splice(0, held.history.length, ...before))
    }
  }
}
