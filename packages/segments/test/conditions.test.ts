import { rfmScores } from "@kith/profile"
import fc from "fast-check"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  type ActivityRow,
  type Condition,
  MissingRfmCutoffs,
  type ProfileFacts,
  type SegmentContext,
  type SegmentRule,
  SegmentReferenceCycle,
  UnknownSegmentReference,
  activityRow,
  checkSegmentReferences,
  compileRule,
  emptyFacts,
  evaluate,
  explain,
  rfmCutoffs,
  rfmInputOf,
  scoreAgainst,
  segmentReferencesOf
} from "@kith/segments"
import { arbInstant, arbSegmentInputs } from "@kith/segments/testing"

const at = (iso: string) => Date.parse(iso)
const is = (
  condition: Condition,
  options: { readonly facts?: Partial<ProfileFacts>; readonly rows?: ReadonlyArray<ActivityRow>; readonly asOf: string; readonly context?: SegmentContext }
): boolean =>
  evaluate(
    { version: 1, rule: condition },
    { facts: { ...emptyFacts("p-1"), ...options.facts }, activity: options.rows ?? [] },
    { asOf: new Date(options.asOf), ...(options.context === undefined ? {} : { context: options.context }) }
  )

const viewed = (iso: string, columns: Partial<ActivityRow> = {}) => activityRow("product_viewed", at(iso), `v-${iso}`, columns)
const orderRow = (iso: string, columns: Partial<ActivityRow> = {}) =>
  activityRow("order", at(iso), `o-${iso}`, { completedAt: at(iso), value: 100_000, currency: "VND", ...columns })

describe("time ranges (SEG-5)", () => {
  const during = (range: object): Condition => ({ kind: "activity", of: ["product_viewed"], during: range })

  it("the last N days are N local calendar days, today included", () => {
    const asOf = "2025-03-31T10:00:00+07:00"
    expect(is(during({ withinLastDays: 1 }), { rows: [viewed("2025-03-31T00:00:00+07:00")], asOf })).toBe(true)
    expect(is(during({ withinLastDays: 1 }), { rows: [viewed("2025-03-30T23:59:59.999+07:00")], asOf })).toBe(false)
    expect(is(during({ withinLastDays: 30 }), { rows: [viewed("2025-03-02T00:00:00+07:00")], asOf })).toBe(true)
    expect(is(during({ withinLastDays: 30 }), { rows: [viewed("2025-03-01T23:59:59.999+07:00")], asOf })).toBe(false)
  })

  it("day boundaries are the workspace's, not UTC's", () => {
    // 23:30 UTC on 30 March is 06:30 on 31 March in Hồ Chí Minh City: today there.
    expect(is(during({ withinLastDays: 1 }), { rows: [viewed("2025-03-30T23:30:00Z")], asOf: "2025-03-31T10:00:00+07:00" })).toBe(true)
    expect(
      is(during({ withinLastDays: 1 }), { rows: [viewed("2025-03-30T23:30:00Z")], asOf: "2025-03-31T10:00:00+07:00", context: { timeZone: "UTC" } })
    ).toBe(false)
  })

  it("nothing after asOf counts, and before-the-last and calendar dates bound it too", () => {
    const asOf = "2025-03-31T10:00:00+07:00"
    expect(is(during({}), { rows: [viewed("2025-03-31T10:00:00.001+07:00")], asOf })).toBe(false)
    expect(is(during({}), { rows: [viewed("2025-03-31T10:00:00+07:00")], asOf })).toBe(true)
    expect(is(during({ notWithinLastDays: 7 }), { rows: [viewed("2025-03-24T23:59:59+07:00")], asOf })).toBe(true)
    expect(is(during({ notWithinLastDays: 7 }), { rows: [viewed("2025-03-25T00:00:00+07:00")], asOf })).toBe(false)
    expect(is(during({ fromDate: "2025-03-10", toDate: "2025-03-10" }), { rows: [viewed("2025-03-10T23:59:59+07:00")], asOf })).toBe(true)
    expect(is(during({ fromDate: "2025-03-10", toDate: "2025-03-10" }), { rows: [viewed("2025-03-11T00:00:00+07:00")], asOf })).toBe(false)
  })
})

