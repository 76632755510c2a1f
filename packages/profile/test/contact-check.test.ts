import { KithEvent } from "@kith/core"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { makeSummarizer } from "../src/index.js"

const decode = Schema.decodeUnknownSync(Schema.Array(KithEvent))
const identify = (messageId: string, timestamp: string, traits: Record<string, unknown>) => ({ type: "identify", messageId, timestamp, anonymousId: "c-1", traits })

describe("contact details a store does not accept never make a lead", () => {
  const junk = (kind: "phone" | "email", value: string) => !(kind === "phone" ? ["0000000000", "12345"] : ["test@test.com"]).includes(value)

  it("by default any phone or email counts", () => {
    const events = decode([identify("m-1", "2025-03-01T09:00:00+07:00", { phone: "0000000000" })])
    expect(makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh" }).summarize(events).contactAt).toBe(Date.parse("2025-03-01T02:00:00Z"))
  })

  it("with acceptsContact, only accepted values count, in identify traits, lists and context traits", () => {
    const summarizer = makeSummarizer({ timeZone: "Asia/Ho_Chi_Minh", acceptsContact: junk })
    const raw = [
      identify("m-1", "2025-03-01T09:00:00+07:00", { phone: "0000000000", email: "test@test.com", otherPhones: ["12345"] }),
      { type: "page", messageId: "m-2", timestamp: "2025-03-02T09:00:00+07:00", anonymousId: "c-1", context: { traits: { phone: "12345" } } }
    ]
    const rejected = decode(raw)
    expect(summarizer.summarize(rejected).contactAt).toBeUndefined()
    const accepted = decode([...raw, identify("m-3", "2025-03-03T09:00:00+07:00", { otherEmails: ["test@test.com", "lan@gmail.com"] })])
    expect(summarizer.summarize(accepted).contactAt).toBe(Date.parse("2025-03-03T02:00:00Z"))
    // The same through summarizeBy and add.
    expect(summarizer.summarizeBy(accepted, () => "p", (e) => e).get("p")!.contactAt).toBe(Date.parse("2025-03-03T02:00:00Z"))
    expect(summarizer.add(summarizer.summarize(rejected), accepted[2]!).contactAt).toBe(Date.parse("2025-03-03T02:00:00Z"))
  })
})
