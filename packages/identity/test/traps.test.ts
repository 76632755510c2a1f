import type { ProfileId } from "@kith/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { createResolver, type IdentityRecord, type IdentityResolver, resolveBatch } from "../src/index.js"
import { permutationArb } from "./arbitraries.js"
import { rec } from "./helpers.js"

// Real shops' traps: values many people type or use (the shop's hotline, a
// kiosk's device, a family's email) and records that lead to several people.
// kith must never merge different people through them, whatever the order.

const pid = (recordId: string) => `p_${recordId}` as ProfileId
const hotline = "028 3822 1234"
const phoneOf = (i: number) => `0912${String(100000 + i).padStart(6, "0")}`
const e164Of = (i: number) => `+84912${String(100000 + i).padStart(6, "0")}`

const oneByOne = (records: ReadonlyArray<IdentityRecord>): IdentityResolver => {
  const resolver = createResolver()
  for (const record of records) resolver.ingest(record)
  return resolver
}

const valuesOf = (state: IdentityResolver, profileId: ProfileId, type: string): Array<string> =>
  (state.profile(profileId)?.identifiers ?? []).filter((i) => i.type === type).map((i) => i.value)

describe("a shop hotline typed by n customers with emails of their own (IDN-5)", () => {
  const customers = (n: number) =>
    Array.from({ length: n }, (_, i) => rec(`c${String(i).padStart(2, "0")}`, i, ["email", `khach${i}@gmail.com`], ["phone", hotline]))

  for (let n = 2; n <= 40; n++) {
    it(`n = ${n}: no customer's email is dropped or shown on another's profile; over the email limit the hotline links nobody`, () => {
      const records = customers(n)
      for (const state of [resolveBatch(records), oneByOne([...records].reverse())]) {
        const warnings = state.warnings()
        expect(warnings.filter((w) => w.kind === "dropped")).toEqual([])
        if (n <= 5) {
          // Up to the limit, n emails on one phone look exactly like one person with n emails: one profile.
          expect(state.partition()).toHaveLength(1)
          continue
        }
        expect(state.partition()).toHaveLength(n)
        expect(warnings.filter((w) => w.kind === "quarantined")).toEqual([
          { kind: "quarantined", identifier: { type: "phone", value: "+842838221234" }, profileIds: records.map((r) => pid(r.recordId)) }
        ])
        for (const [i, record] of records.entries()) {
          expect(valuesOf(state, pid(record.recordId), "email")).toEqual([`khach${i}@gmail.com`])
          expect(valuesOf(state, pid(record.recordId), "phone")).toEqual([])
        }
      }
    })
  }

  it("a customer's own later order joins their profile through their email, not the hotline", () => {
    const records = [...customers(8), rec("c03-order", 50, ["email", "khach3@gmail.com"], ["phone", hotline], ["phone", "0987 111 222"])]
    for (const state of [resolveBatch(records), oneByOne([...records].reverse())]) {
      expect(state.profileOf("c03-order")).toBe(pid("c03"))
      expect(state.partition()).toHaveLength(8)
    }
  })
})

describe("a kiosk: 20 buyers with phones of their own on one device id", () => {
  const buyers = Array.from({ length: 20 }, (_, i) => rec(`k${String(i).padStart(2, "0")}`, i, ["device_id", "pos-tablet-1"], ["phone", phoneOf(i)]))
  const later = Array.from({ length: 20 }, (_, i) => rec(`k${String(i).padStart(2, "0")}-zalo`, 100 + i, ["phone", phoneOf(i)], ["zalo_id", `z-${i}`]))

  it("gives 20 profiles, each buyer's records together, whatever the order", () => {
    const records = [...buyers, ...later]
    const expected = buyers.map((b, i) => [b.recordId, later[i]!.recordId].sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1))
    for (const state of [resolveBatch(records), oneByOne([...records].reverse()), oneByOne(later.concat(buyers))]) {
      expect(state.partition()).toEqual(expected)
      expect(state.warnings().filter((w) => w.kind === "quarantined")).toMatchObject([{ identifier: { type: "device_id", value: "pos-tablet-1" } }])
      for (const [i, b] of buyers.entries()) expect(valuesOf(state, pid(b.recordId), "phone")).toEqual([e164Of(i)])
    }
  })
})

