import { Result } from "effect"
import { expect } from "vitest"
import type { PlanActor, PlanDefinitionInput, Recipient } from "../src/index.js"

/** Friday 7 March 2025, 08:00 in Hồ Chí Minh City. */
export const T0 = Date.parse("2025-03-07T08:00:00+07:00")
export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

export const staff = (role: string, id = `s-${role}`): PlanActor => ({ kind: "staff", id, role })
export const system: PlanActor = { kind: "system" }

export const ok = <A, E>(result: Result.Result<A, E>): A => {
  if (Result.isFailure(result)) expect.fail(`expected success, got ${String((result.failure as { message?: string }).message ?? result.failure)}`)
  return (result as Result.Success<A, E>).success
}

export const failure = <A, E>(result: Result.Result<A, E>): E => {
  if (Result.isSuccess(result)) expect.fail("expected a failure")
  return (result as Result.Failure<A, E>).failure
}

/** A valid one-time promotion plan on Zalo. */
export const oneTimeDefinition = (overrides: Partial<PlanDefinitionInput> = {}): PlanDefinitionInput => ({
  name: "Tri ân khách hàng thân thiết",
  purpose: "promotion",
  channel: "zalo",
  audience: { include: ["seg-vip", "seg-loyal"], exclude: ["seg-staff"] },
  content: { variants: { vi: 'Chào {{firstName | "bạn"}}, tặng mã {{voucher.code}}', en: 'Hi {{firstName | "there"}}, here is {{voucher.code}}' }, fallbackLocale: "vi" },
  voucher: { kind: "targeted", code: "VIP20" },
  products: ["p-ao-thun", "p-quan-jean"],
  callToAction: { kind: "product_list" },
  holdoutPercent: 10,
  ...overrides
})

/** A valid automated abandoned-cart plan, active from `from` to `to`. */
export const automatedDefinition = (from: Date, to: Date | null): PlanDefinitionInput => ({
  ...oneTimeDefinition({ purpose: "care", products: [], callToAction: { kind: "cart" }, voucher: { kind: "none" } }),
  content: { variants: { vi: 'Chào {{firstName | "bạn"}}, giỏ hàng của bạn còn chờ' }, fallbackLocale: "vi" },
  automation: { trigger: { kind: "abandoned_cart", afterHours: 2 }, activePeriod: { from, to } }
})

/** The versions of every segment of {@link oneTimeDefinition}'s audience. */
export const fullAudience = [
  { segmentId: "seg-vip", version: 3 },
  { segmentId: "seg-loyal", version: 1 },
  { segmentId: "seg-staff", version: 7 }
]

/** A recipient reachable everywhere, a past buyer, with every consent granted and nothing suppressed. */
export const openRecipient = (overrides: Partial<Recipient> = {}): Recipient => ({
  profileId: "p-1",
  reachableOn: ["chat", "zalo", "sms", "email", "call"],
  pastBuyer: true,
  contact: {
    consent: (["chat", "zalo", "sms", "email", "call"] as const).flatMap((channel) =>
      (["transactional", "care", "promotion"] as const).map((purpose) => ({ channel, purpose, state: "granted" as const }))
    ),
    suppression: { erased: false, suppressed: false, doNotContact: false, blockedShopOn: [] }
  },
  ...overrides
})
