import { identifierKey, type LedgerDraft } from "@kith/identity"
import type { IdentifierRow, IdentityGraphWrites } from "../port/identity-graph.js"
import type { MemoryState } from "./state.js"

/**
 * The memory engine's identity graph repository: identifiers by holder,
 * records read from the evidence the events repository indexed, the
 * constraint pairs, kept-apart pairs and the ledger.
 *
 * @example
 * ```ts
 * const identity = memoryIdentityGraph(makeMemoryState())
 * ```
 */
export const memoryIdentityGraph = ({ state, must, setIn, undo, deletePair }: MemoryState): IdentityGraphWrites => {
  const replaceIdentifiers = async (id: string, profileIds: ReadonlyArray<string>, rows: ReadonlyArray<IdentifierRow>): Promise<void> => {
    const ws = must(id)
    const clearing = new Set(profileIds)
    for (const [key, row] of [...ws.identifiers]) {
      if (!clearing.has(row.profileId)) continue
      const idKey = identifierKey(row)
      const map = ws.identifiers
      map.delete(key)
      undo.push(() => map.set(key, row))
      setIn(ws.owners, idKey, (ws.owners.get(idKey) ?? []).filter((p) => p !== row.profileId))
    }
    for (const row of rows) {
      const idKey = identifierKey(row)
      const key = `${idKey}\u0000${row.profileId}`
      if (ws.identifiers.has(key)) throw new Error(`duplicate identifier ${key}`)
      setIn(ws.identifiers, key, row)
      setIn(ws.owners, idKey, [...(ws.owners.get(idKey) ?? []), row.profileId].sort())
    }
  }

  const records = async (id: string, messageIds: ReadonlyArray<string>) => {
    const ws = state(id)
    if (ws === undefined) return []
    return messageIds.flatMap((m) => {
      const record = ws.records.get(m)
      const event = ws.events.get(m)
      return record === undefined || event === undefined ? [] : [{ ...record, profileId: event.profileId }]
    })
  }

  return {
    owners: async (id, identifiers) => {
      const ws = state(id)
      if (ws === undefined) return []
      return identifiers.flatMap((i) => {
        const key = identifierKey(i)
        return (ws.owners.get(key) ?? []).flatMap((p) => {
          const row = ws.identifiers.get(`${key}\u0000${p}`)
          return row === undefined ? [] : [row]
        })
      })
    },
    identifiersOf: async (id, profileIds) => {
      const wanted = new Set(profileIds)
      return [...(state(id)?.identifiers.values() ?? [])].filter((i) => wanted.has(i.profileId))
    },
    seen: async (id, identifiers) => {
      const index = state(id)?.recordsByKey
      const seen = new Set<string>()
      if (index === undefined) return seen
      for (const i of identifiers) {
        const key = identifierKey(i)
        if ((index.get(key)?.length ?? 0) > 0) seen.add(key)
      }
      return seen
    },
    recordsHolding: async (id, identifiers) => {
      const index = state(id)?.recordsByKey
      if (index === undefined) return []
      const out = new Set<string>()
      for (const i of identifiers) for (const m of index.get(identifierKey(i)) ?? []) out.add(m)
      return records(id, [...out])
    },
    records,
    recordsOfProfiles: async (id, profileIds) => {
      const wanted = new Set(profileIds)
      const ids = [...(state(id)?.events.values() ?? [])].filter((e) => wanted.has(e.profileId)).map((e) => e.messageId)
      return records(id, ids)
    },
    doNotMerge: async (id, messageIds) => {
      const wanted = new Set(messageIds)
      return (state(id)?.doNotMerge ?? []).filter(([a, b]) => wanted.has(a) || wanted.has(b))
    },
    mustLink: async (id, messageIds) => {
      const wanted = new Set(messageIds)
      return (state(id)?.mustLink ?? []).filter(([a, b]) => wanted.has(a) || wanted.has(b))
    },
    keptApart: async (id, profileIds) => {
      const wanted = new Set(profileIds)
      return [...(state(id)?.keptApart.values() ?? [])].filter(([a, b]) => wanted.has(a) || wanted.has(b))
    },
    ledger: async (id, afterSeq, limit) => (state(id)?.ledger ?? []).filter((l) => l.seq > afterSeq).slice(0, limit),
    insertIdentifiers: (id, rows) => replaceIdentifiers(id, [], rows),
    replaceIdentifiers,
    // This engine indexes every identifier of every event when the event is written, held or not.
    indexUnheld: async () => undefined,
    followMerges: async (id, merges) => {
      const ws = must(id)
      const moving = [...ws.identifiers.values()].filter((row) => merges.has(row.profileId))
      await replaceIdentifiers(id, [...merges.keys()], [])
      const kept = new Set([...ws.identifiers.keys()])
      await replaceIdentifiers(
        id,
        [],
        moving.map((row) => ({ ...row, profileId: merges.get(row.profileId)! })).filter((row) => {
          const key = `${identifierKey(row)}\u0000${row.profileId}`
          if (kept.has(key)) return false
          kept.add(key)
          return true
        })
      )
      for (const [key, [a, b]] of ws.keptApart) {
        if (merges.has(a) || merges.has(b)) setIn(ws.keptApart, key, [merges.get(a) ?? a, merges.get(b) ?? b] as const)
      }
    },
    insertKeptApart: async (id, a, b) => {
      setIn(must(id).keptApart, a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`, [a, b] as const)
    },
    insertDoNotMerge: async (id, a, b) => {
      const list = must(id).doNotMerge
      list.push([a, b])
      undo.push(() => void list.pop())
    },
    deleteDoNotMerge: async (id, a, b) => deletePair(must(id).doNotMerge, a, b),
    insertMustLink: async (id, a, b) => {
      const list = must(id).mustLink
      if (list.some(([x, y]) => x === a && y === b)) return
      list.push([a, b])
      undo.push(() => void list.pop())
    },
    deleteMustLink: async (id, a, b) => deletePair(must(id).mustLink, a, b),
    appendLedger: async (id, entries: ReadonlyArray<LedgerDraft>) => {
      const ledger = must(id).ledger
      const before = ledger.length
      let seq = ledger[ledger.length - 1]?.seq ?? 0
      for (const entry of entries) ledger.push({ seq: ++seq, entry: JSON.stringify(entry) })
      undo.push(() => void ledger.splice(before))
    }
  }
}
