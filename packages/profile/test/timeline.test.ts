import { KithEvent } from "@kith/core"
import fc from "fast-check"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { type TimelineItem, type TimelineKind, TimelinePage, timelineEventsOf, timelineItemOf, timelinePage, timelineItemOfStored, timelinePageOfItems } from "../src/index.js"
import { Schema } from "effect"
import { arbEvents } from "./arbitraries.js"
import { identify, order, page, track } from "./fixtures.js"

const events: ReadonlyArray<KithEvent> = [
  page({ url: "https://shop.vn/ao", trafficSource: "social" }, { at: "2025-03-01T09:00:00+07:00", messageId: "v1", context: { channel: "web", device: { type: "mobile" }, os: { name: "iOS" } } }),
  track("Conversation Ended", { conversationId: "c1", agent: "ai", channel: "zalo", summary: "Hỏi size", labels: ["tư vấn"], csat: 5 }, { at: "2025-03-01T09:05:00+07:00", messageId: "c1" }),
  order("Order Placed", "SO-1", [{ productId: "p1", quantity: 1, price: 100_000 }], { at: "2025-03-01T09:10:00+07:00", messageId: "o1" }),
  track("Ticket Opened", { ticketId: "t1", kind: "complaint", subject: "Giao trễ" }, { at: "2025-03-03T10:00:00+07:00", messageId: "t1" }),
  track("Message Read", { deliveryId: "d1", planId: "plan-tet", channel: "zalo" }, { at: "2025-03-04T10:00:00+07:00", messageId: "msg1" }),
  track("Opportunity Won", { opportunityId: "op1", value: 100_000 }, { at: "2025-03-05T10:00:00+07:00", messageId: "op1" }),
  track("Lead Status Changed", { leadId: "l1", from: "new", to: "received", actorId: "staff-1" }, { at: "2025-03-05T10:00:00+07:00", messageId: "ls1" }),
  track("Note Added", { text: "Khách quen", authorId: "staff-1" }, { at: "2025-03-06T10:00:00+07:00", messageId: "n1" }),
  identify({ phone: "0912345678" }, { at: "2025-03-06T11:00:00+07:00", messageId: "id1" }),
  track("Campaign Joined", { campaignId: "x" }, { at: "2025-03-06T12:00:00+07:00", messageId: "cj1" })
]