describe("purchase conditions", () => {
  const asOf = "2025-06-30T12:00:00+07:00"

  it("count successful orders at asOf: completed by then and not cancelled or failed by then", () => {
    const rows = [
      orderRow("2025-06-01T10:00:00+07:00"),
      orderRow("2025-06-02T10:00:00+07:00", { completedAt: at("2025-07-01T10:00:00+07:00") }),
      orderRow("2025-06-03T10:00:00+07:00", { failedAt: at("2025-06-05T10:00:00+07:00") }),
      orderRow("2025-06-04T10:00:00+07:00", { completedAt: null })
    ]
    const count = (status: "successful" | "placed" | "failed" | "pending", n: number) => is({ kind: "orders", status, count: { min: n, max: n } }, { rows, asOf })
    expect(count("successful", 1)).toBe(true)
    expect(count("placed", 4)).toBe(true)
    expect(count("failed", 1)).toBe(true)
    expect(count("pending", 2)).toBe(true)
    expect(is({ kind: "orders", count: { max: 0 } }, { rows: [], asOf })).toBe(true)
  })

  it("spend counts net values in the workspace currency; orderValue filters each order", () => {
    const rows = [orderRow("2025-06-01T10:00:00+07:00", { value: 700_000 }), orderRow("2025-06-02T10:00:00+07:00", { value: 400_000 }), orderRow("2025-06-03T10:00:00+07:00", { value: 50, currency: "USD" })]
    expect(is({ kind: "orders", spend: { min: 1_100_000, max: 1_100_000 } }, { rows, asOf })).toBe(true)
    expect(is({ kind: "orders", count: { min: 3 } }, { rows, asOf })).toBe(true)
    expect(is({ kind: "orders", orderValue: { min: 500_000 }, count: { min: 1, max: 1 } }, { rows, asOf })).toBe(true)
    expect(is({ kind: "orders", orderValue: { max: 100 }, count: { min: 1 } }, { rows, asOf })).toBe(false)
  })

  it("first and last order look at successful orders only", () => {
    const rows = [orderRow("2025-01-10T10:00:00+07:00", { failedAt: at("2025-01-11T10:00:00+07:00") }), orderRow("2025-06-20T10:00:00+07:00")]
    expect(is({ kind: "first_order", during: { withinLastDays: 30 } }, { rows, asOf })).toBe(true)
    expect(is({ kind: "last_order", during: { withinLastDays: 365, notWithinLastDays: 90 } }, { rows, asOf })).toBe(false)
    expect(is({ kind: "first_order", during: {} }, { rows: [], asOf })).toBe(false)
  })

  it("bought matches a line by product and category together", () => {
    const line = activityRow("order_line", at("2025-06-01T10:00:00+07:00"), "SO-1#0", { productId: "p-1", category: "Giày", completedAt: at("2025-06-02T10:00:00+07:00") })
    expect(is({ kind: "bought", productIds: ["p-1"] }, { rows: [line], asOf })).toBe(true)
    expect(is({ kind: "bought", productIds: ["p-1"], categories: ["Áo"] }, { rows: [line], asOf })).toBe(false)
    expect(is({ kind: "bought", categories: ["Giày"], during: { withinLastDays: 7 } }, { rows: [line], asOf })).toBe(false)
    expect(is({ kind: "bought", categories: ["Giày"] }, { rows: [line], asOf: "2025-06-01T12:00:00+07:00" })).toBe(false)
    expect(is({ kind: "bought", categories: ["Giày"], status: "pending" }, { rows: [line], asOf: "2025-06-01T12:00:00+07:00" })).toBe(true)
  })
})

describe("activity conditions", () => {
  const asOf = "2025-06-30T12:00:00+07:00"
  const rows = [
    activityRow("conversation", at("2025-06-20T10:00:00+07:00"), "c-1", { csat: 2, agent: "staff", channel: "zalo" }),
    activityRow("conversation", at("2025-06-21T10:00:00+07:00"), "c-2", { csat: 5, agent: "ai", channel: "web" }),
    activityRow("message_clicked", at("2025-06-22T10:00:00+07:00"), "m-1", { planId: "plan-tet", channel: "zalo", deviceType: "mobile", os: "iOS" }),
    activityRow("message_delivered", at("2025-06-22T09:00:00+07:00"), "m-0", { planId: "plan-tet", channel: "zalo" }),
    orderRow("2025-06-23T10:00:00+07:00")
  ]

  it("counts rows of the kinds that match every filter", () => {
    expect(is({ kind: "activity", of: ["conversation"], csat: { max: 2 } }, { rows, asOf })).toBe(true)
    expect(is({ kind: "activity", of: ["conversation"], csat: { max: 2 }, agents: ["ai"] }, { rows, asOf })).toBe(false)
    expect(is({ kind: "activity", of: ["conversation"], count: { min: 2, max: 2 } }, { rows, asOf })).toBe(true)
    expect(is({ kind: "activity", of: ["message_clicked"], planIds: ["plan-tet"] }, { rows, asOf })).toBe(true)
    expect(is({ kind: "activity", of: ["message_clicked"], planIds: ["plan-sale"] }, { rows, asOf })).toBe(false)
    expect(is({ kind: "activity", os: ["iOS"], during: { withinLastDays: 30 } }, { rows, asOf })).toBe(true)
  })

  it("with no kinds, counts every event row but orders", () => {
    expect(is({ kind: "activity", count: { min: 4, max: 4 } }, { rows, asOf })).toBe(true)
  })
})

