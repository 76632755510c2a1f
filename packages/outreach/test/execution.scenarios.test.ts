import { Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  audienceMembers,
  type CommerceEventRow,
  createPlan,
  outboxEntry,
  outboxOccurrence,
  type PerformanceRow,
  planPerformance,
  type Recipient,
  sumPerformance
} from "../src/index.js"
import { DAY, HOUR, oneTimeDefinition, staff, T0 } from "./helpers.js"

const grantedOn = (channel: "zalo" | "sms", purpose: "promotion" | "care"): Recipient["contact"] => ({
  consent: [{ channel, purpose, state: "granted" }],
  suppression: { erased: false, suppressed: false, doNotContact: false, blockedShopOn: [] }
})

const plan = Result.getOrThrow(
  createPlan({ id: "plan-tri-an", definition: oneTimeDefinition({ holdoutPercent: 0 }) }, { at: new Date(T0), actor: staff("marketer") })
)

describe("audience", () => {
  it("takes the members of any included segment and of no excluded one, once each, sorted", () => {
    const members = new Map([
      ["seg-vip", ["p-3", "p-1"]],
      ["seg-loyal", ["p-2", "p-1", "p-4"]],
      ["seg-staff", ["p-4"]]
    ])
    expect(audienceMembers({ include: ["seg-vip", "seg-loyal"], exclude: ["seg-staff"] }, members)).toEqual(["p-1", "p-2", "p-3"])
    expect(audienceMembers({ include: ["seg-gone"], exclude: [] }, members)).toEqual([])
  })
})

describe("outbox entries", () => {
  const lan = { profileId: "p-lan", reachableOn: ["zalo"], pastBuyer: true, contact: grantedOn("zalo", "promotion"), values: { firstName: "Lan" }, locale: "vi-VN", address: "zalo-123" } as const

  it("renders the recipient's locale with the plan's voucher code and records the decision", () => {
    const entry = Result.getOrThrow(outboxEntry(plan, lan, [], { at: new Date(T0 + 2 * HOUR) }))
    expect(entry).toMatchObject({ decision: "send", reason: "consented", holdout: false, state: "pending", availableAt: new Date(T0 + 2 * HOUR) })
    expect(entry.message).toMatchObject({ locale: "vi", text: "Chào Lan, tặng mã VIP20", to: "zalo-123", voucher: { kind: "targeted", code: "VIP20" } })
  })

  it("counts the recipient's earlier send decisions toward the caps at the planned instant", () => {
    // Zalo promotion is capped at one a day by the default policy.
    const earlier = [{ channel: "zalo", purpose: "promotion", at: new Date(T0 + HOUR) }] as const
    expect(Result.getOrThrow(outboxEntry(plan, lan, earlier, { at: new Date(T0 + 2 * HOUR) }))).toMatchObject({ decision: "skip", state: "skipped", holdout: false })
    expect(Result.getOrThrow(outboxEntry(plan, lan, earlier, { at: new Date(T0 + DAY + 2 * HOUR) })).decision).toBe("send")
  })

  it("holds outside the sending hours until they open, and marks a control-group skip as holdout", () => {
    const night = Result.getOrThrow(outboxEntry(plan, lan, [], { at: new Date(T0 + 15 * HOUR) }))
    expect(night).toMatchObject({ decision: "hold", reason: "quiet_hours", state: "held", availableAt: new Date(T0 + DAY - HOUR) })
    const everyone = Result.getOrThrow(createPlan({ id: "plan-half", definition: oneTimeDefinition({ holdoutPercent: 50 }) }, { at: new Date(T0), actor: staff("marketer") }))
    const entries = Array.from({ length: 40 }, (_, i) => Result.getOrThrow(outboxEntry(everyone, { ...lan, profileId: `p-${i}` }, [], { at: new Date(T0 + HOUR) })))
    const held = entries.filter((e) => e.holdout)
    expect(held.length).toBeGreaterThan(0)
    expect(held.every((e) => e.decision === "skip" && e.reason === "holdout")).toBe(true)
  })

  it("keys a one-time plan's row by the empty occurrence and an automated plan's by the trigger instance", () => {
    expect(outboxOccurrence(undefined)).toBe("")
    expect(outboxOccurrence({ instance: "order:SO-7" })).toBe("order:SO-7")
  })
})

