// Model-based test of the lead machine (PIPE-2): any sequence of moves, notes,
// assignments and back-dated changes keeps the lead in a reachable state with
// a legal history; every refused move is a typed error naming the state and
// the action, and leaves the lead exactly as it was.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { LeadStatus } from "@kith/core"
import { addCollaborator, addNote, assign, createLead, type Lead, type LeadMove, moveLead, removeCollaborator } from "../src/index.js"
import { failure, MINUTE, ok, reachable, staff, T0 } from "./helpers.js"

// The machine as the README states it: action → allowed from → to.
const SPEC: Record<LeadMove, { readonly from: ReadonlyArray<LeadStatus>; readonly to: LeadStatus }> = {
  submit: { from: ["draft"], to: "new" },
  receive: { from: ["new"], to: "received" },
  process: { from: ["received"], to: "processed" },
  close: { from: ["processed"], to: "closed" },
  reopen: { from: ["closed"], to: "received" },
  mark_spam: { from: ["new", "received"], to: "spam" },
  restore: { from: ["spam"], to: "new" }
}
const EDGES = Object.values(SPEC).flatMap(({ from, to }) => from.map((f) => [f, to] as const))
const REACHABLE = reachable<LeadStatus>(["draft", "new"], EDGES)
const STAFF = ["s-1", "s-2", "s-3"] as const

interface Model {
  status: LeadStatus
  clock: number
  changes: number
  notes: number
  assignee: string | null
  collaborators: Array<string>
}
interface Real {
  lead: Lead
}

const snapshot = (lead: Lead) => structuredClone(lead)

// After every command: the lead matches the model, and its history is a legal, time-ordered path.
const checkInvariants = (m: Model, r: Real) => {
  const lead = r.lead
  expect(lead.status).toBe(m.status)
  expect(REACHABLE.has(lead.status)).toBe(true)
  expect(lead.history.length).toBe(m.changes)
  expect(lead.notes.map((n) => n.no)).toEqual(Array.from({ length: m.notes }, (_, i) => i + 1))
  expect(lead.version).toBe(m.changes + m.notes)
  expect(lead.assignee).toBe(m.assignee)
  expect(lead.collaborators).toEqual(m.collaborators)
  const statuses = lead.history.filter((c) => c.kind === "status")
  expect(statuses[0]).toMatchObject({ action: "create", from: null })
  for (let i = 1; i < statuses.length; i++) {
    const change = statuses[i]!
    expect(change.from).toBe(statuses[i - 1]!.to)
    const rule = SPEC[change.action as LeadMove]
    expect(rule.from).toContain(change.from)
    expect(rule.to).toBe(change.to)
  }
  expect(statuses.at(-1)!.to).toBe(lead.status)
  expect(lead.statusSince).toEqual(statuses.at(-1)!.at)
  for (let i = 1; i < lead.history.length; i++) expect(lead.history[i]!.at.getTime()).toBeGreaterThanOrEqual(lead.history[i - 1]!.at.getTime())
}

class MoveCommand implements fc.Command<Model, Real> {
  constructor(readonly move: LeadMove, readonly minutes: number) {}
  check = () => true
  run(m: Model, r: Real): void {
    const before = snapshot(r.lead)
    const at = new Date(m.clock + this.minutes * MINUTE)
    const result = moveLead(r.lead, this.move, { at, actor: staff("s-1"), reason: "theo dõi" })
    if (SPEC[this.move].from.includes(m.status)) {
      r.lead = ok(result)
      m.status = SPEC[this.move].to
      m.clock = at.getTime()
      m.changes++
      expect(r.lead.history.at(-1)).toMatchObject({ kind: "status", action: this.move, reason: "theo dõi", actor: { kind: "staff", id: "s-1" } })
    } else {
      const error = failure(result)
      expect(error).toMatchObject({ _tag: "IllegalMove", machine: "lead", itemId: "l-1", state: m.status, action: this.move })
      expect(r.lead).toEqual(before)
    }
    checkInvariants(m, r)
  }
  toString = () => `move(${this.move}, +${this.minutes}m)`
}

class BackdatedMoveCommand implements fc.Command<Model, Real> {
  constructor(readonly move: LeadMove) {}
  check = (m: Readonly<Model>) => SPEC[this.move].from.includes(m.status) && m.changes > 1
  run(m: Model, r: Real): void {
    const before = snapshot(r.lead)
    const error = failure(moveLead(r.lead, this.move, { at: new Date(m.clock - MINUTE), actor: staff("s-1") }))
    expect(error).toMatchObject({ _tag: "InvalidInput", issues: [{ path: "at" }] })
    expect(r.lead).toEqual(before)
    checkInvariants(m, r)
  }
  toString = () => `backdated(${this.move})`
}

