import { zonedClock } from "@kith/profile"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type SegmentInputs, activityRow, compileRule, emptyFacts, nextChange } from "@kith/segments"
import { ConditionKinds, type SegmentRule } from "@kith/segments"
import { arbCondition, arbInstant, arbRule, arbSegmentContext, arbSegmentInputs } from "@kith/segments/testing"

const DAY = 86_400_000

// The instants worth probing between asOf and a limit: every local midnight
// and the millisecond before it, every instant the inputs hold and the
// millisecond either side, and a few random ones. A change the engine missed
// would show at one of them.
const probes = (inputs: SegmentInputs, asOf: number, until: number, timeZone: string, random: ReadonlyArray<number>): Array<number> => {
  const clock = zonedClock(timeZone)
  const out: Array<number> = []
  for (let day = clock.dayOf(asOf) + 1; ; day++) {
    const midnight = clock.startOfDay(day)
    if (midnight >= until) break
    out.push(midnight, midnight - 1)
  }
  for (const row of inputs.activity) {
    for (const at of [row.at, row.completedAt, row.failedAt]) if (at !== null) out.push(at - 1, at, at + 1)
  }
  for (const r of random) out.push(asOf + 1 + Math.floor(r * (until - asOf - 1)))
  return out.filter((t) => t > asOf && t < until)
}

// The property: nothing changes strictly between asOf and the next change,
// and the verdict at the next change differs (so it is exact).
const checkNextChange = (timeZone: string, arbRules: fc.Arbitrary<SegmentRule>, numRuns: number) => {
  const options = { timeZone, references: ["seg-a"], maxDepth: 3 }
  fc.assert(
      fc.property(
        arbRules,
        arbSegmentContext(options),
        arbSegmentInputs("p-1", { ...options, maxRows: 12 }),
        arbInstant(options),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }),
        (rule, context, inputs, asOf, random) => {
          const compiled = compileRule(rule, context)
          const at = new Date(asOf)
          const verdict = compiled.evaluate(inputs, at)
          const next = compiled.nextChange(inputs, at)
          if (next !== null) {
            expect(next.getTime()).toBeGreaterThan(asOf)
            expect(compiled.evaluate(inputs, next)).toBe(!verdict)
          }
          // With no change, look 900 days ahead (past every instant the inputs hold).
          const until = next === null ? asOf + 900 * DAY : next.getTime()
          for (const t of probes(inputs, asOf, until, timeZone, random)) {
            if (compiled.evaluate(inputs, new Date(t)) !== verdict) {
              throw new Error(`verdict changed at ${new Date(t).toISOString()}, before the next change ${next?.toISOString() ?? "(none)"}`)
            }
          }
        }
      ),
      { numRuns }
    )
}

describe.each(["Asia/Ho_Chi_Minh", "America/New_York"])("nextChange in %s (SEG-8)", (timeZone) => {
  it("keeps the verdict of any rule at every instant strictly between asOf and the next change, and changes it there", () => {
    checkNextChange(timeZone, arbRule({ timeZone, references: ["seg-a"], maxDepth: 3 }), 150)
  })

  // Each kind on its own too: in random trees a kind's edge cases are rare.
  it.each(ConditionKinds.filter((kind) => kind !== "segment"))("is exact for a single %s condition", (kind) => {
    const conditions = arbCondition({ timeZone }).filter((c) => c.kind === kind)
    checkNextChange(timeZone, conditions.map((rule): SegmentRule => ({ version: 1, rule })), 100)
  })
})

describe("nextChange examples", () => {
  const asOf = (iso: string) => ({ asOf: new Date(iso) })

  it("a 30-day window: an order of 10 June (local) leaves it at local midnight starting 10 July", () => {
    const rule = { version: 1, rule: { kind: "orders", during: { withinLastDays: 30 }, count: { min: 1 } } } as const
    const order = activityRow("order", Date.parse("2025-06-10T23:59:00+07:00"), "SO-1", { completedAt: Date.parse("2025-06-12T10:00:00+07:00"), value: 1, currency: "VND" })
    const inputs = { facts: emptyFacts("p-1"), activity: [order] }
    expect(nextChange(rule, inputs, asOf("2025-06-20T00:00:00+07:00"))).toEqual(new Date("2025-07-10T00:00:00+07:00"))
    // Before the completion, the order does not count yet: the change is the completion itself.
    expect(nextChange(rule, inputs, asOf("2025-06-11T00:00:00+07:00"))).toEqual(new Date("2025-06-12T10:00:00+07:00"))
  })

  it("the same window in New York follows New York's midnights, across the DST change", () => {
    const rule = { version: 1, rule: { kind: "activity", of: ["product_viewed"], during: { withinLastDays: 3 } } } as const
    const viewed = activityRow("product_viewed", Date.parse("2025-11-01T22:00:00-04:00"), "m-1")
    const next = nextChange(rule, { facts: emptyFacts("p-1"), activity: [viewed] }, { asOf: new Date("2025-11-02T12:00:00-05:00"), context: { timeZone: "America/New_York" } })
    // 1 November + 3 local days = midnight starting 4 November, EST (-05:00) by then.
    expect(next).toEqual(new Date("2025-11-04T00:00:00-05:00"))
  })

  it("age: the next change is the birthday that crosses the range, 1 March for 29 February in a common year", () => {
    const rule = { version: 1, rule: { kind: "age", min: 25 } } as const
    const inputs = { facts: { ...emptyFacts("p-1"), birthday: "2000-02-29" }, activity: [] }
    expect(nextChange(rule, inputs, asOf("2024-06-01T00:00:00+07:00"))).toEqual(new Date("2025-03-01T00:00:00+07:00"))
  })

  it("following for at least 180 days: the change is the local midnight 180 days after the follow began", () => {
    const rule = { version: 1, rule: { kind: "follower", following: true, since: { notWithinLastDays: 180 } } } as const
    const followed = activityRow("followed", Date.parse("2025-01-10T15:00:00+07:00"), "m-1", { channel: "zalo" })
    const inputs = { facts: emptyFacts("p-1"), activity: [followed] }
    expect(nextChange(rule, inputs, asOf("2025-03-01T00:00:00+07:00"))).toEqual(new Date(Date.parse("2025-01-10T00:00:00+07:00") + 180 * DAY))
  })

  it("birthday this month: on at the first of the birthday's month, off at the first of the next", () => {
    const rule = { version: 1, rule: { kind: "birthday", thisMonth: true } } as const
    const inputs = { facts: { ...emptyFacts("p-1"), birthday: "1990-09-05" }, activity: [] }
    expect(nextChange(rule, inputs, asOf("2025-06-15T00:00:00+07:00"))).toEqual(new Date("2025-09-01T00:00:00+07:00"))
    expect(nextChange(rule, inputs, asOf("2025-09-15T00:00:00+07:00"))).toEqual(new Date("2025-10-01T00:00:00+07:00"))
  })

  it("none when only facts decide", () => {
    const rule = { version: 1, rule: { kind: "field", field: "tags", hasAny: ["vip"] } } as const
    expect(nextChange(rule, { facts: emptyFacts("p-1"), activity: [] }, asOf("2025-06-15T00:00:00+07:00"))).toBeNull()
  })
})
