import type { ProfileId } from "@kith/core"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { createResolver, type LedgerEntry, resolveBatch } from "../src/index.js"
import { rec, withSource, withTraits } from "./helpers.js"

const at = new Date("2025-06-01T00:00:00Z")
const pid = (recordId: string) => `p_${recordId}` as ProfileId

describe("resolution across channels (IDN-1, IDN-11)", () => {
  it("unifies a chat, a marketplace order and a web visit by phone written three ways", () => {
    const state = resolveBatch([
      withSource(rec("chat", 1, ["zalo_id", "4455667788"], ["phone", "0912 345 678"]), "zalo"),
      withSource(rec("order", 2, ["shopee_buyer_id", "sp-77"], ["phone", "+84 91-234-5678"]), "shopee"),
      withSource(rec("visit", 3, ["anonymous_id", "cookie-1"], ["phone", "84912345678"]), "web")
    ])
    expect(state.partition()).toEqual([["chat", "order", "visit"]])
    expect(state.profileOf("visit")).toBe(pid("chat"))
    expect(state.profile(pid("chat"))?.identifiers).toEqual([
      { type: "anonymous_id", value: "cookie-1" },
      { type: "phone", value: "+84912345678" },
      { type: "shopee_buyer_id", value: "sp-77" },
      { type: "zalo_id", value: "4455667788" }
    ])
  })

  it("keeps a marketplace apart when the workspace isolates it", () => {
    const records = [
      withSource(rec("store", 1, ["user_id", "u-1"], ["phone", "0912345678"]), "own_website"),
      withSource(rec("shopee", 2, ["shopee_buyer_id", "sp-77"], ["phone", "0912345678"]), "shopee"),
      withSource(rec("shopee-2", 3, ["shopee_buyer_id", "sp-77"]), "shopee")
    ]
    expect(resolveBatch(records).partition()).toEqual([["shopee", "shopee-2", "store"]])
    expect(resolveBatch(records, { policy: { isolatedSources: ["shopee"] } }).partition()).toEqual([["shopee", "shopee-2"], ["store"]])
  })

  it("never links on rejected or blocked values", () => {
    const state = resolveBatch([
      rec("a", 1, ["phone", "0000000000"], ["email", "test@test.com"]),
      rec("b", 2, ["phone", "0000000000"], ["email", "TEST@test.com"], ["user_id", "null"])
    ])
    expect(state.partition()).toEqual([["a"], ["b"]])
    expect(state.warnings().filter((w) => w.kind === "rejected")).toHaveLength(5)
    const explanation = Result.getOrThrow(state.explain("a", "b"))
    expect(explanation.joined).toBe(false)
    if (!explanation.joined) {
      expect(explanation.reasons).toContainEqual({ kind: "no_shared_identifiers" })
      expect(explanation.reasons).toContainEqual({ kind: "rejected_shared", identifier: { type: "phone", value: "0000000000" }, reason: "blocked" })
    }
  })
})

