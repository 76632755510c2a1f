import type { ProfileId } from "@kith/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { createResolver, resolveBatch, resolveIdentityPolicy } from "../src/index.js"
import type { IdentityRecord } from "../src/index.js"
import { junkIdentifiers, permutationArb, policyArb, recordsArb } from "./arbitraries.js"

const sorted = (map: Map<string, string>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1))

const incremental = (records: ReadonlyArray<IdentityRecord>, policy: Parameters<typeof createResolver>[0]) => {
  const resolver = createResolver(policy)
  for (const record of records) resolver.ingest(record)
  return resolver
}

const scenario = recordsArb().chain((records) =>
  fc.record({ records: fc.constant(records), policy: policyArb, orderA: permutationArb(records), orderB: permutationArb(records) })
)

describe("identity resolution properties (IDN-6)", () => {
  it("batch and incremental give the same profiles, with the same ids, for any order", () => {
    fc.assert(
      fc.property(scenario, ({ records, policy, orderA, orderB }) => {
        const reference = sorted(resolveBatch(records, { policy }).assignments())
        expect(sorted(resolveBatch(orderA, { policy }).assignments())).toEqual(reference)
        expect(sorted(incremental(orderA, { policy }).assignments())).toEqual(reference)
        expect(sorted(incremental(orderB, { policy }).assignments())).toEqual(reference)
      })
    )
  })

  it("a bulk load followed by incremental records agrees with one batch", () => {
    fc.assert(
      fc.property(scenario, fc.nat(), ({ records, policy, orderA }, cut) => {
        const split = cut % (orderA.length + 1)
        const resolver = createResolver({ policy })
        resolver.ingestBatch(orderA.slice(0, split))
        for (const record of orderA.slice(split)) resolver.ingest(record)
        expect(sorted(resolver.assignments())).toEqual(sorted(resolveBatch(records, { policy }).assignments()))
      })
    )
  })

  it("ledgerFrom(n) is the ledger from seq n on, across bulk loads and incremental records", () => {
    fc.assert(
      fc.property(scenario, fc.nat(), fc.nat(), ({ policy, orderA }, cut, from) => {
        const split = cut % (orderA.length + 1)
        const resolver = createResolver({ policy })
        resolver.ingestBatch(orderA.slice(0, split))
        const afterLoad = resolver.ledgerLength
        for (const record of orderA.slice(split)) resolver.ingest(record)
        const all = resolver.ledger()
        expect(resolver.ledgerLength).toBe(all.length)
        expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i))
        expect(resolver.ledgerFrom(afterLoad)).toEqual(all.slice(afterLoad))
        const n = from % (all.length + 1)
        expect(resolver.ledgerFrom(n)).toEqual(all.slice(n))
      })
    )
  })

  it("profileIdentifiers gives every profile's identifiers as profile does, by its id or an id merged into it", () => {
    fc.assert(
      fc.property(scenario, fc.nat(), ({ policy, orderA }, cut) => {
        // A bulk load then records one by one: identifiers both from component outcomes and from the records.
        const split = cut % (orderA.length + 1)
        const resolver = createResolver({ policy })
        resolver.ingestBatch(orderA.slice(0, split))
        for (const record of orderA.slice(split)) resolver.ingest(record)
        for (const profile of resolver.profiles()) expect(resolver.profileIdentifiers(profile.profileId)).toEqual(profile.identifiers)
        for (const record of orderA) {
          const own = `p_${record.recordId}` as ProfileId
          expect(resolver.profileIdentifiers(own)).toEqual(resolver.profile(own)?.identifiers)
        }
        expect(resolver.profileIdentifiers("p_nobody" as ProfileId)).toBeUndefined()
      })
    )
  })

  it("is idempotent: feeding records again changes nothing", () => {
    fc.assert(
      fc.property(scenario, ({ records, policy, orderA }) => {
        const resolver = incremental(records, { policy })
        const before = sorted(resolver.assignments())
        const ledgerLength = resolver.ledger().length
        for (const record of orderA) expect(resolver.ingest(record).kind).toBe("duplicate")
        expect(resolver.ingestBatch(orderA)).toMatchObject({ records: 0, duplicates: records.length })
        expect(sorted(resolver.assignments())).toEqual(before)
        expect(resolver.ledger()).toHaveLength(ledgerLength)
      })
    )
  })

  it("no profile ever holds two values of a unique type", () => {
    fc.assert(
      fc.property(scenario, ({ policy, orderA }) => {
        const resolved = resolveIdentityPolicy(policy)
        for (const state of [resolveBatch(orderA, { policy }), incremental(orderA, { policy })]) {
          for (const profile of state.profiles()) {
            const counts = new Map<string, number>()
            for (const identifier of profile.identifiers) counts.set(identifier.type, (counts.get(identifier.type) ?? 0) + 1)
            for (const [type, count] of counts) {
              expect(count).toBeLessThanOrEqual(resolved.ruleOf(type).maxValuesPerProfile)
            }
          }
        }
      })
    )
  })

  it("no blocked or invalid value ever links two records", () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.nat(junkIdentifiers.length - 1), { minLength: 1, maxLength: 30 }), ({ records, policy }, junk) => {
        const withJunk = records.map((record, i) => ({
          ...record,
          identifiers: [...record.identifiers, junkIdentifiers[junk[i % junk.length]!]!, junkIdentifiers[junk[(i * 7) % junk.length]!]!]
        }))
        expect(resolveBatch(withJunk, { policy }).partition()).toEqual(resolveBatch(records, { policy }).partition())
        const junkOnly = records.map((record, i) => ({ ...record, identifiers: [junkIdentifiers[junk[i % junk.length]!]!] }))
        expect(resolveBatch(junkOnly, { policy }).partition()).toEqual(records.map((r) => [r.recordId]))
      })
    )
  })

  it("after a split, re-feeding the same records (in any order, or as new copies) does not re-merge the pair (IDN-8)", () => {
    const at = new Date("2025-06-01T00:00:00Z")
    fc.assert(
      fc.property(scenario, fc.nat(), ({ records, policy, orderA, orderB }, pick) => {
        const resolver = incremental(orderA, { policy })
        const groups = resolver.partition().filter((group) => group.length > 1)
        fc.pre(groups.length > 0)
        const group = groups[pick % groups.length]!
        const [a, b] = [group[pick % group.length]!, group[(pick + 1) % group.length]!]
        expect(resolver.split(a, b, { at })._tag).toBe("Success")
        expect(resolver.profileOf(a)).not.toBe(resolver.profileOf(b))
        for (const record of orderB) resolver.ingest(record)
        for (const record of orderB) resolver.ingest({ ...record, recordId: `${record.recordId}-again` })
        expect(resolver.profileOf(a)).not.toBe(resolver.profileOf(b))
        // a rebuild from the saved constraints, in another order, reaches the same state
        const copies = orderB.map((record) => ({ ...record, recordId: `${record.recordId}-again` }))
        const rebuilt = resolveBatch([...copies, ...records].reverse(), { policy, constraints: resolver.constraints() })
        expect(sorted(rebuilt.assignments())).toEqual(sorted(resolver.assignments()))
        // and so does feeding them one by one to a resolver that starts with the constraints
        const replayed = incremental([...copies, ...orderA], { policy, constraints: resolver.constraints() })
        expect(sorted(replayed.assignments())).toEqual(sorted(resolver.assignments()))
      })
    )
  })

  it("explain agrees with the partition", () => {
    fc.assert(
      fc.property(scenario, fc.nat(), fc.nat(), ({ policy, orderA }, i, j) => {
        const state = resolveBatch(orderA, { policy })
        const a = orderA[i % orderA.length]!.recordId
        const b = orderA[j % orderA.length]!.recordId
        const explanation = state.explain(a, b)
        expect(explanation._tag).toBe("Success")
        if (explanation._tag !== "Success") return
        const same = state.profileOf(a) === state.profileOf(b)
        expect(explanation.success.joined).toBe(same)
        if (explanation.success.joined && a !== b) {
          const chain = explanation.success.chain
          expect(chain.length).toBeGreaterThan(0)
          expect(chain[0]!.from).toBe(a)
          expect(chain[chain.length - 1]!.to).toBe(b)
          for (const link of chain) expect(state.profileOf(link.to)).toBe(state.profileOf(a))
        }
      })
    )
  })
})