describe("a family email shared by six people with different phones", () => {
  it("gives six profiles; the email links nobody and is listed with the profiles it touches", () => {
    const family = Array.from({ length: 6 }, (_, i) => rec(`f${i}`, i, ["email", "giadinh.nguyen@gmail.com"], ["phone", phoneOf(i)]))
    for (const state of [resolveBatch(family), oneByOne([...family].reverse())]) {
      expect(state.partition()).toEqual(family.map((r) => [r.recordId]))
      expect(state.warnings().filter((w) => w.kind === "quarantined")).toEqual([
        { kind: "quarantined", identifier: { type: "email", value: "giadinh.nguyen@gmail.com" }, profileIds: family.map((r) => pid(r.recordId)) }
      ])
    }
  })

  it("one customer's seventh email (same account) is that customer's own overflow: dropped, nothing quarantined", () => {
    const mine = Array.from({ length: 7 }, (_, i) => rec(`m${i}`, i, ["user_id", "u-1"], ["phone", "0912345678"], ["email", `me${i}@gmail.com`]))
    const state = resolveBatch(mine)
    expect(state.partition()).toHaveLength(1)
    expect(state.warnings().filter((w) => w.kind === "quarantined")).toEqual([])
    expect(state.warnings().filter((w) => w.kind === "dropped")).toHaveLength(2)
    expect(valuesOf(state, pid("m0"), "phone")).toEqual(["+84912345678"])
  })
})

describe("an ambiguous record (IDN-5, IDN-7)", () => {
  const accounts = [1, 2, 3].map((i) => rec(`acc${i}`, i, ["user_id", `u-${i}`], ["phone", "0912345678"]))
  const anonymous = rec("anon", 10, ["anonymous_id", "cookie-9"], ["phone", "0912 345 678"])

  it("three accounts share a phone; a record with only that phone joins none of them and says so", () => {
    for (const state of [resolveBatch([...accounts, anonymous]), oneByOne([anonymous, ...accounts]), oneByOne([...accounts, anonymous])]) {
      expect(state.partition()).toEqual([["acc1"], ["acc2"], ["acc3"], ["anon"]])
      expect(state.warnings()).toContainEqual({
        kind: "ambiguous",
        recordId: "anon",
        profileId: pid("anon"),
        identifiers: [{ type: "phone", value: "+84912345678" }],
        candidateProfileIds: [pid("acc1"), pid("acc2"), pid("acc3")]
      })
    }
  })

  it("the incremental decision and the ledger carry the ambiguous entry", () => {
    const resolver = oneByOne(accounts)
    const decision = resolver.ingest(anonymous)
    expect(decision).toMatchObject({ kind: "created", profileId: pid("anon") })
    expect(decision.warnings).toContainEqual(expect.objectContaining({ kind: "ambiguous", candidateProfileIds: [pid("acc1"), pid("acc2"), pid("acc3")] }))
    expect(resolver.ledger()).toContainEqual(expect.objectContaining({ kind: "warning", warning: expect.objectContaining({ kind: "ambiguous", recordId: "anon" }) }))
  })

  it("a record with one account's own email besides the shared phone goes to that account (no guess needed)", () => {
    const withEmail = [rec("acc1", 1, ["user_id", "u-1"], ["phone", "0912345678"], ["email", "lan@gmail.com"]), ...accounts.slice(1)]
    const state = resolveBatch([...withEmail, rec("chat", 10, ["email", "lan@gmail.com"], ["phone", "0912345678"])])
    expect(state.profileOf("chat")).toBe(pid("acc1"))
  })
})