describe("guards (IDN-5)", () => {
  it("keeps two account holders apart even when they share a household phone", () => {
    const state = resolveBatch([
      rec("mom", 1, ["user_id", "u-mom"], ["phone", "0912345678"]),
      rec("son", 2, ["user_id", "u-son"], ["phone", "0912 345 678"]),
      rec("mom-2", 3, ["user_id", "u-mom"], ["email", "mom@gmail.com"])
    ])
    expect(state.partition()).toEqual([["mom", "mom-2"], ["son"]])
    expect(state.warnings()).toContainEqual({
      kind: "kept_apart",
      recordId: "son",
      identifier: { type: "phone", value: "+84912345678" },
      profileId: pid("son"),
      otherProfileId: pid("mom"),
      reason: "unique_conflict"
    })
    const why = Result.getOrThrow(state.explain("mom", "son"))
    expect(why.joined).toBe(false)
    if (!why.joined) {
      expect(why.reasons.map((r) => r.kind)).toContain("guard")
      expect(why.evidence).toEqual([{ from: "mom", to: "son", identifier: { type: "phone", value: "+84912345678" }, rule: "shared_identifier" }])
    }
  })

  it("never merges two national ids, whatever links them", () => {
    const state = resolveBatch([
      rec("a", 1, ["national_id", "001090012345"], ["email", "x@gmail.com"]),
      rec("b", 2, ["national_id", "001090099999"], ["phone", "0987654321"]),
      rec("bridge", 3, ["email", "x@gmail.com"], ["phone", "0987654321"])
    ])
    // the bridge leads to both, which the guard keeps apart: it joins neither (never a guess)
    expect(state.partition()).toEqual([["a"], ["b"], ["bridge"]])
    expect(state.warnings()).toContainEqual({
      kind: "ambiguous",
      recordId: "bridge",
      profileId: pid("bridge"),
      identifiers: [{ type: "phone", value: "+84987654321" }, { type: "email", value: "x@gmail.com" }],
      candidateProfileIds: [pid("a"), pid("b")]
    })
  })

  it("drops the lower-priority identifier when a limit would break, with a warning", () => {
    const policy = { types: { phone: { maxValuesPerProfile: 2 } } }
    const state = resolveBatch(
      [
        rec("r1", 1, ["user_id", "u-1"], ["phone", "0912000001"], ["phone", "0912000002"]),
        rec("r2", 2, ["user_id", "u-1"], ["phone", "0912000003"])
      ],
      { policy }
    )
    expect(state.partition()).toEqual([["r1", "r2"]])
    expect(state.profile(pid("r1"))?.identifiers.filter((i) => i.type === "phone")).toHaveLength(2)
    expect(state.warnings()).toContainEqual({ kind: "dropped", recordId: "r2", identifier: { type: "phone", value: "+84912000003" }, reason: "limit" })
  })

  it("does not link through a lower-priority identifier when that would break a higher-priority limit", () => {
    const policy = { types: { phone: { maxValuesPerProfile: 1 } } }
    const state = resolveBatch(
      [rec("r1", 1, ["phone", "0912000001"], ["email", "a@x.vn"]), rec("r2", 2, ["phone", "0912000002"], ["email", "a@x.vn"])],
      { policy }
    )
    // two phones on one email, over the phone limit of 1: the email is shared and links nobody
    expect(state.partition()).toEqual([["r1"], ["r2"]])
    expect(state.warnings()).toContainEqual({ kind: "quarantined", identifier: { type: "email", value: "a@x.vn" }, profileIds: [pid("r1"), pid("r2")] })
  })

  it("quarantines an identifier held by more profiles than the threshold", () => {
    // four account holders entered the shop's hotline as their phone
    const hotline = [1, 2, 3, 4].map((i) => rec(`u${i}`, i, ["user_id", `u-${i}`], ["phone", "0912999000"]))
    const anonymous = rec("anon", 10, ["anonymous_id", "c-1"], ["phone", "0912999000"])
    const state = resolveBatch([...hotline, anonymous], { policy: { quarantineThreshold: 3 } })
    expect(state.partition()).toEqual([["anon"], ["u1"], ["u2"], ["u3"], ["u4"]])
    const quarantined = state.warnings().filter((w) => w.kind === "quarantined")
    expect(quarantined).toEqual([
      { kind: "quarantined", identifier: { type: "phone", value: "+84912999000" }, profileIds: [pid("u1"), pid("u2"), pid("u3"), pid("u4"), pid("anon")] }
    ])
    // under the threshold the hotline is merely contested, and the anonymous chat, which leads to every holder, joins none
    const below = resolveBatch([...hotline.slice(0, 3), anonymous], { policy: { quarantineThreshold: 3 } })
    expect(below.partition()).toEqual([["anon"], ["u1"], ["u2"], ["u3"]])
    expect(below.warnings()).toContainEqual(expect.objectContaining({ kind: "ambiguous", recordId: "anon", candidateProfileIds: [pid("u1"), pid("u2"), pid("u3")] }))
  })
})

