// Properties of the contact policy (OUT-5, OUT-6): caps are never exceeded
// for any send sequence, policy and timezone; a held message is released
// exactly when its window opens; the decision is a pure function of its
// inputs; a transactional message is never blocked by a marketing cap.
import { localDateOf, localMonthOf } from "@kith/core"
import { TZDate } from "@date-fns/tz"
import { format } from "date-fns"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  type ContactPolicy,
  decide,
  type FrequencyCap,
  type MessagePurpose,
  MessagePurposes,
  type OutreachChannel,
  type SentMessage,
  vietnamContactPolicy
} from "../src/index.js"
import { localPeriodOf } from "../src/policy/local-periods.js"
import { DAY, HOUR, MINUTE, openRecipient, T0 } from "./helpers.js"

// Zones with and without daylight saving, whole-hour and odd offsets.
const TIME_ZONES = ["Asia/Ho_Chi_Minh", "UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham"]
const CHANNELS = ["sms", "zalo", "email"] as const satisfies ReadonlyArray<OutreachChannel>

const purposesArb = fc.subarray([...MessagePurposes], { minLength: 1 })
const capArb: fc.Arbitrary<FrequencyCap> = fc.record({
  channel: fc.constantFrom(...CHANNELS),
  purposes: purposesArb,
  per: fc.constantFrom("24h", "day", "week", "month"),
  max: fc.integer({ min: 0, max: 4 }),
  source: fc.constant("test")
})
const policyArb = (timeZone: string): fc.Arbitrary<ContactPolicy> =>
  fc.record({
    caps: fc.array(capArb, { maxLength: 4 }),
    withDefaults: fc.boolean(),
    hours: fc.boolean()
  }).map(({ caps, withDefaults, hours }) => ({
    ...vietnamContactPolicy,
    timeZone,
    advertisingLabels: [],
    caps: withDefaults ? [...vietnamContactPolicy.caps, ...caps] : caps,
    sendingHours: hours ? vietnamContactPolicy.sendingHours : []
  }))

const attemptArb = fc.record({
  gapMinutes: fc.oneof(fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 3 * 24 * 60 })),
  channel: fc.constantFrom(...CHANNELS),
  purpose: fc.constantFrom(...MessagePurposes)
})

// Independent oracles for the periods: the local date, ISO week and month as text.
const periodKey = (per: FrequencyCap["per"], t: number, timeZone: string): string =>
  per === "day" ? localDateOf(new Date(t), timeZone) : per === "month" ? localMonthOf(new Date(t), timeZone) : format(new TZDate(t, timeZone), "RRRR-'W'II")

const sendAll = (policy: ContactPolicy, timeZone: string, attempts: ReadonlyArray<{ gapMinutes: number; channel: OutreachChannel; purpose: MessagePurpose }>, start: number) => {
  const recipient = openRecipient({ timeZone })
  const history: Array<SentMessage> = []
  let t = start
  for (const a of attempts) {
    t += a.gapMinutes * MINUTE
    const decision = decide({ planId: "plan-1", channel: a.channel, purpose: a.purpose }, recipient, history, { now: new Date(t), policy })
    if (decision.verdict === "send") history.push({ channel: a.channel, purpose: a.purpose, at: new Date(t) })
  }
  return history
}

