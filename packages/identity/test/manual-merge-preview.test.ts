import type { ProfileId } from "@kith/core"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { createResolver, type ManualMergePreview, resolveBatch } from "../src/index.js"
import { rec, withTraits } from "./helpers.js"

const at = new Date("2025-04-01T00:00:00Z")
const records = [
  withTraits(rec("a", 1, ["user_id", "u-1"], ["phone", "0912345678"]), { fullName: "Lan", city: "Hà Nội" }),
  withTraits(rec("b", 2, ["user_id", "u-2"], ["email", "lan@gmail.com"]), { fullName: "Nguyễn Thị Lan", city: "Huế" })
]
const pid = (recordId: string) => `p_${recordId}` as ProfileId

describe("manual-merge preview (IDN-9): one type, sides named like the choices", () => {
  it("names conflict sides a and b in argument order, whichever profile survives", () => {
    const state = resolveBatch(records)
    const forward: ManualMergePreview = Result.getOrThrow(state.previewManualMerge(pid("a"), pid("b")))
    const backward: ManualMergePreview = Result.getOrThrow(state.previewManualMerge(pid("b"), pid("a")))
    for (const preview of [forward, backward]) {
      expect(preview.into).toBe(pid("a"))
      expect(preview.from).toBe(pid("b"))
      expect(preview.recordIds).toEqual(["a", "b"])
      expect(preview.identifierConflicts).toEqual([{ type: "user_id", values: ["u-1", "u-2"] }])
    }
    expect(forward.traitConflicts.map((c) => [c.name, c.a.value, c.b.value])).toEqual([
      ["city", "Hà Nội", "Huế"],
      ["fullName", "Lan", "Nguyễn Thị Lan"]
    ])
    expect(backward.traitConflicts.map((c) => [c.name, c.a.value, c.b.value])).toEqual([
      ["city", "Huế", "Hà Nội"],
      ["fullName", "Nguyễn Thị Lan", "Lan"]
    ])
  })

  it("keeps the deprecated into / from sides of a conflict by survivor", () => {
    const state = resolveBatch(records)
    const backward = Result.getOrThrow(state.previewManualMerge(pid("b"), pid("a")))
    expect(backward.traitConflicts.map((c) => [c.into.value, c.from.value])).toEqual([
      ["Hà Nội", "Huế"],
      ["Lan", "Nguyễn Thị Lan"]
    ])
  })

  it("a choice of a or b keeps the value the preview showed under that name", () => {
    for (const [first, second] of [
      ["a", "b"],
      ["b", "a"]
    ] as const) {
      for (const side of ["a", "b"] as const) {
        const state = resolveBatch(records)
        const shown = Result.getOrThrow(state.previewManualMerge(pid(first), pid(second))).traitConflicts.find((c) => c.name === "fullName")!
        Result.getOrThrow(state.manualMerge(pid(first), pid(second), { at, choices: { fullName: side } }))
        expect(state.traitsOf(pid("a"))?.["fullName"]?.value).toBe(shown[side].value)
      }
    }
  })

  it("runs the documented example as written", () => {
    const resolver = createResolver()
    const day = (d: number) => new Date(Date.UTC(2025, 2, d))
    resolver.ingest({ recordId: "r-1", observedAt: day(1), source: "web", identifiers: [{ type: "user_id", value: "u-1" }], traits: { fullName: "Lan" } })
    resolver.ingest({ recordId: "r-9", observedAt: day(2), source: "zalo_oa", identifiers: [{ type: "user_id", value: "u-9" }], traits: { fullName: "Nguyễn Thị Lan" } })
    const preview = Result.getOrThrow(resolver.previewManualMerge(resolver.profileOf("r-9")!, resolver.profileOf("r-1")!))
    expect(preview.into).toBe("p_r-1")
    expect(preview.recordIds).toEqual(["r-1", "r-9"])
    expect(preview.identifierConflicts).toEqual([{ type: "user_id", values: ["u-1", "u-9"] }])
    expect(preview.traitConflicts.map((c) => [c.name, c.a.value, c.b.value])).toEqual([["fullName", "Nguyễn Thị Lan", "Lan"]])
  })
})