describe("mixing incremental and bulk loads", () => {
  it("incremental records, then a bulk load, then more records agree with one batch", () => {
    fc.assert(
      fc.property(scenario, fc.nat(), fc.nat(), ({ records, policy, orderA }, x, y) => {
        const first = x % (orderA.length + 1)
        const second = first + (y % (orderA.length - first + 1))
        const resolver = createResolver({ policy })
        const issued: Array<string> = []
        for (const record of orderA.slice(0, first)) issued.push(resolver.ingest(record).profileId)
        resolver.ingestBatch(orderA.slice(first, second))
        for (const record of orderA.slice(second)) issued.push(resolver.ingest(record).profileId)
        expect(sorted(resolver.assignments())).toEqual(sorted(resolveBatch(records, { policy }).assignments()))
        // every profile id ever handed out still resolves to a live profile (IDN-7)
        for (const profileId of issued) expect(resolver.currentProfileId(profileId as ProfileId)).toBeDefined()
      })
    )
  })
})

describe("a live feed in time order", () => {
  it("records arriving in canonical order (the common case) resolve like one batch", () => {
    fc.assert(
      fc.property(scenario, ({ records, policy }) => {
        const inOrder = [...records].sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime() || (a.recordId < b.recordId ? -1 : 1))
        expect(sorted(incremental(inOrder, { policy }).assignments())).toEqual(sorted(resolveBatch(records, { policy }).assignments()))
      })
    )
  })
})