describe("frequency caps", () => {
  it("are never exceeded, for any send sequence, policy and timezone", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TIME_ZONES).chain((tz) => fc.tuple(fc.constant(tz), policyArb(tz))),
        fc.array(attemptArb, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 365 * DAY }),
        ([timeZone, policy], attempts, offset) => {
          const history = sendAll(policy, timeZone, attempts, T0 + offset)
          for (const cap of policy.caps) {
            const counted = history.filter((s) => s.channel === cap.channel && cap.purposes.includes(s.purpose))
            for (const s of counted) {
              const t = s.at.getTime()
              const inPeriod =
                cap.per === "24h"
                  ? counted.filter((o) => o.at.getTime() > t - 24 * HOUR && o.at.getTime() <= t)
                  : counted.filter((o) => periodKey(cap.per, o.at.getTime(), timeZone) === periodKey(cap.per, t, timeZone))
              expect(inPeriod.length).toBeLessThanOrEqual(cap.max)
            }
          }
        }
      ),
      { numRuns: 150 }
    )
  })

  it("let the cap's number through when nothing else stops them", () => {
    // Three promotion SMS in one morning go; the fourth is the cap.
    const policy = { ...vietnamContactPolicy, advertisingLabels: [] }
    const history = sendAll(policy, "Asia/Ho_Chi_Minh", Array.from({ length: 4 }, () => ({ gapMinutes: 30, channel: "sms" as const, purpose: "promotion" as const })), T0)
    expect(history).toHaveLength(3)
  })

  it("never block a transactional message when they cap marketing purposes only", () => {
    const marketingCap = capArb.map((cap) => ({ ...cap, purposes: cap.purposes.filter((p) => p !== "transactional") })).filter((cap) => cap.purposes.length > 0)
    fc.assert(
      fc.property(
        fc.constantFrom(...TIME_ZONES),
        fc.array(marketingCap, { maxLength: 5 }),
        fc.array(fc.record({ minutesAgo: fc.integer({ min: 0, max: 40 * 24 * 60 }), channel: fc.constantFrom(...CHANNELS), purpose: fc.constantFrom(...MessagePurposes) }), { maxLength: 80 }),
        fc.constantFrom(...CHANNELS),
        fc.integer({ min: 0, max: 365 * DAY }),
        (timeZone, caps, sent, channel, offset) => {
          const now = T0 + offset
          const history = sent.map((s) => ({ channel: s.channel, purpose: s.purpose, at: new Date(now - s.minutesAgo * MINUTE) }))
          for (const policy of [{ ...vietnamContactPolicy, caps }, { ...vietnamContactPolicy, caps: [...vietnamContactPolicy.caps, ...caps] }]) {
            const decision = decide({ planId: "plan-1", channel, purpose: "transactional" }, openRecipient({ timeZone }), history, { now: new Date(now), policy })
            expect(decision).toEqual({ verdict: "send", reason: "consented" })
          }
        }
      )
    )
  })
})

describe("local periods", () => {
  it("are exactly the local day, week or month of the instant, whatever instants were asked before (the reuse of the last period is exact)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...TIME_ZONES), fc.constantFrom("day" as const, "week" as const, "month" as const), fc.integer({ min: 0, max: 2 * 365 * DAY })), { minLength: 1, maxLength: 40 }),
        (asks) => {
          for (const [timeZone, per, offset] of asks) {
            const t = T0 + offset
            const { start, end } = localPeriodOf(per, t, timeZone)
            const key = periodKey(per, t, timeZone)
            expect(start <= t && t < end).toBe(true)
            expect([periodKey(per, start, timeZone), periodKey(per, end - 1, timeZone)]).toEqual([key, key])
            expect([periodKey(per, start - 1, timeZone), periodKey(per, end, timeZone)]).not.toContain(key)
          }
        }
      )
    )
  })
})