// Generated trap shapes (hotlines, kiosks, family emails, shared phones of
// accounts) among ordinary customers: every arrival order, in one batch or one
// by one or a bulk load then the rest, gives the same profiles with the same ids.
const trapShopArb: fc.Arbitrary<Array<IdentityRecord>> = fc
  .record({
    hotlineCustomers: fc.integer({ min: 0, max: 9 }),
    kioskBuyers: fc.integer({ min: 0, max: 9 }),
    familySize: fc.integer({ min: 0, max: 7 }),
    accounts: fc.integer({ min: 0, max: 4 }),
    anonymousOnShared: fc.integer({ min: 0, max: 2 }),
    minutes: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 40, maxLength: 40 }),
    crossLinks: fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })), { maxLength: 3 })
  })
  .map(({ hotlineCustomers, kioskBuyers, familySize, accounts, anonymousOnShared, minutes, crossLinks }) => {
    const out: Array<IdentityRecord> = []
    const at = (n: number) => minutes[n % minutes.length]!
    for (let i = 0; i < hotlineCustomers; i++) out.push(rec(`h${i}`, at(out.length), ["email", `h${i}@gmail.com`], ["phone", hotline]))
    for (let i = 0; i < kioskBuyers; i++) out.push(rec(`k${i}`, at(out.length), ["device_id", "kiosk"], ["phone", phoneOf(i)]))
    for (let i = 0; i < familySize; i++) out.push(rec(`f${i}`, at(out.length), ["email", "family@gmail.com"], ["phone", phoneOf(50 + i)]))
    for (let i = 0; i < accounts; i++) out.push(rec(`a${i}`, at(out.length), ["user_id", `u-${i}`], ["phone", "0987000111"]))
    for (let i = 0; i < anonymousOnShared; i++) out.push(rec(`x${i}`, at(out.length), ["phone", "0987000111"], ["anonymous_id", `c-${i}`]))
    // A customer's later order joins a hotline customer's email to a kiosk buyer's phone.
    for (const [h, k] of crossLinks) out.push(rec(`l${h}-${k}`, at(out.length), ["email", `h${h}@gmail.com`], ["phone", phoneOf(k)], ["phone", hotline]))
    return out
  })
  .filter((records) => new Set(records.map((r) => r.recordId)).size === records.length)

describe("order independence over generated traps (IDN-6)", () => {
  it("batch = incremental = bulk then incremental, for every arrival order", () => {
    const sorted = (state: IdentityResolver) => [...state.assignments().entries()].sort(([a], [b]) => (a < b ? -1 : 1))
    fc.assert(
      fc.property(
        trapShopArb.chain((records) => fc.record({ records: fc.constant(records), a: permutationArb(records), b: permutationArb(records), cut: fc.nat() })),
        ({ records, a, b, cut }) => {
          const reference = sorted(resolveBatch(records))
          expect(sorted(resolveBatch(a))).toEqual(reference)
          expect(sorted(oneByOne(a))).toEqual(reference)
          expect(sorted(oneByOne(b))).toEqual(reference)
          const split = cut % (b.length + 1)
          const mixed = createResolver()
          mixed.ingestBatch(b.slice(0, split))
          for (const record of b.slice(split)) mixed.ingest(record)
          expect(sorted(mixed)).toEqual(reference)
          // Without orders bridging them, no profile holds two customers' emails from a hotline over the limit.
          if (records.filter((r) => r.recordId.startsWith("h")).length > 5 && !records.some((r) => r.recordId.startsWith("l"))) {
            for (const profile of resolveBatch(records).profiles()) {
              expect(profile.identifiers.filter((i) => i.type === "email" && /^h\d@/.test(i.value)).length).toBeLessThanOrEqual(1)
            }
          }
        }
      ),
      { numRuns: 200 }
    )
  })
})
