import { identifierKey } from "@kith/identity"
import { namesAny } from "@kith/privacy"
import type { AuditRow, ConsentRow, PrivacyWrites, RequestRow, SuppressionRow } from "../port/privacy.js"
import { rowsOwnedBy } from "./anchored-rows.js"
import type { MemoryState } from "./state.js"

// Removes the entries of a map the predicate picks, undoably; returns how many went.
const removeWhere = <K, V>(memory: MemoryState, map: Map<K, V>, picks: (value: V, key: K) => boolean): number => {
  let removed = 0
  for (const [key, value] of [...map]) {
    if (!picks(value, key)) continue
    map.delete(key)
    memory.undo.push(() => map.set(key, value))
    removed++
  }
  return removed
}

// Keeps the elements of an array the predicate keeps, undoably; returns how many went.
const keepOnly = <V>(memory: MemoryState, list: Array<V>, keeps: (value: V) => boolean): number => {
  const before = [...list]
  const kept = before.filter(keeps)
  if (kept.length === before.length) return 0
  list.splice(0, list.length, ...kept)
  memory.undo.push(() => void list.splice(0, list.length, ...before))
  return before.length - kept.length
}

/**
 * The memory engine's privacy: consent rows, the audit trail, the
 * suppression list, requests and the workspace secret, owned by this feature;
 * an erasure removes the person from the engine's shared state (events,
 * identity, profiles, ledger). Every write goes through the undo log.
 *
 * @example
 * ```ts
 * const privacy = memoryPrivacy(makeMemoryState())
 * ```
 */
export const memoryPrivacy = (memory: MemoryState): PrivacyWrites => {
  const { setIn } = memory
  const consent = new Map<string, Map<string, ConsentRow>>()
  const audit = new Map<string, Array<AuditRow>>()
  const suppressions = new Map<string, Map<string, SuppressionRow>>()
  const requests = new Map<string, Map<string, RequestRow>>()
  const secrets = new Map<string, string>()
  const stopped = new Map<string, number>()
  const of = <V>(maps: Map<string, Map<string, V>>, workspaceId: string): Map<string, V> => {
    let held = maps.get(workspaceId)
    if (held === undefined) maps.set(workspaceId, (held = new Map()))
    return held
  }
  const trail = (workspaceId: string): Array<AuditRow> => {
    let held = audit.get(workspaceId)
    if (held === undefined) audit.set(workspaceId, (held = []))
    return held
  }
  return {
    consentOfProfiles: async (workspaceId, profileIds) => rowsOwnedBy(memory, workspaceId, consent.get(workspaceId)?.values() ?? [], profileIds),
    audit: async (workspaceId, f) =>
      (audit.get(workspaceId) ?? [])
        .filter((r) => r.seq > f.afterSeq && (f.target === undefined || r.target === f.target) && (f.action === undefined || r.action === f.action))
        .slice(0, f.limit),
    suppressedKeys: async (workspaceId, keys) => {
      const held = suppressions.get(workspaceId)
      return new Set(held === undefined ? [] : keys.filter((k) => held.has(k)))
    },
    suppressions: async (workspaceId) => [...(suppressions.get(workspaceId)?.values() ?? [])].sort((a, b) => a.createdAt - b.createdAt || (a.key < b.key ? -1 : 1)),
    requests: async (workspaceId) => [...(requests.get(workspaceId)?.values() ?? [])].sort((a, b) => a.receivedAt - b.receivedAt || (a.id < b.id ? -1 : 1)),
    secret: async (workspaceId) => secrets.get(workspaceId),
    stoppedEvents: async (workspaceId) => stopped.get(workspaceId) ?? 0,
    insertConsent: async (workspaceId, rows) => {
      const held = of(consent, workspaceId)
      for (const row of rows) {
        if (held.has(row.id)) throw new Error(`consent record ${row.id} is already stored`)
        setIn(held, row.id, row)
      }
    },
    appendAudit: async (workspaceId, rows) => {
      const held = trail(workspaceId)
      const before = held.length
      let seq = held.at(-1)?.seq ?? 0
      for (const row of rows) held.push({ ...row, seq: ++seq })
      memory.undo.push(() => void held.splice(before))
    },
    addSuppressions: async (workspaceId, rows) => {
      const held = of(suppressions, workspaceId)
      for (const row of rows) if (!held.has(row.key)) setIn(held, row.key, row)
    },
    countHits: async (workspaceId, hits, events, at) => {
      setIn(stopped, workspaceId, (stopped.get(workspaceId) ?? 0) + events)
      const held = of(suppressions, workspaceId)
      for (const [key, n] of hits) {
        const row = held.get(key)
        if (row !== undefined) setIn(held, key, { ...row, hits: row.hits + n, lastHitAt: Math.max(row.lastHitAt ?? at, at) })
      }
    },
    putRequest: async (workspaceId, row) => setIn(of(requests, workspaceId), row.id, row),
    putSecret: async (workspaceId, secret) => setIn(secrets, workspaceId, secret),
    erase: async (workspaceId, target) => {
      const ws = memory.must(workspaceId)
      const profiles = new Set(target.profileIds)
      const messages = new Set(target.messageIds)
      const names = new Set(target.names)
      for (const m of messages) {
        const record = ws.records.get(m)
        for (const i of record?.identifiers ?? []) {
          const key = identifierKey(i)
          setIn(ws.recordsByKey, key, (ws.recordsByKey.get(key) ?? []).filter((x) => x !== m))
        }
      }
      const keep = target.keep ?? new Map<string, string>()
      removeWhere(memory, ws.events, (_row, m) => messages.has(m) && !keep.has(m))
      for (const [m, payload] of keep) {
        const row = ws.events.get(m)
        if (row !== undefined) setIn(ws.events, m, { messageId: row.messageId, profileId: row.profileId, type: row.type, name: row.name, timestamp: row.timestamp, payload })
      }
      removeWhere(memory, ws.records, (_row, m) => messages.has(m))
      for (const [key, row] of [...ws.identifiers]) {
        if (!profiles.has(row.profileId)) continue
        const idKey = identifierKey(row)
        removeWhere(memory, ws.identifiers, (_r, k) => k === key)
        setIn(ws.owners, idKey, (ws.owners.get(idKey) ?? []).filter((p) => p !== row.profileId))
      }
      removeWhere(memory, ws.profiles, (row) => profiles.has(row.profileId) || (row.mergedInto !== null && profiles.has(row.mergedInto)))
      removeWhere(memory, ws.keptApart, ([a, b]) => profiles.has(a) || profiles.has(b))
      keepOnly(memory, ws.doNotMerge, ([a, b]) => !messages.has(a) && !messages.has(b))
      keepOnly(memory, ws.mustLink, ([a, b]) => !messages.has(a) && !messages.has(b))
      const ledgerEntries = keepOnly(memory, ws.ledger, (l) => !namesAny(JSON.parse(l.entry), names))
      removeWhere(memory, of(consent, workspaceId), (row) => messages.has(row.anchorRecordId))
      return { ledgerEntries }
    }
  }
}
