import { identifierKey } from "@kith/identity"
import type { EventRow, EventWrites } from "../port/events.js"
import type { MemoryState } from "./state.js"

const compareEvents = (a: EventRow, b: EventRow): number =>
  a.timestamp - b.timestamp || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0)

/**
 * The memory engine's events repository. Writing an event also indexes its
 * identity evidence by identifier, held or not (the SQL engines index only
 * unheld ones).
 *
 * @example
 * ```ts
 * const events = memoryEvents(makeMemoryState())
 * ```
 */
export const memoryEvents = ({ state, must, setIn }: MemoryState): EventWrites => ({
  existing: async (id, messageIds) => {
    const events = state(id)?.events
    return new Set(events === undefined ? [] : messageIds.filter((m) => events.has(m)))
  },
  get: async (id, messageId) => state(id)?.events.get(messageId),
  byIds: async (id, messageIds) => {
    const events = state(id)?.events
    return events === undefined ? [] : messageIds.flatMap((m) => (events.has(m) ? [events.get(m)!] : []))
  },
  ofProfile: async (id, profileId, after, limit) =>
    [...(state(id)?.events.values() ?? [])]
      .filter((e) => e.profileId === profileId && (after === undefined || compareEvents(e, { ...e, ...after }) > 0))
      .sort(compareEvents)
      .slice(0, limit),
  ofProfileNewestFirst: async (id, profileId, before, limit, only) => {
    const row = state(id)?.profiles.get(profileId)
    if (row === undefined) return []
    const live = row.mergedInto ?? row.profileId
    return [...(state(id)?.events.values() ?? [])]
      .filter(
        (e) =>
          e.profileId === live &&
          (before === undefined || compareEvents(e, { ...e, ...before }) < 0) &&
          (only === undefined ||
            only.types.includes(e.type) ||
            (e.type === "track" && e.name !== null && (only.trackNames.includes(e.name) || only.trackNamePrefixes.some((p) => e.name!.startsWith(p)))))
      )
      .sort((a, b) => compareEvents(b, a))
      .slice(0, limit)
  },
  count: async (id) => state(id)?.events.size ?? 0,
  scan: async (id, afterMessageId, limit) =>
    [...(state(id)?.events.values() ?? [])]
      .filter((e) => afterMessageId === undefined || e.messageId > afterMessageId)
      .sort((a, b) => (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0))
      .slice(0, limit),
  insert: async (id, rows) => {
    const ws = must(id)
    const events = ws.events
    for (const { identity, ...row } of rows) {
      if (events.has(row.messageId)) throw new Error(`duplicate messageId ${row.messageId}`)
      setIn(events, row.messageId, row)
      if (identity === undefined || identity.identifiers.length === 0) continue
      setIn(ws.records, row.messageId, { messageId: row.messageId, timestamp: row.timestamp, source: identity.source, identifiers: identity.identifiers })
      for (const i of identity.identifiers) {
        const key = identifierKey(i)
        const held = ws.recordsByKey.get(key) ?? []
        if (!held.includes(row.messageId)) setIn(ws.recordsByKey, key, [...held, row.messageId])
      }
    }
  },
  followMerges: async (id, merges) => {
    const ws = must(id)
    for (const [key, row] of ws.events) {
      const into = merges.get(row.profileId)
      if (into !== undefined) setIn(ws.events, key, { ...row, profileId: into })
    }
  },
  move: async (id, into, messageIds) => {
    const ws = must(id)
    for (const m of messageIds) {
      const row = ws.events.get(m)
      if (row !== undefined) setIn(ws.events, m, { ...row, profileId: into })
    }
  },
  replace: async (id, { messageId, type, name, timestamp, payload }) => {
    const ws = must(id)
    const row = ws.events.get(messageId)
    if (row === undefined) throw new Error(`no stored event ${messageId} to replace`)
    setIn(ws.events, messageId, { ...row, type, name, timestamp, payload })
    const record = ws.records.get(messageId)
    if (record !== undefined) setIn(ws.records, messageId, { ...record, timestamp })
  }
})
