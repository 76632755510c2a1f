import { describe, expect, it } from "vitest"
import { makeSummarizer, profile360, purchaseMetrics, workspaceSummaryOf } from "../src/index.js"
import { VN, order } from "./fixtures.js"

describe("smoke", () => {
  it("summarizes one completed order", () => {
    const s = makeSummarizer({ timeZone: VN })
    const summary = s.summarize([
      order("Order Placed", "SO-1", [{ productId: "p1", quantity: 2, price: 100_000 }], { at: "2025-03-01T00:30:00+07:00" }),
      order("Order Completed", "SO-1", [{ productId: "p1", quantity: 2, price: 100_000 }], { at: "2025-03-03T10:00:00+07:00" })
    ])
    const m = purchaseMetrics(summary, { asOf: new Date("2025-04-01T00:00:00Z"), timeZone: VN, currency: "VND" })
    expect(m.totalSpend).toBe(200_000)
    const view = profile360({ profileId: "p", summary, workspace: workspaceSummaryOf([summary]), asOf: new Date("2025-04-01T00:00:00Z") })
    expect(view.spendChart.months[2]?.spend).toBe(200_000)
  })
})