describe("attribution", () => {
  const row = (outboxId: string, profileId: string, extra: Partial<PerformanceRow> = {}): PerformanceRow => ({
    outboxId,
    profileId,
    decision: "send",
    reason: "consented",
    holdout: false,
    state: "sent",
    createdAt: T0,
    sentAt: T0 + HOUR,
    ...extra
  })
  const control = (outboxId: string, profileId: string) => row(outboxId, profileId, { decision: "skip", reason: "holdout", holdout: true, state: "skipped", sentAt: null })
  const order = (eventId: string, profileId: string, at: number, total: number, coupon: string | null = null): CommerceEventRow => ({ eventId, profileId, name: "Order Completed", at, total, coupon })
  const window = { attributionWindowMs: 3 * DAY }

  const scenarios: ReadonlyArray<{ name: string; rows: Array<PerformanceRow>; orders: Array<CommerceEventRow>; messaged: [number, number]; holdout: [number, number] }> = [
    { name: "an order inside the window after delivery counts", rows: [row("o-1", "p-1")], orders: [order("e-1", "p-1", T0 + 2 * DAY, 250_000)], messaged: [1, 250_000], holdout: [0, 0] },
    { name: "an order after the window does not", rows: [row("o-1", "p-1")], orders: [order("e-1", "p-1", T0 + 2 * HOUR + 3 * DAY + 1, 250_000)], messaged: [0, 0], holdout: [0, 0] },
    { name: "an order before delivery does not", rows: [row("o-1", "p-1")], orders: [order("e-1", "p-1", T0 + 90 * 60_000, 250_000)], messaged: [0, 0], holdout: [0, 0] },
    { name: "a control-group member's order counts for the control group", rows: [row("o-1", "p-1"), control("o-2", "p-2")], orders: [order("e-2", "p-2", T0 + DAY, 99_000)], messaged: [0, 0], holdout: [1, 99_000] },
    { name: "a message that was never sent attributes nothing", rows: [row("o-1", "p-1", { state: "dead", sentAt: null })], orders: [order("e-1", "p-1", T0 + DAY, 10)], messaged: [0, 0], holdout: [0, 0] }
  ]
  for (const s of scenarios) {
    it(s.name, () => {
      // Delivery reported at T0 + 2h for o-1: the window opens there, not at the send.
      const performance = planPerformance({ voucherCode: null, rows: s.rows, messageEvents: [{ deliveryId: "o-1", name: "Message Delivered", at: T0 + 2 * HOUR }], commerceEvents: s.orders }, window)
      expect([performance.messaged.orders, performance.messaged.revenue]).toEqual(s.messaged)
      expect([performance.holdout.orders, performance.holdout.revenue]).toEqual(s.holdout)
    })
  }

  it("counts an order once even when it falls in the windows of two messages, and vouchers claimed and used by the plan's code", () => {
    const rows = [row("o-1", "p-1"), row("o-2", "p-1", { createdAt: T0 + DAY, sentAt: T0 + DAY })]
    const commerce = [
      { eventId: "c-1", profileId: "p-1", name: "Checkout Started", at: T0 + 30 * HOUR, total: 500_000, coupon: "VIP20" },
      order("e-1", "p-1", T0 + 31 * HOUR, 500_000, "VIP20"),
      order("e-2", "p-1", T0 + 32 * HOUR, 80_000, "OTHER")
    ]
    const performance = planPerformance({ voucherCode: "VIP20", rows, messageEvents: [], commerceEvents: commerce }, window)
    expect(performance.messaged).toEqual({ recipients: 2, orders: 2, revenue: 580_000, vouchersClaimed: 1, vouchersUsed: 1 })
    expect(sumPerformance([performance, performance]).messaged.revenue).toBe(1_160_000)
  })

  it("counts each outcome once per sent message, and only for sent messages", () => {
    const rows = [row("o-1", "p-1"), row("o-2", "p-2", { state: "pending", sentAt: null })]
    const events = ["Message Delivered", "Message Read", "Message Read", "Message Clicked"].map((name, i) => ({ deliveryId: "o-1", name, at: T0 + (i + 2) * HOUR }))
    const performance = planPerformance({ voucherCode: null, rows, messageEvents: [...events, { deliveryId: "o-2", name: "Message Read", at: T0 }], commerceEvents: [] })
    expect([performance.delivered, performance.read, performance.clicked, performance.replied, performance.sent, performance.pending]).toEqual([1, 1, 1, 0, 1, 1])
  })
})
