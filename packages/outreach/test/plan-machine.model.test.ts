// Model-based test of the plan machine (OUT-2, OUT-10): any sequence of
// actions by any actor at any time keeps the plan in a state the table
// allows, with a history that is a legal, time-ordered path; every refusal is
// typed (NotPermitted, IllegalPlanAction naming state and action, or
// InvalidInput) and leaves the plan exactly as it was.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { actOnPlan, createPlan, type Plan, type PlanActor, type PlanCommand, type PlanMove, type PlanStatus } from "../src/index.js"
import { automatedDefinition, failure, fullAudience, MINUTE, ok, oneTimeDefinition, staff, system, T0 } from "./helpers.js"

// The machine as the README states it.
const SPEC: Record<PlanMove, { readonly from: ReadonlyArray<PlanStatus>; readonly to: PlanStatus }> = {
  edit: { from: ["draft"], to: "draft" },
  delete: { from: ["draft", "cancelled"], to: "deleted" },
  schedule: { from: ["draft"], to: "scheduled" },
  send: { from: ["draft"], to: "in_progress" },
  start: { from: ["scheduled"], to: "in_progress" },
  cancel: { from: ["scheduled", "in_progress"], to: "cancelled" },
  complete: { from: ["in_progress"], to: "sent" }
}
// The default permissions as the README states them.
const MAY: Record<string, ReadonlyArray<string>> = {
  owner: ["create", "edit", "delete", "schedule", "send", "cancel"],
  marketer: ["create", "edit", "delete", "schedule", "cancel"],
  agent: []
}
const ACTORS: ReadonlyArray<PlanActor> = [staff("owner"), staff("marketer"), staff("agent"), system]
const PERIOD_FROM = T0 + 60 * MINUTE
const PERIOD_TO = T0 + 3 * 24 * 60 * MINUTE

interface Model {
  status: PlanStatus
  automated: boolean
  startAt: number | null
  clock: number
  changes: number
}
interface Real {
  plan: Plan
}

const mayAct = (actor: PlanActor, move: PlanMove) =>
  actor.kind === "system" ? move === "start" || move === "complete" : move !== "start" && move !== "complete" && (MAY[actor.role] ?? []).includes(move)

// A local wall-clock time in Hồ Chí Minh City (UTC+7 all year).
const localTime = (t: number) => new Date(t + 7 * 60 * MINUTE).toISOString().slice(0, 16)

/** What the model expects of an action the table and the actor allow: success, or which guard refuses it. */
const guardOf = (m: Model, move: PlanMove, at: number, sendAt: number, fullAudienceGiven: boolean): "ok" | "illegal" | "invalid" => {
  switch (move) {
    case "delete":
      return m.status === "cancelled" && m.automated ? "illegal" : "ok"
    case "schedule":
      if (m.automated) return PERIOD_TO <= at ? "illegal" : "ok"
      return Math.floor(sendAt / MINUTE) * MINUTE <= at ? "invalid" : "ok"
    case "send":
    case "start":
      if (move === "start" && m.startAt !== null && at < m.startAt) return "illegal"
      if (m.automated && PERIOD_TO <= at) return "illegal"
      return fullAudienceGiven ? "ok" : "invalid"
    case "cancel":
      return m.status === "scheduled" && m.startAt !== null && at >= m.startAt ? "illegal" : "ok"
    case "complete":
      return m.automated && at < PERIOD_TO ? "illegal" : "ok"
    case "edit":
      return "ok"
  }
}

