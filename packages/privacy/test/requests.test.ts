import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { isOverdue, isPurgeable, REQUEST_KINDS, requestDeadlines, retentionCutoff, suppressionKey, suppressionKeyer } from "../src/index.js"

const tz = "Asia/Ho_Chi_Minh"

describe("data-subject requests (PRIV-7, Decree 356/2025)", () => {
  it.each([
    // received (local Hà Nội time), answer by (end of that local day, as UTC)
    ["Monday morning", "2026-01-05T09:00:00+07:00", "2026-01-07T17:00:00.000Z"],
    ["Thursday late", "2026-01-08T23:30:00+07:00", "2026-01-12T17:00:00.000Z"],
    ["Friday", "2026-01-09T10:00:00+07:00", "2026-01-13T17:00:00.000Z"],
    ["Saturday", "2026-01-10T10:00:00+07:00", "2026-01-13T17:00:00.000Z"],
    ["Sunday just after midnight local (Saturday UTC)", "2026-01-11T00:30:00+07:00", "2026-01-13T17:00:00.000Z"]
  ])("answer within 2 working days: %s", (_name, received, answerBy) => {
    expect(requestDeadlines("access", new Date(received), { timeZone: tz }).answerBy.toISOString()).toBe(answerBy)
  })

  it("skips the workspace's holidays", () => {
    // 30 April and 1 May 2026 are Thursday and Friday.
    const d = requestDeadlines("erasure", new Date("2026-04-29T10:00:00+07:00"), { timeZone: tz, holidays: ["2026-04-30", "2026-05-01"] })
    expect(d.answerBy.toISOString()).toBe("2026-05-05T17:00:00.000Z")
  })

  it("a withdrawal must also stop processing within 15 days; other kinds have no such deadline", () => {
    expect(requestDeadlines("withdrawal", new Date("2026-01-05T09:00:00+07:00"), { timeZone: tz }).stopBy?.toISOString()).toBe("2026-01-20T17:00:00.000Z")
    expect(requestDeadlines("objection", new Date("2026-01-05T09:00:00+07:00"), { timeZone: tz }).stopBy).toBeUndefined()
  })

  it("the answer deadline is always 2 to 4 local days ahead, after the receipt, and an open request is overdue exactly from it", () => {
    fc.assert(
      fc.property(fc.constantFrom(...REQUEST_KINDS), fc.date({ min: new Date("2025-01-01T00:00:00Z"), max: new Date("2030-01-01T00:00:00Z"), noInvalidDate: true }), (kind, receivedAt) => {
        const { answerBy, stopBy } = requestDeadlines(kind, receivedAt, { timeZone: tz })
        const days = (answerBy.getTime() - receivedAt.getTime()) / 86_400_000
        expect(days).toBeGreaterThan(2)
        expect(days).toBeLessThanOrEqual(5)
        const request = { id: "r", kind, subject: { profileId: "p" }, receivedAt, answerBy, stopBy, status: "open" as const, actor: "a" }
        expect(isOverdue(request, new Date(answerBy.getTime() - 1))).toBe(false)
        expect(isOverdue(request, answerBy)).toBe(true)
      })
    )
  })
})

describe("suppression keys (PRIV-2, OUT-5)", () => {
  it("are keyed by the secret and the workspace, and never hold the value", () => {
    const phone = { type: "phone", value: "+84912345678" }
    const key = suppressionKey("secret-one-0123456789", "shop-1", phone)
    expect(key).toMatch(/^[0-9a-f]{64}$/)
    expect(key).not.toContain("912345678")
    expect(suppressionKey("secret-one-0123456789", "shop-1", phone)).toBe(key)
    expect(suppressionKey("secret-two-0123456789", "shop-1", phone)).not.toBe(key)
    expect(suppressionKey("secret-one-0123456789", "shop-1", { type: "email", value: "+84912345678" })).not.toBe(key)
  })
})

describe("retention (PRIV-6)", () => {
  it("purges only anonymous visitors without orders, inactive before the cut-off", () => {
    const cutoff = retentionCutoff(new Date("2026-03-31T00:00:00Z"), 30)
    expect(cutoff.toISOString()).toBe("2026-03-01T00:00:00.000Z")
    const old = new Date("2026-02-01T00:00:00Z")
    expect(isPurgeable({ hasContact: false, hasOrder: false, lastActivityAt: old }, cutoff)).toBe(true)
    expect(isPurgeable({ hasContact: false, hasOrder: true, lastActivityAt: old }, cutoff)).toBe(false)
    expect(isPurgeable({ hasContact: true, hasOrder: false, lastActivityAt: old }, cutoff)).toBe(false)
    expect(isPurgeable({ hasContact: false, hasOrder: false, lastActivityAt: cutoff }, cutoff)).toBe(false)
  })
})

describe("suppression keyer", () => {
  it("gives the same keys as suppressionKey, each computed once", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ type: fc.constantFrom("phone", "email", "anonymous_id"), value: fc.string() }), { maxLength: 20 }), (identifiers) => {
        const keyOf = suppressionKeyer("secret-one-0123456789", "shop-1")
        for (const i of [...identifiers, ...identifiers]) expect(keyOf(i)).toBe(suppressionKey("secret-one-0123456789", "shop-1", i))
      })
    )
  })
})