describe("incremental decisions and the ledger (IDN-6, IDN-7)", () => {
  it("creates, attaches and merges, and old ids resolve to the survivor", () => {
    const resolver = createResolver()
    expect(resolver.ingest(rec("a", 1, ["phone", "0912345678"])).kind).toBe("created")
    expect(resolver.ingest(rec("b", 2, ["email", "lan@gmail.com"])).kind).toBe("created")
    expect(resolver.ingest(rec("c", 3, ["phone", "0912345678"], ["zalo_id", "z-1"]))).toMatchObject({ kind: "attached", profileId: pid("a") })
    const merge = resolver.ingest(rec("d", 4, ["zalo_id", "z-1"], ["email", "Lan@Gmail.com"]))
    expect(merge).toMatchObject({ kind: "merged", profileId: pid("a"), mergedProfileIds: [pid("b")] })
    expect(resolver.currentProfileId(pid("b"))).toBe(pid("a"))
    expect(resolver.ingest(rec("d", 4, ["zalo_id", "z-1"]))).toMatchObject({ kind: "duplicate", profileId: pid("a") })
    const kinds = resolver.ledger().map((e) => e.kind)
    expect(kinds).toEqual(["created", "created", "linked", "merged", "linked"])
    const merged = resolver.ledger().find((e): e is Extract<LedgerEntry, { kind: "merged" }> => e.kind === "merged")!
    expect(merged).toMatchObject({ from: pid("b"), into: pid("a"), recordId: "d", identifier: { type: "email", value: "lan@gmail.com" }, rule: "shared_identifier" })
    expect(resolver.ledger().map((e) => e.seq)).toEqual([0, 1, 2, 3, 4])
  })

  it("writes created and linked entries with their keys in one order, as the stored ledger text has them", () => {
    const resolver = createResolver()
    resolver.ingest(rec("a", 1, ["phone", "0912345678"]))
    resolver.ingest(rec("c", 3, ["phone", "0912345678"], ["zalo_id", "z-1"]))
    const [created, linked] = resolver.ledgerFrom(0)
    expect(Object.keys(created!)).toEqual(["seq", "at", "recordId", "source", "profileId", "kind"])
    expect(Object.keys(linked!)).toEqual(["seq", "at", "recordId", "source", "profileId", "kind", "identifier", "rule"])
    expect(JSON.stringify(linked)).toBe(
      '{"seq":1,"at":"2025-03-01T00:03:00.000Z","recordId":"c","source":"web","profileId":"p_a","kind":"linked","identifier":{"type":"phone","value":"+84912345678"},"rule":"shared_identifier"}'
    )
  })

  it("reports drops, refusals and quarantines in the decision of the record that caused them", () => {
    const resolver = createResolver({ policy: { quarantineThreshold: 2, types: { email: { maxValuesPerProfile: 1 } } } })
    resolver.ingest(rec("u1", 1, ["user_id", "u-1"], ["phone", "0912999000"], ["email", "a@x.vn"]))
    const guarded = resolver.ingest(rec("u2", 2, ["user_id", "u-2"], ["phone", "0912999000"]))
    expect(guarded).toMatchObject({ kind: "created", profileId: pid("u2") })
    expect(guarded.warnings).toEqual([
      { kind: "kept_apart", recordId: "u2", identifier: { type: "phone", value: "+84912999000" }, profileId: pid("u2"), otherProfileId: pid("u1"), reason: "unique_conflict" }
    ])
    const dropped = resolver.ingest(rec("u1-b", 3, ["user_id", "u-1"], ["email", "b@x.vn"], ["phone", "null"]))
    expect(dropped).toMatchObject({ kind: "attached", profileId: pid("u1") })
    expect(dropped.warnings).toEqual([
      { kind: "rejected", recordId: "u1-b", identifier: { type: "phone", value: "null" }, reason: "blocked" },
      { kind: "dropped", recordId: "u1-b", identifier: { type: "email", value: "b@x.vn" }, reason: "limit" }
    ])
    const third = resolver.ingest(rec("u3", 4, ["user_id", "u-3"], ["phone", "0912 999 000"]))
    expect(third.warnings).toContainEqual({
      kind: "quarantined",
      identifier: { type: "phone", value: "+84912999000" },
      profileIds: [pid("u1"), pid("u2"), pid("u3")]
    })
    expect(resolver.ledger().filter((e) => e.kind === "warning").length).toBeGreaterThanOrEqual(4)
  })

  it("the ledger names the identifier that linked, never a quarantined one", () => {
    const records = [
      rec("u1", 1, ["user_id", "u-1"], ["phone", "0912999000"], ["email", "one@x.vn"]),
      rec("u2", 2, ["user_id", "u-2"], ["phone", "0912999000"]),
      rec("u3", 3, ["user_id", "u-3"], ["phone", "0912999000"]),
      rec("x", 4, ["email", "one@x.vn"], ["phone", "0912999000"])
    ]
    const policy = { quarantineThreshold: 2 }
    const incremental = createResolver({ policy })
    for (const record of records) incremental.ingest(record)
    for (const state of [resolveBatch(records, { policy }), incremental]) {
      expect(state.profileOf("x")).toBe(pid("u1"))
      expect(state.ledger().filter((e) => e.kind === "linked")).toMatchObject([{ recordId: "x", identifier: { type: "email", value: "one@x.vn" } }])
    }
  })

  it("renames a profile when an earlier record arrives late, and records it", () => {
    const resolver = createResolver()
    resolver.ingest(rec("late", 5, ["phone", "0912345678"]))
    const decision = resolver.ingest(rec("early", 1, ["phone", "0912345678"]))
    expect(decision).toMatchObject({ kind: "merged", profileId: pid("early"), mergedProfileIds: [pid("late")] })
    expect(resolver.currentProfileId(pid("late"))).toBe(pid("early"))
    expect(resolver.ledger().find((e) => e.kind === "merged")).toMatchObject({ rule: "earlier_record" })
  })

  it("a bulk load into a non-empty state records the merges it causes, and old ids keep resolving", () => {
    const resolver = createResolver()
    resolver.ingest(rec("r5", 5, ["phone", "0912345678"]))
    resolver.ingest(rec("r6", 6, ["phone", "0987654321"]))
    resolver.ingestBatch([rec("r1", 1, ["phone", "0912345678"], ["phone", "0987654321"])])
    expect(resolver.partition()).toEqual([["r1", "r5", "r6"]])
    expect(resolver.currentProfileId(pid("r5"))).toBe(pid("r1"))
    expect(resolver.currentProfileId(pid("r6"))).toBe(pid("r1"))
    const merges = resolver.ledger().filter((e) => e.kind === "merged")
    expect(merges).toMatchObject([
      { from: pid("r5"), into: pid("r1"), rule: "recompute", at: new Date(Date.UTC(2025, 2, 1, 0, 1)) },
      { from: pid("r6"), into: pid("r1"), rule: "recompute" }
    ])
    expect(resolver.ledger().map((e) => e.seq)).toEqual([0, 1, 2, 3, 4])
  })

  it("derives ledger entries for a bulk load and explains a chain", () => {
    const state = resolveBatch([
      rec("a", 1, ["phone", "0912345678"]),
      rec("b", 2, ["phone", "0912345678"], ["zalo_id", "z-1"]),
      rec("c", 3, ["zalo_id", "z-1"], ["email", "x@y.vn"])
    ])
    expect(state.ledger()).toMatchObject([
      { seq: 0, kind: "created", recordId: "a", profileId: pid("a") },
      { seq: 1, kind: "linked", recordId: "b", identifier: { type: "phone", value: "+84912345678" } },
      { seq: 2, kind: "linked", recordId: "c", identifier: { type: "zalo_id", value: "z-1" } }
    ])
    expect(Result.getOrThrow(state.explain("a", "c"))).toEqual({
      joined: true,
      profileId: pid("a"),
      chain: [
        { from: "a", to: "b", identifier: { type: "phone", value: "+84912345678" }, rule: "shared_identifier" },
        { from: "b", to: "c", identifier: { type: "zalo_id", value: "z-1" }, rule: "shared_identifier" }
      ]
    })
    expect(Result.isFailure(state.explain("a", "nope"))).toBe(true)
  })
})

