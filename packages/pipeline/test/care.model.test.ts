// Model-based test of the care status machine (PIPE-6).
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { CareStatus } from "@kith/core"
import { type CareRecord, careStatusAt, emptyCare, setCareStatus } from "../src/index.js"
import { failure, MINUTE, ok, reachable, staff, T0 } from "./helpers.js"

// The README's table.
const SPEC: Record<CareStatus | "none", ReadonlyArray<CareStatus>> = {
  none: ["unreachable", "contacted"],
  unreachable: ["contacted", "not_potential"],
  contacted: ["unreachable", "not_potential", "potential", "closing"],
  not_potential: ["contacted", "potential"],
  potential: ["unreachable", "not_potential", "closing"],
  closing: ["potential", "not_potential", "closed"],
  closed: ["contacted"]
}
const STATUSES: ReadonlyArray<CareStatus> = ["unreachable", "contacted", "not_potential", "potential", "closing", "closed"]
const EDGES = (Object.entries(SPEC) as Array<[CareStatus | "none", ReadonlyArray<CareStatus>]>).flatMap(([from, tos]) => tos.map((to) => [from, to] as const))

interface Model {
  status: CareStatus | null
  clock: number
  changes: number
}
interface Real {
  care: CareRecord
}

class SetCommand implements fc.Command<Model, Real> {
  constructor(readonly to: CareStatus, readonly minutes: number) {}
  check = () => true
  run(m: Model, r: Real): void {
    const before = structuredClone(r.care)
    const at = new Date(m.clock + this.minutes * MINUTE)
    const result = setCareStatus(r.care, this.to, { at, actor: staff("s-1"), recordId: "r-1" })
    if (SPEC[m.status ?? "none"].includes(this.to)) {
      r.care = ok(result)
      m.status = this.to
      m.clock = at.getTime()
      m.changes++
    } else {
      expect(failure(result)).toMatchObject({ _tag: "IllegalMove", machine: "care", itemId: "p-1", state: m.status ?? "none", action: this.to })
      expect(r.care).toEqual(before)
    }
    expect(r.care.status).toBe(m.status)
    expect(r.care.history.length).toBe(m.changes)
    expect(r.care.version).toBe(m.changes)
    const history = r.care.history
    const legal = history.every((change, i) => change.from === (i === 0 ? null : history[i - 1]!.to) && SPEC[change.from ?? "none"].includes(change.to))
    expect(legal).toBe(true)
    expect(careStatusAt(r.care, new Date(T0 - MINUTE))).toBeNull()
    expect(careStatusAt(r.care, new Date(m.clock))).toBe(m.status)
  }
  toString = () => `set(${this.to}, +${this.minutes}m)`
}

describe("care status machine (model-based)", () => {
  it("follows the table; refusals are typed and change nothing", () => {
    fc.assert(
      fc.property(
        fc.commands([fc.tuple(fc.constantFrom(...STATUSES), fc.integer({ min: 0, max: 5000 })).map(([to, minutes]) => new SetCommand(to, minutes))], { maxCommands: 60, size: "large" }),
        (cmds) => fc.modelRun(() => ({ model: { status: null, clock: T0, changes: 0 }, real: { care: emptyCare("p-1") } }), cmds)
      )
    )
  })

  it("every care status is reachable and none is a dead end", () => {
    expect([...reachable(["none"], EDGES)].filter((s) => s !== "none").sort()).toEqual([...STATUSES].sort())
    for (const status of STATUSES) expect(SPEC[status].length).toBeGreaterThan(0)
  })
})
