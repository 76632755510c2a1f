import { decodeEventResult } from "@kith/core"
import { generateShop } from "@kith/testkit"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { createResolver, identifiersOfEvent, invalidRecord, personTraitsOfEvent, recordOfEvent } from "../src/index.js"

const decode = (input: unknown) => Result.getOrThrow(decodeEventResult(input))
const sortIds = (ids: ReadonlyArray<{ type: string; value: string }>) =>
  [...ids].map((i) => `${i.type}=${i.value}`).sort()

describe("identifiers of events (ING-1 → IDN-2)", () => {
  it("reads ids, traits, device and external ids", () => {
    const event = decode({
      type: "identify",
      messageId: "m-1",
      timestamp: "2025-03-01T09:00:00+07:00",
      userId: "u-1",
      anonymousId: "cookie-1",
      traits: { phone: "0912 345 678", otherPhones: ["0987654321"], email: "Lan@Gmail.com", otherEmails: ["lan@shop.vn"], zaloId: "z-9", nationalId: "001090012345", taxCode: "0101234567" },
      context: { source: "zalo_oa", device: { id: "dev-1" }, externalIds: [{ type: "shopee_buyer_id", value: "sp-77" }] }
    })
    expect(identifiersOfEvent(event)).toEqual([
      { type: "user_id", value: "u-1" },
      { type: "anonymous_id", value: "cookie-1" },
      { type: "phone", value: "0912 345 678" },
      { type: "phone", value: "0987654321" },
      { type: "email", value: "Lan@Gmail.com" },
      { type: "email", value: "lan@shop.vn" },
      { type: "zalo_id", value: "z-9" },
      { type: "national_id", value: "001090012345" },
      { type: "tax_code", value: "0101234567" },
      { type: "device_id", value: "dev-1" },
      { type: "shopee_buyer_id", value: "sp-77" }
    ])
    const record = recordOfEvent(event)
    expect(record).toMatchObject({ recordId: "m-1", source: "zalo_oa", observedAt: new Date("2025-03-01T02:00:00Z") })
    expect(record.traits).toMatchObject({ phone: "0912 345 678" })
  })

  it("reads an alias' previousId as an anonymous id", () => {
    const alias = decode({ type: "alias", messageId: "m-2", timestamp: "2025-03-01T00:00:00Z", userId: "u-1", previousId: "cookie-1" })
    expect(identifiersOfEvent(alias)).toEqual([
      { type: "user_id", value: "u-1" },
      { type: "anonymous_id", value: "cookie-1" }
    ])
    expect(recordOfEvent(alias)).toEqual({
      recordId: "m-2",
      observedAt: new Date("2025-03-01T00:00:00Z"),
      source: "unknown",
      identifiers: [
        { type: "user_id", value: "u-1" },
        { type: "anonymous_id", value: "cookie-1" }
      ]
    })
  })

  it("finds the identifiers testkit placed in its events, and resolves events like records", () => {
    const shop = generateShop({ seed: 11, people: 300 })
    const resolver = createResolver()
    let checked = 0
    for (const { record, event } of shop.events()) {
      const decoded = decode(event)
      expect(sortIds(identifiersOfEvent(decoded))).toEqual(sortIds(record.identifiers))
      const fromEvent = recordOfEvent(decoded)
      expect(fromEvent.recordId).toBe(record.recordId)
      expect(fromEvent.observedAt).toEqual(record.observedAt)
      resolver.ingest(fromEvent)
      checked++
    }
    expect(checked).toBeGreaterThan(500)
    const byRecords = createResolver()
    byRecords.ingestBatch(shop.records())
    expect(resolver.assignments()).toEqual(byRecords.assignments())
  })
})

describe("the person's traits of a Segment call (ING-6)", () => {
  it("reads context.traits of any call as identity evidence, under an identify's own traits", () => {
    const track = decode({
      type: "track", messageId: "c-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "device-2", event: "Newsletter Opened",
      context: { traits: { email: "Lan@Example.com", phone: "0912 345 678" }, locale: "vi-VN", timezone: "Asia/Ho_Chi_Minh" }
    })
    expect(identifiersOfEvent(track)).toEqual([
      { type: "anonymous_id", value: "device-2" },
      { type: "phone", value: "0912 345 678" },
      { type: "email", value: "Lan@Example.com" }
    ])
    expect(recordOfEvent(track).traits).toEqual({ locale: "vi-VN", timezone: "Asia/Ho_Chi_Minh", email: "Lan@Example.com", phone: "0912 345 678" })
    const identify = decode({
      type: "identify", messageId: "c-2", timestamp: "2025-03-01T09:00:00+07:00", userId: "u-1",
      traits: { email: "new@example.com", locale: "en" }, context: { traits: { email: "old@example.com", fullName: "Lê Thu Hà" }, locale: "vi-VN" }
    })
    expect(personTraitsOfEvent(identify)).toEqual({ locale: "en", email: "new@example.com", fullName: "Lê Thu Hà" })
    expect(identifiersOfEvent(identify)).toEqual([{ type: "user_id", value: "u-1" }, { type: "email", value: "new@example.com" }])
  })

  it("gives a group call's company to the person, and never identifies anyone by the group's traits", () => {
    const group = decode({
      type: "group", messageId: "c-3", timestamp: "2025-03-01T09:00:00+07:00", userId: "u-1", groupId: "cty-an-phat",
      traits: { name: "Công ty TNHH An Phát", taxCode: "0312345678", email: "info@anphat.vn", employees: 40 }
    })
    expect(identifiersOfEvent(group)).toEqual([{ type: "user_id", value: "u-1" }])
    expect(personTraitsOfEvent(group)).toEqual({ companyName: "Công ty TNHH An Phát", taxCode: "0312345678", groupId: "cty-an-phat" })
  })

  it("asserts nothing for a call without traits, locale or timezone", () => {
    const page = decode({ type: "page", messageId: "c-4", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "a-1", name: "Home" })
    expect(personTraitsOfEvent(page)).toEqual({})
    expect(recordOfEvent(page).traits).toBeUndefined()
  })
})

describe("records are validated on input", () => {
  it("a NaN observedAt is a typed error naming the field, and nothing changes", () => {
    const resolver = createResolver()
    resolver.ingest({ recordId: "ok", observedAt: new Date("2025-03-01T00:00:00Z"), source: "web", identifiers: [{ type: "phone", value: "0912345678" }] })
    const bad = { recordId: "bad", observedAt: new Date(Number.NaN), source: "web", identifiers: [{ type: "phone", value: "0912345678" }] }
    let thrown: unknown
    try {
      resolver.ingest(bad)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toMatchObject({ _tag: "InvalidInput", subject: "identity record", issues: [{ path: "observedAt" }] })
    expect(() => resolver.ingestBatch([{ ...bad, recordId: "later-ok", observedAt: new Date(0) }, bad])).toThrow(/observedAt/)
    expect(resolver.size).toBe(1)
    expect(resolver.partition()).toEqual([["ok"]])
    expect(invalidRecord({ recordId: "", observedAt: new Date(0), source: "web", identifiers: [{ type: "phone" } as never] })?.issues.map((i) => i.path)).toEqual(["recordId", "identifiers[0]"])
  })
})
