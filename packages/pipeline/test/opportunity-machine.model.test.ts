// Model-based test of the opportunity machine (PIPE-4): any sequence of
// moves, potential changes and assignments keeps the opportunity in a
// reachable state with a legal history; refusals are typed and change nothing.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  assign,
  createOpportunity,
  type LostReason,
  moveOpportunity,
  type Opportunity,
  type OpportunityMove,
  type OpportunityStatus,
  type PotentialLevel,
  setPotential
} from "../src/index.js"
import { failure, MINUTE, ok, reachable, staff, T0 } from "./helpers.js"

// The machine as the README states it. `reopen` goes back to the status the opportunity was lost from.
const SPEC: Record<OpportunityMove["action"], ReadonlyArray<OpportunityStatus>> = {
  start: ["open"],
  win: ["open", "in_progress"],
  lose: ["open", "in_progress"],
  reopen: ["lost"]
}
const EDGES: ReadonlyArray<readonly [OpportunityStatus, OpportunityStatus]> = [
  ["open", "in_progress"],
  ["open", "won"],
  ["in_progress", "won"],
  ["open", "lost"],
  ["in_progress", "lost"],
  ["lost", "open"],
  ["lost", "in_progress"]
]
const REACHABLE = reachable<OpportunityStatus>(["open"], EDGES)

interface Model {
  status: OpportunityStatus
  lostFrom: OpportunityStatus | null
  potential: PotentialLevel
  wonOrderId: string | null
  wonValue: number | null
  lostReason: LostReason | null
  clock: number
  changes: number
  assignee: string | null
}
interface Real {
  opportunity: Opportunity
}

const checkInvariants = (m: Model, r: Real) => {
  const o = r.opportunity
  expect(o.status).toBe(m.status)
  expect(REACHABLE.has(o.status)).toBe(true)
  expect([o.potential, o.wonOrderId, o.wonValue, o.lostReason, o.assignee]).toEqual([m.potential, m.wonOrderId, m.wonValue, m.lostReason, m.assignee])
  expect(o.closedAt === null).toBe(o.status === "open" || o.status === "in_progress")
  expect(o.history.length).toBe(m.changes)
  expect(o.version).toBe(m.changes)
  const statuses = o.history.filter((c) => c.kind === "status")
  expect(statuses[0]).toMatchObject({ action: "create", from: null, to: "open" })
  for (let i = 1; i < statuses.length; i++) {
    const change = statuses[i]!
    expect(change.from).toBe(statuses[i - 1]!.to)
    expect(EDGES.some(([a, b]) => a === change.from && b === change.to)).toBe(true)
    expect(SPEC[change.action as OpportunityMove["action"]]).toContain(change.from)
  }
  expect(o.statusSince).toEqual(statuses.at(-1)!.at)
  for (let i = 1; i < o.history.length; i++) expect(o.history[i]!.at.getTime()).toBeGreaterThanOrEqual(o.history[i - 1]!.at.getTime())
}

class MoveCommand implements fc.Command<Model, Real> {
  constructor(readonly move: OpportunityMove, readonly minutes: number) {}
  check = () => true
  run(m: Model, r: Real): void {
    const before = structuredClone(r.opportunity)
    const at = new Date(m.clock + this.minutes * MINUTE)
    const result = moveOpportunity(r.opportunity, this.move, { at, actor: staff("s-1") })
    if (!SPEC[this.move.action].includes(m.status)) {
      expect(failure(result)).toMatchObject({ _tag: "IllegalMove", machine: "opportunity", itemId: "o-1", state: m.status, action: this.move.action })
      expect(r.opportunity).toEqual(before)
      checkInvariants(m, r)
      return
    }
    r.opportunity = ok(result)
    m.clock = at.getTime()
    m.changes++
    switch (this.move.action) {
      case "start":
        m.status = "in_progress"
        break
      case "win":
        m.status = "won"
        m.wonOrderId = this.move.orderId ?? null
        m.wonValue = this.move.value ?? 300_000
        break
      case "lose":
        m.lostFrom = m.status
        m.status = "lost"
        m.lostReason = this.move.lostReason
        break
      case "reopen":
        m.status = m.lostFrom!
        m.lostReason = null
        break
    }
    checkInvariants(m, r)
  }
  toString = () => `${JSON.stringify(this.move)} +${this.minutes}m`
}