describe("manual merges persist (IDN-9)", () => {
  it("a manual merge, saved as constraints, gives the same state when the records are resolved again in any order", () => {
    const at = new Date("2025-06-01T00:00:00Z")
    fc.assert(
      fc.property(scenario, fc.nat(), fc.nat(), ({ policy, orderA, orderB }, i, j) => {
        const resolver = resolveBatch(orderA, { policy })
        const profiles = [...resolver.profiles()].map((p) => p.profileId)
        fc.pre(profiles.length > 1)
        const a = profiles[i % profiles.length]!
        const b = profiles[(i + 1 + (j % (profiles.length - 1))) % profiles.length]!
        const merged = resolver.manualMerge(a, b, { at })
        expect(merged._tag).toBe("Success")
        expect(resolver.currentProfileId(a)).toBe(resolver.currentProfileId(b))
        const constraints = resolver.constraints()
        expect(sorted(resolveBatch(orderB, { policy, constraints }).assignments())).toEqual(sorted(resolver.assignments()))
        expect(sorted(incremental(orderB, { policy, constraints }).assignments())).toEqual(sorted(resolver.assignments()))
      })
    )
  })
})

describe("any sequence of ingests, splits and manual merges (IDN-6, IDN-8, IDN-9)", () => {
  it("leaves a state that the records plus the saved constraints reproduce, in any order", () => {
    const at = new Date("2025-06-01T00:00:00Z")
    const step = fc.oneof(
      { weight: 4, arbitrary: fc.constant({ op: "ingest" as const, pick: 0 }) },
      { weight: 1, arbitrary: fc.nat().map((pick) => ({ op: "split" as const, pick })) },
      { weight: 1, arbitrary: fc.nat().map((pick) => ({ op: "merge" as const, pick })) }
    )
    fc.assert(
      fc.property(scenario, fc.array(step, { maxLength: 30 }), ({ policy, orderA, orderB }, steps) => {
        const resolver = createResolver({ policy })
        let next = 0
        for (const { op, pick } of steps) {
          if (op === "ingest" && next < orderA.length) resolver.ingest(orderA[next++]!)
          else if (op === "split") {
            const groups = resolver.partition().filter((group) => group.length > 1)
            if (groups.length === 0) continue
            const group = groups[pick % groups.length]!
            expect(resolver.split(group[pick % group.length]!, group[(pick + 1) % group.length]!, { at })._tag).toBe("Success")
          } else if (op === "merge") {
            const profiles = [...resolver.profiles()].map((p) => p.profileId)
            if (profiles.length < 2) continue
            const a = profiles[pick % profiles.length]!
            const b = profiles[(pick + 1) % profiles.length]!
            expect(resolver.manualMerge(a, b, { at })._tag).toBe("Success")
          }
        }
        const seen = new Set(orderA.slice(0, next).map((r) => r.recordId))
        const fed = orderB.filter((r) => seen.has(r.recordId))
        const constraints = resolver.constraints()
        expect(sorted(resolveBatch(fed, { policy, constraints }).assignments())).toEqual(sorted(resolver.assignments()))
      })
    )
  })
})

describe("ingestion after a split keeps its fast paths where the split does not reach", () => {
  // The reference takes the slow path for every record: a pending do-not-merge
  // pair with a record that never arrives names each one, so each is
  // re-resolved with its component; the pair itself never comes into force.
  const slowPath = (records: ReadonlyArray<IdentityRecord>) => ({ doNotMerge: records.map((r) => [r.recordId, "never-arrives"] as const), mustLink: [] })
  const at = new Date("2025-06-01T00:00:00Z")

  it("with splits interleaved, every decision, the ledger and the profiles equal the slow path's, and one batch with the saved constraints", () => {
    fc.assert(
      fc.property(recordsArb(24), policyArb, fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 3 }), (records, policy, splits) => {
        const fast = createResolver({ policy })
        const slow = createResolver({ policy, constraints: slowPath(records) })
        const step = Math.max(1, Math.floor(records.length / (splits.length + 1)))
        let next = 0
        for (const [cut, pick] of splits) {
          const end = Math.min(records.length, next + 1 + (cut % (2 * step)))
          for (; next < end; next++) expect(fast.ingest(records[next]!)).toEqual(slow.ingest(records[next]!))
          const groups = fast.partition().filter((group) => group.length > 1)
          if (groups.length === 0) continue
          const group = groups[pick % groups.length]!
          const [a, b] = [group[pick % group.length]!, group[(pick + 1) % group.length]!]
          expect(fast.split(a, b, { at })).toEqual(slow.split(a, b, { at }))
        }
        for (; next < records.length; next++) expect(fast.ingest(records[next]!)).toEqual(slow.ingest(records[next]!))
        expect(fast.ledger()).toEqual(slow.ledger())
        expect(sorted(fast.assignments())).toEqual(sorted(slow.assignments()))
        expect(sorted(resolveBatch([...records].reverse(), { policy, constraints: fast.constraints() }).assignments())).toEqual(sorted(fast.assignments()))
      })
    )
  })
})
