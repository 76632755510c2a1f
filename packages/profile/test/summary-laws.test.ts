import type { KithEvent } from "@kith/core"
import fc from "fast-check"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  ActivityCounter,
  combineAllSummaries,
  combineSummaries,
  combineWorkspaceSummaries,
  emptySummary,
  emptyWorkspaceSummary,
  makeSummarizer,
  profile360,
  type ProfileSummary,
  summaryFromJson,
  summaryToJson,
  workspaceSummaryOf
} from "../src/index.js"
import { arbEvents, isIdempotentKind, withPrefix } from "./arbitraries.js"
import { track } from "./fixtures.js"

const summarizer = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" })
const canonical = (s: ProfileSummary) => summaryToJson(s)
const workspaceCanonical = (w: { readonly activity: ReadonlyMap<number, ReadonlyArray<number>> }) => [...w.activity].sort(([a], [b]) => a - b)

// The read model at a fixed instant: the metrics must agree as well, not only
// the state (dates compared as instants).
const ASOF = new Date("2026-06-30T17:00:00Z")
const viewOf = (s: ProfileSummary) => profile360({ profileId: "p", summary: s, workspace: workspaceSummaryOf([s]), asOf: ASOF })

const arbSplit = arbEvents(40).chain((events) => fc.tuple(fc.constant(events), fc.integer({ min: 0, max: events.length })))

describe("ProfileSummary combine laws", () => {
  it("summarize(a ++ b) = combine(summarize(a), summarize(b)) for any split", () => {
    fc.assert(
      fc.property(arbSplit, ([events, cut]) => {
        const whole = summarizer.summarize(events)
        const parts = combineSummaries(summarizer.summarize(events.slice(0, cut)), summarizer.summarize(events.slice(cut)))
        expect(canonical(parts)).toEqual(canonical(whole))
        expect(viewOf(parts)).toEqual(viewOf(whole))
      })
    )
  })

  it("combine is associative", () => {
    fc.assert(
      fc.property(arbEvents(15), arbEvents(15), arbEvents(15), (a, b, c) => {
        const [x, y, z] = [summarizer.summarize(a), summarizer.summarize(withPrefix(b, "b")), summarizer.summarize(withPrefix(c, "c"))]
        expect(canonical(combineSummaries(combineSummaries(x, y), z))).toEqual(canonical(combineSummaries(x, combineSummaries(y, z))))
      })
    )
  })

  it("combine is commutative", () => {
    fc.assert(
      fc.property(arbEvents(20), arbEvents(20), (a, b) => {
        const [x, y] = [summarizer.summarize(a), summarizer.summarize(withPrefix(b, "b"))]
        expect(canonical(combineSummaries(x, y))).toEqual(canonical(combineSummaries(y, x)))
      })
    )
  })

  it("emptySummary is the identity, and summarizes no events", () => {
    fc.assert(
      fc.property(arbEvents(20), (events) => {
        const s = summarizer.summarize(events)
        expect(canonical(combineSummaries(emptySummary, s))).toEqual(canonical(s))
        expect(canonical(combineSummaries(s, emptySummary))).toEqual(canonical(s))
      })
    )
    expect(summarizer.summarize([])).toBe(emptySummary)
  })

  it("is invariant under any permutation of the events", () => {
    fc.assert(
      fc.property(
        arbEvents(40).chain((events) => fc.tuple(fc.constant(events), fc.shuffledSubarray([...events], { minLength: events.length, maxLength: events.length }))),
        ([events, shuffled]) => {
          expect(canonical(summarizer.summarize(shuffled))).toEqual(canonical(summarizer.summarize(events)))
        }
      )
    )
  })

  it("summary of a profile = combine of its per-device sub-streams (a merge)", () => {
    fc.assert(
      fc.property(arbEvents(50), (events) => {
        const byDevice = new Map<string, Array<KithEvent>>()
        for (const e of events) {
          const device = e.context?.device?.id ?? "none"
          byDevice.set(device, [...(byDevice.get(device) ?? []), e])
        }
        const merged = combineAllSummaries([...byDevice.values()].map((stream) => summarizer.summarize(stream)))
        expect(canonical(merged)).toEqual(canonical(summarizer.summarize(events)))
        expect(viewOf(merged)).toEqual(viewOf(summarizer.summarize(events)))
      })
    )
  })

  it("a late event is one more combine", () => {
    fc.assert(
      fc.property(arbEvents(30), (events) => {
        const last = events[events.length - 1]
        if (last === undefined) return
        const early = summarizer.summarize(events.slice(0, -1))
        expect(canonical(summarizer.add(early, last))).toEqual(canonical(summarizer.summarize(events)))
      })
    )
  })

  it("is idempotent per messageId for orders, points, forms, identity and pages (joins)", () => {
    fc.assert(
      fc.property(arbEvents(40), (events) => {
        const joins = events.filter(isIdempotentKind)
        const s = summarizer.summarize(joins)
        expect(canonical(summarizer.summarize([...joins, ...joins]))).toEqual(canonical(s))
        expect(canonical(combineSummaries(s, s))).toEqual(canonical(s))
      })
    )
  })

  it("does not change its inputs when combining", () => {
    fc.assert(
      fc.property(arbEvents(20), arbEvents(20), (a, b) => {
        const [x, y] = [summarizer.summarize(a), summarizer.summarize(withPrefix(b, "b"))]
        const before = [JSON.stringify(canonical(x)), JSON.stringify(canonical(y))]
        combineSummaries(x, y)
        expect([JSON.stringify(canonical(x)), JSON.stringify(canonical(y))]).toEqual(before)
      })
    )
  })

  it("round-trips through its JSON form", () => {
    fc.assert(
      fc.property(arbEvents(40), (events) => {
        const s = summarizer.summarize(events)
        const back = summaryFromJson(JSON.parse(JSON.stringify(summaryToJson(s))))
        expect(Result.isSuccess(back)).toBe(true)
        if (Result.isSuccess(back)) expect(canonical(back.success)).toEqual(canonical(s))
      })
    )
    expect(Result.isFailure(summaryFromJson({ version: 2 }))).toBe(true)
  })

  it("folds an array, any other iterable and one event at a time alike, in zones with and without DST", () => {
    // The fold remembers the span of the last month it counted; a summary of
    // one event never uses that memory, so combining them is the reference.
    for (const timeZone of ["Asia/Ho_Chi_Minh", "America/New_York", "Australia/Lord_Howe"]) {
      const zoned = makeSummarizer({ timeZone })
      fc.assert(
        fc.property(arbEvents(40), (events) => {
          const whole = canonical(zoned.summarize(events))
          expect(canonical(zoned.summarize(new Set(events)))).toEqual(whole)
          expect(canonical(combineAllSummaries(events.map((event) => zoned.summarize([event]))))).toEqual(whole)
        }),
        { numRuns: 50 }
      )
    }
  })

  it("counts events on either side of a month's edge in their own month, in any order", () => {
    const ny = makeSummarizer({ timeZone: "America/New_York" })
    const joined = (at: string) => track("Campaign Joined", { campaignId: "c1" }, { at })
    const events = [
      joined("2025-05-31T23:59:59.999-04:00"),
      joined("2025-06-01T00:00:00.000-04:00"),
      joined("2025-05-31T23:30:00.000-04:00"),
      joined("2025-04-30T23:59:59.999-04:00"),
      joined("2025-06-30T23:59:59.999-04:00"),
      joined("2025-07-01T00:00:00.000-04:00")
    ]
    for (const summary of [ny.summarize(events), ny.summarize(new Set(events))]) {
      expect([...summary.activity].sort(([a], [b]) => a - b).map(([month, counts]) => [month, counts[ActivityCounter.campaignsJoined]])).toEqual([
        [2025 * 12 + 3, 1],
        [2025 * 12 + 4, 2],
        [2025 * 12 + 5, 2],
        [2025 * 12 + 6, 1]
      ])
    }
  })

  it("summarizeBy gives each key the summary of its own events", () => {
    fc.assert(
      fc.property(arbEvents(40), (events) => {
        const keyOf = (e: KithEvent) => e.context?.device?.id ?? "none"
        const byKey = summarizer.summarizeBy(events, keyOf, (e) => e)
        for (const [key, summary] of byKey) expect(canonical(summary)).toEqual(canonical(summarizer.summarize(events.filter((e) => keyOf(e) === key))))
      })
    )
  })
})