class ActCommand implements fc.Command<Model, Real> {
  constructor(
    readonly move: PlanMove,
    readonly actor: PlanActor,
    readonly minutes: number,
    readonly sendInMinutes: number,
    readonly fullAudienceGiven: boolean
  ) {}
  check = () => true
  run(m: Model, r: Real): void {
    const before = structuredClone(r.plan)
    const at = m.clock + this.minutes * MINUTE
    const sendAt = at + this.sendInMinutes * MINUTE
    const audience = this.fullAudienceGiven ? fullAudience : fullAudience.slice(1)
    const command: PlanCommand =
      this.move === "edit"
        ? { action: "edit", definition: m.automated ? automatedDefinition(new Date(PERIOD_FROM), new Date(PERIOD_TO)) : oneTimeDefinition({ name: `Sửa lúc ${at}` }) }
        : this.move === "schedule"
          ? m.automated ? { action: "schedule" } : { action: "schedule", sendAt: localTime(sendAt) }
          : this.move === "send" || this.move === "start"
            ? { action: this.move, audience }
            : { action: this.move }
    const result = actOnPlan(r.plan, command, { at: new Date(at), actor: this.actor })
    if (!mayAct(this.actor, this.move)) {
      expect(failure(result)).toMatchObject({ _tag: "NotPermitted", action: this.move })
    } else if (!SPEC[this.move].from.includes(m.status)) {
      expect(failure(result)).toMatchObject({ _tag: "IllegalPlanAction", planId: "plan-1", state: m.status, action: this.move })
    } else {
      const expected = guardOf(m, this.move, at, sendAt, this.fullAudienceGiven)
      if (expected === "ok") {
        r.plan = ok(result)
        if (this.move === "schedule") m.startAt = m.automated ? PERIOD_FROM : Math.floor(sendAt / MINUTE) * MINUTE
        m.status = SPEC[this.move].to
        m.clock = at
        m.changes++
        expect(r.plan.history.at(-1)).toMatchObject({ action: this.move, to: m.status, actor: this.actor })
        if (this.move === "send" || this.move === "start") expect(r.plan.resolution).toEqual({ at: new Date(at), segments: fullAudience })
        return
      }
      expect(failure(result)._tag).toBe(expected === "illegal" ? "IllegalPlanAction" : "InvalidInput")
    }
    expect(r.plan).toEqual(before)
  }
  toString = () => `${this.move} by ${this.actor.kind === "system" ? "system" : this.actor.role} +${this.minutes}m${this.move === "schedule" ? ` at +${this.sendInMinutes}m` : ""}${this.fullAudienceGiven ? "" : " (audience incomplete)"}`
}

const checkInvariants = (m: Model, r: Real) => {
  const plan = r.plan
  expect(plan.status).toBe(m.status)
  expect(plan.startAt?.getTime() ?? null).toBe(m.startAt)
  expect(plan.history.length).toBe(m.changes)
  expect(plan.version).toBe(m.changes)
  expect(plan.history[0]).toMatchObject({ action: "create", from: null, to: "draft" })
  for (let i = 1; i < plan.history.length; i++) {
    const change = plan.history[i]!
    expect(change.from).toBe(plan.history[i - 1]!.to)
    expect(SPEC[change.action as PlanMove].from).toContain(change.from)
    expect(change.to).toBe(SPEC[change.action as PlanMove].to)
    expect(change.at.getTime()).toBeGreaterThanOrEqual(plan.history[i - 1]!.at.getTime())
  }
  expect(plan.history.at(-1)!.to).toBe(plan.status)
}

// Most commands come from an actor allowed to take them, so runs get deep into
// the machine; the rest from anyone, so refusals of every kind are drawn too.
const actorFor = (move: PlanMove) =>
  fc.oneof(
    { arbitrary: move === "start" || move === "complete" ? fc.constant(system) : fc.constantFrom(staff("owner"), staff("marketer")), weight: 4 },
    { arbitrary: fc.constantFrom(...ACTORS), weight: 1 }
  )

const command = fc
  .oneof(
    // Delete ends a run's interest: it is drawn less often than the moves that make progress.
    { arbitrary: fc.constantFrom<PlanMove>("edit", "schedule", "send", "start", "cancel", "complete"), weight: 6 },
    { arbitrary: fc.constant<PlanMove>("delete"), weight: 1 }
  )
  .chain((move) =>
    fc.tuple(
      fc.constant(move),
      actorFor(move),
      fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 6 * 60 }), fc.integer({ min: 0, max: 4 * 24 * 60 })),
      fc.integer({ min: -120, max: 3 * 24 * 60 }),
      fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 })
    )
  )
  .map(([move, actor, minutes, sendIn, full]) => new ActCommand(move, actor, minutes, sendIn, full))

describe("the plan machine, against its model", () => {
  it("any sequence of actions by anyone at any time keeps a legal plan; every refusal is typed and changes nothing", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.commands([command], { maxCommands: 40, size: "max" }), (automated, commands) => {
        const definition = automated ? automatedDefinition(new Date(PERIOD_FROM), new Date(PERIOD_TO)) : oneTimeDefinition()
        const plan = ok(createPlan({ id: "plan-1", definition }, { at: new Date(T0), actor: staff("marketer") }))
        expect(plan.kind).toBe(automated ? "automated" : "one_time")
        const model: Model = { status: "draft", automated, startAt: null, clock: T0, changes: 1 }
        const real: Real = { plan }
        fc.modelRun(() => ({ model, real }), [...commands].map((c) => wrap(c)))
      }),
      { numRuns: 200 }
    )
  })
})

// Checks the invariants after every command, so a failure names the step that broke them.
const wrap = (c: fc.Command<Model, Real>): fc.Command<Model, Real> => ({
  check: () => true,
  run: (m, r) => {
    c.run(m, r)
    checkInvariants(m, r)
  },
  toString: () => c.toString()
})