describe("split (IDN-8)", () => {
  it("separates two records, remembers the pair and later records respect it", () => {
    const resolver = createResolver()
    resolver.ingestBatch([
      rec("lan", 1, ["phone", "0912345678"], ["email", "lan@gmail.com"]),
      rec("hoa", 2, ["phone", "0912345678"], ["email", "hoa@gmail.com"]),
      rec("hoa-2", 3, ["email", "hoa@gmail.com"], ["zalo_id", "z-hoa"])
    ])
    expect(resolver.partition()).toEqual([["hoa", "hoa-2", "lan"]])
    const outcome = Result.getOrThrow(resolver.split("lan", "hoa", { at, actor: "staff-1", reason: "sisters share a phone" }))
    expect(outcome.from).toBe(pid("lan"))
    expect(outcome.profiles.map((p) => p.recordIds)).toEqual([["lan"], ["hoa", "hoa-2"]])
    // the same evidence again does not re-merge them
    resolver.ingest(rec("hoa-3", 4, ["phone", "0912345678"], ["email", "hoa@gmail.com"]))
    expect(resolver.profileOf("hoa-3")).toBe(pid("hoa"))
    expect(resolver.profileOf("lan")).toBe(pid("lan"))
    expect(resolver.constraints()).toEqual({ doNotMerge: [["lan", "hoa"]], mustLink: [] })
    expect(resolver.ledger().some((e) => e.kind === "split")).toBe(true)
    // a rebuild with the saved constraints agrees
    const rebuilt = resolveBatch(
      [
        rec("hoa-3", 4, ["phone", "0912345678"], ["email", "hoa@gmail.com"]),
        rec("lan", 1, ["phone", "0912345678"], ["email", "lan@gmail.com"]),
        rec("hoa", 2, ["phone", "0912345678"], ["email", "hoa@gmail.com"]),
        rec("hoa-2", 3, ["email", "hoa@gmail.com"], ["zalo_id", "z-hoa"])
      ],
      { constraints: resolver.constraints() }
    )
    expect(rebuilt.partition()).toEqual(resolver.partition())
    const why = Result.getOrThrow(resolver.explain("lan", "hoa"))
    expect(why.joined === false && why.reasons.some((r) => r.kind === "do_not_merge")).toBe(true)
  })

  // Where each side goes, and what still links them, including the case where
  // the split-off side holds the profile's earliest record and so keeps its id.
  const sisters = [
    rec("lan", 1, ["phone", "0912345678"], ["email", "lan@gmail.com"]),
    rec("hoa", 2, ["phone", "0912345678"], ["email", "hoa@gmail.com"]),
    rec("hoa-2", 3, ["email", "hoa@gmail.com"], ["zalo_id", "z-hoa"])
  ]
  const phone = { type: "phone", value: "+84912345678" }
  it.each([
    { name: "the split-off record is a later one", a: "lan", b: "hoa", from: "lan", sideA: "lan", sideB: "hoa", linking: [phone], groups: [["lan"], ["hoa", "hoa-2"]] },
    { name: "the split-off record is the earliest: it keeps the id", a: "hoa", b: "lan", from: "lan", sideA: "hoa", sideB: "lan", linking: [phone], groups: [["lan"], ["hoa", "hoa-2"]] },
    { name: "a later record leaves", a: "hoa", b: "hoa-2", from: "lan", sideA: "lan", sideB: "hoa-2", linking: [{ type: "email", value: "hoa@gmail.com" }], groups: [["lan", "hoa"], ["hoa-2"]] }
  ])("says where each record went and what still links the sides: $name", ({ a, b, from, sideA, sideB, linking, groups }) => {
    const resolver = resolveBatch(sisters)
    const outcome = Result.getOrThrow(resolver.split(a, b, { at }))
    expect({ from: outcome.from, a: outcome.a, b: outcome.b, linking: outcome.linking }).toEqual({ from: pid(from), a: pid(sideA), b: pid(sideB), linking })
    expect(outcome.a).not.toBe(outcome.b)
    expect(outcome.profiles.map((p) => p.recordIds)).toEqual(groups)
    // then lookups: each record is where the outcome says, and a later record carrying only a linking identifier joins neither side
    expect(resolver.profileOf(a)).toBe(outcome.a)
    expect(resolver.profileOf(b)).toBe(outcome.b)
    for (const identifier of linking) {
      const later = resolver.ingest(rec("later", 9, [identifier.type, identifier.value]))
      expect(later.profileId).toBe(pid("later"))
      expect(later.warnings.some((w) => w.kind === "ambiguous")).toBe(true)
    }
  })

  it("names no linking identifier when only a manual merge joined the sides", () => {
    const resolver = resolveBatch([rec("a1", 1, ["user_id", "u-a"]), rec("b1", 2, ["user_id", "u-b"])])
    Result.getOrThrow(resolver.manualMerge(pid("a1"), pid("b1"), { at }))
    const outcome = Result.getOrThrow(resolver.split("b1", "a1", { at }))
    expect({ from: outcome.from, a: outcome.a, b: outcome.b, linking: outcome.linking }).toEqual({ from: pid("a1"), a: pid("b1"), b: pid("a1"), linking: [] })
  })

  it("keeps a manual merge that does not join the two sides of a split", () => {
    const resolver = createResolver()
    resolver.ingest(rec("a1", 1, ["phone", "0912345678"], ["email", "a1@x.vn"]))
    resolver.ingest(rec("a2", 2, ["phone", "0912345678"], ["email", "a2@x.vn"]))
    resolver.ingest(rec("b1", 3, ["user_id", "u-b"]))
    Result.getOrThrow(resolver.manualMerge(pid("a1"), pid("b1"), { at }))
    Result.getOrThrow(resolver.split("a1", "a2", { at }))
    expect(resolver.partition()).toEqual([["a1", "b1"], ["a2"]])
    expect(resolver.constraints()).toEqual({ doNotMerge: [["a1", "a2"]], mustLink: [["a1", "b1"]] })
    // splitting across the manual merge itself drops it
    Result.getOrThrow(resolver.split("a1", "b1", { at }))
    expect(resolver.partition()).toEqual([["a1"], ["a2"], ["b1"]])
    expect(resolver.constraints().mustLink).toEqual([])
  })

  it("refuses to split records that are already apart", () => {
    const state = resolveBatch([rec("a", 1, ["phone", "0912345678"]), rec("b", 2, ["phone", "0987654321"])])
    const result = state.split("a", "b", { at })
    expect(Result.isFailure(result) && result.failure._tag).toBe("InvalidIdentityOperation")
    expect(Result.isFailure(state.split("a", "zzz", { at })) ).toBe(true)
  })
})

