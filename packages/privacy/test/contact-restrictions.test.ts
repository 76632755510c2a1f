import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type ContactRestrictionRecord, contactRestrictionsAt } from "../src/index.js"

const CHANNELS = ["zalo", "sms", "email"] as const
const day = (n: number): Date => new Date(Date.UTC(2026, 0, 1 + n))

// Records made for profiles p-1 and p-2 (two sides of a merge), some made for the merged profile (covering both).
const arbRecords: fc.Arbitrary<ReadonlyArray<ContactRestrictionRecord>> = fc
  .array(
    fc.record({
      channel: fc.option(fc.constantFrom(...CHANNELS), { nil: undefined }),
      status: fc.constantFrom("active" as const, "lifted" as const),
      at: fc.integer({ min: 0, max: 30 }),
      recordedOn: fc.constantFrom("p-1", "p-2"),
      merged: fc.boolean()
    }),
    { maxLength: 14 }
  )
  .map((drafts) =>
    drafts.map((d, i) => ({
      id: `r-${i}`,
      kind: d.channel === undefined ? ("do_not_contact" as const) : ("blocked_shop" as const),
      ...(d.channel === undefined ? {} : { channel: d.channel }),
      status: d.status,
      at: day(d.at),
      source: "test",
      evidence: null,
      recordedOn: d.recordedOn,
      covers: d.merged ? ["p-1", "p-2"] : [d.recordedOn],
      anchorRecordId: `m-${i}`
    }))
  )

describe("contactRestrictionsAt (OUT-5)", () => {
  it("depends only on the set of records, never on their order (property)", () => {
    fc.assert(
      fc.property(
        arbRecords.chain((records) => fc.tuple(fc.constant(records), fc.shuffledSubarray([...records], { minLength: records.length, maxLength: records.length }))),
        fc.integer({ min: -1, max: 32 }),
        ([records, shuffled], n) => {
          expect(contactRestrictionsAt(shuffled, day(n))).toEqual(contactRestrictionsAt(records, day(n)))
        }
      )
    )
  })

  it("on one profile the latest record of each question decides: blocked between a block and its unblock only (property)", () => {
    fc.assert(
      fc.property(arbRecords, fc.integer({ min: -1, max: 32 }), (all, n) => {
        const records = all.filter((r) => r.recordedOn === "p-1" && r.covers.length === 1)
        const latest = new Map<string, Array<ContactRestrictionRecord>>()
        for (const r of records) {
          if (r.at.getTime() > day(n).getTime()) continue
          const key = r.channel ?? "all"
          const held = latest.get(key)
          if (held === undefined || held[0]!.at.getTime() < r.at.getTime()) latest.set(key, [r])
          else if (held[0]!.at.getTime() === r.at.getTime()) held.push(r)
        }
        // Records made at the same instant both stand: one of them active keeps the restriction.
        const on = [...latest.entries()].filter(([, rs]) => rs.some((r) => r.status === "active")).map(([key]) => key)
        expect(contactRestrictionsAt(records, day(n))).toEqual({ doNotContact: on.includes("all"), blockedShopOn: on.filter((k) => k !== "all").sort() })
      })
    )
  })

  it("after a merge a restriction either side still has applies until one made for the merged profile lifts it", () => {
    const base = { source: "test", evidence: null, kind: "blocked_shop" as const, channel: "zalo" }
    const a = { ...base, id: "a", status: "active" as const, at: day(1), recordedOn: "p-1", covers: ["p-1"], anchorRecordId: "m-a" }
    const b = { ...base, id: "b", status: "lifted" as const, at: day(3), recordedOn: "p-2", covers: ["p-2"], anchorRecordId: "m-b" }
    expect(contactRestrictionsAt([a, b], day(5)).blockedShopOn).toEqual(["zalo"])
    const lift = { ...base, id: "c", status: "lifted" as const, at: day(4), recordedOn: "p-2", covers: ["p-2", "p-1"], anchorRecordId: "m-b" }
    expect(contactRestrictionsAt([a, b, lift], day(5)).blockedShopOn).toEqual([])
    expect(contactRestrictionsAt([a, b, lift], day(2)).blockedShopOn).toEqual(["zalo"])
  })
})