describe("follower conditions", () => {
  const follow = (kind: "followed" | "unfollowed", iso: string, channel: string | null = "zalo") => activityRow(kind, at(iso), `${kind}-${iso}-${channel}`, { channel })
  const asOf = "2025-06-30T12:00:00+07:00"

  it("follows while the last follow comes after the last unfollow; an unfollow at the same instant wins", () => {
    const rows = [follow("followed", "2025-01-01T10:00:00+07:00"), follow("unfollowed", "2025-03-01T10:00:00+07:00"), follow("followed", "2025-06-10T10:00:00+07:00")]
    expect(is({ kind: "follower", following: true }, { rows, asOf })).toBe(true)
    expect(is({ kind: "follower", following: true, since: { withinLastDays: 30 } }, { rows, asOf })).toBe(true)
    expect(is({ kind: "follower", following: true, since: { notWithinLastDays: 90 } }, { rows, asOf })).toBe(false)
    const tie = [follow("followed", "2025-06-10T10:00:00+07:00"), follow("unfollowed", "2025-06-10T10:00:00+07:00")]
    expect(is({ kind: "follower", following: false }, { rows: tie, asOf })).toBe(true)
  })

  it("per channel: following on one channel is enough, unless channels say which", () => {
    const rows = [follow("followed", "2025-01-01T10:00:00+07:00", "zalo"), follow("followed", "2025-06-01T10:00:00+07:00", "tiktok"), follow("unfollowed", "2025-06-05T10:00:00+07:00", "tiktok")]
    expect(is({ kind: "follower", following: true }, { rows, asOf })).toBe(true)
    expect(is({ kind: "follower", following: true, channels: ["tiktok"] }, { rows, asOf })).toBe(false)
    expect(is({ kind: "follower", following: false, channels: ["tiktok"] }, { rows, asOf })).toBe(true)
    expect(is({ kind: "follower", following: true, since: { withinLastDays: 60 } }, { rows, asOf })).toBe(false)
  })
})

describe("demographic conditions", () => {
  it("age on the local date of asOf; 29 February turns a year older on 1 March in common years", () => {
    const facts = { birthday: "2000-02-29" }
    expect(is({ kind: "age", min: 25 }, { facts, asOf: "2025-02-28T23:00:00+07:00" })).toBe(false)
    expect(is({ kind: "age", min: 25 }, { facts, asOf: "2025-03-01T00:00:00+07:00" })).toBe(true)
    expect(is({ kind: "age", max: 200 }, { asOf: "2025-03-01T00:00:00+07:00" })).toBe(false)
  })

  it("generation bands: 25 is Gen Z, 26 a millennial, 55 Gen X, 56 a boomer, 17 none", () => {
    const band = (birthday: string) =>
      (["gen_z", "millennial", "gen_x", "boomer"] as const).filter((b) => is({ kind: "generation", in: [b] }, { facts: { birthday }, asOf: "2025-06-30T12:00:00+07:00" }))
    expect(band("2000-06-30")).toEqual(["gen_z"])
    expect(band("1999-06-30")).toEqual(["millennial"])
    expect(band("1970-06-30")).toEqual(["gen_x"])
    expect(band("1969-06-30")).toEqual(["boomer"])
    expect(band("2008-07-01")).toEqual([])
  })

  it("birthdays: by month, this month, or within the next days across the new year", () => {
    const facts = { birthday: "1990-01-02" }
    expect(is({ kind: "birthday", months: [1, 2] }, { facts, asOf: "2025-06-30T12:00:00+07:00" })).toBe(true)
    expect(is({ kind: "birthday", thisMonth: true }, { facts, asOf: "2025-01-31T23:00:00+07:00" })).toBe(true)
    expect(is({ kind: "birthday", thisMonth: true }, { facts, asOf: "2025-02-01T00:00:00+07:00" })).toBe(false)
    expect(is({ kind: "birthday", withinNextDays: 3 }, { facts, asOf: "2024-12-31T08:00:00+07:00" })).toBe(true)
    expect(is({ kind: "birthday", withinNextDays: 2 }, { facts, asOf: "2024-12-31T08:00:00+07:00" })).toBe(false)
    expect(is({ kind: "birthday", withinNextDays: 1 }, { facts, asOf: "2025-01-02T23:59:00+07:00" })).toBe(true)
  })
})

