// Bad input gets a typed error naming the field, the value found and the reason; nothing is created or changed.
import { describe, expect, it } from "vitest"
import { addNote, assign, createLead, moveLead, pipelineRules, routeAssignment } from "../src/index.js"
import { failure, invalidInput, ok, staff, T0 } from "./helpers.js"

describe("typed errors on bad input", () => {
  it("createLead lists every bad field with the value found", () => {
    const error = failure(
      createLead({ id: "", profileId: "p-1", originRecordId: "m-1", source: "fax" as "manual", at: "2025-03-07 09:00", actor: { kind: "robot", id: "x" } as never, reason: "   " })
    )
    expect(error._tag).toBe("InvalidInput")
    expect(error.subject).toBe("lead")
    expect(error.issues.map((i) => i.path).sort()).toEqual(["actor", "at", "id", "reason", "source"])
    expect(error.issues.find((i) => i.path === "source")!.message).toContain('(found "fax")')
    expect(error.issues.find((i) => i.path === "at")!.message).toContain('(found "2025-03-07 09:00")')
    expect(error.issues.find((i) => i.path === "reason")!.message).toBe('must not be blank (found "   ")')
  })

  it("a misspelt option is refused rather than ignored", () => {
    const lead = ok(createLead({ id: "l-1", profileId: "p-1", originRecordId: "m-1", source: "manual", at: new Date(T0), actor: staff("s-1") }))
    const error = invalidInput(moveLead(lead, "receive", { at: new Date(T0), actor: staff("s-1"), reasno: "typo" } as never))
    expect(error.issues).toEqual([{ path: "reasno", message: expect.stringContaining('(found "typo")') }])
  })

  it("an unknown action is an IllegalMove naming it", () => {
    const lead = ok(createLead({ id: "l-1", profileId: "p-1", originRecordId: "m-1", source: "manual", at: new Date(T0), actor: staff("s-1") }))
    expect(failure(moveLead(lead, "delete" as never, { at: new Date(T0), actor: staff("s-1") }))).toMatchObject({ _tag: "IllegalMove", state: "new", action: "delete", reason: "no such action" })
  })

  it("assignment and notes name their bad fields", () => {
    const lead = ok(createLead({ id: "l-1", profileId: "p-1", originRecordId: "m-1", source: "manual", at: new Date(T0), actor: staff("s-1") }))
    expect(invalidInput(assign(lead, "  ", { at: new Date(T0), actor: staff("s-1") })).issues[0]!.path).toBe("staffId")
    expect(failure(addNote(lead, { at: new Date(T0), authorId: "s-1", text: "x".repeat(10_001) })).issues[0]!.path).toBe("text")
    expect(invalidInput(assign(lead, "s-2", { at: new Date(T0 - 1), actor: staff("s-1") })).issues[0]).toEqual({
      path: "at",
      message: `a change cannot be dated before the item's last change at ${new Date(T0).toISOString()} (found ${new Date(T0 - 1).toISOString()})`
    })
  })

  it("rule settings name their bad fields", () => {
    const error = failure(pipelineRules({ timeZone: "Hanoi", opportunities: { openOn: ["wishlist" as "cart"], cameBackAfterHours: 0 } }))
    expect(error.issues.map((i) => i.path).sort()).toEqual(["opportunities.cameBackAfterHours", "opportunities.openOn[0]", "timeZone"])
  })
})

describe("rule-based routing seam", () => {
  it("evaluates rules in order, stops at the first match, and falls back", () => {
    const seen: Array<number> = []
    const rules = [10, 20, 30].map((min) => ({ when: min, assignTo: { staffId: `s-${min}` } }))
    const evaluate = (min: number, score: number) => {
      seen.push(min)
      return score >= min
    }
    expect(routeAssignment(rules.slice().reverse(), 25, evaluate)).toEqual({ target: { staffId: "s-20" }, ruleIndex: 1 })
    expect(seen).toEqual([30, 20])
    expect(routeAssignment(rules, 5, evaluate)).toBeUndefined()
    expect(routeAssignment(rules, 5, evaluate, { teamId: "sales" })).toEqual({ target: { teamId: "sales" }, ruleIndex: -1 })
  })
})