class PotentialCommand implements fc.Command<Model, Real> {
  constructor(readonly level: PotentialLevel) {}
  check = () => true
  run(m: Model, r: Real): void {
    const before = structuredClone(r.opportunity)
    const result = setPotential(r.opportunity, this.level, { at: new Date(m.clock), actor: staff("s-1") })
    if ((m.status === "open" || m.status === "in_progress") && m.potential !== this.level) {
      r.opportunity = ok(result)
      m.potential = this.level
      m.changes++
    } else {
      expect(failure(result)).toMatchObject({ _tag: "IllegalMove", state: m.status, action: "set_potential" })
      expect(r.opportunity).toEqual(before)
    }
    checkInvariants(m, r)
  }
  toString = () => `potential(${this.level})`
}

class AssignCommand implements fc.Command<Model, Real> {
  constructor(readonly staffId: string | null) {}
  check = () => true
  run(m: Model, r: Real): void {
    const result = assign(r.opportunity, this.staffId, { at: new Date(m.clock), actor: staff("s-manager") })
    if (this.staffId === m.assignee) expect(failure(result)).toMatchObject({ _tag: "IllegalMove", machine: "opportunity", action: "assign" })
    else {
      r.opportunity = ok(result)
      m.assignee = this.staffId
      m.changes++
    }
    checkInvariants(m, r)
  }
  toString = () => `assign(${this.staffId})`
}

const arbMove: fc.Arbitrary<OpportunityMove> = fc.oneof(
  fc.constant({ action: "start" as const }),
  fc.record({ action: fc.constant("win" as const), orderId: fc.constantFrom("SO-1", "SO-2"), value: fc.integer({ min: 0, max: 10_000_000 }) }, { requiredKeys: ["action"] }),
  fc.record({ action: fc.constant("lose" as const), lostReason: fc.constantFrom<LostReason>("abandoned_checkout", "cancelled", "delivery_failed", "other") }),
  fc.constant({ action: "reopen" as const })
)

const commands = [
  fc.tuple(arbMove, fc.integer({ min: 0, max: 3000 })).map(([move, minutes]) => new MoveCommand(move, minutes)),
  fc.constantFrom<PotentialLevel>("high", "medium", "low").map((level) => new PotentialCommand(level)),
  fc.constantFrom<string | null>(null, "s-1", "s-2").map((s) => new AssignCommand(s))
]

describe("opportunity machine (model-based)", () => {
  it("keeps every opportunity reachable with a legal history; refusals are typed and change nothing", () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 60, size: "large" }), (cmds) => {
        const opportunity = ok(createOpportunity({ id: "o-1", profileId: "p-1", originRecordId: "m-1", at: new Date(T0), actor: staff("s-1"), cartValue: 300_000 }))
        const model: Model = { status: "open", lostFrom: null, potential: "medium", wonOrderId: null, wonValue: null, lostReason: null, clock: T0, changes: 1, assignee: null }
        fc.modelRun(() => ({ model, real: { opportunity } }), cmds)
      })
    )
  })

  it("names the field and the value of a bad move", () => {
    const opportunity = ok(createOpportunity({ id: "o-1", profileId: "p-1", originRecordId: "m-1", at: new Date(T0), actor: staff("s-1") }))
    const error = failure(moveOpportunity(opportunity, { action: "win", value: -5 }, { at: new Date(T0), actor: staff("s-1") }))
    expect(error).toMatchObject({ _tag: "InvalidInput", subject: "opportunity change", issues: [{ path: "value" }] })
    expect(error.message).toContain("found -5")
    const lost = failure(moveOpportunity(opportunity, { action: "lose", lostReason: "bored" as LostReason }, { at: new Date(T0), actor: staff("s-1") }))
    expect(lost.message).toBe('Invalid opportunity change: lostReason: Expected "abandoned_checkout" | "cancelled" | "delivery_failed" | "other" (found "bored")')
  })
})
