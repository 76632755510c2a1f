import { describe, expect, it } from "vitest"
import { sampleBatch, validateAll } from "../validate.js"

describe("examples/validate-events", () => {
  const outcomes = validateAll(sampleBatch)

  it("keeps the good events typed", () => {
    expect(outcomes[0]).toMatchObject({ ok: true, summary: "identify cookie-9f2: fullName, birthday, phone, occupation" })
    expect(outcomes[1]).toMatchObject({ ok: true, summary: "order SO-1001: 2 item(s), 450.000 VND" })
  })

  it("explains every problem of the broken ones", () => {
    expect(outcomes[2]).toEqual({
      ok: false,
      problems: [
        "timestamp: Expected an ISO 8601 instant with a zone, e.g. 2025-03-01T09:30:00+07:00 or 2025-03-01T02:30:00Z",
        "properties.total: Expected an integer",
        "properties.products[0].quantity: Expected a value greater than or equal to 1"
      ]
    })
    expect(outcomes[3]).toMatchObject({ ok: false })
    if (outcomes[3]?.ok === false) {
      expect(outcomes[3].problems).toContain("userId: either userId or anonymousId is required")
      expect(outcomes[3].problems.some((p) => p.startsWith("traits.gender:"))).toBe(true)
    }
  })
})