describe("WorkspaceSummary laws", () => {
  it("workspaceSummaryOf is a homomorphism: combining workspaces = summarizing all profiles", () => {
    fc.assert(
      fc.property(fc.array(arbEvents(15), { maxLength: 5 }), fc.nat(), (profiles, cutSeed) => {
        const summaries = profiles.map((events, i) => summarizer.summarize(withPrefix(events, `p${i}-`)))
        const cut = summaries.length === 0 ? 0 : cutSeed % (summaries.length + 1)
        const whole = workspaceSummaryOf(summaries)
        const parts = combineWorkspaceSummaries(workspaceSummaryOf(summaries.slice(0, cut)), workspaceSummaryOf(summaries.slice(cut)))
        expect(workspaceCanonical(parts)).toEqual(workspaceCanonical(whole))
        expect(workspaceCanonical(combineWorkspaceSummaries(whole, emptyWorkspaceSummary))).toEqual(workspaceCanonical(whole))
        expect(workspaceCanonical(combineWorkspaceSummaries(parts, whole))).toEqual(workspaceCanonical(combineWorkspaceSummaries(whole, parts)))
        // Merging two profiles leaves the workspace totals unchanged.
        expect(workspaceCanonical(workspaceSummaryOf([combineAllSummaries(summaries)]))).toEqual(workspaceCanonical(whole))
      })
    )
  })
})
