import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type ConsentRecord, consentFor, consentState, type ConsentStateStatus, moreRestrictive } from "../src/index.js"

const PURPOSES = ["marketing", "transactional", "analytics"] as const
const CHANNELS = ["zalo", "sms", "email"] as const
const day = (n: number): Date => new Date(Date.UTC(2026, 0, 1 + n))

// Records of one side of a merge: made for profiles of that side only, each covering its own side's profiles.
const arbSide = (profiles: ReadonlyArray<string>, label: string): fc.Arbitrary<ReadonlyArray<ConsentRecord>> =>
  fc.array(
    fc.record({
      purpose: fc.constantFrom(...PURPOSES),
      channel: fc.constantFrom(...CHANNELS),
      status: fc.constantFrom("granted" as const, "denied" as const, "withdrawn" as const),
      at: fc.integer({ min: 0, max: 60 }),
      expires: fc.option(fc.integer({ min: 1, max: 90 }), { nil: undefined }),
      recordedOn: fc.constantFrom(...profiles),
      covers: fc.subarray([...profiles])
    }),
    { maxLength: 12 }
  ).map((drafts) =>
    drafts.map((d, i) => ({
      id: `${label}-${i}`,
      purpose: d.purpose,
      channel: d.channel,
      status: d.status,
      at: day(d.at),
      expiresAt: d.expires === undefined ? undefined : day(d.at + d.expires),
      source: "test",
      evidence: { i },
      recordedOn: d.recordedOn,
      covers: [...new Set([d.recordedOn, ...d.covers])],
      anchorRecordId: `m-${label}-${i}`
    }))
  )

const asOfArb = fc.integer({ min: 0, max: 120 }).map(day)

describe("consent state (PRIV-1, IDN-8)", () => {
  it("is 'none' (not allowed) with no record, unless the purpose needs no consent", () => {
    const asOf = day(0)
    expect(consentFor([], "marketing", "zalo", { asOf })).toEqual({ purpose: "marketing", channel: "zalo", status: "none", allowed: false, decidedBy: [] })
    expect(consentFor([], "transactional", "sms", { asOf })).toMatchObject({ status: "not_required", allowed: true })
    expect(consentFor([], "marketing", "sms", { asOf, purposes: [{ purpose: "marketing", requiresConsent: false }] }).allowed).toBe(true)
  })

  const base = { purpose: "marketing", channel: "zalo", source: "form", evidence: null, recordedOn: "p-1", covers: ["p-1"], anchorRecordId: "m-1" }
  it.each<[string, ReadonlyArray<Pick<ConsentRecord, "id" | "status" | "at"> & { expiresAt?: Date }>, number, ConsentStateStatus]>([
    ["a grant", [{ id: "a", status: "granted", at: day(1) }], 2, "granted"],
    ["a grant not yet made", [{ id: "a", status: "granted", at: day(5) }], 2, "none"],
    ["a grant then a withdrawal", [{ id: "a", status: "granted", at: day(1) }, { id: "b", status: "withdrawn", at: day(3) }], 4, "withdrawn"],
    ["a withdrawal then a new grant", [{ id: "a", status: "withdrawn", at: day(1) }, { id: "b", status: "granted", at: day(3) }], 4, "granted"],
    ["an expired grant", [{ id: "a", status: "granted", at: day(1), expiresAt: day(3) }], 3, "expired"],
    ["a denial and a grant at the same instant", [{ id: "a", status: "granted", at: day(1) }, { id: "b", status: "denied", at: day(1) }], 2, "denied"]
  ])("%s", (_name, records, asOf, expected) => {
    expect(consentFor(records.map((r) => ({ ...base, ...r })), "marketing", "zalo", { asOf: day(asOf) }).status).toBe(expected)
  })

  it("after a merge the most restrictive side wins until the person decides again for the merged profile", () => {
    const a = { ...base, id: "a", status: "withdrawn" as const, at: day(1) }
    const b = { ...base, id: "b", recordedOn: "p-2", covers: ["p-2"], anchorRecordId: "m-2", status: "granted" as const, at: day(5) }
    expect(consentFor([a, b], "marketing", "zalo", { asOf: day(10) })).toMatchObject({ status: "withdrawn", decidedBy: ["a"] })
    const again = { ...base, id: "c", covers: ["p-1", "p-2"], status: "granted" as const, at: day(8) }
    expect(consentFor([a, b, again], "marketing", "zalo", { asOf: day(10) })).toMatchObject({ status: "granted", decidedBy: ["c"] })
  })

  it("does not depend on the order its records arrive in", () => {
    fc.assert(
      fc.property(arbSide(["p-1", "p-2", "p-3"], "x").chain((records) => fc.tuple(fc.constant(records), fc.shuffledSubarray([...records], { minLength: records.length }))), asOfArb, ([records, shuffled], asOf) => {
        expect(consentState(shuffled, { asOf })).toEqual(consentState(records, { asOf }))
      })
    )
  })

  it("after a merge is the most restrictive of both sides, for every purpose × channel", () => {
    fc.assert(
      fc.property(arbSide(["a-1", "a-2"], "a"), arbSide(["b-1", "b-2"], "b"), asOfArb, (left, right, asOf) => {
        for (const purpose of PURPOSES) {
          for (const channel of CHANNELS) {
            const merged = consentFor([...left, ...right], purpose, channel, { asOf })
            const sides = [consentFor(left, purpose, channel, { asOf }), consentFor(right, purpose, channel, { asOf })]
            // A side without a record has no say; with no record anywhere the default stands.
            const decided = sides.filter((s) => s.decidedBy.length > 0).map((s) => s.status)
            const expected = decided.length === 0 ? sides[0]!.status : decided.reduce(moreRestrictive)
            expect(merged.status).toBe(expected)
            expect(merged.allowed).toBe(expected === "granted" || expected === "not_required")
          }
        }
      })
    )
  })

  it("a split gives each side's records back: each side's state is its own again", () => {
    fc.assert(
      fc.property(arbSide(["a-1"], "a"), arbSide(["b-1"], "b"), asOfArb, (left, right, asOf) => {
        const merged = [...left, ...right]
        const leftBack = merged.filter((r) => r.anchorRecordId.startsWith("m-a-"))
        expect(consentState(leftBack, { asOf })).toEqual(consentState(left, { asOf }))
      })
    )
  })
})