describe("timeline (PRF-6)", () => {
  it("maps every kind of the feed and leaves other events out, newest first", () => {
    const result = timelinePage(events, { limit: 50 })
    expect(Result.isSuccess(result)).toBe(true)
    if (Result.isFailure(result)) return
    expect(result.success.items.map((i) => [i.kind, i.action])).toEqual([
      ["note", "added"],
      ["opportunity", "won"],
      ["lead_status", "changed"],
      ["message", "read"],
      ["ticket", "opened"],
      ["order", "placed"],
      ["conversation", "ended"],
      ["visit", "viewed"]
    ])
    expect(result.success.nextCursor).toBeNull()
    expect(Schema.is(TimelinePage)(result.success)).toBe(true)
  })

  it("keeps the details the Profile 360 page shows", () => {
    expect(timelineItemOf(events[0] as KithEvent)).toEqual({
      id: "v1",
      at: new Date("2025-03-01T02:00:00Z"),
      kind: "visit",
      action: "viewed",
      channel: "web",
      details: { url: "https://shop.vn/ao", trafficSource: "social", deviceType: "mobile", os: "iOS" }
    })
    expect(timelineItemOf(events[1] as KithEvent)?.details).toEqual({ conversationId: "c1", agent: "ai", summary: "Hỏi size", labels: ["tư vấn"], csat: 5 })
    expect(timelineItemOf(events[6] as KithEvent)?.details).toEqual({ leadId: "l1", from: "new", to: "received", actorId: "staff-1" })
  })

  it("filters by kind and asOf", () => {
    const result = timelinePage(events, { limit: 50, kinds: ["order", "visit"], asOf: new Date("2025-03-01T02:05:00Z") })
    expect(Result.isSuccess(result) && result.success.items.map((i) => i.id)).toEqual(["v1"])
  })

  it("rejects a cursor it did not issue with a typed error", () => {
    const result = timelinePage(events, { limit: 5, cursor: "%%%" })
    expect(Result.isFailure(result) && result.failure._tag).toBe("InvalidCursor")
    const forged = timelinePage(events, { limit: 5, cursor: btoa(JSON.stringify({ at: 1 })) })
    expect(Result.isFailure(forged)).toBe(true)
  })

  it("pages through every item exactly once, in order, whatever the page size and input order, even with duplicates", () => {
    fc.assert(
      fc.property(
        arbEvents(60).chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray([...list, ...list.slice(0, 5)], { minLength: list.length + Math.min(5, list.length), maxLength: list.length + Math.min(5, list.length) }))),
        fc.integer({ min: 1, max: 7 }),
        ([list, shuffled], limit) => {
          const all = timelinePage(list, { limit: 500 })
          if (Result.isFailure(all)) throw all.failure
          const seen: Array<TimelineItem> = []
          let cursor: string | undefined
          for (let guard = 0; guard < 200; guard++) {
            const page = timelinePage(shuffled, cursor === undefined ? { limit } : { limit, cursor })
            if (Result.isFailure(page)) throw page.failure
            expect(page.success.items.length).toBeLessThanOrEqual(limit)
            seen.push(...page.success.items)
            if (page.success.nextCursor === null) break
            cursor = page.success.nextCursor
          }
          expect(seen).toEqual(all.success.items)
          for (let i = 1; i < seen.length; i++) expect((seen[i - 1]?.at.getTime() ?? 0) >= (seen[i]?.at.getTime() ?? 0)).toBe(true)
        }
      ),
      { numRuns: 60 }
    )
  })

  it("names in timelineEventsOf exactly the events timelineItemOf makes an item of each kind from", () => {
    const kinds: ReadonlyArray<TimelineKind> = ["conversation", "visit", "ticket", "order", "opportunity", "lead_status", "note", "message"]
    const matches = (event: KithEvent, only: ReturnType<typeof timelineEventsOf>) =>
      only.types.includes(event.type) ||
      (event.type === "track" && (only.trackNames.includes(event.event) || only.trackNamePrefixes.some((prefix) => event.event.startsWith(prefix))))
    const named = [...events, track("constructor", {}, { at: "2025-03-07T10:00:00+07:00", messageId: "proto1" }), track("Opportunity", {}, { at: "2025-03-07T10:00:00+07:00", messageId: "op0" })]
    fc.assert(
      fc.property(arbEvents(40), (list) => {
        for (const event of [...list, ...named]) {
          const item = timelineItemOf(event)
          expect(matches(event, timelineEventsOf()), event.messageId).toBe(item !== undefined)
          for (const kind of kinds) expect(matches(event, timelineEventsOf([kind])), `${event.messageId} ${kind}`).toBe(item?.kind === kind)
        }
      }),
      { numRuns: 40 }
    )
  })

  it("pages items built once exactly as it pages the events they come from", () => {
    fc.assert(
      fc.property(arbEvents(60), fc.integer({ min: 1, max: 7 }), fc.subarray(["order", "visit", "message", "note"] as const), (list, limit, kinds) => {
        const options = kinds.length === 0 ? { limit } : { limit, kinds }
        const items = list.flatMap((e) => timelineItemOf(e) ?? [])
        let cursor: string | undefined
        for (let guard = 0; guard < 100; guard++) {
          const request = cursor === undefined ? options : { ...options, cursor }
          const page = timelinePageOfItems(items, request)
          expect(page).toEqual(timelinePage(list, request))
          if (Result.isFailure(page) || page.success.nextCursor === null) break
          cursor = page.success.nextCursor
        }
      }),
      { numRuns: 60 }
    )
  })

  it("builds from a stored payload the item timelineItemOf builds from the decoded event, and none from a payload naming another event", () => {
    const encode = Schema.encodeSync(KithEvent)
    fc.assert(
      fc.property(arbEvents(40), (list) => {
        for (const event of [...list, ...events]) {
          const row = { messageId: event.messageId, timestamp: event.timestamp.getTime(), payload: JSON.stringify(encode(event)) }
          expect(timelineItemOfStored(row), event.messageId).toEqual(timelineItemOf(event))
          expect(timelineItemOfStored({ ...row, messageId: `${event.messageId}-other` })).toBeUndefined()
        }
      }),
      { numRuns: 40 }
    )
    expect(timelineItemOfStored({ messageId: "m-1", timestamp: 0, payload: "{not json" })).toBeUndefined()
  })
})
