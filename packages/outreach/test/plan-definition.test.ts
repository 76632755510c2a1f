// Plan definitions (OUT-1) as data: each row an input and the issues it must
// be refused with, by path; placeholders and locales; scheduling in the
// workspace timezone (OUT-3); permissions (OUT-10).
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  actOnPlan,
  authorize,
  createPlan,
  decodePlanDefinitionResult,
  defaultPlanPermissions,
  type PlanDefinitionInput,
  renderText,
  StaffPlanActions
} from "../src/index.js"
import { automatedDefinition, failure, fullAudience, ok, oneTimeDefinition, staff, system, T0 } from "./helpers.js"

const invalid: ReadonlyArray<readonly [string, PlanDefinitionInput, ReadonlyArray<string>]> = [
  ["a blank name", oneTimeDefinition({ name: "   " }), ["name"]],
  ["a name of 101 words", oneTimeDefinition({ name: Array.from({ length: 101 }, () => "chữ").join(" ") }), ["name"]],
  ["no segment in the audience", oneTimeDefinition({ audience: { include: [], exclude: [] } }), ["audience.include"]],
  ["an unknown channel", oneTimeDefinition({ channel: "fax" as never }), ["channel"]],
  ["an unknown purpose", oneTimeDefinition({ purpose: "newsletter" as never }), ["purpose"]],
  ["five products", oneTimeDefinition({ products: ["p-1", "p-2", "p-3", "p-4", "p-5"] }), ["products"]],
  ["a one-time plan without products", oneTimeDefinition({ products: [] }), ["products"]],
  ["a voucher without a code", oneTimeDefinition({ voucher: { kind: "private" } as never }), ["voucher.code"]],
  ["a LIVE call to action without its LIVE", oneTimeDefinition({ callToAction: { kind: "live" } as never }), ["callToAction.liveId"]],
  ["a holdout over 50 %", oneTimeDefinition({ holdoutPercent: 60 }), ["holdoutPercent"]],
  ["a fallback locale without text", oneTimeDefinition({ content: { variants: { vi: "Xin chào" }, fallbackLocale: "en" } }), ["content.variants.en"]],
  ["an unknown placeholder", oneTimeDefinition({ content: { variants: { vi: "Chào {{nickname}}" }, fallbackLocale: "vi" } }), ["content.variants.vi"]],
  ["an optional field without a fallback", oneTimeDefinition({ content: { variants: { vi: "Đơn {{lastOrder.total}}" }, fallbackLocale: "vi" } }), ["content.variants.vi"]],
  ["a voucher code in a plan without a voucher", oneTimeDefinition({ voucher: { kind: "none" } }), ["content.variants.vi", "content.variants.en"]],
  ["a broken placeholder", oneTimeDefinition({ content: { variants: { vi: "Chào {{firstName" }, fallbackLocale: "vi" } }), ["content.variants.vi"]],
  ["an active period that ends before it starts", automatedDefinition(new Date(T0), new Date(T0 - 1)), ["automation.activePeriod.to"]],
  ["a trigger with a delay of 0 hours", { ...automatedDefinition(new Date(T0), null), automation: { trigger: { kind: "thank_you", afterHours: 0 }, activePeriod: { from: new Date(T0), to: null } } }, ["automation.trigger.afterHours"]],
  [
    "a condition that is not a segment rule",
    { ...automatedDefinition(new Date(T0), null), automation: { trigger: { kind: "abandoned_cart", afterHours: 1 }, activePeriod: { from: new Date(T0), to: null }, condition: { version: 1, rule: { kind: "colour" } } as never } },
    ["automation.condition.rule.kind"]
  ]
]

