import { identifierKey, type LedgerDraft, type NormalizedIdentifier } from "@kith/identity"
import type { BackendTransaction, EventRow, IdentifierRow, IdentityRecordRow, ProfileRow, StorageBackend, WorkspaceRow } from "../backend.js"

interface WorkspaceState {
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

const compareEvents = (a: EventRow, b: EventRow): number =>
  a.timestamp - b.timestamp || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0)

/**
 * The in-memory engine: plain maps per workspace, for tests and the browser.
 * Transactions run one at a time and keep an undo log, so a failing batch
 * leaves nothing behind, exactly like the SQL engines.
 *
 * @returns a backend for {@link storageLayer}
 *
 * @example
 * ```ts
 * const layer = storageLayer(makeMemoryBackend())
 * ```
 */
export const makeMemoryBackend = (): StorageBackend => {
  const workspaces = new Map<string, WorkspaceState>()
  const undo: Array<() => void> = []
  let queue: Promise<unknown> = Promise.resolve()

  const state = (workspaceId: string): WorkspaceState | undefined => workspaces.get(workspaceId)
  const must = (workspaceId: string): WorkspaceState => {
    const ws = workspaces.get(workspaceId)
    if (ws === undefined) throw new Error(`workspace ${workspaceId} vanished inside a transaction`)
    return ws
  }
  const setIn = <K, V>(map: Map<K, V>, key: K, value: V): void => {
    const had = map.has(key)
    const previous = map.get(key)
    map.set(key, value)
    undo.push(() => (had ? map.set(key, previous as V) : map.delete(key)))
  }

  // Removes a pair stored in either order, undoably.
  const deletePair = (list: Array<readonly [string, string]>, a: string, b: string): void => {
    for (let at = list.length - 1; at >= 0; at--) {
      const [x, y] = list[at]!
      if (!((x === a && y === b) || (x === b && y === a))) continue
      const [removed] = list.splice(at, 1)
      undo.push(() => void list.splice(at, 0, removed!))
    }
  }

  const tx: BackendTransaction = {
    workspace: async (id) => state(id)?.row,
    existingMessageIds: async (id, messageIds) => {
      const events = state(id)?.events
      return new Set(events === undefined ? [] : messageIds.filter((m) => events.has(m)))
    },
    identifierOwners: async (id, identifiers) => {
      const map = state(id)?.identifiers
      if (map === undefined) return []
      const owners = state(id)!.owners
      return identifiers.flatMap((i) => {
        const key = identifierKey(i)
        return (owners.get(key) ?? []).flatMap((p) => {
          const row = map.get(`${key}\u0000${p}`)
          return row === undefined ? [] : [row]
        })
      })
    },
    profiles: async (id, profileIds) => {
      const map = state(id)?.profiles
      if (map === undefined) return []
      return profileIds.flatMap((p) => {
        const row = map.get(p)
        return row === undefined ? [] : [row]
      })
    },
    mergedInto: async (id, profileId) => [...(state(id)?.profiles.values() ?? [])].filter((p) => p.mergedInto === profileId).map((p) => p.profileId),
    identifiersOf: async (id, profileId) => [...(state(id)?.identifiers.values() ?? [])].filter((i) => i.profileId === profileId),
    identifiersOfProfiles: async (id, profileIds) => {
      const wanted = new Set(profileIds)
      return [...(state(id)?.identifiers.values() ?? [])].filter((i) => wanted.has(i.profileId))
    },
    event: async (id, messageId) => state(id)?.events.get(messageId),
    eventsOf: async (id, profileId, after, limit) =>
      [...(state(id)?.events.values() ?? [])]
        .filter((e) => e.profileId === profileId && (after === undefined || compareEvents(e, { ...e, ...after }) > 0))
        .sort(compareEvents)
        .slice(0, limit),
    countEvents: async (id) => state(id)?.events.size ?? 0,
    listProfiles: async (id, filter) => {
      const ids = filter.ids === undefined ? undefined : new Set(filter.ids)
      return [...(state(id)?.profiles.values() ?? [])]
        .filter(
          (p) =>
            p.mergedInto === null &&
            (filter.afterId === undefined || p.profileId > filter.afterId) &&
            (filter.contains === undefined || p.searchText.includes(filter.contains)) &&
            (filter.stage === undefined || p.stage === filter.stage) &&
            (ids === undefined || ids.has(p.profileId))
        )
        .sort((a, b) => (a.profileId < b.profileId ? -1 : 1))
        .slice(0, filter.limit)
    },
    workspaceSummary: async (id) => state(id)?.summary,
    ledger: async (id, afterSeq, limit) => (state(id)?.ledger ?? []).filter((l) => l.seq > afterSeq).slice(0, limit),
    keptApart: async (id, profileIds) => {
      const wanted = new Set(profileIds)
      return [...(state(id)?.keptApart.values() ?? [])].filter(([a, b]) => wanted.has(a) || wanted.has(b))
    },
    recordsHolding: async (id, identifiers) => {
      const index = state(id)?.recordsByKey
      if (index === undefined) return []
      const out = new Set<string>()
      for (const i of identifiers) for (const m of index.get(identifierKey(i)) ?? []) out.add(m)
      return tx.identityRecords(id, [...out])
    },
    identityRecords: async (id, messageIds) => {
      const ws = state(id)
      if (ws === undefined) return []
      return messageIds.flatMap((m) => {
        const record = ws.records.get(m)
        const event = ws.events.get(m)
        return record === undefined || event === undefined ? [] : [{ ...record, profileId: event.profileId }]
      })
    },
    doNotMerge: async (id, messageIds) => {
      const wanted = new Set(messageIds)
      return (state(id)?.doNotMerge ?? []).filter(([a, b]) => wanted.has(a) || wanted.has(b))
    },
    mustLink: async (id, messageIds) => {
      const wanted = new Set(messageIds)
      return (state(id)?.mustLink ?? []).filter(([a, b]) => wanted.has(a) || wanted.has(b))
    },
    recordsOfProfiles: async (id, profileIds) => {
      const wanted = new Set(profileIds)
      const ids = [...(state(id)?.events.values() ?? [])].filter((e) => wanted.has(e.profileId)).map((e) => e.messageId)
      return tx.identityRecords(id, ids)
    },
    seenIdentifiers: async (id, identifiers) => {
      const index = state(id)?.recordsByKey
      const seen = new Set<string>()
      if (index === undefined) return seen
      for (const i of identifiers) {
        const key = identifierKey(i)
        if ((index.get(key)?.length ?? 0) > 0) seen.add(key)
      }
      return seen
    },
    eventsById: async (id, messageIds) => {
      const events = state(id)?.events
      return events === undefined ? [] : messageIds.flatMap((m) => (events.has(m) ? [events.get(m)!] : []))
    },
    insertWorkspace: async (row) => {
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
    // This engine indexes every identifier of every event when the event is written (insertEvents), held or not.
    indexUnheldIdentifiers: async () => undefined,
    replaceIdentifiers: async (id, profileIds, rows) => {
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
    },
    insertDoNotMerge: async (id, a, b) => {
      const list = must(id).doNotMerge
      list.push([a, b])
      undo.push(() => void list.pop())
    },
    deleteDoNotMerge: async (id, a, b) => deletePair(must(id).doNotMerge, a, b),
    deleteMustLink: async (id, a, b) => deletePair(must(id).mustLink, a, b),
    insertMustLink: async (id, a, b) => {
      const list = must(id).mustLink
      if (list.some(([x, y]) => x === a && y === b)) return
      list.push([a, b])
      undo.push(() => void list.pop())
    },
    writeWorkspaceSummary: async (id, summary) => {
      const ws = must(id)
      const previous = ws.summary
      ws.summary = summary
      undo.push(() => (ws.summary = previous))
    },
    insertEvents: async (id, rows) => {
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
    insertProfiles: async (id, rows) => {
      const profiles = must(id).profiles
      for (const row of rows) {
        if (profiles.has(row.profileId)) throw new Error(`duplicate profile ${row.profileId}`)
        setIn(profiles, row.profileId, row)
      }
    },
    updateProfiles: async (id, rows) => {
      const profiles = must(id).profiles
      for (const row of rows) setIn(profiles, row.profileId, { ...row, mergedInto: null })
    },
    insertIdentifiers: async (id, rows) => {
      await tx.replaceIdentifiers(id, [], rows)
    },
    mergeProfiles: async (id, merges) => {
      const ws = must(id)
      const target = new Map<string, string>()
      for (const { from, into } of merges) for (const f of from) target.set(f, into)
      const moving = [...ws.identifiers.values()].filter((row) => target.has(row.profileId))
      await tx.replaceIdentifiers(id, [...target.keys()], [])
      const kept = new Set([...ws.identifiers.keys()])
      await tx.replaceIdentifiers(
        id,
        [],
        moving.map((row) => ({ ...row, profileId: target.get(row.profileId)! })).filter((row) => {
          const key = `${identifierKey(row)}\u0000${row.profileId}`
          if (kept.has(key)) return false
          kept.add(key)
          return true
        })
      )
      for (const [key, row] of ws.events) {
        const into = target.get(row.profileId)
        if (into !== undefined) setIn(ws.events, key, { ...row, profileId: into })
      }
      for (const [key, row] of ws.profiles) {
        const into = target.get(row.profileId) ?? (row.mergedInto === null ? undefined : target.get(row.mergedInto))
        if (into !== undefined) setIn(ws.profiles, key, { ...row, mergedInto: into })
      }
      for (const [key, [a, b]] of ws.keptApart) {
        if (target.has(a) || target.has(b)) setIn(ws.keptApart, key, [target.get(a) ?? a, target.get(b) ?? b] as const)
      }
    },
    moveToProfile: async (id, into, identifiers: ReadonlyArray<NormalizedIdentifier>, messageIds) => {
      const ws = must(id)
      const keys = new Set(identifiers.map(identifierKey))
      const moving = [...ws.identifiers.values()].filter((row) => keys.has(identifierKey(row)) && row.profileId !== into)
      for (const [key, row] of [...ws.identifiers]) {
        if (!keys.has(identifierKey(row)) || row.profileId === into) continue
        ws.identifiers.delete(key)
        undo.push(() => ws.identifiers.set(key, row))
        const idKey = identifierKey(row)
        setIn(ws.owners, idKey, (ws.owners.get(idKey) ?? []).filter((p) => p !== row.profileId))
      }
      await tx.replaceIdentifiers(
        id,
        [],
        [...new Map(moving.map((row) => [identifierKey(row), { ...row, profileId: into }])).values()].filter(
          (row) => !ws.identifiers.has(`${identifierKey(row)}\u0000${into}`)
        )
      )
      for (const m of messageIds) {
        const row = ws.events.get(m)
        if (row !== undefined) setIn(ws.events, m, { ...row, profileId: into })
      }
    },
    insertKeptApart: async (id, a, b) => {
      setIn(must(id).keptApart, a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`, [a, b] as const)
    },
    appendLedger: async (id, entries: ReadonlyArray<LedgerDraft>) => {
      const ledger = must(id).ledger
      const before = ledger.length
      let seq = ledger[ledger.length - 1]?.seq ?? 0
      for (const entry of entries) ledger.push({ seq: ++seq, entry: JSON.stringify(entry) })
      undo.push(() => void ledger.splice(before))
    }
  }

  const transaction = <A>(_workspaceId: string, work: (t: BackendTransaction) => Promise<A>): Promise<A> => {
    const run = async (): Promise<A> => {
      undo.length = 0
      try {
        return await work(tx)
      } catch (e) {
        for (let i = undo.length - 1; i >= 0; i--) undo[i]!()
        throw e
      } finally {
        undo.length = 0
      }
    }
    const result = queue.then(run, run)
    queue = result.catch(() => undefined)
    return result
  }

  return { read: tx, transaction, close: async () => undefined }
}
