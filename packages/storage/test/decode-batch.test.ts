import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { checkEventBatch } from "../src/index.js"
import { recheckBatch } from "../src/ingest/decode-batch.js"

const identify = (messageId: string, phone: string) => ({ type: "identify", messageId, timestamp: "2025-03-01T09:00:00+07:00", anonymousId: `c-${messageId}`, traits: { phone } })

// What ingestChecked writes: the events checkEventBatch made as they are, anything else checked again from its
// payload, so an event changed after its check is never written unchecked.
describe("recheckBatch", () => {
  const checked = Result.getOrThrow(checkEventBatch([identify("m-1", "0912345678"), identify("m-2", "0987654321")], 65_536))

  it("passes the events checkEventBatch made through as they are", () => {
    const again = Result.getOrThrow(recheckBatch(checked, 65_536))
    expect(again).toBe(checked)
    expect(again[0]).toBe(checked[0])
  })

  it("checks a copy again from its payload, and keeps the checked ones beside it", () => {
    const copy = { ...checked[1]! }
    const again = Result.getOrThrow(recheckBatch([checked[0]!, copy], 65_536))
    expect(again[0]).toBe(checked[0])
    expect(again[1]).not.toBe(copy)
    expect(again[1]).toEqual(checked[1])
    // The event made by that check is known as checked in its turn.
    expect(Result.getOrThrow(recheckBatch(again, 65_536))).toBe(again)
  })

  it("refuses a copy whose payload no longer passes, naming its position and field", () => {
    const tampered = { ...checked[1]!, payload: JSON.stringify({ ...identify("m-2", "0987654321"), timestamp: "not a time" }) }
    const refused = recheckBatch([checked[0]!, tampered], 65_536)
    expect(Result.isFailure(refused) && refused.failure._tag).toBe("InvalidEventBatch")
    if (Result.isFailure(refused) && refused.failure._tag === "InvalidEventBatch") {
      expect(refused.failure.index).toBe(1)
      expect(refused.failure.messageId).toBe("m-2")
      expect(refused.failure.issues.map((i) => i.path)).toEqual(["timestamp"])
    }
    const notJson = recheckBatch([{ ...checked[0]!, payload: "{" }], 65_536)
    expect(Result.isFailure(notJson) && notJson.failure.message).toMatch(/not JSON/)
    // What is not an event at all, from a caller without types: refused, not thrown.
    const notAnEvent = recheckBatch([checked[0]!, "x" as never], 65_536)
    expect(Result.isFailure(notAnEvent) && notAnEvent.failure._tag).toBe("InvalidEventBatch")
  })
})