class NoteCommand implements fc.Command<Model, Real> {
  constructor(readonly text: string) {}
  check = () => true
  run(m: Model, r: Real): void {
    const before = snapshot(r.lead)
    const result = addNote(r.lead, { at: new Date(m.clock), authorId: "s-2", text: this.text })
    if (this.text.trim() === "") {
      expect(failure(result)).toMatchObject({ _tag: "InvalidInput", issues: [{ path: "text" }] })
      expect(r.lead).toEqual(before)
    } else {
      r.lead = ok(result)
      m.notes++
    }
    checkInvariants(m, r)
  }
  toString = () => `note(${JSON.stringify(this.text)})`
}

class AssignCommand implements fc.Command<Model, Real> {
  constructor(readonly staffId: string | null) {}
  check = () => true
  run(m: Model, r: Real): void {
    const before = snapshot(r.lead)
    const result = assign(r.lead, this.staffId, { at: new Date(m.clock), actor: staff("s-manager") })
    if (this.staffId === m.assignee) {
      expect(failure(result)).toMatchObject({ _tag: "IllegalMove", state: m.status, action: "assign" })
      expect(r.lead).toEqual(before)
    } else {
      r.lead = ok(result)
      m.assignee = this.staffId
      m.collaborators = m.collaborators.filter((c) => c !== this.staffId)
      m.changes++
    }
    checkInvariants(m, r)
  }
  toString = () => `assign(${this.staffId})`
}

class CollaboratorCommand implements fc.Command<Model, Real> {
  constructor(readonly staffId: string, readonly add: boolean) {}
  check = () => true
  run(m: Model, r: Real): void {
    const before = snapshot(r.lead)
    const options = { at: new Date(m.clock), actor: staff("s-manager") }
    const result = this.add ? addCollaborator(r.lead, this.staffId, options) : removeCollaborator(r.lead, this.staffId, options)
    const allowed = this.add ? this.staffId !== m.assignee && !m.collaborators.includes(this.staffId) : m.collaborators.includes(this.staffId)
    if (allowed) {
      r.lead = ok(result)
      m.collaborators = this.add ? [...m.collaborators, this.staffId] : m.collaborators.filter((c) => c !== this.staffId)
      m.changes++
    } else {
      expect(failure(result)).toMatchObject({ _tag: "IllegalMove", state: m.status, action: this.add ? "add_collaborator" : "remove_collaborator" })
      expect(r.lead).toEqual(before)
    }
    checkInvariants(m, r)
  }
  toString = () => `${this.add ? "add" : "remove"}Collaborator(${this.staffId})`
}

const moves = Object.keys(SPEC) as Array<LeadMove>
const commands = [
  fc.tuple(fc.constantFrom(...moves), fc.integer({ min: 0, max: 600 })).map(([move, minutes]) => new MoveCommand(move, minutes)),
  fc.constantFrom(...moves).map((move) => new BackdatedMoveCommand(move)),
  fc.constantFrom("Khách hẹn gọi lại", "  ", "Đã gửi báo giá").map((text) => new NoteCommand(text)),
  fc.constantFrom<string | null>(null, ...STAFF).map((s) => new AssignCommand(s)),
  fc.tuple(fc.constantFrom(...STAFF), fc.boolean()).map(([s, add]) => new CollaboratorCommand(s, add))
]

describe("lead machine (model-based)", () => {
  it("keeps every lead reachable with a legal history; refusals are typed and change nothing", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.commands(commands, { maxCommands: 60, size: "large" }), (draft, cmds) => {
        const lead = ok(createLead({ id: "l-1", profileId: "p-1", originRecordId: "m-1", source: "manual", draft, at: new Date(T0), actor: staff("s-1") }))
        const model: Model = { status: draft ? "draft" : "new", clock: T0, changes: 1, notes: 0, assignee: null, collaborators: [] }
        fc.modelRun(() => ({ model, real: { lead } }), cmds)
      })
    )
  })

  it("every status of the table is reachable, and every action is refused somewhere", () => {
    expect([...REACHABLE].sort()).toEqual(["closed", "draft", "new", "processed", "received", "spam"])
    for (const move of moves) expect(SPEC[move].from.length).toBeLessThan(6)
  })
})