describe("sending hours", () => {
  const localMinute = (t: number, timeZone: string) => {
    const d = new TZDate(t, timeZone)
    return d.getHours() * 60 + d.getMinutes()
  }
  const timeArb = fc.integer({ min: 0, max: 23 * 60 + 59 }).map((m) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`)

  it("hold a message until the window opens, and release it exactly then", () => {
    fc.assert(
      fc.property(fc.constantFrom(...TIME_ZONES), timeArb, timeArb, fc.integer({ min: 0, max: 2 * 365 * DAY }), (timeZone, from, to, offset) => {
        fc.pre(from !== to)
        const policy: ContactPolicy = { ...vietnamContactPolicy, caps: [], advertisingLabels: [], sendingHours: [{ channel: "sms", purposes: ["promotion"], from, to, source: "test" }] }
        const message = { planId: "plan-1", channel: "sms", purpose: "promotion", text: "[QC] ưu đãi" } as const
        const recipient = openRecipient({ timeZone })
        const now = T0 + offset
        const decision = decide(message, recipient, [], { now: new Date(now), policy })
        const [f, e] = [from, to].map((x) => Number(x.slice(0, 2)) * 60 + Number(x.slice(3)))
        const open = (m: number) => (f! < e! ? m >= f! && m < e! : m >= f! || m < e!)
        if (decision.verdict === "send") {
          expect(open(localMinute(now, timeZone))).toBe(true)
          return
        }
        expect(decision.verdict).toBe("hold")
        if (decision.verdict !== "hold") return
        const until = decision.until.getTime()
        expect(open(localMinute(now, timeZone))).toBe(false)
        expect(until).toBeGreaterThan(now)
        expect(until - now).toBeLessThanOrEqual(26 * HOUR)
        // Released exactly at the opening: a millisecond before, still held until the same instant.
        expect(decide(message, recipient, [], { now: decision.until, policy })).toEqual({ verdict: "send", reason: "consented" })
        if (until - 1 > now) expect(decide(message, recipient, [], { now: new Date(until - 1), policy })).toEqual(decision)
      }),
      { numRuns: 300 }
    )
  })
})

describe("the decision", () => {
  const recipientArb = fc.record({
    timeZone: fc.constantFrom(...TIME_ZONES),
    reachableOn: fc.subarray([...CHANNELS]),
    pastBuyer: fc.boolean(),
    consent: fc.array(fc.record({ channel: fc.constantFrom(...CHANNELS), purpose: fc.constantFrom(...MessagePurposes), state: fc.constantFrom("granted", "denied", "withdrawn") }), { maxLength: 8 }),
    erased: fc.boolean(),
    suppressed: fc.boolean(),
    doNotContact: fc.boolean(),
    blockedShopOn: fc.subarray([...CHANNELS])
  }).map((r) => ({
    profileId: "p-1",
    timeZone: r.timeZone,
    reachableOn: r.reachableOn,
    pastBuyer: r.pastBuyer,
    contact: { consent: r.consent, suppression: { erased: r.erased, suppressed: r.suppressed, doNotContact: r.doNotContact, blockedShopOn: r.blockedShopOn } }
  }))

  it("is a pure function of message, recipient, history and options: same inputs, same decision, whatever the history's order; nothing is mutated", () => {
    fc.assert(
      fc.property(
        fc.record({ planId: fc.constantFrom("plan-1", "plan-2"), channel: fc.constantFrom(...CHANNELS), purpose: fc.constantFrom(...MessagePurposes), text: fc.constantFrom("[QC] Giảm giá", "Giảm giá"), holdoutPercent: fc.constantFrom(0, 10, 50) }),
        recipientArb,
        fc.array(fc.record({ minutesAgo: fc.integer({ min: 0, max: 40 * 24 * 60 }), channel: fc.constantFrom(...CHANNELS), purpose: fc.constantFrom(...MessagePurposes) }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 365 * DAY }),
        (message, recipient, sent, offset) => {
          const now = new Date(T0 + offset)
          const history = sent.map((s) => ({ channel: s.channel, purpose: s.purpose, at: new Date(now.getTime() - s.minutesAgo * MINUTE) }))
          const frozen = structuredClone({ message, recipient, history })
          const first = decide(message, recipient, history, { now })
          expect(decide(structuredClone(message), structuredClone(recipient), structuredClone(history), { now: new Date(now.getTime()) })).toEqual(first)
          expect(decide(message, recipient, [...history].reverse(), { now })).toEqual(first)
          expect({ message, recipient, history }).toEqual(frozen)
        }
      )
    )
  })
})