describe("manual merge (IDN-9) and traits (IDN-10)", () => {
  const records = [
    withTraits(rec("a", 1, ["user_id", "u-1"], ["phone", "0912345678"]), { fullName: "Lan", otherPhones: ["0911111111"], city: "Hà Nội" }),
    withTraits(rec("b", 2, ["user_id", "u-2"], ["email", "lan@gmail.com"]), { fullName: "Nguyễn Thị Lan", otherPhones: ["0922222222"] })
  ]

  it("previews without changing anything, then merges with per-field choices", () => {
    const state = resolveBatch(records)
    const preview = Result.getOrThrow(state.previewManualMerge(pid("a"), pid("b")))
    expect(preview.into).toBe(pid("a"))
    expect(preview.identifierConflicts).toEqual([{ type: "user_id", values: ["u-1", "u-2"] }])
    expect(preview.traitConflicts.map((c) => c.name)).toEqual(["fullName", "otherPhones"])
    expect(preview.traits["otherPhones"]?.value).toEqual(["0911111111", "0922222222"])
    expect(state.partition()).toEqual([["a"], ["b"]])

    const merged = Result.getOrThrow(state.manualMerge(pid("a"), pid("b"), { at, actor: "staff-1", choices: { fullName: "a" } }))
    expect(merged.recordIds).toEqual(["a", "b"])
    expect(state.partition()).toEqual([["a", "b"]])
    expect(state.currentProfileId(pid("b"))).toBe(pid("a"))
    const traits = state.traitsOf(pid("a"))!
    expect(traits["fullName"]).toMatchObject({ value: "Lan", source: "manual" })
    expect(traits["city"]).toMatchObject({ value: "Hà Nội", source: "web" })
    expect(state.constraints().mustLink).toEqual([["a", "b"]])
    // and a split undoes it
    Result.getOrThrow(state.split("a", "b", { at }))
    expect(state.partition()).toEqual([["a"], ["b"]])
  })

  it("refuses a merge of a profile with itself or an unknown one", () => {
    const state = resolveBatch(records)
    expect(Result.isFailure(state.manualMerge(pid("a"), pid("a"), { at }))).toBe(true)
    expect(Result.isFailure(state.previewManualMerge(pid("a"), pid("zz")))).toBe(true)
  })
})