describe("facts and custom traits", () => {
  const asOf = "2025-06-30T12:00:00+07:00"
  it("compares fields by their type; a missing value matches nothing but its negation", () => {
    const facts = { gender: "female" as const, tags: ["vip", "sale"], points: 120 }
    expect(is({ kind: "field", field: "gender", in: ["female"] }, { facts, asOf })).toBe(true)
    expect(is({ kind: "field", field: "tier", in: ["gold"] }, { facts, asOf })).toBe(false)
    expect(is({ kind: "field", field: "tier", isSet: false }, { facts, asOf })).toBe(true)
    expect(is({ kind: "field", field: "tags", hasAll: ["vip", "sale"] }, { facts, asOf })).toBe(true)
    expect(is({ kind: "field", field: "tags", hasAll: ["vip", "new"] }, { facts, asOf })).toBe(false)
    expect(is({ kind: "field", field: "customerGroups", isSet: true }, { facts, asOf })).toBe(false)
    expect(is({ kind: "field", field: "points", min: 100, max: 120 }, { facts, asOf })).toBe(true)
  })

  it("a trait's type comes from the operator, and only the profile's own traits are seen", () => {
    const facts = { traits: { income: 25_000_000, occupation: "kỹ sư", verified: true, code: "25000000" } }
    expect(is({ kind: "trait", name: "income", min: 20_000_000 }, { facts, asOf })).toBe(true)
    expect(is({ kind: "trait", name: "code", min: 20_000_000 }, { facts, asOf })).toBe(false)
    expect(is({ kind: "trait", name: "occupation", in: ["kỹ sư"] }, { facts, asOf })).toBe(true)
    expect(is({ kind: "trait", name: "verified", is: true }, { facts, asOf })).toBe(true)
    expect(is({ kind: "trait", name: "constructor", isSet: true }, { facts, asOf })).toBe(false)
    expect(is({ kind: "trait", name: "toString", isSet: false }, { facts, asOf })).toBe(true)
  })
})

describe("RFM", () => {
  it("cut-offs reproduce @kith/profile's scores for every buyer", () => {
    const arbBuyers = fc.array(
      fc.record({
        days: fc.integer({ min: 0, max: 400 }),
        successfulOrders: fc.integer({ min: 1, max: 8 }),
        totalSpend: fc.integer({ min: 0, max: 20 }).map((n) => n * 250_000)
      }),
      { minLength: 1, maxLength: 40 }
    )
    fc.assert(
      fc.property(arbBuyers, (raw) => {
        const asOf = new Date("2025-06-30T17:00:00Z")
        const buyers = raw.map((b, i) => ({ profileId: `p-${i}`, lastPurchaseAt: new Date(asOf.getTime() - b.days * 86_400_000), successfulOrders: b.successfulOrders, totalSpend: b.totalSpend }))
        const options = { asOf, timeZone: "Asia/Ho_Chi_Minh" }
        const cutoffs = rfmCutoffs(buyers, options)
        for (const [id, score] of rfmScores(buyers, options)) {
          const buyer = buyers.find((b) => b.profileId === id)!
          expect(scoreAgainst(score.recencyDays, cutoffs.recencyDays, true)).toBe(score.recency)
          expect(scoreAgainst(buyer.successfulOrders, cutoffs.frequency)).toBe(score.frequency)
          expect(scoreAgainst(buyer.totalSpend, cutoffs.monetary)).toBe(score.monetary)
        }
      })
    )
  })

  it("the rfm condition gives each profile of a population its rfmScores label", () => {
    fc.assert(
      fc.property(fc.array(arbSegmentInputs("p"), { minLength: 1, maxLength: 12 }), arbInstant(), (population, asOfMs) => {
        const profiles = population.map((inputs, i) => ({ ...inputs, facts: { ...inputs.facts, profileId: `p-${i}` } }))
        const asOf = new Date(asOfMs)
        const context = { timeZone: "Asia/Ho_Chi_Minh", currency: "VND" }
        const buyers = profiles.map((inputs) => rfmInputOf(inputs, { asOf, currency: "VND" }))
        const scores = rfmScores(buyers, { asOf, timeZone: context.timeZone })
        const rfm = rfmCutoffs(buyers, { asOf, timeZone: context.timeZone })
        for (const inputs of profiles) {
          const label = scores.get(inputs.facts.profileId)?.label
          for (const candidate of ["champions", "loyal", "hibernating", "at_risk", "new_customer"] as const) {
            expect(evaluate({ version: 1, rule: { kind: "rfm", labels: [candidate] } }, inputs, { asOf, context: { ...context, rfm } })).toBe(label === candidate)
          }
        }
      }),
      { numRuns: 60 }
    )
  })

  it("an rfm condition without cut-offs is a typed error", () => {
    expect(() => compileRule({ version: 1, rule: { all: [{ kind: "rfm", labels: ["champions"] }] } })).toThrow(MissingRfmCutoffs)
  })
})

