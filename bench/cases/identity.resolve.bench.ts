import { resolveBatch, type IdentityRecord } from "@kith/identity"
import { generateShop } from "@kith/testkit"
import { defineBench } from "../harness.js"

// 1,000,000 testkit records (~3 raw identifiers each: phones in every written
// form, emails with case and space noise, junk values) resolved in one batch,
// including normalization, the blocklist and every guard.
// Baseline: a bare string-keyed union-find over the same raw values, only
// trimmed and lower-cased, that also assigns each record its component.

const N = 1_000_000

const setup = (): ReadonlyArray<IdentityRecord> => {
  const records: Array<IdentityRecord> = []
  // An active shop: 56,000 people at activity 4 (~18 records each) give just
  // over N records; take the first N. Fewer, busier people keep the generator's
  // own memory (people, devices) small, so peak RSS is mostly the records.
  for (const record of generateShop({ seed: 20261123, people: 56_000, activity: 4 }).records()) {
    records.push({ recordId: record.recordId, observedAt: record.observedAt, source: record.source, identifiers: record.identifiers })
    if (records.length === N) break
  }
  return records
}

const bareUnionFind = (records: ReadonlyArray<IdentityRecord>): Int32Array => {
  const nodeOf = new Map<string, number>()
  const parent: Array<number> = []
  const find = (x: number): number => {
    let root = x
    while (parent[root]! !== root) root = parent[root]!
    while (parent[x]! !== root) {
      const next = parent[x]!
      parent[x] = root
      x = next
    }
    return root
  }
  const firstNode = new Int32Array(records.length).fill(-1)
  for (let i = 0; i < records.length; i++) {
    let first = -1
    for (const identifier of records[i]!.identifiers) {
      const key = identifier.type + ":" + identifier.value.trim().toLowerCase()
      let node = nodeOf.get(key)
      if (node === undefined) {
        node = parent.length
        parent.push(node)
        nodeOf.set(key, node)
      }
      if (first === -1) first = node
      else {
        const a = find(first)
        const b = find(node)
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b)
      }
    }
    firstNode[i] = first
  }
  const component = new Int32Array(records.length)
  for (let i = 0; i < records.length; i++) component[i] = firstNode[i] === -1 ? -1 : find(firstNode[i]!)
  return component
}

export default defineBench({
  name: "identity.resolve",
  n: N,
  setup,
  run: (records) => resolveBatch(records).size,
  baseline: (records) => bareUnionFind(records).length,
  repeat: 5,
  targetRatio: 2.5
})