describe("plan definitions", () => {
  it.each(invalid.map(([name, input, paths]) => [name, input, paths] as const))("refuse %s, naming the path", (_, input, paths) => {
    const result = decodePlanDefinitionResult(input)
    expect(Result.isFailure(result)).toBe(true)
    if (Result.isFailure(result)) {
      expect(result.failure.subject).toBe("plan")
      expect(result.failure.issues.map((i) => i.path)).toEqual(paths)
    }
  })

  it("accept a one-time plan and an automated plan taking its products from the cart", () => {
    expect(Result.isSuccess(decodePlanDefinitionResult(oneTimeDefinition()))).toBe(true)
    expect(Result.isSuccess(decodePlanDefinitionResult(automatedDefinition(new Date(T0), null)))).toBe(true)
  })

  it("render the recipient's locale with a fallback, never an empty placeholder", () => {
    const content = ok(decodePlanDefinitionResult(oneTimeDefinition())).content
    expect(renderText(content, "en-GB", { firstName: "Lan", "voucher.code": "VIP20" })).toEqual(Result.succeed({ locale: "en", text: "Hi Lan, here is VIP20" }))
    expect(renderText(content, "vi", { firstName: "", "voucher.code": "VIP20" })).toEqual(Result.succeed({ locale: "vi", text: "Chào bạn, tặng mã VIP20" }))
    expect(renderText(content, "ja", { "voucher.code": "VIP20" })).toEqual(Result.succeed({ locale: "vi", text: "Chào bạn, tặng mã VIP20" }))
    const missing = renderText(content, "vi", {})
    expect(Result.isFailure(missing) && missing.failure).toMatchObject({ _tag: "UnfilledPlaceholder", placeholder: "voucher.code", locale: "vi" })
  })
})

describe("scheduling", () => {
  const marketer = staff("marketer")
  const draft = () => ok(createPlan({ id: "plan-1", definition: oneTimeDefinition() }, { at: new Date(T0), actor: marketer }))

  it("reads the send time in the workspace timezone", () => {
    const inHanoi = ok(actOnPlan(draft(), { action: "schedule", sendAt: "2025-03-08T09:00" }, { at: new Date(T0), actor: marketer }))
    expect(inHanoi.startAt).toEqual(new Date("2025-03-08T02:00:00Z"))
    const inBangkok = ok(actOnPlan(draft(), { action: "schedule", sendAt: "2025-03-08T09:00" }, { at: new Date(T0), actor: marketer, timeZone: "Europe/Paris" }))
    expect(inBangkok.startAt).toEqual(new Date("2025-03-08T08:00:00Z"))
  })

  it("refuses a send time in the past or malformed, naming sendAt", () => {
    for (const sendAt of ["2025-03-07T07:59", "2025-03-07T08:00", "8/3/2025 09:00", "2025-03-08T24:00"]) {
      expect(failure(actOnPlan(draft(), { action: "schedule", sendAt }, { at: new Date(T0), actor: marketer }))).toMatchObject({ _tag: "InvalidInput", issues: [{ path: "sendAt" }] })
    }
  })

  it("records which segment versions the recipients were resolved from, and when", () => {
    const scheduled = ok(actOnPlan(draft(), { action: "schedule", sendAt: "2025-03-08T09:00" }, { at: new Date(T0), actor: marketer }))
    const started = ok(actOnPlan(scheduled, { action: "start", audience: fullAudience }, { at: new Date("2025-03-08T02:00:05Z"), actor: system }))
    expect(started.resolution).toEqual({ at: new Date("2025-03-08T02:00:05Z"), segments: fullAudience })
    expect(started.history.map((c) => [c.action, c.to, c.actor])).toEqual([
      ["create", "draft", marketer],
      ["schedule", "scheduled", marketer],
      ["start", "in_progress", system]
    ])
  })
})

describe("permissions", () => {
  const table: ReadonlyArray<readonly [role: string, allowed: ReadonlyArray<string>]> = [
    ["owner", ["create", "edit", "delete", "schedule", "send", "cancel"]],
    ["manager", ["create", "edit", "delete", "schedule", "send", "cancel"]],
    ["marketer", ["create", "edit", "delete", "schedule", "cancel"]],
    ["agent", []],
    ["intern", []]
  ]
  it.each(table)("%s may %j and nothing else", (role, allowed) => {
    for (const action of StaffPlanActions) {
      const result = authorize(staff(role), action)
      expect(Result.isSuccess(result)).toBe(allowed.includes(action))
      if (Result.isFailure(result)) expect(result.failure).toMatchObject({ _tag: "NotPermitted", action, actor: `staff s-${role} (${role})` })
    }
  })

  it("follows a workspace's own table", () => {
    const permissions = { ...defaultPlanPermissions, agent: ["cancel"] as const }
    expect(Result.isSuccess(authorize(staff("agent"), "cancel", permissions))).toBe(true)
    expect(Result.isFailure(authorize(staff("agent"), "send", permissions))).toBe(true)
  })

  it("refuses to create a plan for a role that may not", () => {
    expect(failure(createPlan({ id: "plan-1", definition: oneTimeDefinition() }, { at: new Date(T0), actor: staff("agent") }))).toMatchObject({ _tag: "NotPermitted", action: "create" })
  })
})
