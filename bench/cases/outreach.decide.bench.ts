import { decide, isHeldOut, type Recipient, type SentMessage } from "@kith/outreach"
import { defineBench } from "../harness.js"

// The contact policy (OUT-6) deciding one Zalo promotion for 100,000
// recipients under the Vietnamese defaults, each with 12 messages already
// sent in the last 40 days and a mix of consent, suppression, past buyers and
// addresses. Baseline: the same decision hand-written for this one message
// kind as plain TypeScript — the checks in the same order, Hồ Chí Minh City's
// fixed UTC+7 offset done by arithmetic, and the day and month caps by
// local-date arithmetic — which is the least any contact policy must do.

const N = 100_000
const HOUR = 3_600_000
const DAY = 24 * HOUR
const OFFSET = 7 * HOUR // Asia/Ho_Chi_Minh: UTC+7 all year
const NOW = new Date("2025-03-07T12:30:00+07:00")
const PLAN = "plan-bench"
const HOLDOUT = 10

interface Case {
  readonly recipient: Recipient
  readonly history: ReadonlyArray<SentMessage>
}

// A small deterministic generator, so both sides see the same recipients.
const lcg = (seed: number) => () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) | 0
  return (seed >>> 0) / 4294967296
}

const build = (): Array<Case> => {
  const random = lcg(20261205)
  const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(random() * xs.length)]!
  return Array.from({ length: N }, (_, i) => {
    const state = pick(["granted", "granted", "granted", "granted", "denied", "withdrawn", undefined] as const)
    const recipient: Recipient = {
      profileId: `p_r-${i}`,
      reachableOn: random() < 0.95 ? ["zalo", "sms"] : ["sms"],
      pastBuyer: random() < 0.8,
      contact: {
        consent: state === undefined ? [{ channel: "sms", purpose: "promotion", state: "granted" }] : [{ channel: "zalo", purpose: "care", state: "granted" }, { channel: "zalo", purpose: "promotion", state }],
        suppression: { erased: random() < 0.01, suppressed: random() < 0.01, doNotContact: random() < 0.02, blockedShopOn: random() < 0.03 ? ["zalo"] : [] }
      }
    }
    const history = Array.from({ length: 12 }, () => ({
      channel: pick(["zalo", "zalo", "sms", "email"] as const),
      purpose: pick(["promotion", "care", "transactional"] as const),
      at: new Date(NOW.getTime() - Math.floor(random() * 40 * DAY))
    }))
    return { recipient, history }
  })
}

const withPolicy = (cases: ReadonlyArray<Case>): Record<string, number> => {
  const counts: Record<string, number> = {}
  for (const { recipient, history } of cases) {
    const decision = decide({ planId: PLAN, channel: "zalo", purpose: "promotion", holdoutPercent: HOLDOUT }, recipient, history, { now: NOW })
    counts[decision.reason] = (counts[decision.reason] ?? 0) + 1
  }
  return counts
}

const localDay = (t: number) => Math.floor((t + OFFSET) / DAY)
const localMonth = (t: number) => {
  const d = new Date(t + OFFSET)
  return d.getUTCFullYear() * 12 + d.getUTCMonth()
}

const byHand = (cases: ReadonlyArray<Case>): Record<string, number> => {
  const counts: Record<string, number> = {}
  const now = NOW.getTime()
  const minute = ((now + OFFSET) % DAY) / 60_000
  const quiet = minute < 7 * 60 || minute >= 22 * 60
  const [today, month] = [localDay(now), localMonth(now)]
  const count = (reason: string) => (counts[reason] = (counts[reason] ?? 0) + 1)
  for (const { recipient: r, history } of cases) {
    const s = r.contact.suppression
    if (s.erased) count("erased")
    else if (s.suppressed) count("suppressed")
    else if (!r.reachableOn.includes("zalo")) count("no_address_for_channel")
    else if (s.blockedShopOn.includes("zalo")) count("blocked_shop")
    else if (s.doNotContact) count("do_not_contact")
    else {
      let state: string | undefined
      for (const c of r.contact.consent) if (c.channel === "zalo" && c.purpose === "promotion") state = c.state
      if (state === "withdrawn") count("withdrawn")
      else if (state === "denied") count("refused")
      else if (state === undefined) count("no_consent")
      else if (!r.pastBuyer) count("not_past_buyer")
      else if (isHeldOut(PLAN, r.profileId, HOLDOUT)) count("holdout")
      else if (quiet) count("quiet_hours")
      else {
        let day = 0
        let inMonth = 0
        for (const m of history) {
          if (m.channel !== "zalo" || m.purpose !== "promotion") continue
          const t = m.at.getTime()
          if (localDay(t) === today) day++
          if (localMonth(t) === month) inMonth++
        }
        count(day >= 1 ? "cap_day" : inMonth >= 30 ? "cap_month" : "consented")
      }
    }
  }
  return counts
}

export default defineBench({
  name: "outreach.decide",
  n: N,
  setup: () => {
    const cases = build()
    const [policy, hand] = [withPolicy(cases), byHand(cases)]
    const show = (c: Record<string, number>) => JSON.stringify(Object.fromEntries(Object.entries(c).sort()))
    console.error(`outreach.decide: ${N} recipients; ${show(policy)}`)
    if (show(policy) !== show(hand)) throw new Error(`the policy and the hand-written checks disagree: ${show(policy)} vs ${show(hand)}`)
    return cases
  },
  run: withPolicy,
  baseline: byHand,
  repeat: 7,
  processes: 2,
  targetRatio: 3
})