describe("segment references", () => {
  const vip = { version: 1, rule: { kind: "field", field: "tags", hasAny: ["vip"] } } as const
  it("means the referenced rule on the same inputs", () => {
    const context = { segments: new Map([["vip", vip]]) }
    const rule = { version: 1, rule: { not: { kind: "segment", segmentId: "vip" } } } as const
    expect(evaluate(rule, { facts: { ...emptyFacts("p-1"), tags: ["vip"] }, activity: [] }, { asOf: new Date(), context })).toBe(false)
    const explained = explain(rule, { facts: { ...emptyFacts("p-1"), tags: ["vip"] }, activity: [] }, { asOf: new Date(), context })
    expect(explained.children[0]?.text).toBe("segment vip: member, needs member")
    expect(explained.children[0]?.children[0]?.path).toBe('segments["vip"].rule')
  })

  it("an unknown segment or a cycle is a typed error", () => {
    expect(() => compileRule({ version: 1, rule: { any: [{ kind: "segment", segmentId: "nope" }] } })).toThrow(UnknownSegmentReference)
    const a = { version: 1, rule: { kind: "segment", segmentId: "b" } } as const
    const b = { version: 1, rule: { all: [{ kind: "segment", segmentId: "a" }] } } as const
    const segments = new Map<string, typeof a | typeof b>([["a", a], ["b", b]])
    expect(() => compileRule(a, { segments })).toThrow(SegmentReferenceCycle)
    const checked = checkSegmentReferences(segments)
    expect(Result.isFailure(checked) && checked.failure).toEqual(new SegmentReferenceCycle({ cycle: ["a", "b", "a"] }))
    const missing = checkSegmentReferences(new Map([["a", a]]))
    expect(Result.isFailure(missing) && missing.failure.message).toBe('segments["a"].rule: no segment "b" to refer to')
    const toVip: SegmentRule = { version: 1, rule: { kind: "segment", segmentId: "vip" } }
    expect(Result.isSuccess(checkSegmentReferences(new Map<string, SegmentRule>([["vip", vip], ["a", toVip]])))).toBe(true)
    expect(segmentReferencesOf(b)).toEqual([{ segmentId: "a", path: "rule.all[0]" }])
  })
})

describe("explain (SEG-7)", () => {
  it("says what each condition saw and needed", () => {
    const asOf = new Date("2025-06-30T12:00:00+07:00")
    const rule = {
      version: 1,
      rule: {
        all: [
          { kind: "orders", during: { withinLastDays: 30 }, count: { min: 1 } },
          { kind: "age", min: 18 },
          { not: { kind: "field", field: "tags", hasAny: ["blocked"] } }
        ]
      }
    } as const
    const explained = explain(rule, { facts: { ...emptyFacts("p-1"), birthday: "2000-01-01", tags: ["vip"] }, activity: [] }, { asOf })
    expect(explained).toMatchObject({ path: "rule", node: "all", verdict: false, text: "all of 3: 2 met, needs every one" })
    expect(explained.children.map((c) => [c.path, c.verdict, c.text])).toEqual([
      ["rule.all[0]", false, "successful orders in the last 30 days: 0, needs ≥ 1"],
      ["rule.all[1]", true, "age: 25, needs ≥ 18"],
      ["rule.all[2]", true, "not: the condition is not met, needs it not met"]
    ])
    expect(explained.children[2]?.children[0]).toMatchObject({ path: "rule.all[2].not", observed: ["vip"], text: "tags: [vip], needs any of blocked" })
  })
})
