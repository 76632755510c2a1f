import { decodeEventResult } from "@kith/core"
import { generateShop } from "@kith/testkit"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { createResolver, identifiersOfEvent, invalidRecord, recordOfEvent } from "../src/index.js"

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
