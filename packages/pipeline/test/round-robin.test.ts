// Round-robin assignment (PIPE-7): fairness properties and the batch = singles law.
import fc from "fast-check"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { assignRoundRobin, createLead, type RoundRobinState, roundRobin, type Team } from "../src/index.js"
import { failure, invalidInput, ok, staff, T0 } from "./helpers.js"

type Availability = "active" | "away" | "inactive"
const teamOf = (weights: ReadonlyArray<number>, availability: (i: number) => Availability = () => "active"): Team => ({
  id: "sales",
  members: weights.map((weight, i) => ({ staffId: `s-${i}`, weight, availability: availability(i) }))
})
const arbWeights = fc.array(fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 100 })), { minLength: 1, maxLength: 8 })
const fresh: RoundRobinState = { lags: {} }

describe("round-robin (properties)", () => {
  it("from a fresh state every member is within one item of their weighted share after every pick", () => {
    fc.assert(
      fc.property(arbWeights, fc.integer({ min: 1, max: 400 }), (weights, n) => {
        const total = weights.reduce((a, b) => a + b, 0)
        const { assignees } = ok(roundRobin(teamOf(weights), fresh, n))
        const counts = weights.map(() => 0)
        let worst = 0
        assignees.forEach((staffId, pick) => {
          counts[Number(staffId.slice(2))]!++
          weights.forEach((w, i) => (worst = Math.max(worst, Math.abs(counts[i]! - ((pick + 1) * w) / total))))
        })
        expect(worst).toBeLessThan(1)
      })
    )
  })

  it("a burst is not special: one call for n equals any split of n into smaller calls", () => {
    fc.assert(
      fc.property(arbWeights, fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 10 }), (weights, batches) => {
        const team = teamOf(weights)
        const n = batches.reduce((a, b) => a + b, 0)
        const whole = ok(roundRobin(team, fresh, n))
        let state = fresh
        const pieces: Array<string> = []
        for (const size of batches) {
          const part = ok(roundRobin(team, state, size))
          pieces.push(...part.assignees)
          state = part.state
        }
        expect(pieces).toEqual(whole.assignees)
        expect(state).toEqual(whole.state)
      })
    )
  })

  it("as members go away and come back: the absent are never picked, and nobody drifts two items from their share", () => {
    fc.assert(
      fc.property(
        arbWeights,
        fc.array(fc.tuple(fc.array(fc.constantFrom<Availability>("active", "active", "away", "inactive"), { minLength: 8, maxLength: 8 }), fc.integer({ min: 1, max: 30 })), { maxLength: 20 }),
        (weights, phases) => {
          let state = fresh
          for (const [availability, n] of phases) {
            const team = teamOf(weights, (i) => availability[i]!)
            for (let pick = 0; pick < n; pick++) {
              const result = roundRobin(team, state, 1)
              if (team.members.every((m) => m.availability !== "active")) {
                expect(failure(result)).toMatchObject({ _tag: "NoAvailableAssignee", teamId: "sales", members: weights.length })
                break
              }
              const { assignees, state: next } = ok(result)
              const picked = team.members.find((m) => m.staffId === assignees[0])
              if (picked?.availability !== "active") expect.fail(`${assignees[0]} is ${picked?.availability}`)
              const drift = Math.max(...Object.values(next.lags).map(Math.abs), 0)
              if (drift >= 2) expect.fail(`a lag reached ${drift}`)
              state = next
            }
          }
        }
      )
    )
  })

  it("a member back from a long absence gets no burst: at most their share and two more in any stretch after", () => {
    fc.assert(
      fc.property(arbWeights.filter((w) => w.length >= 2), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 100 }), (weights, before, away, after) => {
        const total = weights.reduce((a, b) => a + b, 0)
        let state = ok(roundRobin(teamOf(weights), fresh, before)).state
        state = ok(roundRobin(teamOf(weights, (i) => (i === 0 ? "away" : "active")), state, away)).state
        const back = ok(roundRobin(teamOf(weights), state, after)).assignees
        let count = 0
        back.forEach((staffId, k) => {
          if (staffId === "s-0") count++
          expect(count).toBeLessThanOrEqual(((k + 1) * weights[0]!) / total + 2)
        })
      })
    )
  })
})

describe("round-robin (examples and errors)", () => {
  it("shares 2:1:1 as 500/250/250 over a bulk import of 1,000, never the same person three times running", () => {
    const { assignees } = ok(roundRobin(teamOf([2, 1, 1]), fresh, 1000))
    const counts = new Map<string, number>()
    for (const a of assignees) counts.set(a, (counts.get(a) ?? 0) + 1)
    expect(Object.fromEntries(counts)).toEqual({ "s-0": 500, "s-1": 250, "s-2": 250 })
    for (let i = 2; i < assignees.length; i++) expect(assignees[i] === assignees[i - 1] && assignees[i] === assignees[i - 2]).toBe(false)
  })

  it("drops members who left the team from the state", () => {
    const { state } = ok(roundRobin(teamOf([1, 1, 1]), fresh, 4))
    expect(Object.keys(state.lags).sort()).toEqual(["s-0", "s-1", "s-2"].filter((s) => state.lags[s] !== undefined && state.lags[s] !== 0))
    const shrunk = ok(roundRobin({ id: "sales", members: [{ staffId: "s-1", weight: 1, availability: "active" }] }, state, 1)).state
    expect(Object.keys(shrunk.lags).every((s) => s === "s-1")).toBe(true)
  })

  it("names the field and value of a bad team", () => {
    const error = invalidInput(roundRobin({ id: "sales", members: [{ staffId: "s-1", weight: 0, availability: "active" }, { staffId: "s-1", weight: 1, availability: "on_leave" as Availability }] }, fresh, 1))
    expect(error.issues.map((i) => i.path).sort()).toEqual(["members[0].weight", "members[1].availability"])
    expect(error.message).toContain("(found 0)")
    expect(failure(roundRobin({ id: "sales", members: [{ staffId: "s-1", weight: 1, availability: "active" }, { staffId: "s-1", weight: 1, availability: "active" }] }, fresh, 1)).message).toContain("s-1 is listed twice")
    expect(invalidInput(roundRobin(teamOf([1]), fresh, -1)).issues).toEqual([{ path: "count", message: expect.stringContaining("found -1") }])
  })

  it("assigns a batch of new leads, leaving those already assigned, with the round_robin rule as actor", () => {
    const at = new Date(T0)
    const leads = ["l-1", "l-2", "l-3", "l-4"].map((id, i) =>
      ok(createLead({ id, profileId: `p-${id}`, originRecordId: id, source: "file_import", at, actor: staff("s-admin"), ...(i === 1 ? { assignee: "s-9" } : {}) }))
    )
    const { items, state } = ok(assignRoundRobin(leads, teamOf([1, 1]), fresh, { at }))
    expect(items.map((l) => l.assignee)).toEqual(["s-0", "s-9", "s-1", "s-0"])
    expect(items[0]!.history.at(-1)).toMatchObject({ kind: "assignee", actor: { kind: "rule", id: "round_robin" }, to: "s-0" })
    expect(Result.isSuccess(roundRobin(teamOf([1, 1]), state, 1))).toBe(true)
  })
})
